/// A failure of the store that is not a domain decision: something missing, a conflict, or the database
/// itself. Carries what failed and how to fix it, and the file and line that raised it.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable, Equatable {
        /// The session, question or account named does not exist.
        case notFound = "not_found"
        /// A unique name is already taken (a session slug, a username).
        case alreadyExists = "already_exists"
        /// The database was written by a newer build.
        case newerSchema = "newer_schema"
        /// The writer has stopped (the server is shutting down).
        case closed
    }

    public let code: Code
    public let message: String
    public let file: String
    public let line: Int

    public init(code: Code, message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(code.rawValue): \(message) (\(file):\(line))" }

    public static func == (lhs: StoreError, rhs: StoreError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }

    public static func notFound(_ what: String, file: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(code: .notFound, message: "\(what) does not exist", file: file, line: line)
    }
}
