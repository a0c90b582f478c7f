import Foundation
import KetupekCore
import KetupekStore
import KetupekTestSupport
import Testing

/// Ingest-time rules and the commands that touch two questions, on a real SQLite file.
@Suite("Store: ingest rules, merge and undo")
struct ModerationStoreTests {
    func withStore(
        rules: KeywordRules = KeywordRules(hold: ["judi online"], block: ["bangsat"]),
        _ body: (SQLiteEventStore, Session) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(
            path: directory.file("ketupek.sqlite"), floodControl: FloodControl(perMinute: 3),
            defaultKeywordRules: rules)
        let session = try await store.createSession(makeDraft(), by: testAdmin)
        try await body(store, session)
        store.close()
    }

    func stored(_ outcomes: [IngestOutcome]) -> [Question] {
        outcomes.compactMap { if case .stored(let question, _) = $0 { question } else { nil } }
    }

    @Test("a keyword holds or rejects at ingest, and the rule is in the question and its event")
    func keywords() async throws {
        try await withStore { store, session in
            let questions = stored(
                try await store.ingest(
                    [
                        makeComment(text: "Ayo JUD1 online", author: "A"),
                        makeComment(text: "dasar b4ngsat", author: "B"),
                        makeComment(text: "Kapan KTP jadi?", author: "C"),
                    ], into: session.slug, by: testModerator))
            #expect(questions.map(\.state) == [.held, .rejected, .pending])
            #expect(
                questions[0].rule == "keyword:hold:judi online" && questions[0].heldReason == "keyword:hold:judi online"
            )
            #expect(questions[1].rule == "keyword:block:bangsat")
            let history = try store.history(of: questions[0].id)
            #expect(history.first?.event.detail?.rule == "keyword:hold:judi online")
            #expect(try store.question(questions[0].id)?.rule == "keyword:hold:judi online")
        }
    }

    @Test("the admin's lists replace the defaults; a session's lists add to the global ones")
    func editableLists() async throws {
        try await withStore { store, session in
            #expect(try store.keywordRules(scope: nil).hold == ["judi online"])
            try await store.setKeywordRules(KeywordRules(hold: [], block: []), scope: nil, by: testAdmin)
            try await store.setKeywordRules(KeywordRules(hold: ["pinjol"], block: []), scope: session.id, by: testAdmin)
            let questions = stored(
                try await store.ingest(
                    [
                        makeComment(text: "judi online", author: "A"),
                        makeComment(text: "info PINJOL dong", author: "B"),
                    ], into: session.slug, by: testModerator))
            #expect(questions.map(\.state) == [.pending, .held])
        }
    }

    @Test("flood control holds an author over the rate, and a repeated text; nothing is dropped")
    func flood() async throws {
        try await withStore { store, session in
            var comments = (0..<5).map { makeComment(text: "Pertanyaan nomor \($0)?", author: "Budi") }
            comments.append(makeComment(text: "Pertanyaan lain?", author: "Ani"))
            comments.append(makeComment(text: "Pertanyaan lain?", author: "Ani"))
            let questions = stored(try await store.ingest(comments, into: session.slug, by: testModerator))
            #expect(questions.count == 7)
            #expect(questions.map(\.rule) == [nil, nil, nil, "flood:rate", "flood:rate", nil, "flood:repeat"])
            #expect(questions[3].state == .held)
            #expect(try store.history(of: questions[3].id).first?.event.detail?.rule == "flood:rate")
        }
    }

    @Test("a new question gets duplicate hints for similar open questions, also within one batch")
    func duplicateHints() async throws {
        try await withStore { store, session in
            let first = stored(
                try await store.ingest(
                    [makeComment(text: "Kapan KTP-el saya jadi?", author: "A")],
                    into: session.slug, by: testModerator))[0]
            let next = stored(
                try await store.ingest(
                    [
                        makeComment(text: "kapan ktp el SAYA jadi", author: "B"),
                        makeComment(text: "Jalan rusak", author: "C"),
                    ], into: session.slug, by: testModerator))
            #expect(next[0].duplicates.map(\.questionID) == [first.id])
            #expect(next[1].duplicates.isEmpty)
            // A rejected question is no longer open, so it is not suggested.
            _ = try await store.apply(
                .reject(reason: .spam, note: nil), to: first.id, expectedVersion: 1, by: testModerator)
            _ = try await store.apply(
                .reject(reason: .spam, note: nil), to: next[0].id, expectedVersion: 1, by: testModerator)
            let later = stored(
                try await store.ingest(
                    [makeComment(text: "Kapan KTP-el saya jadi", author: "D")],
                    into: session.slug, by: testModerator))
            #expect(later[0].duplicates.isEmpty)
        }
    }

    @Test("merge and its undo change both questions in one transaction; in bulk, each is reported")
    func mergeUndoBulk() async throws {
        try await withStore { store, session in
            let questions = stored(
                try await store.ingest(
                    (0..<4).map { makeComment(text: "Kapan jalan \($0) diperbaiki?", author: "W\($0)") },
                    into: session.slug, by: testModerator))
            let kept = questions[0]
            let merged = try await store.apply(
                .merge(into: kept.id), to: questions[1].id, expectedVersion: 1, by: testModerator)
            #expect(merged.state == .merged && merged.mergedInto == kept.id)
            #expect(try store.question(kept.id)?.votes == 1)
            let undone = try await store.apply(.undo, to: questions[1].id, expectedVersion: 2, by: testModerator)
            #expect(undone.state == .pending && undone.mergedInto == nil)
            #expect(try store.question(kept.id)?.votes == 0)

            let results = try await store.apply(
                [
                    BulkCommand(questionID: questions[2].id, command: .merge(into: kept.id), expectedVersion: 1),
                    BulkCommand(
                        questionID: questions[3].id, command: .merge(into: questions[3].id), expectedVersion: 1),
                    BulkCommand(
                        questionID: questions[1].id, command: .tag(add: ["jalan"], remove: []), expectedVersion: 3),
                ], in: session.id, by: testModerator)
            #expect(results.count == 3)
            if case .applied(let question) = results[0] {
                #expect(question.state == .merged)
            } else {
                Issue.record("\(results[0])")
            }
            #expect(
                results[1] == .refused(.mergeTarget(questions[3].id, reason: "a question cannot be merged into itself"))
            )
            if case .applied(let question) = results[2] {
                #expect(question.tags == ["jalan"])
            } else {
                Issue.record("\(results[2])")
            }
            #expect(try store.question(kept.id)?.votes == 1)
            let tagged = try store.questions(
                in: session.id, matching: QuestionFilter(tag: "JALAN"), after: nil, limit: 10)
            #expect(tagged.map(\.id) == [questions[1].id])
        }
    }
}
