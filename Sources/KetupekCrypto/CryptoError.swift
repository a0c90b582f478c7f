/// A libsodium operation failed, or was asked for something it cannot do.
public struct CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: Sendable, Hashable {
        /// The password-hashing parameters are outside the range libsodium accepts.
        case invalidParameters
        /// libsodium refused to hash the password (most often: it could not allocate the memory limit).
        case hashingFailed
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and how to fix it.
    public var message: String
    /// The source file that raised the error.
    public var file: String
    /// The line that raised the error.
    public var line: Int

    /// Creates an error; the location defaults to the caller's.
    public init(code: Code, message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The code, the message and where the error was raised.
    public var description: String { "CryptoError.\(code): \(message) (\(file):\(line))" }
}
