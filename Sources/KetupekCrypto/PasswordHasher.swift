import CSodium

/// Hashes and verifies passwords with Argon2id, stored as libsodium's self-describing encoded string.
///
/// The encoded string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) carries the algorithm, the cost
/// parameters and a random salt, so it is all that needs storing.
///
/// ```swift
/// let hasher = PasswordHasher()              // OWASP parameters
/// let stored = try hasher.hash("s3cret")
/// hasher.verify("s3cret", against: stored)   // true
/// if hasher.needsRehash(stored) { /* hash again after the next successful login */ }
/// ```
public struct PasswordHasher: Sendable, Hashable {
    /// The cost parameters new hashes are made with and old ones are checked against.
    public var parameters: Parameters

    /// Creates a hasher; pass cheaper parameters only in tests, and only explicitly.
    public init(parameters: Parameters = .owasp) {
        self.parameters = parameters
    }

    /// Hashes `password` with Argon2id and a fresh random salt.
    ///
    /// - Returns: the encoded string, beginning with `$argon2id$`.
    /// - Throws: `CryptoError` with `.invalidParameters` if the parameters are outside libsodium's range, or
    ///   `.hashingFailed` if libsodium could not hash (typically it could not allocate the memory limit).
    public func hash(_ password: String) throws -> String {
        ensureSodiumInitialised()
        try parameters.validate()
        var output = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        // Passed as an array, not a buffer, so even an empty password reaches C as a non-null pointer.
        var passwordChars = password.utf8.map { CChar(bitPattern: $0) }
        defer { sodium_memzero(&passwordChars, passwordChars.count) }
        let status = crypto_pwhash_str_alg(
            &output, passwordChars, UInt64(passwordChars.count),
            parameters.opsLimit, parameters.memoryLimit, crypto_pwhash_ALG_ARGON2ID13
        )
        guard status == 0 else {
            throw CryptoError(
                code: .hashingFailed,
                message: "crypto_pwhash_str_alg returned \(status); check that \(parameters.memoryLimit) bytes "
                    + "can be allocated or lower the memory limit"
            )
        }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Checks `password` against an encoded string made by `hash(_:)`, in time independent of where they differ.
    ///
    /// A malformed encoded string is a wrong password: authorisation fails closed.
    public func verify(_ password: String, against encoded: String) -> Bool {
        ensureSodiumInitialised()
        guard encoded.utf8.count < Int(crypto_pwhash_STRBYTES) else { return false }
        var passwordChars = password.utf8.map { CChar(bitPattern: $0) }
        defer { sodium_memzero(&passwordChars, passwordChars.count) }
        let status = crypto_pwhash_str_verify(encoded, passwordChars, UInt64(passwordChars.count))
        return status == 0
    }

    /// Whether `encoded` should be replaced by a new hash: it is not Argon2id, its cost differs from
    /// `parameters`, or it cannot be parsed.
    ///
    /// Call it after a successful `verify` and store `hash(password)` when it returns true.
    public func needsRehash(_ encoded: String) -> Bool {
        ensureSodiumInitialised()
        guard encoded.hasPrefix("$argon2id$"), encoded.utf8.count < Int(crypto_pwhash_STRBYTES) else { return true }
        return crypto_pwhash_str_needs_rehash(encoded, parameters.opsLimit, parameters.memoryLimit) != 0
    }
}
