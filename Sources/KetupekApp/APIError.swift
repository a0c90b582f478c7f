import Foundation
import KetupekArchive
import KetupekCore
import KetupekHTTP
import KetupekSources
import KetupekStore

/// Refusals decided by the application layer itself (authentication, request shape).
enum APIError: Error, Sendable, Equatable {
    /// No credential, or one that is wrong or expired: the two are indistinguishable on purpose.
    case unauthenticated
    /// A valid credential whose role may not do this.
    case forbidden
    /// A cookie request that changes state without the login's CSRF token.
    case csrf
    /// Wrong username or password.
    case badLogin
    /// The request's own fields are wrong (an unknown command, a bad query parameter).
    case invalid(field: String, message: String)
    /// The session does not take questions now.
    case notAccepting(slug: String)
    /// Too many requests from one client.
    case rateLimited(retryAfterSeconds: Int)
    /// Publishing would make texts public that look like personal data; redact them or confirm.
    case personalData([PersonalDataFinding])
}

/// The one place where errors become HTTP responses. Every domain and store error is switched over
/// exhaustively; anything else is left to the server, which answers 500 with a request id and logs it.
enum ErrorMapping {
    static func map(_ error: any Error) -> HTTPError? {
        switch error {
        case let error as APIError: map(error)
        case let error as ModerationError: map(error)
        case let error as SessionError: map(error)
        case let error as ValidationError: invalid(error)
        case let error as StoreError: map(error)
        case let error as SourceError: map(error)
        default: nil
        }
    }

    static func map(_ error: APIError) -> HTTPError {
        switch error {
        case .unauthenticated:
            HTTPError(
                .unauthorized, code: "unauthenticated", message: "Sign in, or send a valid bearer token.",
                headers: ["WWW-Authenticate": "Bearer"])
        case .forbidden:
            HTTPError(.forbidden, code: "forbidden", message: "Your role may not do this.")
        case .csrf:
            HTTPError(.forbidden, code: "csrf", message: "Missing or wrong \(Authenticator.csrfHeader) header.")
        case .badLogin:
            HTTPError(.unauthorized, code: "bad_login", message: "Wrong username or password.")
        case .invalid(let field, let message):
            HTTPError(.unprocessableContent, code: "invalid", message: "\(field): \(message)")
        case .notAccepting(let slug):
            HTTPError(.conflict, code: "not_accepting", message: "Session \(slug) does not accept questions now.")
        case .rateLimited(let seconds):
            HTTPError(
                .tooManyRequests, code: "rate_limited", message: "Too many requests; try again shortly.",
                headers: ["Retry-After": String(seconds)])
        case .personalData(let findings):
            HTTPError(
                .unprocessableContent, code: "personal_data",
                message: "\(findings.count) public texts look like personal data: redact them, or publish with "
                    + "confirmPersonalData: true.",
                details: try? JSONCoding.encoder().encode(["findings": findings]))
        }
    }

    static func map(_ error: ModerationError) -> HTTPError {
        switch error {
        case .forbidden(let command, _):
            HTTPError(.forbidden, code: "forbidden", message: "Your role may not \(command) questions.")
        case .illegalTransition(let command, let state):
            HTTPError(
                .conflict, code: "illegal_transition",
                message: "A question that is \(state.rawValue) cannot be sent \(command).")
        case .staleVersion(let expected, let current):
            HTTPError(
                .conflict, code: "stale_version",
                message: "The question changed since version \(expected); it is now version \(current.version).",
                details: try? JSONCoding.encoder().encode(["current": current]))
        case .invalid(let validation):
            invalid(validation)
        case .nothingToUndo:
            HTTPError(
                .conflict, code: "nothing_to_undo", message: "There is no decision on this question left to undo.")
        case .mergeTarget(let id, let reason):
            HTTPError(.conflict, code: "merge_target", message: "Cannot merge into question \(id): \(reason).")
        }
    }

    static func map(_ error: SessionError) -> HTTPError {
        switch error {
        case .forbidden:
            HTTPError(.forbidden, code: "forbidden", message: "Your role may not change this session.")
        case .illegalTransition(let from, let to):
            HTTPError(
                .conflict, code: "illegal_transition",
                message: "A session that is \(from.rawValue) cannot become \(to.rawValue).")
        case .staleVersion(let expected, let current):
            HTTPError(
                .conflict, code: "stale_version",
                message: "The session changed since version \(expected); it is now version \(current.version).",
                details: try? JSONCoding.encoder().encode(["current": current]))
        case .invalid(let validation):
            invalid(validation)
        }
    }

    static func map(_ error: StoreError) -> HTTPError? {
        switch error.code {
        case .notFound:
            HTTPError(
                .notFound, code: "not_found",
                message: error.message.prefix(1).uppercased()
                    + error.message.dropFirst() + ".")
        case .alreadyExists: HTTPError(.conflict, code: "already_exists", message: error.message)
        case .closed:
            HTTPError(
                .serviceUnavailable, code: "shutting_down", message: "The server is shutting down.",
                headers: ["Retry-After": "5"])
        case .newerSchema: nil
        }
    }

    /// A source's configuration refused when it is added or changed (failures while running are its state).
    static func map(_ error: SourceError) -> HTTPError {
        HTTPError(.unprocessableContent, code: "invalid", message: error.message)
    }

    static func invalid(_ error: ValidationError) -> HTTPError {
        HTTPError(.unprocessableContent, code: "invalid", message: error.message)
    }
}
