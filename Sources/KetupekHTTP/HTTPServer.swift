import CKetupekShims
import CMicroHTTPD
import Foundation
import KetupekTelemetry
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// This file is the only place that touches libmicrohttpd handles (`MHD_Daemon *`, `MHD_Connection *`) and the
// only place with `@unchecked Sendable`. The C callbacks are global functions; their context travels through
// `void *cls` as `Unmanaged` references whose ownership is written next to each `passRetained`.

/// An `MHD_Connection *` that may cross threads.
///
/// Invariant: Swift code other than the MHD callbacks only ever calls `MHD_resume_connection` on it (which
/// libmicrohttpd allows from any thread), and only while the connection is suspended, which is decided under
/// the owner's mutex (`EventStream.State.suspended`, `RequestContext.Phase.running`). A suspended connection
/// cannot be freed by libmicrohttpd, and the server resumes all of them before `MHD_stop_daemon`.
struct MHDConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// The `MHD_Daemon *`. Invariant: used only by `HTTPServer.start` and `HTTPServer.shutdown`, which take it out
/// of the server's mutex (so exactly one caller stops the daemon) and never after `MHD_stop_daemon`.
struct MHDDaemonHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// An HTTP/1.1 server on libmicrohttpd: routes requests to async handlers, streams Server-Sent Events.
///
/// libmicrohttpd's worker threads only parse and write; each request's handler runs in a Swift task while its
/// connection is suspended, and the connection is resumed with the response. Errors are mapped to responses in
/// one place (`ServerCore.errorResponse`): `HTTPError` as-is, others through `errorMapper`, anything else a
/// 500 `internal` whose detail goes to the log only.
///
/// ```swift
/// let server = HTTPServer(configuration: configuration, router: router, logger: logger, metrics: metrics)
/// let port = try server.start()
/// // …
/// await server.shutdown(grace: .seconds(5))
/// ```
public final class HTTPServer: Sendable {
    /// Turns an app error into an HTTP answer; `nil` means "unexpected" (500).
    public typealias ErrorMapper = @Sendable (any Error) -> HTTPError?

    private struct Running {
        var daemon: MHDDaemonHandle
        var core: Unmanaged<ServerCore>
        var heartbeat: Task<Void, Never>
        var port: Int
    }

    private let core: ServerCore
    private let running = Mutex<Running?>(nil)
    private let stopped = Atomic<Bool>(false)

    public init(
        configuration: Configuration = Configuration(), router: Router, middleware: [any Middleware] = [],
        errorMapper: @escaping ErrorMapper = { _ in nil }, logger: Logger = .silent,
        metrics: MetricsRegistry = MetricsRegistry()
    ) {
        core = ServerCore(
            configuration: configuration, router: router, middleware: middleware, errorMapper: errorMapper,
            logger: logger, metrics: metrics)
    }

    /// Binds and starts the worker threads. Returns the bound port (useful with port 0).
    ///
    /// - Throws: `HTTPServerError` when the host is not a numeric address, the port is taken, or the server
    ///   was already started.
    public func start() throws(HTTPServerError) -> Int {
        let configuration = core.configuration
        return try running.withLock { (running) throws(HTTPServerError) -> Int in
            guard running == nil, !stopped.load(ordering: .acquiring) else {
                throw HTTPServerError(code: "already_started", message: "An HTTPServer starts once.")
            }
            // Retained for the daemon's lifetime; released in `shutdown` after MHD_stop_daemon.
            let context = Unmanaged.passRetained(core)
            let flags =
                MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_ALLOW_SUSPEND_RESUME.rawValue
                | MHD_USE_ERROR_LOG.rawValue | MHD_USE_ITC.rawValue
            let daemon = configuration.host.withCString { host -> OpaquePointer? in
                var options = ketupek_mhd_options(
                    flags: flags, host: host, port: UInt16(clamping: configuration.port),
                    thread_pool_size: UInt32(clamping: configuration.threadPoolSize),
                    connection_limit: UInt32(clamping: configuration.connectionLimit),
                    connection_timeout: UInt32(clamping: max(1, configuration.connectionTimeout.components.seconds)),
                    connection_memory_limit: configuration.connectionMemoryLimit,
                    handler: mhdAccessHandler, handler_cls: context.toOpaque(),
                    completed: mhdRequestCompleted, completed_cls: context.toOpaque(),
                    log: mhdLog, log_cls: context.toOpaque())
                return ketupek_mhd_start_daemon(&options)
            }
            guard let daemon else {
                context.release()
                throw HTTPServerError(
                    code: "bind_failed",
                    message:
                        "Could not listen on \(configuration.host):\(configuration.port); check the host is a numeric address and the port is free."
                )
            }
            let port = Int(ketupek_mhd_bound_port(daemon))
            let interval = configuration.heartbeatInterval
            let heartbeat = Task { [core] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    core.heartbeat()
                }
            }
            running = Running(daemon: MHDDaemonHandle(pointer: daemon), core: context, heartbeat: heartbeat, port: port)
            core.logger.info("http server started", ["http.host": configuration.host, "http.port": "\(port)"])
            return port
        }
    }

    /// The bound port while running.
    public var port: Int? { running.withLock { $0?.port } }

    /// SSE streams currently attached to a connection.
    public var openStreamCount: Int { core.openStreamCount }

    /// Stops the server: no new connections; in-flight requests get up to `grace` to finish (then 503); every
    /// SSE stream is ended cleanly (buffered events, then the final chunk); then the daemon stops.
    public func shutdown(grace: Duration = .seconds(5)) async {
        guard
            let state = running.withLock({ running -> Running? in
                defer { running = nil }
                return running
            })
        else { return }
        stopped.store(true, ordering: .releasing)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        core.beginStopping()
        let listenSocket = MHD_quiesce_daemon(state.daemon.pointer)
        state.heartbeat.cancel()
        core.logger.info("http server stopping", ["http.in_flight": "\(core.inFlightCount)"])

        // Requests being read, handled or answered (not SSE streams, which are ended next) get the grace period.
        while core.inFlightCount > 0 && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        core.finishAllStreams()
        // Give the final chunks a moment to reach the clients, even when the grace period is used up.
        let streamDeadline = max(deadline, clock.now.advanced(by: .milliseconds(250)))
        while core.openStreamCount > 0 && clock.now < streamDeadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        // Handlers past the grace period are answered 503; wait (briefly) for those answers to be written.
        core.abandonInFlight()
        let answerDeadline = clock.now.advanced(by: .milliseconds(500))
        while core.activeCount > 0 && clock.now < answerDeadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        MHD_stop_daemon(state.daemon.pointer)
        if listenSocket >= 0 { close(listenSocket) }
        state.core.release()
        core.logger.info("http server stopped")
    }
}

/// Everything the C callbacks need; shared by all worker threads, so every mutable part is atomic or locked.
///
/// The path of a request answered on the worker thread (an immediate route) takes no lock shared between
/// threads: the in-flight counts are atomics, metrics are atomics found by index, and only requests handed to a
/// task are kept in a locked table (shutdown needs them to answer 503).
final class ServerCore: Sendable {
    let configuration: HTTPServer.Configuration
    let logger: Logger
    let metrics: MetricsRegistry
    private let handler: Handler
    private let router: Router
    /// Immediate routes are answered on the worker thread only when there is no middleware (which is async);
    /// with middleware they run in a task like the others.
    private let answersImmediately: Bool
    private let errorMapper: HTTPServer.ErrorMapper
    private let requestMetrics: RequestMetrics
    private let openStreams: Gauge
    private let streams = Mutex<[ObjectIdentifier: EventStream]>([:])
    /// Requests from their first access-handler call to their completion callback.
    private let activeRequests = Atomic<Int>(0)
    /// Of those, the ones answered with an SSE stream (which only ends when the stream does).
    private let streamingRequests = Atomic<Int>(0)
    /// Requests handed to a task (suspended while it runs), from then until their completion callback.
    private let handedOff = Mutex<[ObjectIdentifier: RequestContext]>([:])
    /// Set when shutdown begins: requests arriving on kept-alive connections are answered 503 from then on.
    private let stopping = Atomic<Bool>(false)

    init(
        configuration: HTTPServer.Configuration, router: Router, middleware: [any Middleware],
        errorMapper: @escaping HTTPServer.ErrorMapper, logger: Logger, metrics: MetricsRegistry
    ) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.errorMapper = errorMapper
        self.requestMetrics = RequestMetrics(registry: metrics)
        self.openStreams = metrics.gauge("ketupek_http_open_streams", help: "Server-Sent Events streams open.")
        self.router = router
        self.answersImmediately = middleware.isEmpty
        self.handler = middleware.wrap { request in
            // The match made on the worker thread travels with the request; a request built by a middleware
            // carries none and is routed here.
            switch request.match ?? router.match(request.method, rawPath: request.rawPath) {
            case .found(let handler, let parameters):
                var request = request
                request.match = nil
                request.parameters = parameters
                return try await handler(request)
            case .immediate(let handler, let parameters):
                var request = request
                request.match = nil
                request.parameters = parameters
                return try handler(request)
            case .methodNotAllowed(let allow):
                throw HTTPError.methodNotAllowed(allow: allow)
            case .notFound:
                throw HTTPError.notFound()
            }
        }
    }

    func beginStopping() { stopping.store(true, ordering: .releasing) }

    /// Requests not yet answered, or answered with a body still being written (streams excluded).
    var inFlightCount: Int {
        // Streaming first: a request counted there is also counted as active, so this is never negative.
        let streaming = streamingRequests.load(ordering: .acquiring)
        return max(0, activeRequests.load(ordering: .acquiring) - streaming)
    }

    /// Requests whose completion callback has not run yet.
    var activeCount: Int { activeRequests.load(ordering: .acquiring) }

    func register(_ context: RequestContext) {
        activeRequests.add(1, ordering: .releasing)
    }
    var openStreamCount: Int { streams.withLock { $0.count } }

    // MARK: Answering

    /// Runs the middleware and route for `request` (with the router's match in `request.match` when already
    /// made); never throws.
    func respond(to request: Request) async -> Response {
        do {
            return try await handler(request)
        } catch {
            return errorResponse(for: error, requestID: request.requestID)
        }
    }

    /// The answer of an immediate route, computed here on the worker thread; `nil` for every other route.
    func answerImmediately(_ request: Request, match: Router.Match) -> Response? {
        guard answersImmediately, case .immediate(let handler, let parameters) = match else { return nil }
        var request = request
        request.parameters = parameters
        do {
            let response = try handler(request)
            if case .stream = response.body {
                throw HTTPError(.internalServerError, code: "internal", message: "An immediate route cannot stream.")
            }
            return response
        } catch {
            return errorResponse(for: error, requestID: request.requestID)
        }
    }

    /// The one mapping from errors to responses.
    func errorResponse(for error: any Error, requestID: String) -> Response {
        if let error = error as? HTTPError { return error.response(requestID: requestID) }
        if let mapped = errorMapper(error) { return mapped.response(requestID: requestID) }
        logger.error(
            "unhandled error",
            ["request.id": requestID, "error": String(describing: error), "error.type": "\(type(of: error))"])
        return HTTPError.unexpected.response(requestID: requestID)
    }

    /// Creates the MHD response for `response` and queues it. Called on the connection's worker thread.
    func queue(_ response: Response, on connection: OpaquePointer, context: RequestContext) -> MHD_Result {
        var mhdResponse: OpaquePointer?
        switch response.body {
        case .bytes(let bytes):
            mhdResponse = bytes.withUnsafeBytes { buffer in
                MHD_create_response_from_buffer(
                    buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress), .RESPMEM_MUST_COPY)
            }
        case .shared(let shared):
            // Read in place; the response holds a reference, released by `mhdSharedFree` when it is destroyed.
            let reference = Unmanaged.passRetained(shared)
            mhdResponse = MHD_create_response_from_buffer_with_free_callback_cls(
                shared.count, shared.baseAddress, mhdSharedFree, reference.toOpaque())
            if mhdResponse == nil { reference.release() }
        case .stream(let stream):
            // Retained by the response; released by `mhdStreamFree` when libmicrohttpd destroys it.
            let binding = Unmanaged.passRetained(StreamBinding(stream: stream, core: self))
            mhdResponse = MHD_create_response_from_callback(
                ketupek_mhd_size_unknown(), 16 * 1024, mhdStreamRead, binding.toOpaque(), mhdStreamFree)
            if mhdResponse == nil {
                binding.release()
                stream.detach()
            } else {
                stream.attach(
                    MHDConnectionHandle(pointer: connection), defaultLimit: configuration.maxBufferedBytesPerStream)
                streams.withLock { $0[ObjectIdentifier(stream)] = stream }
                openStreams.increment()
                // A stream answered after shutdown began gets what is buffered, then its end.
                if stopping.load(ordering: .acquiring) { stream.finish(.shutdown) }
            }
        }
        guard let mhdResponse else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        // The default headers a response does not set itself, then the response's own (libmicrohttpd writes
        // Content-Length), then the request id and the date unless either has one: added straight to the MHD
        // response, with no intermediate collection.
        var hasRequestID = false
        var hasDate = false
        for (name, value) in configuration.defaultHeaders where !response.headers.contains(name) {
            hasRequestID = hasRequestID || HTTPHeaders.same(name, "X-Request-ID")
            hasDate = hasDate || HTTPHeaders.same(name, "Date")
            addHeader(name, value, to: mhdResponse, context: context)
        }
        for (name, value) in response.headers where !HTTPHeaders.same(name, "Content-Length") {
            hasRequestID = hasRequestID || HTTPHeaders.same(name, "X-Request-ID")
            hasDate = hasDate || HTTPHeaders.same(name, "Date")
            addHeader(name, value, to: mhdResponse, context: context)
        }
        if !hasRequestID { addHeader("X-Request-ID", context.requestID, to: mhdResponse, context: context) }
        // libmicrohttpd only formats its own `Date` (under glibc's time-zone lock) when the response has none.
        if !hasDate {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: HTTPDate.length + 1) { buffer in
                HTTPDate.write(Int(time(nil)), into: buffer)
                buffer.withMemoryRebound(to: CChar.self) { date in
                    guard let start = date.baseAddress, MHD_add_response_header(mhdResponse, "Date", start) != .YES
                    else { return }
                    logger.warning("response header refused", ["http.header": "Date", "request.id": context.requestID])
                }
            }
        }
        let status = response.status.code
        let result = MHD_queue_response(connection, UInt32(status), mhdResponse)
        guard result == .YES else {
            logger.warning("response not queued", ["request.id": context.requestID, "http.status": "\(status)"])
            return result
        }
        requestMetrics.record(method: context.method, status: status, elapsed: context.started.duration(to: .now))
        // The record's metadata is built only when it will be written.
        guard logger.level <= .debug else { return result }
        logger.debug(
            "request",
            [
                "request.id": context.requestID, "http.method": context.methodName,
                "http.path": configuration.redactedPathPrefixes.first { context.url.hasPrefix($0) }.map { $0 + "…" }
                    ?? context.url,
                "http.status": "\(status)",
            ])
        return result
    }

    private func addHeader(_ name: String, _ value: String, to response: OpaquePointer, context: RequestContext) {
        guard MHD_add_response_header(response, name, value) != .YES else { return }
        logger.warning("response header refused", ["http.header": name, "request.id": context.requestID])
    }

    // MARK: Request lifecycle (worker thread)

    func firstCall(_ context: RequestContext, connection: OpaquePointer) -> MHD_Result {
        var headers = HTTPHeaders()
        withUnsafeMutablePointer(to: &headers) { pointer in
            _ = MHD_get_connection_values(connection, .HEADER_KIND, mhdCollectHeader, pointer)
        }
        var query: [String] = []
        withUnsafeMutablePointer(to: &query) { pointer in
            _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, mhdCollectArgument, pointer)
        }
        let remote = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { address -> String in
            guard let start = address.baseAddress, ketupek_mhd_client_address(connection, start, address.count) == 0
            else { return "" }
            return String(cString: start)
        }
        let headerBytes = headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        let target = query.isEmpty ? context.url : context.url + "?" + query.joined(separator: "&")
        context.collect { collected in
            collected.headers = headers
            collected.target = target
            collected.remoteAddress = remote
            if headerBytes > configuration.maxHeaderBytes {
                collected.rejection = HTTPError(
                    .requestHeaderFieldsTooLarge, code: "headers_too_large",
                    message: "The request headers exceed \(configuration.maxHeaderBytes) bytes.")
            } else if context.method == nil {
                collected.rejection = HTTPError(
                    .notImplemented, code: "method_not_implemented", message: "The server does not support that method."
                )
            }
        }
        if let length = headers["Content-Length"].flatMap(Int.init), length > configuration.maxBodyBytes {
            // A rejection may be answered at once: libmicrohttpd then closes the connection without reading the body.
            context.setPhase(.queued(streaming: false))
            let response = errorResponse(
                for: HTTPError.bodyTooLarge(limit: configuration.maxBodyBytes), requestID: context.requestID)
            return queue(response, on: connection, context: context)
        }
        return .YES
    }

    func upload(_ context: RequestContext, connection: OpaquePointer, data: UnsafeRawBufferPointer) -> MHD_Result {
        guard context.phase == .collecting else { return .YES }
        let limit = configuration.maxBodyBytes
        let overflow = context.collect { collected -> Bool in
            collected.received += data.count
            if collected.rejection == nil && collected.received > limit {
                collected.rejection = HTTPError.bodyTooLarge(limit: limit)
                collected.body = []
            }
            if collected.rejection == nil { collected.body.append(contentsOf: data) }
            return collected.received > limit
        }
        guard overflow else { return .YES }
        // libmicrohttpd 0.9.75 refuses a response while the body is still arriving, so the excess is read and
        // discarded and the 413 goes out with the final call; a client going far beyond is cut off instead.
        return context.collect { $0.received } > limit + max(limit, 1 << 20) ? .NO : .YES
    }

    func finalCall(_ context: RequestContext, connection: OpaquePointer) -> MHD_Result {
        switch context.phase {
        case .collecting:
            let collected = context.collect { $0 }
            if let rejection = collected.rejection {
                context.setPhase(.queued(streaming: false))
                return queue(
                    errorResponse(for: rejection, requestID: context.requestID), on: connection, context: context)
            }
            if stopping.load(ordering: .acquiring) {
                context.setPhase(.queued(streaming: false))
                return queue(
                    errorResponse(for: HTTPError.shuttingDown, requestID: context.requestID), on: connection,
                    context: context)
            }
            var request: Request
            do {
                request = try Request(
                    method: context.method ?? .get, target: collected.target, headers: collected.headers,
                    body: collected.body, requestID: context.requestID, remoteAddress: collected.remoteAddress)
            } catch {
                context.setPhase(.queued(streaming: false))
                return queue(errorResponse(for: error, requestID: context.requestID), on: connection, context: context)
            }
            // Routed once, here; the handler gets the match with the request.
            let match = router.match(request.method, rawPath: request.rawPath)
            if let response = answerImmediately(request, match: match) {
                context.setPhase(.queued(streaming: false))
                return queue(response, on: connection, context: context)
            }
            request.match = match
            context.handOff()
            handedOff.withLock { $0[ObjectIdentifier(context)] = context }
            context.setPhase(.running)
            MHD_suspend_connection(connection)
            Task { [self] in
                let response = await respond(to: request)
                if !context.complete(with: response), case .stream(let stream) = response.body {
                    stream.detach()
                }
            }
            return .YES
        case .ready(let response):
            if case .stream = response.body {
                context.setPhase(.queued(streaming: true))
                streamingRequests.add(1, ordering: .releasing)
            } else {
                context.setPhase(.queued(streaming: false))
            }
            return queue(response, on: connection, context: context)
        case .abandoned:
            context.setPhase(.queued(streaming: false))
            return queue(
                errorResponse(for: HTTPError.shuttingDown, requestID: context.requestID), on: connection,
                context: context)
        case .running, .queued:
            return .YES
        }
    }

    func completed(_ context: RequestContext) {
        if context.wasHandedOff { handedOff.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(context)) } }
        let phase = context.phase
        // Before the active count, so `inFlightCount` may briefly count this one twice but never misses one.
        if case .queued(streaming: true) = phase { streamingRequests.subtract(1, ordering: .releasing) }
        activeRequests.subtract(1, ordering: .releasing)
        if case .ready(let response) = phase, case .stream(let stream) = response.body {
            stream.detach()
        }
    }

    // MARK: Streams

    func streamDetached(_ stream: EventStream) {
        let removed = streams.withLock { $0.removeValue(forKey: ObjectIdentifier(stream)) }
        if removed != nil { openStreams.decrement() }
    }

    func heartbeat() {
        for stream in streams.withLock({ Array($0.values) }) { stream.comment("heartbeat") }
    }

    func finishAllStreams() {
        for stream in streams.withLock({ Array($0.values) }) { stream.finish(.shutdown) }
    }

    /// Resumes every connection whose handler has not answered; each is then answered 503.
    func abandonInFlight() {
        for context in handedOff.withLock({ Array($0.values) }) { context.abandon() }
    }
}

/// One request's state across access-handler calls. Retained by `*con_cls` from the first call until
/// `mhdRequestCompleted`, and by the handler task while it runs.
final class RequestContext: Sendable {
    enum Phase: Sendable, Equatable {
        case collecting
        case running
        case ready(Response)
        case abandoned
        /// A response is queued; `streaming` when it is an SSE stream (which only ends when the stream does).
        case queued(streaming: Bool)

        static func == (lhs: Phase, rhs: Phase) -> Bool {
            switch (lhs, rhs) {
            case (.collecting, .collecting), (.running, .running), (.ready, .ready), (.abandoned, .abandoned),
                (.queued, .queued):
                true
            default: false
            }
        }
    }

    struct Collected: Sendable {
        var target = ""
        var headers = HTTPHeaders()
        var body: [UInt8] = []
        var received = 0
        var remoteAddress = ""
        var rejection: HTTPError?
    }

    /// Suspended while the phase is `.running`; resumed once, by whoever leaves that phase.
    let connection: MHDConnectionHandle
    let url: String
    let methodName: String
    let method: HTTPMethod?
    let requestID = Request.makeID()
    let started = ContinuousClock.now
    private let state = Mutex<(phase: Phase, collected: Collected)>((.collecting, Collected()))
    /// Set (on the worker thread) when the request is handed to a task, before it is registered for shutdown.
    private let handedOffFlag = Atomic<Bool>(false)

    init(connection: MHDConnectionHandle, url: String, method: String) {
        self.connection = connection
        self.url = url
        self.methodName = method
        self.method = HTTPMethod(rawValue: method)
    }

    var phase: Phase { state.withLock { $0.phase } }

    /// Whether the request was handed to a task (and so is in the server's table of those).
    var wasHandedOff: Bool { handedOffFlag.load(ordering: .relaxed) }

    func handOff() { handedOffFlag.store(true, ordering: .relaxed) }

    func setPhase(_ phase: Phase) { state.withLock { $0.phase = phase } }

    func collect<T>(_ body: (inout Collected) -> T) -> T { state.withLock { body(&$0.collected) } }

    /// Stores the handler's response and resumes the connection; false if the server gave up on it first.
    func complete(with response: Response) -> Bool {
        state.withLock { state in
            guard state.phase == .running else { return false }
            state.phase = .ready(response)
            MHD_resume_connection(connection.pointer)
            return true
        }
    }

    /// Shutdown: stop waiting for the handler; resume the connection so it can be answered 503.
    func abandon() {
        // The phase flip makes a late `complete` a no-op; exactly one of the two resumes the connection.
        state.withLock { state in
            guard state.phase == .running else { return }
            state.phase = .abandoned
            MHD_resume_connection(connection.pointer)
        }
    }
}

/// What a streaming response's `cls` points at: the stream and the server that counts it.
final class StreamBinding: Sendable {
    let stream: EventStream
    let core: ServerCore

    init(stream: EventStream, core: ServerCore) {
        self.stream = stream
        self.core = core
    }
}

// MARK: C callbacks (global functions: called on libmicrohttpd worker threads)

private func mhdAccessHandler(
    cls: UnsafeMutableRawPointer?, connection: OpaquePointer?, url: UnsafePointer<CChar>?,
    method: UnsafePointer<CChar>?, version: UnsafePointer<CChar>?, uploadData: UnsafePointer<CChar>?,
    uploadDataSize: UnsafeMutablePointer<Int>?, conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let conCls, let uploadDataSize else { return .NO }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    guard let existing = conCls.pointee else {
        let context = RequestContext(
            connection: MHDConnectionHandle(pointer: connection), url: url.map { String(cString: $0) } ?? "/",
            method: method.map { String(cString: $0) } ?? "")
        // Released in mhdRequestCompleted.
        conCls.pointee = Unmanaged.passRetained(context).toOpaque()
        core.register(context)
        return core.firstCall(context, connection: connection)
    }
    let context = Unmanaged<RequestContext>.fromOpaque(existing).takeUnretainedValue()
    if uploadDataSize.pointee > 0 {
        let data = UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee)
        uploadDataSize.pointee = 0
        return core.upload(context, connection: connection, data: data)
    }
    return core.finalCall(context, connection: connection)
}

private func mhdRequestCompleted(
    cls: UnsafeMutableRawPointer?, connection: OpaquePointer?, conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    reason: MHD_RequestTerminationCode
) {
    guard let cls, let conCls, let existing = conCls.pointee else { return }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context = Unmanaged<RequestContext>.fromOpaque(existing)
    core.completed(context.takeUnretainedValue())
    context.release()
    conCls.pointee = nil
}

private func mhdStreamRead(
    cls: UnsafeMutableRawPointer?, position: UInt64, buffer: UnsafeMutablePointer<CChar>?, max: Int
) -> Int {
    guard let cls, let buffer else { return ketupek_mhd_end_with_error() }
    let binding = Unmanaged<StreamBinding>.fromOpaque(cls).takeUnretainedValue()
    return binding.stream.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: max))
}

private func mhdSharedFree(cls: UnsafeMutableRawPointer?) {
    guard let cls else { return }
    Unmanaged<SharedBytes>.fromOpaque(cls).release()
}

private func mhdStreamFree(cls: UnsafeMutableRawPointer?) {
    guard let cls else { return }
    let binding = Unmanaged<StreamBinding>.fromOpaque(cls).takeRetainedValue()
    binding.stream.detach()
    binding.core.streamDetached(binding.stream)
}

private func mhdCollectHeader(
    cls: UnsafeMutableRawPointer?, kind: MHD_ValueKind, key: UnsafePointer<CChar>?, value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let headers = cls.assumingMemoryBound(to: HTTPHeaders.self)
    headers.pointee.add(String(cString: key), value.map { String(cString: $0) } ?? "")
    return .YES
}

private func mhdCollectArgument(
    cls: UnsafeMutableRawPointer?, kind: MHD_ValueKind, key: UnsafePointer<CChar>?, value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let items = cls.assumingMemoryBound(to: [String].self)
    let name = String(cString: key)
    items.pointee.append(value.map { name + "=" + String(cString: $0) } ?? name)
    return .YES
}

private func mhdLog(cls: UnsafeMutableRawPointer?, message: UnsafePointer<CChar>?) {
    guard let cls, let message else { return }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    core.logger.warning("libmicrohttpd", ["mhd.message": String(cString: message)])
}
