import Foundation
import KetupekCore
import KetupekSources
import KetupekStore
import KetupekTelemetry

/// Runs the pull sources (jsonl, youtube, facebook) admins have started: one task each, restarted with
/// exponential backoff and jitter after a transient failure, stopped for good after a terminal one.
///
/// A service of the application: `start()` resumes every enabled source from its stored checkpoint,
/// `shutdown()` cancels them and waits, before the store closes.
actor SourceSupervisor {
    /// What the supervisor knows of a running source beyond the stored record.
    struct Runtime: Sendable {
        var failures = 0
        var retracted = 0
        var notes: [String: String] = [:]
    }

    typealias Factory = @Sendable (SourceRecord) throws -> any CommentSource

    private let store: any EventStore & SourceStore
    private let logger: Logger
    private let metrics: MetricsRegistry
    private let backoff: Backoff
    private let factory: Factory
    private var tasks: [Int64: (token: UInt64, task: Task<Void, Never>)] = [:]
    private var nextToken: UInt64 = 0
    private var runtimes: [Int64: Runtime] = [:]
    private var stopped = false

    init(
        store: any EventStore & SourceStore, logger: Logger, metrics: MetricsRegistry,
        backoff: Backoff = Backoff(base: .seconds(1), cap: .seconds(60)),
        factory: @escaping Factory = SourceFactory.make
    ) {
        self.store = store
        self.logger = logger
        self.metrics = metrics
        self.backoff = backoff
        self.factory = factory
    }

    /// Resumes every enabled pull source that was running or backing off, from its checkpoint. One that
    /// failed or finished stays so until an admin starts it again.
    func start() throws {
        for record in try store.enabledSources()
        where SourceKind(rawValue: record.kind)?.pulls == true && !["failed", "stopped"].contains(record.state) {
            launch(record.id)
        }
    }

    /// Cancels every source and waits for them to stop.
    func shutdown() async {
        stopped = true
        let running = tasks
        tasks = [:]
        for entry in running.values { entry.task.cancel() }
        for entry in running.values { await entry.task.value }
    }

    /// Starts (or restarts) one pull source.
    func launch(_ id: Int64) {
        guard !stopped, tasks[id] == nil else { return }
        runtimes[id] = Runtime()
        let store = self.store
        nextToken += 1
        let token = nextToken
        tasks[id] = (
            token,
            Task { [weak self] in
                await self?.loop(id, store: store)
                await self?.finished(id, token: token)
            }
        )
    }

    /// Stops one source and waits for its task to end.
    func halt(_ id: Int64) async {
        guard let entry = tasks.removeValue(forKey: id) else { return }
        entry.task.cancel()
        await entry.task.value
    }

    func runtime(_ id: Int64) -> Runtime? { runtimes[id] }

    func isRunning(_ id: Int64) -> Bool { tasks[id] != nil }

    // MARK: The loop of one source

    private func finished(_ id: Int64, token: UInt64) {
        if tasks[id]?.token == token { tasks[id] = nil }
    }

    fileprivate func delivered(_ id: Int64, retracted: Int) {
        runtimes[id, default: Runtime()].failures = 0
        runtimes[id, default: Runtime()].retracted += retracted
    }

    fileprivate func note(_ id: Int64, _ key: String, _ value: String) {
        runtimes[id, default: Runtime()].notes[key] = value
    }

    private func failed(_ id: Int64) -> Int {
        runtimes[id, default: Runtime()].failures += 1
        return runtimes[id]?.failures ?? 1
    }

    private func loop(_ id: Int64, store: any EventStore & SourceStore) async {
        let log = logger.with("source.id", String(id))
        // Bounded: each pass either returns, or backs off (cancellable) before the next.
        while !Task.isCancelled {
            let record: SourceRecord
            let session: Session
            do {
                guard let found = try store.source(id) else { return }
                guard let owner = try store.sessions().first(where: { $0.id == found.sessionID }) else { return }
                record = found
                session = owner
            } catch {
                log.error("source cannot be read", ["error": String(describing: error)])
                return
            }
            await setState(id, "running", nil)
            let sink = StoreSink(
                store: store, slug: session.slug, sourceID: id,
                actor: Actor(role: .integration, userID: nil, name: "source \(id) \(record.kind)"), supervisor: self,
                created: metrics.counter(
                    "ketupek_source_comments_total", help: "Comments from pull sources, by kind.",
                    labels: ["kind": record.kind]))
            do {
                let source = try factory(record)
                try await source.run(from: record.checkpoint, into: sink)
                log.info("source finished", ["source.kind": record.kind])
                await setState(id, "stopped", nil)
                return
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                let failure =
                    error as? SourceError
                    ?? SourceError.transient("internal", "unexpected failure; see the server log")
                if failure.code == "internal" { log.error("source failed", ["error": String(describing: error)]) }
                metrics.counter(
                    "ketupek_source_failures_total", help: "Source failures, by kind and code.",
                    labels: ["kind": record.kind, "code": failure.code]
                ).increment()
                switch failure.kind {
                case .terminal:
                    log.warning("source failed", ["source.kind": record.kind, "error.code": failure.code])
                    await setState(id, "failed", failure.description)
                    return
                case .transient(let retryAfter):
                    let failures = failed(id)
                    let delay = retryAfter ?? backoff.delay(afterFailures: failures, unit: Double.random(in: 0...1))
                    log.notice(
                        "source backing off",
                        [
                            "source.kind": record.kind, "error.code": failure.code,
                            "retry.seconds": String(delay.components.seconds),
                        ])
                    await setState(id, "backing_off", failure.description)
                    do { try await Task.sleep(for: delay) } catch { return }
                }
            }
        }
    }

    private func setState(_ id: Int64, _ state: String, _ error: String?) async {
        do { try await store.recordSourceState(id, state: state, lastError: error) } catch {
            logger.warning("source state not recorded", ["source.id": String(id), "error": String(describing: error)])
        }
    }
}

/// Delivers a pull source's batches to the store, checkpoint in the same transaction.
private struct StoreSink: SourceSink {
    let store: any EventStore & SourceStore
    let slug: String
    let sourceID: Int64
    let actor: Actor
    let supervisor: SourceSupervisor
    let created: Counter

    func deliver(_ batch: SourceBatch) async throws {
        // A session that stopped accepting questions (or is not live) drops the comments but keeps the position,
        // as the ingest API refuses them, so turning it back on does not flood the queue with what came meanwhile.
        let session = try store.session(slug: slug)
        let accepting = session.map { $0.acceptingQuestions && ($0.state == .draft || $0.state == .live) } ?? false
        do {
            let result = try await store.ingest(
                accepting ? batch.comments : [], into: slug, by: actor,
                commit: SourceCommit(sourceID: sourceID, checkpoint: batch.checkpoint))
            created.increment(
                by: result.outcomes.filter { if case .stored(_, true) = $0 { true } else { false } }.count)
        } catch let error as StoreError where error.code == .closed {
            throw CancellationError()
        } catch let error as StoreError {
            throw SourceError.transient("store", "the batch was not stored (\(error.code.rawValue)); retrying")
        }
        await supervisor.delivered(sourceID, retracted: batch.retracted.count)
        if let session, !batch.retracted.isEmpty { try await hold(batch.retracted, in: session) }
    }

    /// A message the platform deleted, or the messages of an author it banned, are held with a note, so they
    /// do not reach the air unless a moderator restores them. A question changed meanwhile is left alone.
    private func hold(_ retracted: [String], in session: Session) async throws {
        let bans = retracted.filter { $0.hasPrefix("channel:") }.map { String($0.dropFirst("channel:".count)) }
        let deleted = retracted.filter { !$0.hasPrefix("channel:") }
        let platform = Actor(role: .moderator, userID: nil, name: "source:\(sourceID)")
        for question in try store.retracted(in: session.id, externalIDs: deleted, authorIDs: bans) {
            let note =
                deleted.contains(question.externalID) ? "deleted on the platform" : "author banned on the platform"
            _ = try? await store.apply(
                .hold(note: note), to: question.id, expectedVersion: question.version, by: platform)
        }
    }

    func note(_ key: String, _ value: String) async {
        await supervisor.note(sourceID, key, value)
    }
}

/// Builds a runnable source from its stored record.
enum SourceFactory {
    static func make(_ record: SourceRecord) throws -> any CommentSource {
        let settings = SourceSettings(record.settings)
        switch SourceKind(rawValue: record.kind) {
        case .jsonl: return try JSONLReplaySource(settings: settings)
        case .youtube: return try YouTubeChatSource(settings: settings)
        case .facebook: return try FacebookLiveSource(settings: settings)
        default:
            throw SourceError.terminal("not_pull", "a \(record.kind) source receives requests and does not run")
        }
    }
}
