import KetupekTelemetry
import Testing

/// Runs `body(worker)` on `workers` tasks at once.
func concurrently(_ workers: Int, _ body: @escaping @Sendable (Int) -> Void) async {
    await withTaskGroup(of: Void.self) { group in
        for worker in 0..<workers { group.addTask { body(worker) } }
    }
}

@Suite("Metrics")
struct MetricsTests {
    @Test("concurrent counter increments sum exactly")
    func counterIncrements() async {
        let metrics = MetricsRegistry()
        let counter = metrics.counter("test_total", help: "Test.")
        await concurrently(8) { _ in
            for _ in 0..<20_000 { counter.increment() }
        }
        #expect(counter.current == 160_000)
        #expect(metrics.render().contains("test_total 160000\n"))
    }

    @Test("histogram: each observation lands in its bucket; cumulative buckets, sum and count are exact")
    func histogramBuckets() async {
        let metrics = MetricsRegistry()
        let histogram = metrics.histogram("test_seconds", help: "Test.", bounds: [1, 0.5, 2])
        #expect(histogram.bounds == [0.5, 1, 2], "bounds are sorted")
        // Exactly representable values, so the sum does not depend on the order the threads add them in.
        let values: [Double] = [0.25, 0.5, 1, 1.5, 2, 8]
        await concurrently(6) { worker in
            for _ in 0..<5_000 { histogram.observe(values[worker]) }
        }
        let snapshot = histogram.snapshot
        #expect(snapshot.buckets == [10_000, 15_000, 25_000])
        #expect(snapshot.count == 30_000)
        #expect(snapshot.sum == 5_000 * values.reduce(0, +))
    }

    @Test("the text format of a histogram and a labelled counter is unchanged")
    func renderedFormat() {
        let metrics = MetricsRegistry()
        let histogram = metrics.histogram("a_seconds", help: "Durations.", bounds: [0.5, 1])
        histogram.observe(0.25)
        histogram.observe(0.75)
        histogram.observe(3)
        metrics.counter("b_total", help: "Things.", labels: ["kind": "x\"y", "code": "1"]).increment(by: 2)
        #expect(
            metrics.render() == """
                # HELP a_seconds Durations.
                # TYPE a_seconds histogram
                a_seconds_bucket{le="0.5"} 1
                a_seconds_bucket{le="1.0"} 2
                a_seconds_bucket{le="+Inf"} 3
                a_seconds_sum 4.0
                a_seconds_count 3
                # HELP b_total Things.
                # TYPE b_total counter
                b_total{code="1",kind="x\\"y"} 2

                """)
    }
}
