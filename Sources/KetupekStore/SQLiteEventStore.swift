import Foundation
import KetupekCore
import KetupekTelemetry
import Synchronization

/// The event store on one SQLite file in WAL mode with `synchronous=FULL`: every acknowledged write survives
/// a crash or `kill -9`. One writer thread applies concurrent commands in one transaction (group commit);
/// readers use their own connections.
public final class SQLiteEventStore: EventStore {
    let writer: GroupCommitWriter
    private let readers: ReaderPool
    let now: @Sendable () -> Date
    /// The next question id. Ids are taken before the writer runs, so a duplicate leaves a gap: ids are
    /// unique and rising, not dense. One server process owns a database file.
    let questionIDs: Atomic<Int64>
    /// Sessions by slug, read on almost every request; kept current by the writer after each commit.
    private let sessionCache: SessionCache
    /// Decoding event payloads on the read path.
    private let decoder = JSONCoding.decoder()
    /// Open questions' words per session, for duplicate hints at ingest; kept current after each commit.
    let duplicateIndexes = DuplicateIndexes()
    /// Keyword lists per scope (0 = every session), read at ingest; replaced when an admin saves a list.
    private let keywordCache = Mutex<[Int64: KeywordRules]>([:])
    /// Flood control at ingest.
    public let floodControl: FloodControl
    /// What flood control remembers; used only on the writer thread.
    let floodLedger = FloodLedgerBox()

    /// Opens (creating and migrating if needed) the database at `path`.
    ///
    /// - Parameters:
    ///   - now: the clock; tests pass a fixed one.
    ///   - onCommit: called on the writer thread with the events of each committed transaction, before the
    ///     callers are acknowledged. Keep it quick: it holds up the next commit.
    public init(
        path: String, now: @escaping @Sendable () -> Date = { Date().roundedToMilliseconds },
        metrics: MetricsRegistry = MetricsRegistry(), logger: Logger = .silent,
        floodControl: FloodControl = FloodControl(),
        defaultKeywordRules: KeywordRules = KeywordRules(),
        onCommit: @escaping @Sendable ([LoggedEvent]) -> Void = { _ in }
    ) throws {
        let connection = try SQLiteConnection(path: path)
        let mode = try connection.first("PRAGMA journal_mode = WAL") { $0.text(0) }
        guard mode == "wal" else {
            throw SQLiteError(
                code: 1, message: "cannot switch \(path) to WAL mode (got \(mode ?? "nothing"))", sql: nil)
        }
        try connection.execute("PRAGMA synchronous = FULL")
        try Migrations.migrate(connection)
        try Self.seed(defaultKeywordRules, connection)
        self.questionIDs = Atomic(
            try connection.first("SELECT COALESCE(MAX(id), 0) + 1 FROM questions") { $0.int64(0) } ?? 1)
        self.now = now
        self.floodControl = floodControl
        let sessionCache = SessionCache()
        self.sessionCache = sessionCache
        let duplicateIndexes = self.duplicateIndexes
        self.writer = GroupCommitWriter(connection: connection, metrics: metrics, logger: logger) { events in
            sessionCache.update(with: events)
            duplicateIndexes.update(with: events)
            onCommit(events)
        }
        self.readers = ReaderPool {
            let reader = try SQLiteConnection(path: path)
            try reader.execute("PRAGMA query_only = ON")
            return reader
        }
    }

    /// Runs plain SQL work (accounts) through the writer, in the next group-committed transaction.
    func perform<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await writer.perform { try work($0.connection) }
    }

    /// Runs domain work in the next group-committed transaction (appending events through it).
    func write<T: Sendable>(_ work: @escaping @Sendable (WriteTransaction) throws -> T) async throws -> T {
        try await writer.perform(work)
    }

    /// Runs a read on a pooled reader connection.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T { try readers.read(body) }

    func currentTime() -> Date { now() }

    public func close() {
        writer.close()
        readers.closeAll()
    }

    // MARK: Sessions

    public func createSession(_ draft: SessionDraft, by actor: Actor) async throws -> Session {
        let at = now()
        return try await writer.perform { transaction in
            let id = SessionID(try transaction.nextID(in: "sessions"))
            let event = try SessionLifecycle.create(draft, id: id, by: actor, at: at)
            guard let session = event.session else { preconditionFailure("session.created without a session") }
            if try Self.sessionRow(slug: session.slug, transaction.connection) != nil {
                throw StoreError(code: .alreadyExists, message: "a session with slug \(session.slug) already exists")
            }
            try transaction.append(event)
            return session
        }
    }

    public func updateSession(slug: String, with patch: SessionPatch, expectedVersion: Int?, by actor: Actor)
        async throws -> Session
    {
        let at = now()
        return try await writer.perform { transaction in
            let session = try Self.requireSession(slug: slug, transaction.connection)
            let event = try SessionLifecycle.update(
                session, with: patch, expectedVersion: expectedVersion, by: actor, at: at)
            try transaction.append(event)
            return event.session ?? session
        }
    }

    public func changeSessionState(slug: String, to state: SessionState, by actor: Actor) async throws -> Session {
        let at = now()
        return try await writer.perform { transaction in
            let session = try Self.requireSession(slug: slug, transaction.connection)
            let event = try SessionLifecycle.transition(session, to: state, by: actor, at: at)
            try transaction.append(event)
            return event.session ?? session
        }
    }

    public func session(slug: String) throws -> Session? {
        if let cached = sessionCache.session(slug: slug) { return cached }
        let session = try readers.read { try Self.sessionRow(slug: slug, $0) }
        if let session { sessionCache.remember(session) }
        return session
    }

    public func sessions() throws -> [Session] {
        try readers.read { connection in
            let decoder = JSONCoding.decoder()
            return try connection.query("SELECT snapshot FROM sessions ORDER BY created_at DESC, id DESC") {
                try decoder.decode(Session.self, from: Data($0.text(0).utf8))
            }
        }
    }

    static func sessionRow(slug: String, _ connection: SQLiteConnection) throws -> Session? {
        try connection.first("SELECT snapshot FROM sessions WHERE slug = ?", [.text(slug)]) {
            try JSONCoding.decoder().decode(Session.self, from: Data($0.text(0).utf8))
        }
    }

    private static func requireSession(slug: String, _ connection: SQLiteConnection) throws -> Session {
        guard let session = try sessionRow(slug: slug, connection) else { throw StoreError.notFound("session \(slug)") }
        return session
    }

    // MARK: Questions

    public func ingest(_ comments: [IncomingComment], into slug: String, by actor: Actor) async throws
        -> [IngestOutcome]
    {
        try await ingest(comments, into: slug, by: actor, commit: nil).outcomes
    }

    public func apply(_ command: ModerationCommand, to id: QuestionID, expectedVersion: Int, by actor: Actor)
        async throws -> Question
    {
        let at = now()
        return try await writer.perform { transaction in
            guard let question = try Self.questionRow(id, transaction.connection) else {
                throw StoreError.notFound("question \(id)")
            }
            return try Self.decide(
                command, on: question, expectedVersion: expectedVersion, by: actor, at: at, transaction)
        }
    }

    /// Looks up what `command` needs, decides it, and appends its events; returns the question after it.
    private static func decide(
        _ command: ModerationCommand, on question: Question, expectedVersion: Int, by actor: Actor, at: Date,
        _ transaction: WriteTransaction
    ) throws -> Question {
        var context = DecisionContext()
        switch command {
        case .merge(let kept):
            context.mergeTarget = try questionRow(kept, transaction.connection)
        case .undo:
            context = DecisionContext.forUndo(history: try history(of: question.id, transaction.connection))
            if context.lastDecision?.event.kind == .questionMerged,
                let kept = context.lastDecision?.event.detail?.relatedQuestion
            {
                context.keptQuestion = try questionRow(kept, transaction.connection)
            }
        default: break
        }
        let events = try Moderation.decideAll(
            command, on: question, expectedVersion: expectedVersion, by: actor, at: at, context: context)
        for event in events { try transaction.append(event) }
        return events[0].question ?? question
    }

    private static func history(of id: QuestionID, _ connection: SQLiteConnection) throws -> [LoggedEvent] {
        let decoder = JSONCoding.decoder()
        return try connection.query(
            "SELECT seq, payload FROM events WHERE question_id = ? ORDER BY seq", [.integer(id.rawValue)]
        ) { row in
            LoggedEvent(
                sequence: EventSequence(row.int64(0)),
                event: try decoder.decode(DomainEvent.self, from: Data(row.text(1).utf8)))
        }
    }

    func openQuestions(in session: SessionID) throws -> [(QuestionID, String)] {
        let states = DuplicateIndex.openStates.map(\.rawValue).sorted()
        return try readers.read { connection in
            try connection.query(
                "SELECT id, text FROM questions WHERE session_id = ? AND state IN (\(states.map { "'\($0)'" }.joined(separator: ", ")))",
                [.integer(session.rawValue)]
            ) { (QuestionID($0.int64(0)), $0.text(1)) }
        }
    }

    // MARK: Keyword rules

    public func keywordRules(scope session: SessionID?) throws -> KeywordRules {
        let scope = session?.rawValue ?? 0
        if let cached = keywordCache.withLock({ $0[scope] }) { return cached }
        let rules = try readers.read { connection in
            var rules = KeywordRules()
            for (list, words) in try connection.query(
                "SELECT list, words FROM keyword_lists WHERE scope = ?", [.integer(scope)], { ($0.text(0), $0.text(1)) }
            ) {
                let decoded = (try? JSONCoding.decoder().decode([String].self, from: Data(words.utf8))) ?? []
                if list == "hold" { rules.hold = decoded } else if list == "block" { rules.block = decoded }
            }
            return rules
        }
        keywordCache.withLock { $0[scope] = rules }
        return rules
    }

    public func setKeywordRules(_ rules: KeywordRules, scope session: SessionID?, by actor: Actor) async throws {
        let scope = session?.rawValue ?? 0
        let at = now()
        try await writer.perform { transaction in
            for (list, words) in [("hold", rules.hold), ("block", rules.block)] {
                try transaction.connection.run(
                    """
                    INSERT INTO keyword_lists (scope, list, words, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (scope, list) DO UPDATE SET words = excluded.words, updated_at = excluded.updated_at,
                        updated_by = excluded.updated_by
                    """,
                    [
                        .integer(scope), .text(list),
                        .text(String(decoding: try JSONCoding.encoder().encode(words), as: UTF8.self)), .date(at),
                        .text(actor.name),
                    ]
                )
            }
        }
        keywordCache.withLock { $0[scope] = rules }
    }

    /// Stores `defaults` as the global lists unless global lists were ever saved (an empty saved list stays
    /// empty: the admin's choice wins over the shipped defaults).
    private static func seed(_ defaults: KeywordRules, _ connection: SQLiteConnection) throws {
        let saved = try connection.first("SELECT COUNT(*) FROM keyword_lists WHERE scope = 0") { $0.int(0) } ?? 0
        guard saved == 0, defaults != KeywordRules() else { return }
        let encoder = JSONCoding.encoder()
        for (list, words) in [("hold", defaults.hold), ("block", defaults.block)] {
            try connection.run(
                "INSERT INTO keyword_lists (scope, list, words, updated_at, updated_by) VALUES (0, ?, ?, ?, 'system')",
                [.text(list), .text(String(decoding: try encoder.encode(words), as: UTF8.self)), .date(Date())]
            )
        }
    }

    public func apply(_ commands: [BulkCommand], in session: SessionID, by actor: Actor) async throws -> [BulkOutcome] {
        let at = now()
        return try await writer.perform { transaction in
            try commands.map { item in
                guard let question = try Self.questionRow(item.questionID, transaction.connection),
                    question.sessionID == session
                else { return .notFound(item.questionID) }
                do {
                    return .applied(
                        try Self.decide(
                            item.command, on: question, expectedVersion: item.expectedVersion, by: actor, at: at,
                            transaction))
                } catch let error as ModerationError {
                    return .refused(error)
                }
            }
        }
    }

    public func question(_ id: QuestionID) throws -> Question? {
        try readers.read { try Self.questionRow(id, $0) }
    }

    static func questionRow(_ id: QuestionID, _ connection: SQLiteConnection) throws -> Question? {
        try connection.first(
            "SELECT \(QuestionRow.columns) FROM questions WHERE id = ?", [.integer(id.rawValue)], QuestionRow.read
        )
    }

    public func questions(in session: SessionID, matching filter: QuestionFilter, after cursor: QuestionID?, limit: Int)
        throws -> [Question]
    {
        var conditions = ["session_id = ?", "id > ?"]
        var bindings: [SQLiteValue] = [.integer(session.rawValue), .integer(cursor?.rawValue ?? 0)]
        if !filter.states.isEmpty {
            let states = filter.states.map(\.rawValue).sorted()
            conditions.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            bindings += states.map { .text($0) }
        }
        if let source = filter.source {
            conditions.append("source = ?")
            bindings.append(.text(source))
        }
        if let kind = filter.kind {
            conditions.append("kind = ?")
            bindings.append(.text(kind.rawValue))
        }
        if let tag = filter.tag, !tag.isEmpty {
            conditions.append("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = lower(?))")
            bindings.append(.text(tag))
        }
        if let starred = filter.starred {
            conditions.append("starred = ?")
            bindings.append(.bool(starred))
        }
        if let text = filter.text, !text.isEmpty {
            conditions.append("(instr(lower(text), lower(?)) > 0 OR instr(lower(author), lower(?)) > 0)")
            bindings += [.text(text), .text(text)]
        }
        let sql = """
            SELECT \(QuestionRow.columns) FROM questions WHERE \(conditions.joined(separator: " AND "))
            ORDER BY id LIMIT \(max(1, min(limit, 1_000)))
            """
        return try readers.read { try $0.query(sql, bindings, QuestionRow.read) }
    }

    public func questionCounts(in session: SessionID) throws -> [QuestionState: Int] {
        let rows = try readers.read { connection in
            try connection.query(
                "SELECT state, COUNT(*) FROM questions WHERE session_id = ? GROUP BY state",
                [.integer(session.rawValue)]
            ) { ($0.text(0), $0.int(1)) }
        }
        var counts: [QuestionState: Int] = [:]
        for (state, count) in rows { if let state = QuestionState(rawValue: state) { counts[state] = count } }
        return counts
    }

    // MARK: The log

    public func history(of question: QuestionID) throws -> [LoggedEvent] {
        try readEvents("question_id = ? AND seq > ?", [.integer(question.rawValue), .integer(0)], limit: 10_000)
    }

    public func events(in session: SessionID, after sequence: EventSequence, limit: Int) throws -> [LoggedEvent] {
        try readEvents(
            "session_id = ? AND seq > ?", [.integer(session.rawValue), .integer(sequence.rawValue)], limit: limit)
    }

    public func latestSequence() throws -> EventSequence {
        EventSequence(
            try readers.read { try $0.first("SELECT COALESCE(MAX(seq), 0) FROM events") { $0.int64(0) } } ?? 0)
    }

    private func readEvents(_ condition: String, _ bindings: [SQLiteValue], limit: Int) throws -> [LoggedEvent] {
        let decoder = self.decoder
        return try readers.read { connection in
            try connection.query(
                "SELECT seq, payload FROM events WHERE \(condition) ORDER BY seq LIMIT \(max(1, limit))", bindings
            ) { row in
                LoggedEvent(
                    sequence: EventSequence(row.int64(0)),
                    event: try decoder.decode(DomainEvent.self, from: Data(row.text(1).utf8))
                )
            }
        }
    }
}

/// The flood ledger behind a lock (only the writer thread takes it; the lock makes the class `Sendable`).
final class FloodLedgerBox: Sendable {
    let ledger = Mutex(FloodLedger())
}

/// Each session's open questions as a `DuplicateIndex`, loaded on first use and kept current by the writer.
final class DuplicateIndexes: Sendable {
    private let indexes = Mutex<[SessionID: DuplicateIndex]>([:])

    /// Loads the session's index with `load` (open questions and their texts) unless it is loaded.
    func load(_ session: SessionID, _ load: () throws -> [(QuestionID, String)]) throws {
        if indexes.withLock({ $0[session] != nil }) { return }
        var index = DuplicateIndex()
        for (id, text) in try load() { index.add(id, text: text) }
        let loaded = index
        indexes.withLock { indexes in
            // A commit that happened during the load already updated a newer one; keep that.
            if indexes[session] == nil { indexes[session] = loaded }
        }
    }

    /// Suggestions from the session's index, computed under the lock: a copy taken out of it would make the
    /// writer's next update copy the whole index.
    func suggestions(for text: String, in session: SessionID) -> [DuplicateHint] {
        indexes.withLock { $0[session]?.suggestions(for: text) ?? [] }
    }

    func update(with events: [LoggedEvent]) {
        indexes.withLock { indexes in
            for logged in events {
                guard let question = logged.event.question, indexes[question.sessionID] != nil else { continue }
                if DuplicateIndex.openStates.contains(question.state) {
                    indexes[question.sessionID]?.add(question.id, text: question.text)
                } else {
                    indexes[question.sessionID]?.remove(question.id)
                }
            }
        }
    }
}

/// The sessions read so far, by slug. Sessions are never deleted and change only through the writer, which
/// updates this cache after each commit and before acknowledging its callers, so a read never sees a session
/// older than a write it has been told about.
final class SessionCache: Sendable {
    private let sessions = Mutex<[String: Session]>([:])

    func session(slug: String) -> Session? { sessions.withLock { $0[slug] } }

    func remember(_ session: Session) {
        sessions.withLock { sessions in
            // A concurrent reader must not replace a newer version the writer stored.
            if (sessions[session.slug]?.version ?? 0) <= session.version { sessions[session.slug] = session }
        }
    }

    func update(with events: [LoggedEvent]) {
        for logged in events { if let session = logged.event.session { remember(session) } }
    }
}
