import KetupekHTTP

/// A global function, not a closure in main.swift (those are main-actor isolated).
@Sendable func openIdleStream(_ request: Request) async throws -> Response {
    let stream = EventStream()
    stream.comment("open")
    return .eventStream(stream)
}

/// A small page, for a throughput sanity check with wrk.
@Sendable func hello(_ request: Request) async throws -> Response {
    .text("hello, world")
}
