import CSodium

/// Cryptographically secure random bytes and tokens from the operating system's generator (libsodium).
public enum SecureRandom {
    /// `count` random bytes; an empty array when `count` is 0.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes(count:) needs a non-negative count, got \(count)")
        ensureSodiumInitialised()
        var buffer = [UInt8](repeating: 0, count: count)
        randombytes_buf(&buffer, count)
        return buffer
    }

    /// A random token for session cookies, invitation links and the like: base64url without padding.
    ///
    /// - Parameter bytes: random bytes in the token; at least 16 (128 bits). The default 32 gives 43 characters.
    public static func token(bytes: Int = 32) -> String {
        precondition(bytes >= 16, "a token needs at least 16 random bytes (128 bits), got \(bytes)")
        return Base64URL.encode(Self.bytes(count: bytes))
    }
}
