import Foundation
import KetupekCore
import KetupekStore
import KetupekTestSupport
import Testing

@Suite("Source store: checkpoints with their batch, delivery dedupe, receipts")
struct SourceStoreTests {
    func withStore(_ body: (SQLiteEventStore, TemporaryDirectory) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.file("ketupek.sqlite"))
        _ = try await store.createSession(makeDraft(), by: testAdmin)
        try await body(store, directory)
        store.close()
    }

    @Test("the checkpoint and counters are written with the batch, and survive reopening")
    func checkpoint() async throws {
        try await withStore { store, directory in
            let source = try await store.createSource(
                NewSource(kind: "jsonl", name: "replay", settings: ["path": "/tmp/x"], secretHash: nil),
                in: "ketupek-desember")
            #expect(source.state == "idle" && !source.enabled && source.checkpoint == nil)
            let result = try await store.ingest(
                [makeComment(externalID: "a"), makeComment(externalID: "b")], into: "ketupek-desember", by: testAdmin,
                commit: SourceCommit(sourceID: source.id, checkpoint: "1:2"))
            #expect(!result.duplicateDelivery && result.outcomes.count == 2)
            _ = try await store.ingest(
                [makeComment(externalID: "b")], into: "ketupek-desember", by: testAdmin,
                commit: SourceCommit(sourceID: source.id, checkpoint: nil))
            let stored = try #require(try store.source(source.id))
            #expect(stored.checkpoint == "1:2" && stored.ingested == 2 && stored.duplicates == 1)
            // A batch whose write fails leaves the checkpoint where it was.
            await #expect(throws: StoreError.self) {
                _ = try await store.ingest(
                    [makeComment()], into: "nope", by: testAdmin,
                    commit: SourceCommit(sourceID: source.id, checkpoint: "9:9"))
            }
            #expect(try store.source(source.id)?.checkpoint == "1:2")
            _ = try await store.setSourceEnabled(source.id, true, state: "running")
            try await store.recordSourceState(source.id, state: "backing_off", lastError: "http_503: try later")
            store.close()
            let reopened = try SQLiteEventStore(path: directory.file("ketupek.sqlite"))
            defer { reopened.close() }
            let again = try #require(try reopened.source(source.id))
            #expect(again.checkpoint == "1:2" && again.enabled && again.state == "backing_off")
            #expect(again.lastError == "http_503: try later")
            #expect(try reopened.enabledSources().map(\.id) == [source.id])
        }
    }

    @Test("a delivery id seen before stores nothing; receipts point at their question; secrets find their source")
    func deliveries() async throws {
        try await withStore { store, _ in
            let source = try await store.createSource(
                NewSource(kind: "webhook", name: "kiosk", settings: [:], secretHash: "abc"), in: "ketupek-desember")
            #expect(try store.source(secretHash: "abc")?.id == source.id)
            #expect(try store.source(secretHash: "abd") == nil)
            let first = try await store.ingest(
                [makeComment(source: "webhook", externalID: "c1")], into: "ketupek-desember", by: testAdmin,
                commit: SourceCommit(sourceID: source.id, deliveryID: "msg_1", receiptHashes: ["r1"]))
            #expect(!first.duplicateDelivery)
            let again = try await store.ingest(
                [makeComment(source: "webhook", externalID: "c2")], into: "ketupek-desember", by: testAdmin,
                commit: SourceCommit(sourceID: source.id, deliveryID: "msg_1"))
            #expect(again.duplicateDelivery && again.outcomes.isEmpty)
            let session = try #require(try store.session(slug: "ketupek-desember"))
            #expect(
                try store.questions(in: session.id, matching: QuestionFilter(), after: nil, limit: 10).map(\.externalID)
                    == ["c1"])
            guard case .stored(let question, _) = first.outcomes.first else {
                Issue.record("not stored")
                return
            }
            #expect(try store.receipt(codeHash: "r1") == question.id)
            #expect(try store.receipt(codeHash: "r2") == nil)
            try await store.deleteSource(source.id)
            #expect(try store.source(source.id) == nil)
            await #expect(throws: StoreError.self) { try await store.deleteSource(source.id) }
        }
    }
}
