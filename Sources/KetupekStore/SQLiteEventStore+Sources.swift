import Foundation
import KetupekCore

extension SQLiteEventStore: SourceStore {
    /// How long push delivery ids are remembered (senders retry for hours or days; the ids are small).
    static let deliveryMemory: TimeInterval = 7 * 24 * 3600

    public func ingest(_ comments: [IncomingComment], into slug: String, by actor: Actor, commit: SourceCommit?)
        async throws -> SourceIngestResult
    {
        let at = now()
        guard let session = try session(slug: slug) else { throw StoreError.notFound("session \(slug)") }
        // Everything that needs no lock happens here, on the caller's task, so the single writer only inserts:
        // validation, the new question with an id taken from the counter, and its event encoded as JSON.
        // Keyword rules, duplicate hints and flood control are decided here too, and recorded in the event the
        // writer appends (`question.rule`, `detail.rule`). Flood control counts every comment it was asked about,
        // so a comment sent again (idempotent, not stored twice) still counts once more for its author.
        let encoder = JSONCoding.encoder()
        let rules = try keywordRules(scope: nil).merging(try keywordRules(scope: session.id)).compiled()
        try duplicateIndexes.load(session.id) { try self.openQuestions(in: session.id) }
        // Comments of this batch may repeat each other: a small index of their own (copying the session's
        // index to add to it would cost as much as the session is large).
        var batchIndex = DuplicateIndex()
        var outcomes: [IngestOutcome?] = []
        var prepared: [(slot: Int, event: DomainEvent, payload: String)] = []
        for (slot, comment) in comments.enumerated() {
            let valid: IncomingComment
            do throws(ValidationError) { valid = try comment.validated() } catch {
                outcomes.append(.invalid(error))
                continue
            }
            let id = QuestionID(questionIDs.add(1, ordering: .relaxed).oldValue)
            var question = valid.question(id: id, in: session, receivedAt: at)
            question.duplicates = Array(
                (duplicateIndexes.suggestions(for: question.text, in: session.id)
                    + batchIndex.suggestions(for: question.text))
                    .sorted { $0.score != $1.score ? $0.score > $1.score : $0.questionID < $1.questionID }
                    .prefix(DuplicateIndex.limit))
            if comments.count > 1 { batchIndex.add(id, text: question.text) }
            var detail: EventDetail?
            if let match = rules.match(question.text) {
                if case .block = match {
                    FloodControl.apply(rule: match.rule, blocking: true, to: &question)
                } else {
                    FloodControl.apply(rule: match.rule, blocking: false, to: &question)
                }
                detail = EventDetail(rule: match.rule)
            }
            // Flood control checks and records under one lock, so concurrent requests count each other.
            let candidate = question
            if let rule = floodLedger.ledger.withLock({ ledger in
                defer { ledger.record(candidate, floodControl) }
                return candidate.rule == nil ? ledger.rule(for: candidate, floodControl) : nil
            }) {
                FloodControl.apply(rule: rule, blocking: false, to: &question)
                detail = EventDetail(rule: rule)
            }
            let event = DomainEvent(
                kind: .questionReceived, sessionID: session.id, actor: actor, at: at, question: question, detail: detail
            )
            prepared.append((slot, event, String(decoding: try encoder.encode(event), as: UTF8.self)))
            outcomes.append(nil)
        }
        let ready = prepared
        let stored: [IngestOutcome]? = try await writer.perform { transaction in
            if let commit, let delivery = commit.deliveryID {
                try transaction.connection.run(
                    "INSERT INTO deliveries (source_id, delivery_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [.integer(commit.sourceID ?? 0), .text(delivery), .date(at)])
                if transaction.connection.changes == 0 { return nil }
                try transaction.connection.run(
                    "DELETE FROM deliveries WHERE at < ?", [.date(at.addingTimeInterval(-Self.deliveryMemory))])
            }
            var created = 0
            var duplicates = 0
            let results = try ready.map { item -> IngestOutcome in
                guard let question = item.event.question else {
                    preconditionFailure("question.received without a question")
                }
                if try transaction.insertIfAbsent(question) {
                    try transaction.log(item.event, payload: item.payload)
                    created += 1
                    if let commit, item.slot < commit.receiptHashes.count, let hash = commit.receiptHashes[item.slot] {
                        try transaction.connection.run(
                            "INSERT INTO receipts (code_hash, question_id, created_at) VALUES (?, ?, ?)",
                            [.text(hash), .integer(question.id.rawValue), .date(at)])
                    }
                    return .stored(question, created: true)
                }
                duplicates += 1
                guard
                    let existing = try transaction.connection.first(
                        "SELECT \(QuestionRow.columns) FROM questions WHERE session_id = ? AND source = ? AND external_id = ?",
                        [.integer(session.id.rawValue), .text(question.source), .text(question.externalID)],
                        QuestionRow.read
                    )
                else { throw StoreError.notFound("question \(question.source)/\(question.externalID)") }
                return .stored(existing, created: false)
            }
            if let commit, let sourceID = commit.sourceID {
                // The checkpoint goes with the batch: both commit, or neither does.
                try transaction.connection.run(
                    """
                    UPDATE sources SET checkpoint = COALESCE(?, checkpoint), ingested = ingested + ?,
                        duplicates = duplicates + ?, updated_at = ? WHERE id = ?
                    """,
                    [
                        .optional(commit.checkpoint), .integer(Int64(created)), .integer(Int64(duplicates)), .date(at),
                        .integer(sourceID),
                    ])
            }
            return results
        }
        guard let stored else { return SourceIngestResult(duplicateDelivery: true, outcomes: []) }
        for (item, outcome) in zip(prepared, stored) { outcomes[item.slot] = outcome }
        // Every slot is filled now: invalid ones before the write, stored ones from it.
        return SourceIngestResult(duplicateDelivery: false, outcomes: outcomes.compactMap { $0 })
    }

    public func createSource(_ source: NewSource, in slug: String) async throws -> SourceRecord {
        let at = now()
        let name = try TextRules.clean(source.name, field: "name", max: 100)
        let settings = try Self.encode(source.settings)
        let id: Int64 = try await writer.perform { transaction in
            guard
                let sessionID = try transaction.connection.first(
                    "SELECT id FROM sessions WHERE slug = ?", [.text(slug)], { $0.int64(0) })
            else { throw StoreError.notFound("session \(slug)") }
            try transaction.connection.run(
                """
                INSERT INTO sources (session_id, kind, name, settings, secret_hash, enabled, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 0, 'idle', ?, ?)
                """,
                [
                    .integer(sessionID), .text(source.kind), .text(name), .text(settings), .optional(source.secretHash),
                    .date(at), .date(at),
                ])
            return transaction.connection.lastInsertRowID
        }
        return try requireSource(id)
    }

    public func updateSource(_ id: Int64, name: String?, settings: [String: String]?) async throws -> SourceRecord {
        let at = now()
        let name = try name.map { try TextRules.clean($0, field: "name", max: 100) }
        let settings = try settings.map(Self.encode)
        try await writer.perform { transaction in
            try transaction.connection.run(
                "UPDATE sources SET name = COALESCE(?, name), settings = COALESCE(?, settings), updated_at = ? WHERE id = ?",
                [.optional(name), .optional(settings), .date(at), .integer(id)])
            if transaction.connection.changes == 0 { throw StoreError.notFound("source \(id)") }
        }
        return try requireSource(id)
    }

    public func deleteSource(_ id: Int64) async throws {
        try await writer.perform { transaction in
            try transaction.connection.run("DELETE FROM sources WHERE id = ?", [.integer(id)])
            if transaction.connection.changes == 0 { throw StoreError.notFound("source \(id)") }
            try transaction.connection.run("DELETE FROM deliveries WHERE source_id = ?", [.integer(id)])
        }
    }

    public func setSourceEnabled(_ id: Int64, _ enabled: Bool, state: String) async throws -> SourceRecord {
        let at = now()
        try await writer.perform { transaction in
            try transaction.connection.run(
                "UPDATE sources SET enabled = ?, state = ?, last_error = NULL, updated_at = ? WHERE id = ?",
                [.bool(enabled), .text(state), .date(at), .integer(id)])
            if transaction.connection.changes == 0 { throw StoreError.notFound("source \(id)") }
        }
        return try requireSource(id)
    }

    public func recordSourceState(_ id: Int64, state: String, lastError: String?) async throws {
        let at = now()
        try await writer.perform { transaction in
            try transaction.connection.run(
                "UPDATE sources SET state = ?, last_error = ?, updated_at = ? WHERE id = ?",
                [.text(state), .optional(lastError), .date(at), .integer(id)])
        }
    }

    public func source(_ id: Int64) throws -> SourceRecord? {
        try read {
            try $0.first("SELECT \(Self.sourceColumns) FROM sources WHERE id = ?", [.integer(id)], Self.readSource)
        }
    }

    public func sources(in session: SessionID) throws -> [SourceRecord] {
        try read {
            try $0.query(
                "SELECT \(Self.sourceColumns) FROM sources WHERE session_id = ? ORDER BY id",
                [.integer(session.rawValue)], Self.readSource)
        }
    }

    public func source(secretHash: String) throws -> SourceRecord? {
        try read {
            try $0.first(
                "SELECT \(Self.sourceColumns) FROM sources WHERE secret_hash = ?", [.text(secretHash)],
                Self.readSource)
        }
    }

    public func enabledSources() throws -> [SourceRecord] {
        try read {
            try $0.query("SELECT \(Self.sourceColumns) FROM sources WHERE enabled = 1 ORDER BY id", [], Self.readSource)
        }
    }

    public func receipt(codeHash: String) throws -> QuestionID? {
        try read {
            try $0.first("SELECT question_id FROM receipts WHERE code_hash = ?", [.text(codeHash)]) {
                QuestionID($0.int64(0))
            }
        }
    }

    private func requireSource(_ id: Int64) throws -> SourceRecord {
        guard let record = try source(id) else { throw StoreError.notFound("source \(id)") }
        return record
    }

    private static func encode(_ settings: [String: String]) throws -> String {
        String(decoding: try JSONCoding.encoder().encode(settings), as: UTF8.self)
    }

    private static let sourceColumns =
        "id, session_id, kind, name, settings, enabled, state, last_error, checkpoint, ingested, duplicates, created_at, updated_at"

    private static func readSource(_ row: SQLiteStatement) throws -> SourceRecord {
        SourceRecord(
            id: row.int64(0), sessionID: SessionID(row.int64(1)), kind: row.text(2), name: row.text(3),
            settings: try JSONCoding.decoder().decode([String: String].self, from: Data(row.text(4).utf8)),
            enabled: row.int(5) == 1, state: row.text(6), lastError: row.optionalText(7),
            checkpoint: row.optionalText(8),
            ingested: row.int(9), duplicates: row.int(10), createdAt: row.date(11), updatedAt: row.date(12))
    }
}

extension SQLiteEventStore {
    /// Questions of a session still waiting or approved that a platform took back: by their external ids
    /// (deleted messages) or by their author's platform id (bans; the contact is `platform:id`).
    public func retracted(in session: SessionID, externalIDs: [String], authorIDs: [String]) throws -> [Question] {
        guard !externalIDs.isEmpty || !authorIDs.isEmpty else { return [] }
        let ids = Array(externalIDs.prefix(500))
        let authors = Array(authorIDs.prefix(500))
        let marks = { (count: Int) in Array(repeating: "?", count: max(count, 1)).joined(separator: ", ") }
        let sql = """
            SELECT \(QuestionRow.columns) FROM questions
            WHERE session_id = ? AND state IN ('pending', 'approved')
              AND (external_id IN (\(marks(ids.count)))
                   OR (contact IS NOT NULL AND substr(contact, instr(contact, ':') + 1) IN (\(marks(authors.count)))))
            LIMIT 1000
            """
        let bindings: [SQLiteValue] =
            [.integer(session.rawValue)]
            + (ids.isEmpty ? [.null] : ids.map { .text($0) }) + (authors.isEmpty ? [.null] : authors.map { .text($0) })
        return try read { try $0.query(sql, bindings, QuestionRow.read) }
    }
}
