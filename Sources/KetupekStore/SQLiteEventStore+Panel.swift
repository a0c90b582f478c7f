import Foundation
import KetupekCore

extension SQLiteEventStore {
    // MARK: Stakeholders

    public func createStakeholder(_ draft: StakeholderDraft) async throws -> Stakeholder {
        let at = currentTime()
        return try await perform { connection in
            let id = StakeholderID(
                try connection.first("SELECT COALESCE(MAX(id), 0) + 1 FROM stakeholders") {
                    $0.int64(0)
                } ?? 1)
            let stakeholder = try draft.created(id: id, at: at)
            try Self.save(stakeholder, connection)
            return stakeholder
        }
    }

    public func updateStakeholder(_ id: StakeholderID, with draft: StakeholderDraft) async throws -> Stakeholder {
        try await perform { connection in
            guard let current = try Self.stakeholderRow(id, connection) else {
                throw StoreError.notFound("stakeholder \(id)")
            }
            let updated = try draft.applied(to: current)
            try Self.save(updated, connection)
            return updated
        }
    }

    public func stakeholders() throws -> [Stakeholder] {
        try read {
            try $0.query("SELECT \(Self.stakeholderColumns) FROM stakeholders ORDER BY name", [], Self.readStakeholder)
        }
    }

    public func stakeholder(_ id: StakeholderID) throws -> Stakeholder? {
        try read { try Self.stakeholderRow(id, $0) }
    }

    public func setPanel(of slug: String, to stakeholders: [StakeholderID]) async throws -> [Stakeholder] {
        try await perform { connection in
            guard let session = try Self.sessionRow(slug: slug, connection) else {
                throw StoreError.notFound("session \(slug)")
            }
            var seen: Set<StakeholderID> = []
            for id in stakeholders where seen.insert(id).inserted {
                guard try Self.stakeholderRow(id, connection) != nil else {
                    throw StoreError.notFound("stakeholder \(id)")
                }
            }
            try connection.run("DELETE FROM session_stakeholders WHERE session_id = ?", [.integer(session.id.rawValue)])
            var unique: [StakeholderID] = []
            for id in stakeholders where !unique.contains(id) { unique.append(id) }
            for (position, id) in unique.enumerated() {
                try connection.run(
                    "INSERT INTO session_stakeholders (session_id, stakeholder_id, position) VALUES (?, ?, ?)",
                    [.integer(session.id.rawValue), .integer(id.rawValue), .integer(Int64(position))])
            }
            return try Self.panel(of: session.id, connection)
        }
    }

    public func panel(of session: SessionID) throws -> [Stakeholder] {
        try read { try Self.panel(of: session, $0) }
    }

    // MARK: Panel commands

    public func apply(_ command: PanelCommand, to id: QuestionID, expectedVersion: Int, by actor: Actor) async throws
        -> Question
    {
        let at = currentTime()
        return try await write { transaction in
            let connection = transaction.connection
            guard let question = try Self.questionRow(id, connection) else {
                throw StoreError.notFound("question \(id)")
            }
            guard let session = try Self.sessionRow(id: question.sessionID, connection) else {
                throw StoreError.notFound("session \(question.sessionID)")
            }
            let onAir = try connection.first(
                "SELECT \(QuestionRow.columns) FROM questions WHERE session_id = ? AND state = 'on_air' LIMIT 1",
                [.integer(session.id.rawValue)], QuestionRow.read)
            let context = PanelContext(
                session: session, onAir: onAir, stakeholders: Set(try Self.panel(of: session.id, connection).map(\.id)))
            let events = try Panel.decideAll(
                command, on: question, expectedVersion: expectedVersion, by: actor, at: at, context: context)
            for event in events { try transaction.append(event) }
            return events[0].question ?? question
        }
    }

    /// A stakeholder's queue in a session: assigned questions still to answer, on air first, then by priority
    /// (higher first), votes (more first) and time (older first).
    public func queue(of stakeholder: StakeholderID, in session: SessionID) throws -> [Question] {
        try read { connection in
            try connection.query(
                """
                SELECT \(QuestionRow.columns) FROM questions
                WHERE session_id = ? AND stakeholder_id = ? AND state IN ('approved', 'on_air', 'deferred')
                ORDER BY state = 'on_air' DESC, COALESCE(priority, 0) DESC, votes DESC, received_at, id
                LIMIT 1000
                """,
                [.integer(session.rawValue), .integer(stakeholder.rawValue)], QuestionRow.read)
        }
    }

    /// The session's question on air now, if any.
    public func onAir(in session: SessionID) throws -> Question? {
        try read { connection in
            try connection.first(
                "SELECT \(QuestionRow.columns) FROM questions WHERE session_id = ? AND state = 'on_air' LIMIT 1",
                [.integer(session.rawValue)], QuestionRow.read)
        }
    }

    // MARK: Rows

    static let stakeholderColumns = "id, name, short_name, description, created_at"

    static func readStakeholder(_ row: SQLiteStatement) -> Stakeholder {
        Stakeholder(
            id: StakeholderID(row.int64(0)), name: row.text(1), shortName: row.text(2),
            description: row.text(3), createdAt: row.date(4))
    }

    static func stakeholderRow(_ id: StakeholderID, _ connection: SQLiteConnection) throws -> Stakeholder? {
        try connection.first(
            "SELECT \(stakeholderColumns) FROM stakeholders WHERE id = ?", [.integer(id.rawValue)], readStakeholder)
    }

    static func save(_ stakeholder: Stakeholder, _ connection: SQLiteConnection) throws {
        try connection.run(
            """
            INSERT INTO stakeholders (\(stakeholderColumns)) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
                description = excluded.description
            """,
            [
                .integer(stakeholder.id.rawValue), .text(stakeholder.name), .text(stakeholder.shortName),
                .text(stakeholder.description), .date(stakeholder.createdAt),
            ])
    }

    static func panel(of session: SessionID, _ connection: SQLiteConnection) throws -> [Stakeholder] {
        try connection.query(
            """
            SELECT s.id, s.name, s.short_name, s.description, s.created_at FROM session_stakeholders p
            JOIN stakeholders s ON s.id = p.stakeholder_id WHERE p.session_id = ? ORDER BY p.position
            """,
            [.integer(session.rawValue)], readStakeholder)
    }

    static func sessionRow(id: SessionID, _ connection: SQLiteConnection) throws -> Session? {
        try connection.first("SELECT snapshot FROM sessions WHERE id = ?", [.integer(id.rawValue)]) {
            try JSONCoding.decoder().decode(Session.self, from: Data($0.text(0).utf8))
        }
    }
}

extension SQLiteEventStore {
    // MARK: The overlay link

    /// Stores the hash of a new overlay key for the session, replacing the old one (which stops working).
    public func rotateOverlayKey(of slug: String, keyHash: String) async throws {
        let at = currentTime()
        try await perform { connection in
            guard let session = try Self.sessionRow(slug: slug, connection) else {
                throw StoreError.notFound("session \(slug)")
            }
            try connection.run(
                """
                INSERT INTO overlay_keys (session_id, key_hash, created_at) VALUES (?, ?, ?)
                ON CONFLICT (session_id) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at
                """,
                [.integer(session.id.rawValue), .text(keyHash), .date(at)])
        }
    }

    /// The hash of the session's current overlay key, if one was made.
    public func overlayKeyHash(of session: SessionID) throws -> String? {
        try read { connection in
            try connection.first("SELECT key_hash FROM overlay_keys WHERE session_id = ?", [.integer(session.rawValue)])
            {
                $0.text(0)
            }
        }
    }

    // MARK: Votes

    /// Counts one vote of `voter` (a hash) for a public question; a second vote of the same voter changes
    /// nothing. Returns the question and whether the vote counted.
    public func vote(for id: QuestionID, voterHash: String) async throws -> (Question, counted: Bool) {
        let at = currentTime()
        return try await write { transaction in
            let connection = transaction.connection
            guard let question = try Self.questionRow(id, connection), question.state.isPublic else {
                throw StoreError.notFound("question \(id)")
            }
            try connection.run(
                "INSERT INTO votes (question_id, voter_hash, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [.integer(id.rawValue), .text(voterHash), .date(at)])
            guard connection.changes == 1 else { return (question, false) }
            var after = question
            after.votes += 1
            after.version += 1
            after.updatedAt = at
            try transaction.append(
                DomainEvent(
                    kind: .questionVoted, sessionID: question.sessionID,
                    actor: Actor(role: nil, userID: nil, name: "public"),
                    at: at, question: after, detail: EventDetail(previousState: question.state)))
            return (after, true)
        }
    }
}
