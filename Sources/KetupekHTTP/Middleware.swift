/// Code that runs around every request: logging, authentication, rate limits, header rewriting.
///
/// Call `next` to continue (possibly with a changed request), or return a response without calling it.
/// Errors thrown here are mapped like handler errors.
public protocol Middleware: Sendable {
    /// Handles `request`, usually by calling `next` and adjusting its response.
    func handle(_ request: Request, next: Handler) async throws -> Response
}

extension Array where Element == any Middleware {
    /// `handler` wrapped by every middleware, the first element outermost.
    func wrap(_ handler: @escaping Handler) -> Handler {
        reversed().reduce(handler) { next, middleware in
            { @Sendable request in try await middleware.handle(request, next: next) }
        }
    }
}
