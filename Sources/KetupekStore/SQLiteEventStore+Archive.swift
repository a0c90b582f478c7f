import Foundation
import KetupekCore

extension SQLiteEventStore: ArchiveStore {
    public func storeArchive(
        _ publication: ArchivePublication, documents: [ArchiveDocumentRecord], searchEntries: [ArchiveSearchEntry],
        shared: [ArchiveDocumentRecord]
    ) async throws {
        let session = publication.sessionID
        try ArchiveRows.check(documents, of: session, shared: shared)
        var questions = Set<QuestionID>()
        for entry in searchEntries {
            guard entry.sessionID == session else {
                throw ArchiveInputError(
                    "search entry \(entry.questionID) is of session \(entry.sessionID), not \(session)")
            }
            guard questions.insert(entry.questionID).inserted else {
                throw ArchiveInputError("question \(entry.questionID) is in the search entries twice")
            }
        }
        // Checks and text cleaning happen here, on the caller's task, so the single writer only writes.
        let entries = searchEntries.map(ArchiveRows.cleaned)
        try await writer.perform { transaction in
            let connection = transaction.connection
            let found = try connection.first("SELECT 1 FROM sessions WHERE id = ?", [.integer(session.rawValue)]) {
                $0.int(0)
            }
            guard found != nil else { throw StoreError.notFound("session \(session)") }
            try ArchiveRows.remove(session, connection)
            try ArchiveRows.replaceShared(with: shared, connection)
            for document in documents { try ArchiveRows.insert(document, connection) }
            for entry in entries { try ArchiveRows.insert(entry, connection) }
            try connection.run(
                """
                INSERT INTO archive_publications (\(ArchiveRows.publicationColumns)) VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(session.rawValue), .date(publication.publishedAt), .date(publication.renderedAt),
                    .integer(Int64(publication.rendererVersion)), .integer(publication.sourceSequence.rawValue),
                    .text(publication.baseURL),
                ])
        }
    }

    public func withdrawArchive(of session: SessionID, shared: [ArchiveDocumentRecord]) async throws {
        try ArchiveRows.check([], of: session, shared: shared)
        try await writer.perform { transaction in
            try ArchiveRows.remove(session, transaction.connection)
            try ArchiveRows.replaceShared(with: shared, transaction.connection)
        }
    }

    public func replaceSharedArchive(_ shared: [ArchiveDocumentRecord]) async throws {
        try ArchiveRows.check([], of: SessionID(0), shared: shared)  // no session documents: any session will do
        try await writer.perform { transaction in try ArchiveRows.replaceShared(with: shared, transaction.connection) }
    }

    public func archivePublications() throws -> [ArchivePublication] {
        try read {
            try $0.query(
                "SELECT \(ArchiveRows.publicationColumns) FROM archive_publications ORDER BY published_at DESC, session_id DESC",
                [], ArchiveRows.readPublication)
        }
    }

    public func archivePublication(of session: SessionID) throws -> ArchivePublication? {
        try read {
            try $0.first(
                "SELECT \(ArchiveRows.publicationColumns) FROM archive_publications WHERE session_id = ?",
                [.integer(session.rawValue)], ArchiveRows.readPublication)
        }
    }

    public func archiveDocuments() throws -> [ArchiveDocumentRecord] {
        try read {
            try $0.query(
                "SELECT \(ArchiveRows.documentColumns) FROM archive_documents ORDER BY path", [],
                ArchiveRows.readDocument)
        }
    }

    public func archiveDocument(path: String) throws -> ArchiveDocumentRecord? {
        try read {
            try $0.first(
                "SELECT \(ArchiveRows.documentColumns) FROM archive_documents WHERE path = ?", [.text(path)],
                ArchiveRows.readDocument)
        }
    }

    public func searchArchive(_ query: ArchiveSearchQuery) throws -> ArchiveSearchResults {
        guard let match = ArchiveSearchText.matchExpression(query.text) else { return .empty }
        var conditions = ["archive_search MATCH ?"]
        var bindings: [SQLiteValue] = [.text(match)]
        if let stakeholder = query.stakeholderID {
            conditions.append("stakeholder_id = ?")
            bindings.append(.integer(stakeholder.rawValue))
        }
        if let from = query.from {
            conditions.append("answered_at >= ?")
            bindings.append(.date(from))
        }
        if let until = query.until {
            conditions.append("answered_at < ?")
            bindings.append(.date(until))
        }
        let filter = conditions.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), 100)
        let offset = max(query.offset, 0)
        return try read { connection in
            // One snapshot for the page and the count, so `total` agrees with the hits.
            try connection.execute("BEGIN")
            defer { try? connection.execute("ROLLBACK") }
            if let results = try ArchiveRows.firstPages(filter, bindings, limit: limit, offset: offset, connection) {
                return results
            }
            let hits = try connection.query(
                "\(ArchiveRows.hitSelect) WHERE \(filter) ORDER BY score, answered_at DESC, rowid DESC LIMIT ? OFFSET ?",
                bindings + [.integer(Int64(limit)), .integer(Int64(offset))], ArchiveRows.readHit
            ).map(\.hit)
            let total = try connection.first("SELECT COUNT(*) FROM archive_search WHERE \(filter)", bindings) {
                $0.int(0)
            }
            return ArchiveSearchResults(hits: hits, total: total ?? 0)
        }
    }
}

/// Turning a visitor's text into an FTS5 query that can only mean "all these words, as prefixes".
enum ArchiveSearchText {
    /// Words beyond this many are ignored: each costs a prefix scan of the index.
    static let maxTokens = 12

    /// `"word1"* "word2"*` for the words of `text`, or nil when it has none.
    ///
    /// A word is a run of letters, marks and digits (marks too, so scripts that write vowels as marks are not cut
    /// apart; the unicode61 tokenizer keeps all three in words); anything else separates. A word therefore never
    /// contains a double quote, so quoting it makes FTS5 read every word as text, never as syntax.
    static func matchExpression(_ text: String) -> String? {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
                continue
            }
            guard !current.isEmpty else { continue }
            tokens.append(String(current))
            current = String.UnicodeScalarView()
            if tokens.count == maxTokens { break }
        }
        if !current.isEmpty && tokens.count < maxTokens { tokens.append(String(current)) }
        guard !tokens.isEmpty else { return nil }
        return tokens.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            true
        default:
            false
        }
    }
}

/// The SQL of the archive tables, shared by the write and read paths.
enum ArchiveRows {
    static let publicationColumns =
        "session_id, published_at, rendered_at, renderer_version, source_sequence, base_url"
    static let documentColumns = "path, session_id, content_type, body_gzip, identity_size, etag, modified_at"

    /// Refuses an archive that contradicts itself, before it reaches the writer.
    static func check(_ documents: [ArchiveDocumentRecord], of session: SessionID, shared: [ArchiveDocumentRecord])
        throws
    {
        var paths = Set<String>()
        for document in documents {
            guard document.sessionID == session else {
                throw ArchiveInputError(
                    "document \(document.path) is of \(document.sessionID.map { "session \($0)" } ?? "no session"), "
                        + "not session \(session)")
            }
            guard paths.insert(document.path).inserted else { throw ArchiveInputError("path \(document.path) repeats") }
        }
        for document in shared {
            guard document.sessionID == nil else {
                throw ArchiveInputError(
                    "shared document \(document.path) names session \(document.sessionID.map { "\($0)" } ?? "")")
            }
            guard paths.insert(document.path).inserted else { throw ArchiveInputError("path \(document.path) repeats") }
        }
    }

    /// Deletes a session's documents, search entries and publication.
    static func remove(_ session: SessionID, _ connection: SQLiteConnection) throws {
        let id: [SQLiteValue] = [.integer(session.rawValue)]
        try connection.run("DELETE FROM archive_documents WHERE session_id = ?", id)
        try connection.run("DELETE FROM archive_search WHERE session_id = ?", id)
        try connection.run("DELETE FROM archive_publications WHERE session_id = ?", id)
    }

    /// Makes the shared documents exactly `shared`.
    static func replaceShared(with shared: [ArchiveDocumentRecord], _ connection: SQLiteConnection) throws {
        let kept = Set(shared.map(\.path))
        let stored = try connection.query("SELECT path FROM archive_documents WHERE session_id IS NULL", []) {
            $0.text(0)
        }
        for path in stored where !kept.contains(path) {
            try connection.run("DELETE FROM archive_documents WHERE path = ?", [.text(path)])
        }
        for document in shared { try insert(document, connection) }
    }

    /// Inserts a document, or replaces the one at its path if that has the same owner (session or shared).
    static func insert(_ document: ArchiveDocumentRecord, _ connection: SQLiteConnection) throws {
        try connection.run(
            """
            INSERT INTO archive_documents (\(documentColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET content_type = excluded.content_type, body_gzip = excluded.body_gzip,
                identity_size = excluded.identity_size, etag = excluded.etag, modified_at = excluded.modified_at
            WHERE session_id IS excluded.session_id
            """,
            [
                .text(document.path), .optional(document.sessionID?.rawValue), .text(document.contentType),
                .blob(document.gzipBody), .integer(Int64(document.identitySize)), .text(document.etag),
                .date(document.modifiedAt),
            ])
        guard connection.changes == 0 else { return }
        let owner = try connection.first(
            "SELECT session_id FROM archive_documents WHERE path = ?", [.text(document.path)]
        ) {
            $0.isNull(0) ? "the shared documents" : "session \($0.int64(0))"
        }
        throw StoreError(
            code: .alreadyExists,
            message: "archive path \(document.path) already belongs to \(owner ?? "another owner")")
    }

    /// Indexes an entry; one stored under the same question id before (in any session) is replaced.
    static func insert(_ entry: ArchiveSearchEntry, _ connection: SQLiteConnection) throws {
        try connection.run("DELETE FROM archive_search WHERE rowid = ?", [.integer(entry.questionID.rawValue)])
        try connection.run(
            """
            INSERT INTO archive_search (rowid, question, answer, asker, stakeholder, session_title, session_id, slug,
                stakeholder_id, answered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(entry.questionID.rawValue), .text(entry.question), .text(entry.answer), .text(entry.asker),
                .text(entry.stakeholderName), .text(entry.sessionTitle), .integer(entry.sessionID.rawValue),
                .text(entry.slug), .optional(entry.stakeholderID?.rawValue), .date(entry.answeredAt),
            ])
    }

    /// The entry with C0 controls other than tab, line feed and carriage return removed from its texts, so no
    /// stored text can contain the snippet markers.
    static func cleaned(_ entry: ArchiveSearchEntry) -> ArchiveSearchEntry {
        var entry = entry
        entry.slug = plain(entry.slug)
        entry.sessionTitle = plain(entry.sessionTitle)
        entry.question = plain(entry.question)
        entry.answer = plain(entry.answer)
        entry.asker = plain(entry.asker)
        entry.stakeholderName = plain(entry.stakeholderName)
        return entry
    }

    static func plain(_ text: String) -> String {
        let isControl = { (scalar: Unicode.Scalar) in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !isControl($0) })
        return String(scalars)
    }

    /// A search hit's columns; weights in column order: question, answer, asker, stakeholder, session title.
    static let hitSelect = """
        SELECT rowid, session_id, slug, session_title, question, answer, asker, stakeholder_id, stakeholder,
            answered_at,
            snippet(archive_search, 0, char(2), char(3), '…', 16),
            snippet(archive_search, 1, char(2), char(3), '…', 16),
            bm25(archive_search, 10.0, 5.0, 2.0, 3.0, 1.0) AS score
        FROM archive_search
        """

    /// How deep the first pages go that are ranked the fast way.
    static let firstPagesDepth = 200

    /// A page within the first `firstPagesDepth` hits, or nil when it must be ranked the slow way.
    ///
    /// Ordering by score and then by `answered_at` makes SQLite read `answered_at` of every matching row to sort
    /// it (about twice the time of a search matching thousands). Ordering by score and rowid instead reads the
    /// other columns only of the rows that reach the top of the sort. That top, one row longer than needed, holds
    /// exactly the rows the full ordering would put first unless its last two rows tie on score; when they do
    /// (rare: equal bm25 needs equal lengths and counts) this returns nil.
    static func firstPages(
        _ filter: String, _ bindings: [SQLiteValue], limit: Int, offset: Int, _ connection: SQLiteConnection
    ) throws -> ArchiveSearchResults? {
        guard offset <= firstPagesDepth - limit else { return nil }  // not `offset + limit`: it may overflow
        let window = offset + limit + 1
        let rows = try connection.query(
            "\(hitSelect) WHERE \(filter) ORDER BY score, rowid DESC LIMIT ?", bindings + [.integer(Int64(window))],
            readHit)
        if rows.count == window && rows[window - 2].score == rows[window - 1].score { return nil }
        let ranked = rows.prefix(offset + limit).sorted { first, second in
            if first.score != second.score { return first.score < second.score }
            switch (first.hit.entry.answeredAt, second.hit.entry.answeredAt) {
            case (let one?, let other?) where one != other: return one > other
            case (.some, nil): return true  // SQLite sorts NULL last in a descending order
            case (nil, .some): return false
            default: return first.hit.entry.questionID > second.hit.entry.questionID
            }
        }
        let hits = ranked.dropFirst(offset).map(\.hit)
        if rows.count < window { return ArchiveSearchResults(hits: hits, total: rows.count) }
        let total = try connection.first("SELECT COUNT(*) FROM archive_search WHERE \(filter)", bindings) { $0.int(0) }
        return ArchiveSearchResults(hits: hits, total: total ?? 0)
    }

    /// A row of `hitSelect`, with its bm25 score (lower is better).
    static func readHit(_ row: SQLiteStatement) -> (hit: ArchiveSearchHit, score: Double) {
        let score = row.double(12)
        let hit = ArchiveSearchHit(
            entry: ArchiveSearchEntry(
                questionID: QuestionID(row.int64(0)), sessionID: SessionID(row.int64(1)), slug: row.text(2),
                sessionTitle: row.text(3), question: row.text(4), answer: row.text(5), asker: row.text(6),
                stakeholderID: row.isNull(7) ? nil : StakeholderID(row.int64(7)), stakeholderName: row.text(8),
                answeredAt: row.optionalDate(9)),
            questionSnippet: row.text(10), answerSnippet: row.text(11), rank: -score)
        return (hit, score)
    }

    static func readPublication(_ row: SQLiteStatement) -> ArchivePublication {
        ArchivePublication(
            sessionID: SessionID(row.int64(0)), publishedAt: row.date(1), renderedAt: row.date(2),
            rendererVersion: row.int(3), sourceSequence: EventSequence(row.int64(4)), baseURL: row.text(5))
    }

    static func readDocument(_ row: SQLiteStatement) -> ArchiveDocumentRecord {
        ArchiveDocumentRecord(
            path: row.text(0), sessionID: row.isNull(1) ? nil : SessionID(row.int64(1)), contentType: row.text(2),
            gzipBody: row.blob(3), identitySize: row.int(4), etag: row.text(5), modifiedAt: row.date(6))
    }
}
