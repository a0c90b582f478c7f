import KetupekTelemetry
import Synchronization

/// The server's per-response metrics, resolved so that recording a response takes no lock and no lookup by
/// labels: it runs on libmicrohttpd's worker threads for every request.
///
/// `ketupek_http_requests_total{method,status}` keeps its series created on first use (so `/metrics` lists
/// the combinations seen, as before): the first response of a combination registers its counter through the
/// registry (one lock), every later one finds it by index in a table of lazily set references. Methods outside
/// `HTTPMethod` are counted as `other` (a client must not be able to mint label values); statuses outside the
/// table take the registry's path each time.
final class RequestMetrics: Sendable {
    /// One (method, status) series, set once.
    private final class Slot: Sendable {
        let counter = AtomicLazyReference<Counter>()
    }

    static let requestsName = "ketupek_http_requests_total"
    static let requestsHelp = "Responses sent, by request method and status."

    /// The statuses the table holds; every `HTTPStatus` constant and a few more a handler may build.
    static let tabledStatuses = [
        200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 406, 409, 410, 412, 413, 415,
        416, 422, 429, 431, 500, 501, 502, 503, 504,
    ]
    /// Status code → column in the table, -1 for statuses not in it.
    private static let columns: [Int8] = {
        var columns = [Int8](repeating: -1, count: 600)
        for (column, status) in tabledStatuses.enumerated() { columns[status] = Int8(column) }
        return columns
    }()
    /// Label values of the rows: the known methods, then `other`.
    private static let methodLabels = HTTPMethod.allCases.map(\.rawValue) + ["other"]

    private let registry: MetricsRegistry
    /// Row-major: one row per method label, one column per tabled status.
    private let slots: [Slot]
    /// Time from a complete request to its response.
    let duration: Histogram

    init(registry: MetricsRegistry) {
        self.registry = registry
        self.slots = (0..<Self.methodLabels.count * Self.tabledStatuses.count).map { _ in Slot() }
        self.duration = registry.histogram(
            "ketupek_http_request_duration_seconds", help: "Time from a complete request to its response.",
            bounds: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5])
    }

    /// Counts one response and its duration.
    func record(method: HTTPMethod?, status: Int, elapsed: Duration) {
        let (seconds, attoseconds) = elapsed.components
        duration.observe(Double(seconds) + Double(attoseconds) / 1e18)
        requests(method: method, status: status).increment()
    }

    /// The counter of one (method, status) series.
    func requests(method: HTTPMethod?, status: Int) -> Counter {
        let row = method.map(Self.row) ?? Self.methodLabels.count - 1
        guard (0..<Self.columns.count).contains(status), case let column = Int(Self.columns[status]), column >= 0
        else { return register(row: row, status: status) }
        let slot = slots[row * Self.tabledStatuses.count + column]
        if let counter = slot.counter.load() { return counter }
        // The registry returns the same counter to every thread that races here, so any stored value is right.
        return slot.counter.storeIfNil(register(row: row, status: status))
    }

    /// The row of a known method (its position in `HTTPMethod.allCases`, without building that array).
    private static func row(_ method: HTTPMethod) -> Int {
        switch method {
        case .get: 0
        case .head: 1
        case .post: 2
        case .put: 3
        case .patch: 4
        case .delete: 5
        case .options: 6
        case .trace: 7
        case .connect: 8
        }
    }

    private func register(row: Int, status: Int) -> Counter {
        registry.counter(
            Self.requestsName, help: Self.requestsHelp,
            labels: ["method": Self.methodLabels[row], "status": String(status)])
    }
}
