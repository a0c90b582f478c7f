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

    /// Routes whose pattern starts with a literal, by that literal, in registration order: only these can take a
    /// path whose first segment is that literal.
    private var byFirstLiteral: [String: [Route]] = [:]
    /// Every other route (first segment a parameter or catch-all, or no segment), in registration order.
    private var unindexed: [Route] = []

    public init() {}

    /// Registers `handler` for `method` on `pattern` (`/api/v1/sessions/{slug}/questions`, `/{path...}`).
    ///
    /// A malformed pattern (a catch-all that is not last, an empty `{}`) is a programming error and traps.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        append(Route(method: method, segments: Self.parse(pattern), answer: .async(handler)))
    }

    /// Registers a handler answered on the worker thread itself (see `ImmediateHandler`): for pages served
    /// from memory, where a hop to a task and back would cost more than the work.
    public mutating func addImmediate(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping ImmediateHandler) {
        append(Route(method: method, segments: Self.parse(pattern), answer: .immediate(handler)))
    }

    private mutating func append(_ route: Route) {
        if case .literal(let first) = route.segments.first {
            byFirstLiteral[first, default: []].append(route)
        } else {
            unindexed.append(route)
        }
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
    ///
    /// Each segment is decoded once, whatever the number of routes; only the routes that could match the first
    /// segment are tried; route parameters are bound only for the route that wins, so a miss allocates nothing
    /// beyond the decoded segments.
    public func match(_ method: HTTPMethod, rawPath: Substring) -> Match {
        // `nil` for a segment that is not valid percent-encoded UTF-8: no literal, parameter or catch-all takes it.
        let parts = rawPath.split(separator: "/", omittingEmptySubsequences: true).map { PercentEncoding.decode($0) }
        var best: Route?
        var allowed: UInt16 = 0
        func consider(_ route: Route) {
            guard Self.matches(route.segments, parts) else { return }
            allowed |= route.method.bit
            if route.method == .get { allowed |= HTTPMethod.head.bit }
            guard route.method == method || (method == .head && route.method == .get) else { return }
            // Prefer the exact method over HEAD-via-GET, then the more specific pattern.
            if let current = best {
                let exactNew = route.method == method
                let exactOld = current.method == method
                if exactOld && !exactNew { return }
                if exactOld == exactNew && !Self.moreSpecific(route.segments, than: current.segments) { return }
            }
            best = route
        }
        // Two routes from different lists are never equally specific (their first segments rank differently), so
        // trying one list after the other picks the same route as trying all in registration order.
        if let first = parts.first, let first, let routes = byFirstLiteral[first] {
            for route in routes { consider(route) }
        }
        for route in unindexed { consider(route) }
        if let best {
            let parameters = Self.parameters(of: best.segments, in: parts)
            switch best.answer {
            case .async(let handler): return .found(handler, parameters: parameters)
            case .immediate(let handler): return .immediate(handler, parameters: parameters)
            }
        }
        if allowed != 0 {
            return .methodNotAllowed(allow: HTTPMethod.allCases.filter { allowed & $0.bit != 0 })
        }
        return .notFound
    }

    private static func moreSpecific(_ lhs: [Segment], than rhs: [Segment]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left.rank != right.rank { return left.rank < right.rank }
        return lhs.count > rhs.count
    }

    /// Whether the pattern takes the decoded path segments (without building its parameters).
    private static func matches(_ segments: [Segment], _ parts: [String?]) -> Bool {
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .catchAll:
                // Decoding the rest joined by `/` fails exactly when one of its segments fails to decode.
                return parts[min(index, parts.count)...].allSatisfy { $0 != nil }
            case .literal(let literal):
                guard index < parts.count, parts[index] == literal else { return false }
            case .parameter:
                guard index < parts.count, parts[index] != nil else { return false }
            }
        }
        return segments.count == parts.count
    }

    /// The parameters of a pattern that `matches` the segments.
    private static func parameters(of segments: [Segment], in parts: [String?]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .catchAll(let name):
                parameters[name] = parts[min(index, parts.count)...].map { $0 ?? "" }.joined(separator: "/")
            case .parameter(let name):
                parameters[name] = index < parts.count ? parts[index] ?? "" : ""
            case .literal:
                break
            }
        }
        return parameters
    }
}

extension HTTPMethod {
    /// One bit per method, for sets of methods that cost no allocation.
    fileprivate var bit: UInt16 {
        switch self {
        case .get: 1 << 0
        case .head: 1 << 1
        case .post: 1 << 2
        case .put: 1 << 3
        case .patch: 1 << 4
        case .delete: 1 << 5
        case .options: 1 << 6
        case .trace: 1 << 7
        case .connect: 1 << 8
        }
    }
}
