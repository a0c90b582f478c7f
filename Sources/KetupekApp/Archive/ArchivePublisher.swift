import Foundation
import KetupekArchive
import KetupekCore
import KetupekHTTP
import KetupekStore
import KetupekTelemetry

/// Keeps the public archive in step with the sessions: renders a session's transcript when it is published
/// (and again when a published answer or question changes), stores every document gzip-compressed with its
/// search entries in one transaction, withdraws everything when a session is unpublished, and keeps the
/// in-memory cache the archive routes answer from.
///
/// Rendering happens here, once per change, never per request. The session state route calls `refresh`
/// directly (so a publish is visible when the request returns); every other change arrives through `observe`
/// from the store's commit callback and is applied by `run()` in commit order.
actor ArchivePublisher {
    typealias Store = EventStore & ArchiveStore

    private let store: any Store
    let cache: ArchiveCache
    private let catalogue: MessageCatalogue
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let triggers: ArchiveTriggers
    private var baseURL = ""
    /// The stored paths of each published session and of the shared documents (index pages, feeds).
    private var sessionPaths: [SessionID: Set<String>] = [:]
    private var sharedPaths: Set<String> = []
    /// The published sessions as the index and the feeds list them.
    private var summaries: [SessionID: PublishedSession] = [:]
    /// The log position each session was last rendered from: triggers at or before it are already in.
    private var renderedThrough: [SessionID: EventSequence] = [:]

    init(
        store: any Store, triggers: ArchiveTriggers, catalogue: MessageCatalogue, now: @escaping @Sendable () -> Date,
        logger: Logger
    ) {
        self.store = store
        self.triggers = triggers
        self.cache = ArchiveCache()
        self.catalogue = catalogue
        self.now = now
        self.logger = logger
    }

    /// Applies queued changes until `finish()`; a failure is logged and the next change retries the session.
    func run() async {
        for await trigger in triggers.stream {
            guard trigger.stateChange || summaries[trigger.session] != nil else { continue }
            if let done = renderedThrough[trigger.session], trigger.sequence <= done { continue }
            do { try await refresh(trigger.session) } catch {
                logger.error(
                    "archive refresh failed", ["session.id": trigger.session.description, "error": "\(error)"])
            }
        }
    }

    /// Loads the stored documents into memory, then brings the archive up to date with the sessions:
    /// renders what was published but not rendered (or rendered by an older renderer or for another
    /// address), and withdraws what is no longer published.
    func start(baseURL: String) async throws {
        self.baseURL = baseURL
        let context = ArchiveContext(baseURL: baseURL, catalogue: catalogue)
        cache.setSite(
            baseURL: baseURL,
            notFound: Dictionary(
                uniqueKeysWithValues: Language.allCases.map {
                    ($0, ArchiveSite.notFoundPage(language: $0, context: context))
                }))
        var loaded: [String: CachedDocument] = [:]
        for record in try store.archiveDocuments() {
            loaded[record.path] = try Self.cached(record)
            if let session = record.sessionID {
                sessionPaths[session, default: []].insert(record.path)
            } else {
                sharedPaths.insert(record.path)
            }
        }
        cache.update(removing: [], adding: loaded)
        let publications = Dictionary(
            try store.archivePublications().map { ($0.sessionID, $0) }, uniquingKeysWith: { first, _ in first })
        var stale: [SessionID] = []
        for session in try store.sessions() {
            let publication = publications[session.id]
            if session.state == .published {
                if let publication, publication.rendererVersion == ArchiveSite.rendererVersion,
                    publication.baseURL == baseURL
                {
                    summaries[session.id] = try summary(of: session, publishedAt: publication.publishedAt)
                    renderedThrough[session.id] = publication.sourceSequence
                } else {
                    stale.append(session.id)
                }
            } else if publication != nil || sessionPaths[session.id] != nil {
                stale.append(session.id)
            }
        }
        for session in stale { try await refresh(session) }
        // The index pages and feeds are cheap: rendered at every start (kept as they were when unchanged).
        if stale.isEmpty { try await storeShared() }
        logger.info(
            "archive ready",
            [
                "archive.sessions": String(summaries.count), "archive.documents": String(cache.count),
                "archive.rendered": String(stale.count),
            ])
    }

    /// Renders and stores session `id`'s transcript when it is published, or withdraws it when it is not.
    func refresh(_ id: SessionID) async throws {
        guard let session = try store.sessions().first(where: { $0.id == id }) else { return }
        let sequence = try store.latestSequence()
        if session.state == .published {
            let publication = try store.archivePublication(of: id)
            let transcript = try self.transcript(of: session, publishedAt: publication?.publishedAt ?? now())
            let context = ArchiveContext(baseURL: baseURL, catalogue: catalogue)
            let documents = ArchiveSite.sessionDocuments(transcript, context: context).map { record($0, session: id) }
            summaries[id] = transcript.summary
            let shared = sharedRecords()
            try await store.storeArchive(
                ArchivePublication(
                    sessionID: id, publishedAt: transcript.publishedAt, renderedAt: now(),
                    rendererVersion: ArchiveSite.rendererVersion, sourceSequence: sequence, baseURL: baseURL),
                documents: documents.map(\.record), searchEntries: Self.searchEntries(transcript, session: session),
                shared: shared.map(\.record))
            install(session: id, documents: documents, shared: shared)
            logger.info(
                "archive rendered",
                [
                    "session.slug": session.slug, "archive.questions": String(transcript.entries.count),
                    "archive.documents": String(documents.count),
                ])
        } else if try sessionPaths[id] != nil || summaries[id] != nil || store.archivePublication(of: id) != nil {
            summaries[id] = nil
            let shared = sharedRecords()
            try await store.withdrawArchive(of: id, shared: shared.map(\.record))
            install(session: id, documents: [], shared: shared)
            logger.info("archive withdrawn", ["session.slug": session.slug])
        }
        renderedThrough[id] = sequence
    }

    /// Re-renders every published session (after a change every transcript may show, such as a
    /// stakeholder's name).
    func refreshAll() async throws {
        for id in summaries.keys.sorted(by: { $0.rawValue < $1.rawValue }) { try await refresh(id) }
    }

    /// What still looks like personal data in the texts publishing `session` would make public.
    func findings(for session: Session) throws -> [PersonalDataFinding] {
        try transcript(of: session, publishedAt: now()).personalDataFindings()
    }

    // MARK: Rendering

    private func transcript(of session: Session, publishedAt: Date) throws -> Transcript {
        var questions: [Question] = []
        var cursor: QuestionID?
        let filter = QuestionFilter(states: [.answered, .deferred])
        while true {
            let page = try store.questions(in: session.id, matching: filter, after: cursor, limit: 500)
            questions += page
            guard page.count == 500, let last = page.last else { break }
            cursor = last.id
        }
        return Transcript.make(
            session: session, questions: questions, stakeholders: try store.stakeholders(), publishedAt: publishedAt)
    }

    private func summary(of session: Session, publishedAt: Date) throws -> PublishedSession {
        let counts = try store.questionCounts(in: session.id)
        return PublishedSession(
            slug: session.slug, title: session.title, description: session.description, language: session.language,
            broadcastStart: session.broadcastStart, publishedAt: publishedAt, answered: counts[.answered] ?? 0,
            pending: counts[.deferred] ?? 0)
    }

    /// The index pages and feeds for the sessions published now; dated by the latest publication so they
    /// only change when their content does.
    private func sharedRecords() -> [(record: ArchiveDocumentRecord, cached: CachedDocument)] {
        let sessions = summaries.values.sorted { ($0.publishedAt, $0.slug) > ($1.publishedAt, $1.slug) }
        let updated = sessions.first?.publishedAt ?? Date(timeIntervalSince1970: 0)
        let context = ArchiveContext(baseURL: baseURL, catalogue: catalogue)
        return ArchiveSite.sharedDocuments(sessions, context: context, updatedAt: updated).map {
            record($0, session: nil)
        }
    }

    private func storeShared() async throws {
        let shared = sharedRecords()
        try await store.replaceSharedArchive(shared.map(\.record))
        cache.update(removing: sharedPaths, adding: Dictionary(shared.map { ($0.record.path, $0.cached) }) { $1 })
        sharedPaths = Set(shared.map(\.record.path))
    }

    /// A document ready to store and to serve. Its modification time stays that of the copy it replaces
    /// when the bytes are the same, so re-rendering does not invalidate caches for nothing.
    private func record(_ document: ArchiveDocument, session: SessionID?) -> (
        record: ArchiveDocumentRecord, cached: CachedDocument
    ) {
        let gzip = Gzip.compress(document.body, level: 9)
        let tag = HTTPCaching.hash(document.body)
        let previous = cache.document(document.path)
        let modified = previous.flatMap { $0.tag == tag ? $0.lastModified : nil } ?? now()
        let cached = CachedDocument(
            contentType: document.contentType, identity: document.body, gzip: gzip, lastModified: modified, tag: tag)
        return (
            ArchiveDocumentRecord(
                path: document.path, sessionID: session, contentType: document.contentType, gzipBody: gzip,
                identitySize: document.body.count, etag: tag, modifiedAt: modified),
            cached
        )
    }

    private func install(
        session: SessionID, documents: [(record: ArchiveDocumentRecord, cached: CachedDocument)],
        shared: [(record: ArchiveDocumentRecord, cached: CachedDocument)]
    ) {
        let added = Dictionary((documents + shared).map { ($0.record.path, $0.cached) }) { $1 }
        cache.update(removing: (sessionPaths[session] ?? []).union(sharedPaths), adding: added)
        sessionPaths[session] = documents.isEmpty ? nil : Set(documents.map(\.record.path))
        sharedPaths = Set(shared.map(\.record.path))
    }

    private static func cached(_ record: ArchiveDocumentRecord) throws -> CachedDocument {
        CachedDocument(
            contentType: record.contentType,
            identity: try Gzip.decompress(record.gzipBody, maxSize: max(record.identitySize, 1) + 1),
            gzip: record.gzipBody, lastModified: record.modifiedAt, tag: record.etag)
    }

    private static func searchEntries(_ transcript: Transcript, session: Session) -> [ArchiveSearchEntry] {
        transcript.entries.map { entry in
            ArchiveSearchEntry(
                questionID: entry.id, sessionID: session.id, slug: session.slug, sessionTitle: session.title,
                question: entry.text, answer: entry.answer?.summary ?? "", asker: entry.asker ?? "",
                stakeholderID: entry.stakeholder?.id, stakeholderName: entry.stakeholder?.name ?? "",
                answeredAt: entry.answer?.answeredAt)
        }
    }
}

/// Committed changes that may alter a published transcript, queued from the store's writer thread (which must
/// never wait) for `ArchivePublisher.run()`.
final class ArchiveTriggers: Sendable {
    /// One committed change.
    struct Trigger: Sendable {
        let session: SessionID
        let sequence: EventSequence
        let stateChange: Bool
    }

    let stream: AsyncStream<Trigger>
    private let continuation: AsyncStream<Trigger>.Continuation

    init() {
        (stream, continuation) = AsyncStream<Trigger>.makeStream(bufferingPolicy: .unbounded)
    }

    /// Event kinds that cannot change what the archive shows (staff-only marks, new comments; votes, which the
    /// archive keeps as they were when it was rendered).
    private static let ignored: Set<EventKind> = [
        .sessionCreated, .questionReceived, .questionNoted, .questionTagged, .questionStarred, .questionClassified,
        .questionDuplicateAdded, .questionDuplicateRemoved, .questionVoted,
    ]

    /// Queues the events that may concern the archive (called after each commit).
    func observe(_ events: [LoggedEvent]) {
        for logged in events where !Self.ignored.contains(logged.event.kind) {
            continuation.yield(
                Trigger(
                    session: logged.event.sessionID, sequence: logged.sequence,
                    stateChange: logged.event.kind == .sessionStateChanged))
        }
    }

    /// Ends the stream once what is queued has been read.
    func finish() { continuation.finish() }
}
