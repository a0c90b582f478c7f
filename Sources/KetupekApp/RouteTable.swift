import KetupekHTTP

/// The application's routes: each declares who may call it and how it is documented, and is registered on
/// the generic router wrapped in its access check. The OpenAPI document is built from the same table, so
/// the two cannot drift apart.
struct RouteTable: Sendable {
    /// One route as documented.
    struct Entry: Sendable {
        let method: HTTPMethod
        let path: String
        let access: Access
        let summary: String
        let tag: String
        let requestSchema: String?
        let responseSchema: String?
        let responses: [Int]
        let parameters: [Parameter]
    }

    /// A documented query parameter.
    struct Parameter: Sendable {
        let name: String
        let description: String
    }

    typealias AppHandler = @Sendable (Request, Principal?) async throws -> Response

    private(set) var router = Router()
    private(set) var entries: [Entry] = []
    let authenticator: Authenticator

    init(authenticator: Authenticator) {
        self.authenticator = authenticator
    }

    /// Registers a route under `access`; its handler receives the authorised principal (if any).
    mutating func add(
        _ method: HTTPMethod, _ path: String, access: Access, summary: String, tag: String,
        request: String? = nil, response: String? = nil, responses: [Int] = [200],
        parameters: [Parameter] = [], documented: Bool = true, _ handler: @escaping AppHandler
    ) {
        if documented {
            entries.append(
                Entry(
                    method: method, path: path, access: access, summary: summary, tag: tag, requestSchema: request,
                    responseSchema: response, responses: responses, parameters: parameters
                ))
        }
        let authenticator = self.authenticator
        router.add(method, path) { request in
            let principal = try authenticator.authorize(request, access)
            return try await handler(request, principal)
        }
    }

    /// Registers a plain route that needs no principal (static files, pages).
    mutating func addPlain(_ method: HTTPMethod, _ path: String, _ handler: @escaping Handler) {
        router.add(method, path, handler)
    }

    /// Registers a public route answered from memory on the HTTP worker thread (no I/O, no waiting).
    mutating func addImmediate(
        _ method: HTTPMethod, _ path: String, summary: String, tag: String, documented: Bool = true,
        _ handler: @escaping ImmediateHandler
    ) {
        if documented {
            entries.append(
                Entry(
                    method: method, path: path, access: .everyone, summary: summary, tag: tag, requestSchema: nil,
                    responseSchema: nil, responses: [200], parameters: []
                ))
        }
        router.addImmediate(method, path, handler)
    }
}
