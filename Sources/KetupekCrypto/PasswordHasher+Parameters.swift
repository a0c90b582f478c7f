import CSodium

extension PasswordHasher {
    /// Argon2id cost: passes over memory and memory size. Parallelism is always 1 (libsodium's only choice).
    public struct Parameters: Sendable, Hashable, CustomStringConvertible {
        /// Number of passes over memory (Argon2's `t`).
        public var opsLimit: UInt64
        /// Memory used, in bytes (Argon2's `m` is this divided by 1024).
        public var memoryLimit: Int

        /// Creates parameters; `hash(_:)` rejects values outside libsodium's range.
        public init(opsLimit: UInt64, memoryLimit: Int) {
            self.opsLimit = opsLimit
            self.memoryLimit = memoryLimit
        }

        /// OWASP's minimum for Argon2id: t=2 passes over m=19 MiB, p=1. The default for every hasher.
        public static let owasp = Parameters(opsLimit: 2, memoryLimit: 19 * 1024 * 1024)

        /// `t=…,m=… KiB`, for logs and error messages.
        public var description: String { "t=\(opsLimit),m=\(memoryLimit / 1024) KiB" }

        func validate(file: String = #fileID, line: Int = #line) throws {
            ensureSodiumInitialised()
            let ops = crypto_pwhash_opslimit_min()...crypto_pwhash_opslimit_max()
            let memory = crypto_pwhash_memlimit_min()...crypto_pwhash_memlimit_max()
            guard ops.contains(Int(clamping: opsLimit)), memory.contains(memoryLimit) else {
                throw CryptoError(
                    code: .invalidParameters,
                    message: "Argon2id parameters \(self) out of range: opsLimit must be in "
                        + "\(ops.lowerBound)...\(ops.upperBound), memoryLimit in "
                        + "\(memory.lowerBound)...\(memory.upperBound) bytes",
                    file: file,
                    line: line
                )
            }
        }
    }
}
