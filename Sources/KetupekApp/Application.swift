import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore
import KetupekTelemetry
import Synchronization

/// The composition root: opens the store, wires the event hub, builds the routes and runs the HTTP server.
public final class Application: Sendable {
    public let configuration: Configuration
    let store: SQLiteEventStore
    let hub: EventHub
    let server: HTTPServer
    let logger: Logger
    let metrics: MetricsRegistry
    let localization: Localization
    let now: @Sendable () -> Date
    let ingested: IngestCounters
    /// Held for the application's life: one server per data folder.
    private let lock: DataDirectoryLock
    let supervisor: SourceSupervisor
    let archive: ArchivePublisher
    private let archiveTriggers: ArchiveTriggers
    /// `archive.run()`, from `start()` until `shutdown()` has drained it.
    private let archiveRun = Mutex<Task<Void, Never>?>(nil)

    /// Opens the database (creating the data folder) and prepares, but does not start, the server.
    public init(
        configuration: Configuration, logger: Logger, metrics: MetricsRegistry = MetricsRegistry(),
        now: @escaping @Sendable () -> Date = { Date().roundedToMilliseconds }
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.now = now
        try FileManager.default.createDirectory(
            atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        self.lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        let hub = EventHub()
        self.hub = hub
        let archiveTriggers = ArchiveTriggers()
        self.archiveTriggers = archiveTriggers
        self.store = try SQLiteEventStore(
            path: configuration.databasePath, now: now, metrics: metrics, logger: logger.with("component", "store"),
            defaultKeywordRules: try RuleRoutes.bundledDefaults()
        ) {
            hub.publish($0)
            archiveTriggers.observe($0)
        }
        self.localization = try Localization.bundled()
        self.archive = ArchivePublisher(
            store: store, triggers: archiveTriggers, catalogue: localization.catalogue, now: now,
            logger: logger.with("component", "archive"))
        self.ingested = IngestCounters(metrics: metrics)
        let supervisor = SourceSupervisor(store: store, logger: logger.with("component", "sources"), metrics: metrics)
        self.supervisor = supervisor

        var http = HTTPServer.Configuration()
        http.host = configuration.host
        http.port = configuration.port
        http.threadPoolSize = configuration.threads
        http.maxBodyBytes = configuration.maxBodyBytes
        // Webhook secrets and receipt codes are in these URLs.
        http.redactedPathPrefixes = ["/hooks/", "/r/"]
        var routes = RouteTable(authenticator: Authenticator(store: store, now: now))
        Self.register(
            into: &routes,
            context: RouteContext(
                store: store, hub: hub, metrics: metrics, localization: localization, configuration: configuration,
                now: now, ingested: ingested, logger: logger, loginLimiter: RateLimiter(burst: 10, perSecond: 0.2),
                sourceStore: store, supervisor: supervisor, askLimiter: RateLimiter(burst: 5, perSecond: 1.0 / 30),
                archive: archive, archiveStore: store, searchLimiter: RateLimiter(burst: 20, perSecond: 2)
            )
        )
        self.server = HTTPServer(
            configuration: http, router: routes.router, errorMapper: ErrorMapping.map,
            logger: logger.with("component", "http"), metrics: metrics
        )
    }

    /// Starts accepting connections, brings the archive up to date (it needs the port for its links), then
    /// resumes the enabled comment sources; returns the bound port.
    public func start() async throws -> Int {
        let port = try server.start()
        try await archive.start(baseURL: configuration.baseURL(port: port))
        let archive = self.archive
        archiveRun.withLock { $0 = Task { await archive.run() } }
        try await supervisor.start()
        logger.info("listening", ["http.host": configuration.host, "http.port": String(port)])
        return port
    }

    /// Stops accepting, lets in-flight requests finish, ends every stream, stops the sources, then closes the store.
    public func shutdown() async {
        await server.shutdown(grace: .seconds(5))
        archiveTriggers.finish()
        await archiveRun.withLock { $0 }?.value
        await supervisor.shutdown()
        store.close()
        logger.info("stopped")
    }

    /// The store, for commands that run beside the server (`demo`).
    public var eventStore: any EventStore { store }
}

/// Everything a route handler may use.
struct RouteContext: Sendable {
    let store: any EventStore
    let hub: EventHub
    let metrics: MetricsRegistry
    let localization: Localization
    let configuration: Configuration
    let now: @Sendable () -> Date
    let ingested: IngestCounters
    let logger: Logger
    let loginLimiter: RateLimiter
    let sourceStore: any SourceStore
    let supervisor: SourceSupervisor
    /// Questions asked through the public form, per client address.
    let askLimiter: RateLimiter
    let archive: ArchivePublisher
    let archiveStore: any ArchiveStore
    /// Archive searches, per client address (each one reads the full-text index).
    let searchLimiter: RateLimiter
}

/// `ketupek_ingest_comments_total` by outcome.
struct IngestCounters: Sendable {
    let created: Counter
    let duplicate: Counter
    let invalid: Counter

    init(metrics: MetricsRegistry) {
        let name = "ketupek_ingest_comments_total"
        let help = "Comments ingested, by outcome."
        created = metrics.counter(name, help: help, labels: ["outcome": "created"])
        duplicate = metrics.counter(name, help: help, labels: ["outcome": "duplicate"])
        invalid = metrics.counter(name, help: help, labels: ["outcome": "invalid"])
    }
}

extension Application {
    static func register(into routes: inout RouteTable, context: RouteContext) {
        AuthRoutes.register(into: &routes, context)
        SessionRoutes.register(into: &routes, context)
        QuestionRoutes.register(into: &routes, context)
        PanelRoutes.register(into: &routes, context)
        OverlayRoutes.register(into: &routes, context)
        RuleRoutes.register(into: &routes, context)
        StreamRoutes.register(into: &routes, context)
        OperationsRoutes.register(into: &routes, context)
        SourceRoutes.register(into: &routes, context)
        HookRoutes.register(into: &routes, context)
        FormRoutes.register(into: &routes, context)
        ArchiveRoutes.register(into: &routes, context)
        // Last of the API routes: the document describes those registered before it.
        OperationsRoutes.registerOpenAPI(into: &routes)
        PageRoutes.register(into: &routes, context)
    }
}
