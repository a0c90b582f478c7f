import Foundation
import KetupekCore

/// The writer's view of the open transaction: appends events and updates the projections beside them.
/// Lives only on the writer thread, for the duration of one batch.
final class WriteTransaction {
    let connection: SQLiteConnection
    /// Events appended in this transaction, published after it commits.
    var pendingEvents: [LoggedEvent] = []
    private let encoder = JSONCoding.encoder()

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Appends `event` to the log and updates the projection it concerns, in this transaction.
    @discardableResult
    func append(_ event: DomainEvent) throws -> LoggedEvent {
        if let session = event.session { try project(session) }
        if let question = event.question { try project(question) }
        return try log(event, payload: String(decoding: try encoder.encode(event), as: UTF8.self))
    }

    /// Inserts a new question unless (session, source, external id) is already taken; `false` when it was.
    func insertIfAbsent(_ question: Question) throws -> Bool {
        try connection.run(
            """
            INSERT INTO questions (\(QuestionRow.columns)) VALUES (\(QuestionRow.placeholders))
            ON CONFLICT (session_id, source, external_id) DO NOTHING
            """,
            QuestionRow.values(question)
        )
        return connection.changes == 1
    }

    /// Appends `event`, already encoded as `payload`, to the log without touching a projection.
    @discardableResult
    func log(_ event: DomainEvent, payload: String) throws -> LoggedEvent {
        try connection.run(
            "INSERT INTO events (session_id, question_id, type, actor, at, payload) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .integer(event.sessionID.rawValue), .optional(event.question?.id.rawValue),
                .text(event.kind.rawValue), .text(event.actor.name), .date(event.at), .text(payload),
            ]
        )
        let logged = LoggedEvent(sequence: EventSequence(connection.lastInsertRowID), event: event)
        pendingEvents.append(logged)
        return logged
    }

    /// The next id for a new row of `table` (ids are assigned before the event that creates the row).
    func nextID(in table: String) throws -> Int64 {
        try connection.first("SELECT COALESCE(MAX(id), 0) + 1 FROM \(table)") { $0.int64(0) } ?? 1
    }

    private func project(_ session: Session) throws {
        let snapshot = String(decoding: try encoder.encode(session), as: UTF8.self)
        try connection.run(
            """
            INSERT INTO sessions (id, slug, state, created_at, snapshot) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, state = excluded.state, snapshot = excluded.snapshot
            """,
            [
                .integer(session.id.rawValue), .text(session.slug), .text(session.state.rawValue),
                .date(session.createdAt),
                .text(snapshot),
            ]
        )
    }

    private func project(_ question: Question) throws {
        try connection.run(
            "UPDATE questions SET \(QuestionRow.assignments) WHERE id = ?",
            QuestionRow.values(question) + [.integer(question.id.rawValue)]
        )
    }
}
