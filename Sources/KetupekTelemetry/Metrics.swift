import Synchronization

/// A monotonically increasing count.
public final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    init() {}

    public func increment(by amount: Int = 1) {
        value.add(amount, ordering: .relaxed)
    }

    public var current: Int { value.load(ordering: .relaxed) }
}

/// A value that goes up and down (open streams, connections).
public final class Gauge: Sendable {
    private let value = Atomic<Int>(0)

    init() {}

    public func increment(by amount: Int = 1) { value.add(amount, ordering: .relaxed) }
    public func decrement(by amount: Int = 1) { value.subtract(amount, ordering: .relaxed) }
    public func set(_ newValue: Int) { value.store(newValue, ordering: .relaxed) }
    public var current: Int { value.load(ordering: .relaxed) }
}

/// Observations counted into cumulative buckets, Prometheus style.
///
/// Lock-free: `observe` is a handful of relaxed atomic operations, so many threads can record into one
/// histogram on a hot path. A snapshot taken while observations land may see the sum of one observation
/// before its bucket (or the other way round), but its buckets are cumulative and its count is always the
/// `+Inf` bucket.
public final class Histogram: Sendable {
    /// One bucket's count; a class because `Atomic` cannot live in an array.
    private final class Slot: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Upper bounds of the buckets, ascending; `+Inf` is implied.
    public let bounds: [Double]
    /// One slot per bound, then one for values above the last bound (and NaN).
    private let slots: [Slot]
    /// The running sum as the bit pattern of a `Double` (there is no atomic `Double`).
    private let sumBits = Atomic<UInt64>(0.0.bitPattern)

    init(bounds: [Double]) {
        self.bounds = bounds.sorted()
        self.slots = (0...bounds.count).map { _ in Slot() }
    }

    public func observe(_ value: Double) {
        let index = bounds.firstIndex { value <= $0 } ?? bounds.count
        slots[index].value.add(1, ordering: .relaxed)
        var current = sumBits.load(ordering: .relaxed)
        while true {
            let (exchanged, original) = sumBits.weakCompareExchange(
                expected: current, desired: (Double(bitPattern: current) + value).bitPattern, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    /// (cumulative bucket counts, sum, count)
    public var snapshot: (buckets: [Int], sum: Double, count: Int) {
        var running = 0
        var cumulative: [Int] = []
        cumulative.reserveCapacity(bounds.count)
        for slot in slots.dropLast() {
            running += slot.value.load(ordering: .relaxed)
            cumulative.append(running)
        }
        // Read after the buckets, so the count is never below the last cumulative bucket.
        let count = running + slots[bounds.count].value.load(ordering: .relaxed)
        return (cumulative, Double(bitPattern: sumBits.load(ordering: .relaxed)), count)
    }
}

/// All metrics of the process, rendered in the Prometheus text exposition format (version 0.0.4).
///
/// Look a metric up once and keep the handle: lookups take a lock, updates are atomic.
public final class MetricsRegistry: Sendable {
    private enum Metric: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)

        var asCounter: Counter? { if case .counter(let value) = self { value } else { nil } }
        var asGauge: Gauge? { if case .gauge(let value) = self { value } else { nil } }
        var asHistogram: Histogram? { if case .histogram(let value) = self { value } else { nil } }
    }

    private struct Family: Sendable {
        var type: String
        var help: String
        var series: [Labels: Metric]
    }

    /// Label pairs in a fixed order, so the same labels always name the same series.
    private struct Labels: Hashable, Sendable, Comparable {
        let pairs: [String]  // key=value, sorted
        init(_ dictionary: [String: String]) {
            pairs = dictionary.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Labels.escape($0.value))\"" }
        }
        static func < (lhs: Labels, rhs: Labels) -> Bool { lhs.pairs.lexicographicallyPrecedes(rhs.pairs) }
        static func escape(_ value: String) -> String {
            value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        func rendered(adding extra: String? = nil) -> String {
            let all = pairs + (extra.map { [$0] } ?? [])
            return all.isEmpty ? "" : "{" + all.joined(separator: ",") + "}"
        }
    }

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        metric(name, type: "counter", help: help, labels: labels) { .counter(Counter()) }.asCounter!
    }

    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        metric(name, type: "gauge", help: help, labels: labels) { .gauge(Gauge()) }.asGauge!
    }

    public func histogram(
        _ name: String, help: String, bounds: [Double], labels: [String: String] = [:]
    ) -> Histogram {
        metric(name, type: "histogram", help: help, labels: labels) { .histogram(Histogram(bounds: bounds)) }
            .asHistogram!
    }

    private func metric(
        _ name: String, type: String, help: String, labels: [String: String], make: () -> Metric
    ) -> Metric {
        let key = Labels(labels)
        return families.withLock { families in
            var family = families[name] ?? Family(type: type, help: help, series: [:])
            precondition(family.type == type, "metric \(name) registered as \(family.type) and \(type)")
            if let existing = family.series[key] { return existing }
            let created = make()
            family.series[key] = created
            families[name] = family
            return created
        }
    }

    /// The whole registry in the text exposition format.
    public func render() -> String {
        let families = self.families.withLock { $0 }
        var out = ""
        for name in families.keys.sorted() {
            guard let family = families[name] else { continue }
            out += "# HELP \(name) \(family.help)\n# TYPE \(name) \(family.type)\n"
            for labels in family.series.keys.sorted() {
                switch family.series[labels]! {
                case .counter(let counter):
                    out += "\(name)\(labels.rendered()) \(counter.current)\n"
                case .gauge(let gauge):
                    out += "\(name)\(labels.rendered()) \(gauge.current)\n"
                case .histogram(let histogram):
                    let snapshot = histogram.snapshot
                    for (bound, count) in zip(histogram.bounds, snapshot.buckets) {
                        out += "\(name)_bucket\(labels.rendered(adding: "le=\"\(bound)\"")) \(count)\n"
                    }
                    out += "\(name)_bucket\(labels.rendered(adding: "le=\"+Inf\"")) \(snapshot.count)\n"
                    out += "\(name)_sum\(labels.rendered()) \(snapshot.sum)\n"
                    out += "\(name)_count\(labels.rendered()) \(snapshot.count)\n"
                }
            }
        }
        return out
    }
}
