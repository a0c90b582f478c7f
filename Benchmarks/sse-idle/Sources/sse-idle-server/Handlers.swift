import KetupekHTTP

/// A global function, not a closure in main.swift (those are main-actor isolated).
@Sendable func openIdleStream(_ request: Request) async throws -> Response {
    let stream = EventStream()
    stream.comment("open")
    return .eventStream(stream)
}
