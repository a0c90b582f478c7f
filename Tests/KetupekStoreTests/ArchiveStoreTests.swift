import Foundation
import KetupekCore
import KetupekStore
import KetupekTestSupport
import Testing

/// The published archive: documents replaced whole per session, the shared set, and full-text search over a small
/// corpus in Bahasa Indonesia and English. On a real SQLite file.
@Suite("Archive store: documents, publications, search")
struct ArchiveStoreTests {
    /// Two sessions, December (`ketupek-desember`) and January (`dialog-januari`).
    struct Sessions {
        let december: Session
        let january: Session
    }

    func withStore(_ body: (SQLiteEventStore, Sessions, TemporaryDirectory) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteEventStore(path: directory.file("ketupek.sqlite"))
        let december = try await store.createSession(makeDraft(), by: testAdmin)
        let january = try await store.createSession(
            makeDraft(slug: "dialog-januari", title: "Dialog Warga Januari"), by: testAdmin)
        try await body(store, Sessions(december: december, january: january), directory)
        store.close()
    }

    // MARK: Documents

    @Test("documents read back byte for byte; re-storing replaces a session's documents and the shared set")
    func documents() async throws {
        try await withStore { store, sessions, directory in
            let december = sessions.december.id
            let january = sessions.january.id
            let decemberDocuments = ["index.html", "transkrip.json", "transkrip.md", "transkrip.csv"].map {
                makeDocument("/sesi/ketupek-desember/\($0)", session: december)
            }
            let sharedV1 = ["/arsip/index.html", "/arsip/feed.atom", "/arsip/cari.html"].map { makeDocument($0) }
            try await store.storeArchive(
                makePublication(december), documents: decemberDocuments, searchEntries: [], shared: sharedV1)
            #expect(try store.archiveDocuments() == (decemberDocuments + sharedV1).sorted { $0.path < $1.path })
            let stored = try #require(try store.archiveDocument(path: "/sesi/ketupek-desember/transkrip.json"))
            #expect(stored == decemberDocuments[1])
            #expect(stored.gzipBody == decemberDocuments[1].gzipBody)
            #expect(try store.archiveDocument(path: "/sesi/ketupek-desember/nope.html") == nil)

            // Again: one path dropped, one added, one changed; the shared set loses a page and changes one.
            let decemberAgain = [
                makeDocument("/sesi/ketupek-desember/index.html", session: december, seed: 99),
                makeDocument("/sesi/ketupek-desember/transkrip.json", session: december),
                makeDocument("/sesi/ketupek-desember/transkrip.txt", session: december),
            ]
            let sharedV2 = [makeDocument("/arsip/index.html", seed: 7), makeDocument("/arsip/feed.atom")]
            try await store.storeArchive(
                makePublication(december, rendererVersion: 2), documents: decemberAgain, searchEntries: [],
                shared: sharedV2)
            #expect(try store.archiveDocuments() == (decemberAgain + sharedV2).sorted { $0.path < $1.path })
            #expect(try store.archiveDocument(path: "/sesi/ketupek-desember/transkrip.csv") == nil)
            #expect(try store.archiveDocument(path: "/arsip/cari.html") == nil)
            #expect(try store.archivePublication(of: december)?.rendererVersion == 2)

            // Another session leaves December's documents alone.
            let januaryDocuments = [
                makeDocument("/sesi/dialog-januari/index.html", session: january),
                // An empty body is stored as an empty blob, not NULL.
                makeDocument("/sesi/dialog-januari/kosong.txt", session: january, size: 0),
            ]
            try await store.storeArchive(
                makePublication(january, publishedAt: 1_767_300_000), documents: januaryDocuments, searchEntries: [],
                shared: sharedV2)
            #expect(
                try store.archiveDocuments()
                    == (decemberAgain + januaryDocuments + sharedV2).sorted { $0.path < $1.path })
            #expect(try store.archiveDocument(path: "/sesi/dialog-januari/kosong.txt")?.gzipBody == [])
            #expect(try store.archivePublications().map(\.sessionID) == [january, december])

            // Withdrawing December removes all of it and nothing of January; the shared set is replaced.
            let sharedV3 = [makeDocument("/arsip/index.html", seed: 8)]
            try await store.withdrawArchive(of: december, shared: sharedV3)
            #expect(try store.archiveDocuments() == (januaryDocuments + sharedV3).sorted { $0.path < $1.path })
            #expect(try store.archivePublication(of: december) == nil)
            #expect(try store.archivePublications() == [makePublication(january, publishedAt: 1_767_300_000)])
            // Withdrawing what is not published only replaces the shared set.
            try await store.withdrawArchive(of: december, shared: sharedV3)
            // The shared set alone.
            try await store.replaceSharedArchive(sharedV1)
            #expect(try store.archiveDocuments() == (januaryDocuments + sharedV1).sorted { $0.path < $1.path })
            await #expect(throws: ArchiveInputError.self) {
                try await store.replaceSharedArchive([makeDocument("/arsip/x.html", session: january)])
            }
            await #expect(throws: StoreError.self) {
                try await store.replaceSharedArchive([makeDocument("/sesi/dialog-januari/index.html")])
            }
            try await store.replaceSharedArchive(sharedV3)

            // A store reopened from the same file has all of it.
            store.close()
            let reopened = try SQLiteEventStore(path: directory.file("ketupek.sqlite"))
            defer { reopened.close() }
            #expect(try reopened.archiveDocuments() == (januaryDocuments + sharedV3).sorted { $0.path < $1.path })
            #expect(try reopened.archivePublications() == [makePublication(january, publishedAt: 1_767_300_000)])
        }
    }

    @Test("a path of another owner, an unknown session, or an archive that contradicts itself changes nothing")
    func refusals() async throws {
        try await withStore { store, sessions, _ in
            let december = sessions.december.id
            let january = sessions.january.id
            let corpus = makeCorpus(sessions)
            let decemberDocuments = [makeDocument("/sesi/ketupek-desember/index.html", session: december)]
            let shared = [makeDocument("/arsip/index.html")]
            try await store.storeArchive(
                makePublication(december), documents: decemberDocuments,
                searchEntries: corpus.filter { $0.sessionID == december }, shared: shared)
            try await store.storeArchive(
                makePublication(january),
                documents: [makeDocument("/sesi/dialog-januari/index.html", session: january)],
                searchEntries: corpus.filter { $0.sessionID == january }, shared: shared)
            let before = try store.archiveDocuments()
            let bpjs = try store.searchArchive(ArchiveSearchQuery(text: "bpjs"))
            #expect(bpjs.total == 3)

            await #expect(throws: StoreError.self) {
                try await store.storeArchive(
                    makePublication(january),
                    documents: [makeDocument("/sesi/ketupek-desember/index.html", session: january)],
                    searchEntries: corpus.filter { $0.sessionID == january }, shared: shared)
            }
            do {
                try await store.storeArchive(
                    makePublication(january), documents: [],
                    searchEntries: [], shared: [makeDocument("/sesi/ketupek-desember/index.html")])
                Issue.record("the shared set took a session's path")
            } catch let error as StoreError {
                #expect(error.code == .alreadyExists)
                #expect(
                    error.message
                        == "archive path /sesi/ketupek-desember/index.html already belongs to session \(december)")
            }
            await #expect(throws: StoreError.notFound("session 999")) {
                try await store.storeArchive(
                    makePublication(SessionID(999)), documents: [], searchEntries: [], shared: [])
            }
            await #expect(throws: ArchiveInputError.self) {
                try await store.storeArchive(
                    makePublication(january), documents: [makeDocument("/x", session: december)], searchEntries: [],
                    shared: [])
            }
            await #expect(throws: ArchiveInputError.self) {
                try await store.storeArchive(
                    makePublication(january), documents: [], searchEntries: [],
                    shared: [makeDocument("/x", session: january)])
            }
            await #expect(throws: ArchiveInputError.self) {
                try await store.storeArchive(
                    makePublication(january), documents: [makeDocument("/x", session: january)], searchEntries: [],
                    shared: [makeDocument("/x")])
            }
            await #expect(throws: ArchiveInputError.self) {
                try await store.storeArchive(
                    makePublication(december), documents: [], searchEntries: [corpus[0], corpus[0]], shared: [])
            }
            await #expect(throws: ArchiveInputError.self) {
                try await store.storeArchive(
                    makePublication(january), documents: [], searchEntries: [corpus[0]], shared: [])
            }
            #expect(try store.archiveDocuments() == before)
            // The failed calls had deleted January's rows and the shared page before failing: all rolled back.
            #expect(try store.archivePublication(of: january) == makePublication(january))
            #expect(try store.searchArchive(ArchiveSearchQuery(text: "bpjs")) == bpjs)
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "bus")).sorted() == [201, 202])
        }
    }

    @Test("a database of the previous schema gains the archive tables and keeps its data")
    func migration() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ketupek.sqlite")
        let store = try SQLiteEventStore(path: path)
        let session = try await store.createSession(makeDraft(), by: testAdmin)
        store.close()
        // As the build before the archive left it.
        try executeRaw(
            path: path,
            """
            DROP TABLE archive_search; DROP TABLE archive_documents; DROP TABLE archive_publications;
            PRAGMA user_version = 4;
            """)
        let upgraded = try SQLiteEventStore(path: path)
        defer { upgraded.close() }
        #expect(try upgraded.session(slug: session.slug) == session)
        #expect(try upgraded.archivePublications().isEmpty && upgraded.archiveDocuments().isEmpty)
        try await upgraded.storeArchive(
            makePublication(session.id),
            documents: [makeDocument("/sesi/ketupek-desember/index.html", session: session.id)],
            searchEntries: [makeEntry(1, session, "Kapan KTP jadi?", answer: "Besok", at: day1)], shared: [])
        #expect(try hitIDs(upgraded, ArchiveSearchQuery(text: "ktp")) == [1])
    }

    // MARK: Search

    @Test(
        "relevance: the expected question comes first",
        arguments: [
            ("ktp hilang", 103), ("rumah sakit swasta", 102), ("jalan rusak", 105), ("air keruh", 106),
            ("zonasi sekolah", 107), ("paspor", 109), ("passport", 203), ("bus schedule", 202), ("tunggakan", 101),
            // The question weighs more than the answer: 205 asks about a pipe, 106 only answers about one.
            ("pipa", 205), ("Pipa bocor", 205),
            // Twice in the question and once in the answer, over once in a question.
            ("jalan", 105), ("bus", 201),
        ])
    func relevance(text: String, expected: Int) async throws {
        try await withCorpus { store, _ throws in
            let results = try store.searchArchive(ArchiveSearchQuery(text: text))
            #expect(results.hits.first?.entry.questionID == QuestionID(Int64(expected)), "\(text): \(ids(results))")
        }
    }

    @Test("the question weighs most, then the answer, then the stakeholder")
    func weights() async throws {
        try await withCorpus { store, _ throws in
            // 205 asks about a pipe; 106 only answers about one.
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "pipa")) == [205, 106])
            // 103 and 104 name Dukcapil in their answers; 108 only through its stakeholder.
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "dukcapil")).last == 108)
        }
    }

    @Test("words are prefixes, all must match, case and diacritics are folded")
    func matching() async throws {
        try await withCorpus { store, _ throws in
            let search = { (text: String) in try hitIDs(store, ArchiveSearchQuery(text: text)).sorted() }
            #expect(try search("kese") == [101, 102, 204])
            #expect(try search("KESEHATAN") == [101, 102, 204])
            #expect(try search("cafe") == [110, 206])
            #expect(try search("CAFÉ") == [110, 206])
            #expect(try search("café") == [110, 206])
            // "air" is a prefix of "airport" too.
            #expect(try search("air") == [106, 201, 205])
            #expect(try search("bpjs swasta") == [102])
            #expect(try search("paspor hilang") == [])
            #expect(try search("Jalan   Merdeka!!") == [105])
            // Syntax is text: NEAR and AND are words, quotes and operators separate words.
            #expect(try search("CAFE NEAR") == [206])
            #expect(try search("\"bpjs") == [101, 102, 204])
            #expect(try search("-bpjs") == [101, 102, 204])
            #expect(try search("^bpjs*") == [101, 102, 204])
            #expect(try search("question:bpjs") == [])
            #expect(try search("bpjs OR ktp") == [])
            #expect(try search("NEAR(bpjs rumah)") == [])
            #expect(try search("ktp-el") == [103, 104])  // "el" is a prefix of "elektronik"
            // Nothing to search for: no error, nothing found.
            for text in ["", "   ", "?!", "\"\"", "*", "😀🎉", "\u{0}", "-- ; DROP TABLE archive_search"] {
                #expect(try store.searchArchive(ArchiveSearchQuery(text: text)) == .empty, "\(text)")
            }
        }
    }

    @Test("snippets mark each match between U+0002 and U+0003; stored text cannot fake the markers")
    func snippets() async throws {
        try await withCorpus { store, sessions throws in
            let results = try store.searchArchive(ArchiveSearchQuery(text: "kese"))
            let first = try #require(results.hits.first { $0.entry.questionID == QuestionID(101) })
            #expect(first.questionSnippet.contains("\u{2}Kesehatan\u{3}"))
            #expect(first.answerSnippet.hasPrefix("Lunasi tunggakan"))
            #expect(!first.answerSnippet.contains("\u{2}"))
            #expect(first.rank > 0)
            // A long answer is cut around the match.
            let long = try #require(try store.searchArchive(ArchiveSearchQuery(text: "kitas")).hits.first)
            #expect(long.answerSnippet.contains("\u{2}KITAS\u{3}") && long.answerSnippet.hasPrefix("…"))

            var forged = makeEntry(
                301, sessions.january, "Kenapa \u{2}palsu\u{3} ditandai?\u{0}\u{1B}[31m",
                answer: "Baris satu\nbaris\tdua",
                asker: "Tes\u{7}", stakeholder: nil, at: nil)
            try await store.storeArchive(
                makePublication(sessions.january.id), documents: [],
                searchEntries: makeCorpus(sessions).filter { $0.sessionID == sessions.january.id } + [forged],
                shared: [])
            let hit = try #require(try store.searchArchive(ArchiveSearchQuery(text: "palsu")).hits.first)
            forged.question = "Kenapa palsu ditandai?[31m"
            forged.asker = "Tes"
            #expect(hit.entry == forged)
            #expect(hit.questionSnippet == "Kenapa \u{2}palsu\u{3} ditandai?[31m")
            #expect(hit.answerSnippet == "Baris satu\nbaris\tdua")
        }
    }

    @Test("filters: stakeholder, answered from/until; deferred questions only without a date filter")
    func filters() async throws {
        try await withCorpus { store, _ throws in
            let search = { (query: ArchiveSearchQuery) in try ids(store.searchArchive(query)).sorted() }
            #expect(try search(ArchiveSearchQuery(text: "air", stakeholderID: StakeholderID(4))) == [106, 205])
            #expect(try search(ArchiveSearchQuery(text: "bpjs", stakeholderID: StakeholderID(2))) == [])
            #expect(try search(ArchiveSearchQuery(text: "bpjs", from: day2)) == [204])
            #expect(try search(ArchiveSearchQuery(text: "bpjs", until: day2)) == [101, 102])
            // `from` is inclusive, `until` exclusive.
            let at = day1.addingTimeInterval(5 * 60)
            #expect(try search(ArchiveSearchQuery(text: "bpjs", from: at, until: day2)) == [102])
            #expect(try search(ArchiveSearchQuery(text: "bpjs", from: day1, until: at)) == [101])
            #expect(try search(ArchiveSearchQuery(text: "sabtu")) == [108])
            #expect(try search(ArchiveSearchQuery(text: "sabtu", stakeholderID: StakeholderID(2))) == [108])
            #expect(try search(ArchiveSearchQuery(text: "sabtu", from: .distantPast)) == [])
            #expect(try search(ArchiveSearchQuery(text: "sabtu", until: .distantFuture)) == [])
        }
    }

    @Test("pages: limit and offset, total ignores both; equal relevance is newest answer first")
    func pages() async throws {
        try await withStore { store, sessions, _ in
            let entries = (1...45).map {
                makeEntry(
                    Int64(1_000 + $0), sessions.december, "Pertanyaan nomor \($0) tentang banjir",
                    answer: "Dijawab", at: day1.addingTimeInterval(Double($0) * 60))
            }
            try await store.storeArchive(
                makePublication(sessions.december.id), documents: [], searchEntries: entries, shared: [])
            var seen: [Int64] = []
            for offset in [0, 20, 40] {
                let page = try store.searchArchive(ArchiveSearchQuery(text: "banjir", limit: 20, offset: offset))
                #expect(page.total == 45)
                seen += ids(page)
            }
            #expect(seen == (1...45).reversed().map { Int64(1_000 + $0) })
            #expect(
                try store.searchArchive(ArchiveSearchQuery(text: "banjir", offset: 45))
                    == ArchiveSearchResults(hits: [], total: 45))
            #expect(try store.searchArchive(ArchiveSearchQuery(text: "banjir", limit: 0)).hits.count == 1)
            #expect(try store.searchArchive(ArchiveSearchQuery(text: "banjir", limit: -3)).hits.count == 1)
            #expect(try store.searchArchive(ArchiveSearchQuery(text: "banjir", limit: 1_000)).hits.count == 45)
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "banjir", limit: 2, offset: -9)) == [1_045, 1_044])
            #expect(try store.searchArchive(ArchiveSearchQuery(text: "banjir 7", limit: 5)).total == 1)
        }
    }

    @Test("every page agrees with one ordering: best first, then newest answer, unanswered last, then question id")
    func pageOrder() async throws {
        try await withStore { store, sessions, _ in
            // Scores repeat (equal texts), answers repeat their time, some are deferred: every tie-break is used,
            // on both sides of the depth where pages are ranked another way.
            let entries = (1...260).map { (number: Int) -> ArchiveSearchEntry in
                let question = String(repeating: "banjir ", count: 1 + number % 3) + "di kampung \(number % 5)"
                let answer = number % 4 == 0 ? "" : "Sudah dijawab"
                let at: Date? = number % 7 == 0 ? nil : day1.addingTimeInterval(Double(number % 11) * 60)
                return makeEntry(
                    Int64(2_000 + number), sessions.december, question, answer: answer,
                    stakeholder: StakeholderID(Int64(1 + number % 2)), at: at)
            }
            try await store.storeArchive(
                makePublication(sessions.december.id), documents: [], searchEntries: entries, shared: [])
            for (query, expected) in [
                (ArchiveSearchQuery(text: "banjir"), 260), (ArchiveSearchQuery(text: "banjir kampung 3"), 52),
                (ArchiveSearchQuery(text: "banjir", stakeholderID: StakeholderID(2)), 130),
            ] {
                for size in [1, 7, 20, 100] {
                    var hits: [ArchiveSearchHit] = []
                    var offset = 0
                    while offset < expected + size {
                        var page = query
                        (page.limit, page.offset) = (size, offset)
                        let results = try store.searchArchive(page)
                        #expect(results.total == expected)
                        hits += results.hits
                        offset += size
                    }
                    #expect(hits.count == expected && Set(hits.map(\.entry.questionID)).count == expected)
                    let ordered = hits.sorted { first, second in
                        if first.rank != second.rank { return first.rank > second.rank }
                        switch (first.entry.answeredAt, second.entry.answeredAt) {
                        case (let one?, let other?) where one != other: return one > other
                        case (.some, nil): return true
                        case (nil, .some): return false
                        default: return first.entry.questionID > second.entry.questionID
                        }
                    }
                    #expect(hits == ordered, "\(query.text) by \(size)")
                }
            }
        }
    }

    @Test("re-storing a session replaces its entries; withdrawing removes them and nothing of another session")
    func replaceAndWithdraw() async throws {
        try await withCorpus { store, sessions throws in
            var december = makeCorpus(sessions).filter { $0.sessionID == sessions.december.id }
            december[0].answer = "Jawaban yang diperbarui: bayar tunggakan di kantor cabang."
            december.removeLast()  // 110, the café
            try await store.storeArchive(
                makePublication(sessions.december.id), documents: [], searchEntries: december, shared: [])
            let bpjs = try store.searchArchive(ArchiveSearchQuery(text: "bpjs"))
            #expect(ids(bpjs).sorted() == [101, 102, 204] && bpjs.total == 3)
            #expect(bpjs.hits.first { $0.entry.questionID == QuestionID(101) }?.entry.answer == december[0].answer)
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "cafe")) == [206])
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "cabang")) == [101])

            try await store.withdrawArchive(of: sessions.december.id, shared: [])
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "bpjs")) == [204])
            #expect(try store.searchArchive(ArchiveSearchQuery(text: "ktp")).total == 0)
            #expect(try hitIDs(store, ArchiveSearchQuery(text: "bus")).sorted() == [201, 202])
        }
    }

    @Test("any text a visitor types is searched or ignored, never an error")
    func fuzz() async throws {
        try await withCorpus { store, _ throws in
            let pieces = [
                "\"", "(", ")", "*", ":", "-", "^", "+", "AND", "OR", "NOT", "NEAR", "NEAR(", "{", "}", "[", "]", ",",
                ".", " ", "  ", "\u{0}", "é", "ñ", "ß", "İ", "😀", "👩‍👩‍👧", "\u{301}", "\u{2}", "\u{3}", "'", "\\", "bpjs",
                "kes", "中文", "كهرباء", "ไทย", "\u{200B}", "\u{FEFF}", "\n", "\t", "%", "_", "ktp", "0", "9", "١٢",
                "question:", "answer", "rowid", ";", "--", "/*", "x'00'", "\u{FFFD}", "Ⅻ", "ﬁ", "ǅ",
                "\u{1F1EE}\u{1F1E9}",
            ]
            var random = SplitMix64(seed: 20_261_203)
            for _ in 0..<400 {
                let count = Int(random.next() % 24)
                let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
                let limit = [0, 1, 5, 20, 100, 101, -1, Int.min, Int.max][Int(random.next() % 9)]
                let offset = [0, 1, 3, -1, Int.min, Int.max][Int(random.next() % 6)]
                let results = try store.searchArchive(ArchiveSearchQuery(text: text, limit: limit, offset: offset))
                #expect(results.hits.count <= min(max(limit, 1), 100))
                #expect(results.total >= results.hits.count)
                for hit in results.hits {
                    let snippet = hit.questionSnippet + hit.answerSnippet
                    #expect(snippet.filter { $0 == "\u{2}" }.count == snippet.filter { $0 == "\u{3}" }.count)
                }
            }
            // Long input: only the first 12 words count.
            let long = String(repeating: "bpjs ", count: 5_000) + "tidakadakata"
            #expect(try store.searchArchive(ArchiveSearchQuery(text: long)).total == 3)
        }
    }

    @Test(
        "measure: store, search and withdraw on a larger archive",
        .enabled(if: ProcessInfo.processInfo.environment["KETUPEK_ARCHIVE_BENCH"] != nil))
    func measure() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ketupek.sqlite")
        let store = try SQLiteEventStore(path: path)
        defer { store.close() }
        let words = [
            "bpjs", "kesehatan", "ktp", "elektronik", "dukcapil", "jalan", "rusak", "air", "pdam", "sekolah",
            "zonasi", "paspor", "bus", "jadwal", "kapan", "bagaimana", "apakah", "warga", "kantor", "layanan",
            "antrean", "pelayanan", "berapa", "biaya", "online", "aplikasi", "banjir", "sampah", "lampu", "taman",
        ]
        var random = SplitMix64(seed: 7)
        // Besides the common words, a vocabulary of 3,000 made-up ones, each entry drawing most of its words there.
        let syllables = ["ba", "ka", "ta", "ri", "su", "lo", "me", "an", "ng", "pe", "di", "mu", "sa", "ju", "wo"]
        let rare = (0..<3_000).map { _ in
            (0..<(2 + Int(random.next() % 3))).map { _ in syllables[Int(random.next() % UInt64(syllables.count))] }
                .joined()
        }
        let sentence = { (count: Int) in
            (0..<count).map { _ in
                random.next() % 10 < 3
                    ? words[Int(random.next() % UInt64(words.count))] : rare[Int(random.next() % 3_000)]
            }.joined(separator: " ")
        }
        let sessionCount = 200
        let perSession = 100
        let body = (0..<8_192).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var storeTimes: [Duration] = []
        let clock = ContinuousClock()
        for index in 0..<sessionCount {
            let session = try await store.createSession(
                makeDraft(slug: "sesi-\(index)", title: "Sesi \(index)"), by: testAdmin)
            let entries = (0..<perSession).map { number in
                makeEntry(
                    Int64(index * perSession + number + 1), session, sentence(14), answer: sentence(40),
                    stakeholder: StakeholderID(Int64(number % 7 + 1)), stakeholderName: "Dinas \(number % 7 + 1)",
                    at: day1.addingTimeInterval(Double(index * perSession + number)))
            }
            let documents = (0..<8).map {
                ArchiveDocumentRecord(
                    path: "/sesi/sesi-\(index)/\($0).html", sessionID: session.id, contentType: "text/html",
                    gzipBody: body, identitySize: 80_000, etag: "\"e\(index)\"", modifiedAt: day1)
            }
            let shared = (0..<4).map {
                ArchiveDocumentRecord(
                    path: "/arsip/\($0).html", sessionID: nil, contentType: "text/html",
                    gzipBody: body, identitySize: 80_000, etag: "\"s\(index)\"", modifiedAt: day1)
            }
            storeTimes.append(
                try await clock.measure {
                    try await store.storeArchive(
                        makePublication(session.id), documents: documents, searchEntries: entries,
                        shared: shared)
                })
        }
        let sorted = storeTimes.sorted()
        print(
            "archive bench: \(sessionCount) sessions × \(perSession) entries + 8 documents of 8 KB; store p50 \(sorted[sorted.count / 2]), max \(sorted[sorted.count - 1])"
        )
        for text in [
            "bpjs", "ke", "bpjs kesehatan kantor", "k", "zonasi sekolah online biaya", rare[0], rare[1] + " bpjs",
            "tidakada",
        ] {
            for query in [
                ArchiveSearchQuery(text: text), ArchiveSearchQuery(text: text, offset: 40),
                ArchiveSearchQuery(text: text, stakeholderID: StakeholderID(3), from: day1.addingTimeInterval(5_000)),
            ] {
                _ = try store.searchArchive(query)
                var result = ArchiveSearchResults.empty
                let elapsed = try clock.measure { for _ in 0..<10 { result = try store.searchArchive(query) } }
                print(
                    "archive bench: search \"\(text)\" offset \(query.offset) filtered \(query.stakeholderID != nil): \(elapsed / 10), total \(result.total)"
                )
            }
        }
        let session = try #require(try store.session(slug: "sesi-100"))
        let withdraw = try await clock.measure { try await store.withdrawArchive(of: session.id, shared: []) }
        let load = try clock.measure { _ = try store.archiveDocuments() }
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        print("archive bench: withdraw \(withdraw), load all documents \(load), file \(size / 1_000_000) MB")
    }

    // MARK: Fixtures

    func withCorpus(_ body: (SQLiteEventStore, Sessions) async throws -> Void) async throws {
        try await withStore { store, sessions, _ in
            let corpus = makeCorpus(sessions)
            for session in [sessions.december.id, sessions.january.id] {
                try await store.storeArchive(
                    makePublication(session), documents: [], searchEntries: corpus.filter { $0.sessionID == session },
                    shared: [])
            }
            try await body(store, sessions)
        }
    }
}

let day1 = Date(timeIntervalSince1970: 1_765_000_000)
let day2 = Date(timeIntervalSince1970: 1_767_600_000)

func ids(_ results: ArchiveSearchResults) -> [Int64] { results.hits.map(\.entry.questionID.rawValue) }

/// The question ids `query` finds, in order.
func hitIDs(_ store: SQLiteEventStore, _ query: ArchiveSearchQuery) throws -> [Int64] {
    ids(try store.searchArchive(query))
}

func makePublication(_ session: SessionID, publishedAt: TimeInterval = 1_765_100_000, rendererVersion: Int = 1)
    -> ArchivePublication
{
    ArchivePublication(
        sessionID: session, publishedAt: Date(timeIntervalSince1970: publishedAt),
        renderedAt: Date(timeIntervalSince1970: publishedAt + 2), rendererVersion: rendererVersion,
        sourceSequence: EventSequence(42), baseURL: "https://arsip.example.go.id")
}

/// A document whose body is arbitrary bytes (every value, NUL included): the store must not care what they are.
func makeDocument(_ path: String, session: SessionID? = nil, seed: UInt64 = 1, size: Int = 3_000)
    -> ArchiveDocumentRecord
{
    var random = SplitMix64(seed: seed &+ UInt64(path.utf8.count))
    let body = [0x1F, 0x8B, 0x08, 0x00] + (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    return ArchiveDocumentRecord(
        path: path, sessionID: session,
        contentType: path.hasSuffix(".html") ? "text/html; charset=utf-8" : "text/plain",
        gzipBody: size == 0 ? [] : body, identitySize: size * 4, etag: "\"\(seed)-\(size)\"",
        modifiedAt: Date(timeIntervalSince1970: 1_765_100_000.5))
}

func makeEntry(
    _ id: Int64, _ session: Session, _ question: String, answer: String, asker: String = "Warga",
    stakeholder: StakeholderID? = StakeholderID(1), stakeholderName: String = "BPJS Kesehatan", at: Date?
) -> ArchiveSearchEntry {
    ArchiveSearchEntry(
        questionID: QuestionID(id), sessionID: session.id, slug: session.slug, sessionTitle: session.title,
        question: question, answer: answer, asker: asker, stakeholderID: stakeholder,
        stakeholderName: stakeholder == nil ? "" : stakeholderName, answeredAt: at)
}

/// Sixteen answered questions of two sessions, as a regional public-service Q&A would have them.
func makeCorpus(_ sessions: ArchiveStoreTests.Sessions) -> [ArchiveSearchEntry] {
    let (december, january) = (sessions.december, sessions.january)
    let bpjs = (StakeholderID(1), "BPJS Kesehatan")
    let dukcapil = (StakeholderID(2), "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)")
    let pu = (StakeholderID(3), "Dinas Pekerjaan Umum")
    let pdam = (StakeholderID(4), "PDAM Tirta Kahuripan")
    let pendidikan = (StakeholderID(5), "Dinas Pendidikan")
    let imigrasi = (StakeholderID(6), "Kantor Imigrasi")
    let dishub = (StakeholderID(7), "Dinas Perhubungan")
    let satpol = (StakeholderID(8), "Satpol PP")
    let rows: [(Int64, Session, String, String, String, (StakeholderID, String), Date?)] = [
        (
            101, december, "Bagaimana cara mengaktifkan kembali kartu BPJS Kesehatan yang nonaktif karena tunggakan?",
            "Lunasi tunggakan iuran melalui aplikasi Mobile JKN; kartu aktif kembali dalam satu kali dua puluh empat jam.",
            "Siti Rahayu", bpjs, day1
        ),
        (
            102, december, "Apakah kartu BPJS bisa dipakai di rumah sakit swasta?",
            "Bisa, selama rumah sakit itu bekerja sama dengan BPJS Kesehatan. Daftarnya ada di Mobile JKN.",
            "Budi Santoso", bpjs, day1.addingTimeInterval(5 * 60)
        ),
        (
            103, december, "KTP elektronik saya hilang, bagaimana cara mengurus penggantinya?",
            "Bawa surat kehilangan dari kepolisian dan fotokopi KK ke kantor Dukcapil kecamatan.", "Andi", dukcapil,
            day1.addingTimeInterval(10 * 60)
        ),
        (
            104, december, "Sudah enam bulan KTP-el belum jadi, katanya blangko habis. Kapan tersedia?",
            "Blangko sudah tersedia sejak bulan ini; silakan datang ke Dukcapil dengan bukti perekaman.",
            "Dewi Lestari",
            dukcapil, day1.addingTimeInterval(15 * 60)
        ),
        (
            105, december, "Jalan rusak di Jalan Merdeka dekat pasar sudah berlubang besar, kapan diperbaiki?",
            "Perbaikan Jalan Merdeka dijadwalkan minggu depan.", "Rudi", pu, day1.addingTimeInterval(20 * 60)
        ),
        (
            106, december, "Air PDAM di perumahan kami keruh dan sering mati malam hari.",
            "Sedang ada perbaikan pipa induk; air akan normal kembali dalam tiga hari.", "Maria", pdam,
            day1.addingTimeInterval(25 * 60)
        ),
        (
            107, december, "Bagaimana sistem zonasi untuk pendaftaran sekolah SMP tahun ini?",
            "Kuota zonasi 50 persen; jarak diukur dari rumah ke sekolah menurut alamat di Kartu Keluarga.", "Yusuf",
            pendidikan, day1.addingTimeInterval(30 * 60)
        ),
        (108, december, "Apakah pelayanan kantor catatan sipil bisa dilakukan hari Sabtu?", "", "Rina", dukcapil, nil),
        (
            109, december, "Berapa biaya membuat paspor baru dan berapa lama prosesnya?",
            "Paspor elektronik Rp650.000, paspor biasa Rp350.000; selesai dalam tiga hari kerja.", "Kevin", imigrasi,
            day1.addingTimeInterval(40 * 60)
        ),
        (
            110, december, "Pemilik café di trotoar Jalan Sudirman mengganggu pejalan kaki, apakah ada izinnya?",
            "Tempat usaha tanpa izin di trotoar akan ditertibkan minggu ini.", "Lina", satpol,
            day1.addingTimeInterval(45 * 60)
        ),
        (
            201, january, "When does the airport bus leave from the city centre on weekends?",
            "On weekends the DAMRI airport bus leaves every 30 minutes from 05:00 until 21:00.", "John Smith", dishub,
            day2
        ),
        (
            202, january, "Is the bus schedule published online?",
            "Yes, the full timetable is on the Dishub website and in the app.", "Emma", dishub,
            day2.addingTimeInterval(5 * 60)
        ),
        (
            203, january, "How can a foreigner renew a passport at the immigration office?",
            "Foreign nationals renew their passports at their embassy. The immigration office in this city handles stay "
                + "permits such as the KITAS and the visa on arrival extension, not passports of other countries.",
            "Liam", imigrasi, day2.addingTimeInterval(10 * 60)
        ),
        (
            204, january, "Klaim BPJS Kesehatan ditolak rumah sakit, harus lapor ke mana?",
            "Laporkan ke BPJS Kesehatan Care Center 165 atau ke petugas BPJS di rumah sakit.", "Sri", bpjs,
            day2.addingTimeInterval(15 * 60)
        ),
        (
            205, january, "Pipa PDAM bocor di depan rumah, air terbuang sia-sia.",
            "Tim sudah berangkat; laporkan juga melalui nomor pengaduan.", "Agus", pdam,
            day2.addingTimeInterval(20 * 60)
        ),
        (
            206, january, "The CAFE NEAR the school sells alcohol, is that allowed?",
            "No; its permit is being reviewed by the city.", "Olivia", satpol, day2.addingTimeInterval(25 * 60)
        ),
    ]
    return rows.map { id, session, question, answer, asker, stakeholder, at in
        makeEntry(
            id, session, question, answer: answer, asker: asker, stakeholder: stakeholder.0,
            stakeholderName: stakeholder.1, at: at)
    }
}

/// A small seeded generator, so a failing fuzz case can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
