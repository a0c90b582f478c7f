import Foundation
import KetupekCore
import KetupekStore
import KetupekTestSupport
import Synchronization
import Testing

/// The contract every `EventStore` must meet, run against SQLite in a temporary file.
@Suite("Event store contract (SQLite file)")
struct EventStoreContractTests {
    /// Opens a store on a fresh file and hands it to `body`; collects what was published.
    func withStore(
        now: @escaping @Sendable () -> Date = { Date().roundedToMilliseconds },
        _ body: (SQLiteEventStore, TemporaryDirectory, Published) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let published = Published()
        let store = try SQLiteEventStore(path: directory.file("ketupek.sqlite"), now: now) { published.add($0) }
        try await body(store, directory, published)
        store.close()
    }

    final class Published: Sendable {
        private let batches = Mutex<[[LoggedEvent]]>([])
        func add(_ events: [LoggedEvent]) { batches.withLock { $0.append(events) } }
        var all: [LoggedEvent] { batches.withLock { $0.flatMap { $0 } } }
        var batchCount: Int { batches.withLock { $0.count } }
    }

    @Test("a session is created once per slug and read back equal")
    func sessions() async throws {
        try await withStore { store, _, _ in
            let created = try await store.createSession(makeDraft(), by: testAdmin)
            #expect(try store.session(slug: "ketupek-desember") == created)
            await #expect(throws: StoreError.self) { try await store.createSession(makeDraft(), by: testAdmin) }
            #expect(try store.sessions().count == 1)
            let live = try await store.changeSessionState(slug: created.slug, to: .live, by: testModerator)
            #expect(live.state == .live)
            #expect(live.broadcastStart != nil)
            await #expect(throws: SessionError.illegalTransition(from: .live, to: .published)) {
                try await store.changeSessionState(slug: created.slug, to: .published, by: testModerator)
            }
        }
    }

    @Test("ingest is idempotent on (session, source, external id)")
    func idempotentIngest() async throws {
        try await withStore { store, _, _ in
            _ = try await store.createSession(makeDraft(), by: testAdmin)
            let comment = makeComment(externalID: "fb-1")
            let first = try await store.ingest([comment], into: "ketupek-desember", by: testModerator)
            let again = try await store.ingest([comment, comment], into: "ketupek-desember", by: testModerator)
            guard case .stored(let question, true) = first[0] else {
                Issue.record("not created: \(first)")
                return
            }
            #expect(again == [.stored(question, created: false), .stored(question, created: false)])
            let other = try await store.ingest(
                [makeComment(source: "youtube", externalID: "fb-1")],
                into: "ketupek-desember", by: testModerator)
            guard case .stored(let second, true) = other[0] else {
                Issue.record("same id in another source")
                return
            }
            #expect(second.id != question.id)
            let all = try store.questions(in: question.sessionID, matching: QuestionFilter(), after: nil, limit: 100)
            #expect(all.count == 2)
        }
    }

    @Test("a bad comment in a batch is reported in its slot and writes nothing; the rest are stored")
    func partialBatch() async throws {
        try await withStore { store, _, published in
            let session = try await store.createSession(makeDraft(), by: testAdmin)
            let outcomes = try await store.ingest(
                [
                    makeComment(externalID: "a"), makeComment(text: "   ", externalID: "b"),
                    makeComment(externalID: "c"),
                ],
                into: session.slug, by: testModerator
            )
            #expect(outcomes[1] == .invalid(.empty(field: "text")))
            #expect(
                try store.questions(in: session.id, matching: QuestionFilter(), after: nil, limit: 10).map(\.externalID)
                    == ["a", "c"])
            #expect(published.all.filter { $0.event.kind == .questionReceived }.count == 2)
        }
    }

    @Test("commands update the projection and the log in one step; a stale version changes nothing")
    func commands() async throws {
        try await withStore { store, _, published in
            let session = try await store.createSession(makeDraft(), by: testAdmin)
            let outcome = try await store.ingest(
                [makeComment(contact: "0812-0000-1111")], into: session.slug, by: testModerator)
            guard case .stored(let question, _) = outcome[0] else {
                Issue.record("not stored")
                return
            }
            let approved = try await store.apply(.approve, to: question.id, expectedVersion: 1, by: testModerator)
            #expect(approved.state == .approved)
            #expect(try store.question(question.id) == approved)
            let before = try store.latestSequence()
            await #expect(throws: ModerationError.staleVersion(expected: 1, current: approved)) {
                try await store.apply(.hold(note: nil), to: question.id, expectedVersion: 1, by: testModerator)
            }
            #expect(try store.latestSequence() == before)
            #expect(try store.question(question.id) == approved)
            let edited = try await store.apply(
                .edit(text: "Cara mengurus KTP-el hilang?"), to: question.id,
                expectedVersion: 2, by: testModerator)
            let history = try store.history(of: question.id)
            #expect(history.map(\.event.kind) == [.questionReceived, .questionApproved, .questionEdited])
            #expect(history.last?.event.question == edited)
            #expect(history.last?.event.detail?.previousText == question.text)
            #expect(edited.originalText == question.originalText)
            #expect(
                published.all.map(\.sequence)
                    == (try store.events(in: session.id, after: .start, limit: 100).map(\.sequence)))
            await #expect(throws: StoreError.self) {
                try await store.apply(.approve, to: QuestionID(999), expectedVersion: 1, by: testModerator)
            }
        }
    }

    @Test("concurrent commands are group-committed and every caller gets its own result")
    func groupCommit() async throws {
        try await withStore { store, _, published in
            let session = try await store.createSession(makeDraft(), by: testAdmin)
            let results = try await withThrowingTaskGroup(of: [IngestOutcome].self) { group in
                for index in 0..<400 {
                    group.addTask {
                        try await store.ingest(
                            [makeComment(externalID: "c\(index)")], into: session.slug, by: testModerator)
                    }
                }
                return try await group.reduce(into: [IngestOutcome]()) { $0 += $1 }
            }
            #expect(results.count == 400)
            let ids = Set(results.compactMap { if case .stored(let q, true) = $0 { q.id } else { nil } })
            #expect(ids.count == 400)
            #expect(published.all.count == 401)
            #expect(published.batchCount < 401, "400 concurrent commands must share transactions")
        }
    }

    @Test("events replay in order after any sequence")
    func replay() async throws {
        try await withStore { store, _, _ in
            let session = try await store.createSession(makeDraft(), by: testAdmin)
            for index in 0..<30 {
                _ = try await store.ingest(
                    [makeComment(externalID: "r\(index)")], into: session.slug, by: testModerator)
            }
            let all = try store.events(in: session.id, after: .start, limit: 1_000)
            #expect(all.count == 31)
            let tail = try store.events(in: session.id, after: all[9].sequence, limit: 5)
            #expect(tail.map(\.sequence) == Array(all[10..<15]).map(\.sequence))
        }
    }

    @Test("a listing filters by state, source and text and pages by cursor")
    func listing() async throws {
        try await withStore { store, _, _ in
            let session = try await store.createSession(makeDraft(), by: testAdmin)
            var comments: [IncomingComment] = []
            for index in 0..<25 {
                comments.append(
                    makeComment(
                        text: index % 5 == 0 ? "Jalan rusak di Jl. Sudirman?" : "BPJS \(index)?",
                        source: index % 2 == 0 ? "facebook" : "youtube", externalID: "l\(index)",
                        author: "Warga \(index)"))
            }
            _ = try await store.ingest(comments, into: session.slug, by: testModerator)
            let page1 = try store.questions(in: session.id, matching: QuestionFilter(), after: nil, limit: 10)
            let page2 = try store.questions(
                in: session.id, matching: QuestionFilter(), after: page1.last?.id, limit: 10)
            let page3 = try store.questions(
                in: session.id, matching: QuestionFilter(), after: page2.last?.id, limit: 10)
            #expect(page1.count == 10 && page2.count == 10 && page3.count == 5)
            #expect(Set((page1 + page2 + page3).map(\.id)).count == 25)
            #expect(
                try store.questions(in: session.id, matching: QuestionFilter(text: "SUDIRMAN"), after: nil, limit: 100)
                    .count == 5)
            #expect(
                try store.questions(
                    in: session.id, matching: QuestionFilter(source: "facebook"), after: nil, limit: 100
                ).count == 13)
            _ = try await store.apply(.approve, to: page1[0].id, expectedVersion: 1, by: testModerator)
            #expect(
                try store.questions(
                    in: session.id, matching: QuestionFilter(states: [.approved]), after: nil, limit: 100
                ).map(\.id)
                    == [page1[0].id])
            #expect(try store.questionCounts(in: session.id) == [.pending: 24, .approved: 1])
        }
    }

    @Test("what was acknowledged is there after reopening; a newer schema is refused")
    func durability() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ketupek.sqlite")
        do {
            let store = try SQLiteEventStore(path: path)
            let session = try await store.createSession(makeDraft(), by: testAdmin)
            _ = try await store.ingest([makeComment(externalID: "keep")], into: session.slug, by: testModerator)
            store.close()
        }
        do {
            let store = try SQLiteEventStore(path: path)
            let session = try #require(try store.session(slug: "ketupek-desember"))
            #expect(
                try store.questions(in: session.id, matching: QuestionFilter(), after: nil, limit: 10).map(\.externalID)
                    == ["keep"])
            store.close()
        }
        let raw = try SQLiteEventStore(path: path)
        raw.close()
        // Pretend a newer build wrote the file.
        try setUserVersion(path: path, to: 999)
        #expect(throws: StoreError.self) { try SQLiteEventStore(path: path) }
    }

    @Test("accounts: users, logins that expire, tokens")
    func accounts() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        try await withStore(now: { clock.withLock { $0 } }) { store, _, _ in
            let user = try await store.createUser(
                NewUser(
                    username: "rina", displayName: "Rina", role: .moderator,
                    passwordHash: "$argon2id$x"))
            await #expect(throws: StoreError.self) {
                try await store.createUser(NewUser(username: "RINA", displayName: "R", role: .admin, passwordHash: "y"))
            }
            #expect(try store.user(named: "Rina")?.user == user)
            let now = clock.withLock { $0 }
            try await store.createLogin(
                Login(
                    tokenHash: "h1", userID: user.id, csrfToken: "c", createdAt: now,
                    expiresAt: now.addingTimeInterval(60)))
            #expect(try store.login(tokenHash: "h1", at: now)?.userID == user.id)
            #expect(try store.login(tokenHash: "h1", at: now.addingTimeInterval(61)) == nil)
            try await store.deleteLogin(tokenHash: "h1")
            #expect(try store.login(tokenHash: "h1", at: now) == nil)
            let token = try await store.createAPIToken(
                NewAPIToken(tokenHash: "t1", name: "fb bridge", role: .integration))
            #expect(try store.apiToken(hash: "t1") == token)
            #expect(try store.apiToken(hash: "t2") == nil)
        }
    }
}
