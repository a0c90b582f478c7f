/// Answers one request. Throw `HTTPError` (or an app error the server's `errorMapper` knows) to fail.
public typealias Handler = @Sendable (Request) async throws -> Response

/// Answers one request at once, on the worker thread that read it, without suspending the connection.
/// Only for work that never blocks or waits: answers from memory (a cached page, a constant). Skips middleware.
public typealias ImmediateHandler = @Sendable (Request) throws -> Response

/// Maps method + path to a handler.
///
/// Patterns are `/`-separated segments: a literal (`sessions`), a parameter (`{slug}`, one segment), or a
/// trailing catch-all (`{path...}`, the rest of the path, possibly empty). Parameters are percent-decoded per
/// segment, so `%2F` inside a segment stays in the value. When several routes match, literals beat parameters
/// beat catch-alls, segment by segment. GET routes also answer HEAD.
public struct Router: Sendable {
    /// The outcome of `match`.
    public enum Match: Sendable {
        case found(Handler, parameters: [String: String])
        /// A route registered with `addImmediate`.
        case immediate(ImmediateHandler, parameters: [String: String])
        /// The path exists but not for this method; `allow` is what it accepts (for the `Allow` header).
        case methodNotAllowed(allow: [HTTPMethod])
        case notFound
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case catchAll(String)

        var rank: Int {
            switch self {
            case .literal: 0
            case .parameter: 1
            case .catchAll: 2
            }
        }
    }

    enum Answer: Sendable {
        case async(Handler)
        case immediate(ImmediateHandler)
    }

    struct Route: Sendable {
        let method: HTTPMethod
        let segments: [Segment]
        let answer: Answer
    }

    private var routes: [Route] = []

    public init() {}

    /// Registers `handler` for `method` on `pattern` (`/api/v1/sessions/{slug}/questions`, `/{path...}`).
    ///
    /// A malformed pattern (a catch-all that is not last, an empty `{}`) is a programming error and traps.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, segments: Self.parse(pattern), answer: .async(handler)))
    }

    /// Registers a handler answered on the worker thread itself (see `ImmediateHandler`): for pages served
    /// from memory, where a hop to a task and back would cost more than the work.
    public mutating func addImmediate(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping ImmediateHandler) {
        routes.append(Route(method: method, segments: Self.parse(pattern), answer: .immediate(handler)))
    }

    static func parse(_ pattern: String) -> [Segment] {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        return parts.enumerated().map { index, part in
            if part.hasPrefix("{") && part.hasSuffix("...}") {
                let name = String(part.dropFirst().dropLast(4))
                precondition(!name.isEmpty && index == parts.count - 1, "bad catch-all in route \(pattern)")
                return .catchAll(name)
            }
            if part.hasPrefix("{") && part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                precondition(!name.isEmpty, "empty parameter in route \(pattern)")
                return .parameter(name)
            }
            return .literal(String(part))
        }
    }

    /// Finds the handler for `method` on a raw (still percent-encoded) path.
    public func match(_ method: HTTPMethod, rawPath: Substring) -> Match {
        let parts = rawPath.split(separator: "/", omittingEmptySubsequences: true)
        var best: (route: Route, parameters: [String: String])?
        var allowed: Set<HTTPMethod> = []
        for route in routes {
            guard let parameters = Self.bind(route.segments, to: parts) else { continue }
            allowed.insert(route.method)
            if route.method == .get { allowed.insert(.head) }
            guard route.method == method || (method == .head && route.method == .get) else { continue }
            // Prefer the exact method over HEAD-via-GET, then the more specific pattern.
            if let current = best {
                let exactNew = route.method == method
                let exactOld = current.route.method == method
                if exactOld && !exactNew { continue }
                if exactOld == exactNew && !Self.moreSpecific(route.segments, than: current.route.segments) { continue }
            }
            best = (route, parameters)
        }
        if let best {
            switch best.route.answer {
            case .async(let handler): return .found(handler, parameters: best.parameters)
            case .immediate(let handler): return .immediate(handler, parameters: best.parameters)
            }
        }
        if !allowed.isEmpty {
            return .methodNotAllowed(allow: HTTPMethod.allCases.filter(allowed.contains))
        }
        return .notFound
    }

    private static func moreSpecific(_ lhs: [Segment], than rhs: [Segment]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left.rank != right.rank { return left.rank < right.rank }
        return lhs.count > rhs.count
    }

    private static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .catchAll(let name):
                let rest = parts[min(index, parts.count)...].joined(separator: "/")
                guard let value = PercentEncoding.decode(Substring(rest)) else { return nil }
                parameters[name] = value
                return parameters
            case .literal(let literal):
                guard index < parts.count, PercentEncoding.decode(parts[index]) == literal else { return nil }
            case .parameter(let name):
                guard index < parts.count, let value = PercentEncoding.decode(parts[index]) else { return nil }
                parameters[name] = value
            }
        }
        return segments.count == parts.count ? parameters : nil
    }
}
