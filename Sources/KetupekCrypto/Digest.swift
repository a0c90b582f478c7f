import CSodium

/// Cryptographic hash functions.
public enum Digest {
    /// The 32-byte SHA-256 digest of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        ensureSodiumInitialised()
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        crypto_hash_sha256(&digest, bytes, UInt64(bytes.count))
        return digest
    }

    /// The SHA-256 digest of the UTF-8 bytes of `string`, as 64 lowercase hex digits.
    ///
    /// For storing look-up keys of secrets (session tokens) rather than the secrets themselves.
    public static func sha256Hex(_ string: String) -> String {
        Hex.encode(sha256(Array(string.utf8)))
    }
}
