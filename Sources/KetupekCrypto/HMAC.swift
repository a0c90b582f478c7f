import CSodium

/// Keyed message authentication codes.
public enum HMAC {
    /// The 32-byte HMAC-SHA-256 of `message` under `key`, as in RFC 2104; keys of any length are accepted
    /// (longer than 64 bytes are hashed first, as the RFC says).
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        ensureSodiumInitialised()
        var state = crypto_auth_hmacsha256_state()
        defer { withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) } }
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        crypto_auth_hmacsha256_init(&state, key, key.count)
        crypto_auth_hmacsha256_update(&state, message, UInt64(message.count))
        crypto_auth_hmacsha256_final(&state, &mac)
        return mac
    }
}
