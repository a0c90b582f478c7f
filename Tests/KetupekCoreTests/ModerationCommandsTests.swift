import Foundation
import KetupekCore
import Testing

/// What the commands beyond the state changes do: merge, undo, redact, notes, tags, star, classification.
@Suite("Moderation commands")
struct ModerationCommandsTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let moderator = Actor(role: .moderator, userID: UserID(2), name: "Rina")

    static func question(
        _ id: Int64, _ state: QuestionState = .pending, text: String = "Kapan KTP-el saya jadi?",
        votes: Int = 0, version: Int = 1, session: Int64 = 1
    ) -> Question {
        Question(
            id: QuestionID(id), sessionID: SessionID(session), source: "form", externalID: "f-\(id)",
            author: "Siti", contact: "0812", originalText: text, receivedAt: now, state: state, version: version,
            votes: votes)
    }

    /// Applies events to a little in-memory "store" and returns its history for the question.
    struct Ledger {
        var questions: [QuestionID: Question] = [:]
        var history: [QuestionID: [LoggedEvent]] = [:]
        var sequence: Int64 = 0

        mutating func add(_ question: Question) {
            record(
                DomainEvent(
                    kind: .questionReceived, sessionID: question.sessionID, actor: .system, at: now,
                    question: question))
        }

        mutating func record(_ event: DomainEvent) {
            sequence += 1
            guard let question = event.question else { return }
            questions[question.id] = question
            history[question.id, default: []].append(LoggedEvent(sequence: EventSequence(sequence), event: event))
        }

        /// Looks up the context like the store does, decides, and records the events.
        mutating func apply(_ command: ModerationCommand, to id: QuestionID) throws -> [DomainEvent] {
            let question = questions[id]!
            var context = DecisionContext()
            switch command {
            case .merge(let kept): context.mergeTarget = questions[kept]
            case .undo:
                context = DecisionContext.forUndo(history: history[id] ?? [])
                if let kept = context.lastDecision?.event.detail?.relatedQuestion {
                    context.keptQuestion = questions[kept]
                }
            default: break
            }
            let events = try Moderation.decideAll(
                command, on: question, expectedVersion: question.version,
                by: moderator, at: now, context: context)
            for event in events { record(event) }
            return events
        }
    }

    @Test("merge points the duplicate at the kept question and adds its votes (plus its asker); undo takes both back")
    func mergeAndUndo() throws {
        var ledger = Ledger()
        ledger.add(Self.question(1, .approved, votes: 5))
        ledger.add(Self.question(2, .pending, votes: 2))
        let events = try ledger.apply(.merge(into: QuestionID(1)), to: QuestionID(2))
        #expect(events.map(\.kind) == [.questionMerged, .questionDuplicateAdded])
        #expect(ledger.questions[QuestionID(2)]?.state == .merged)
        #expect(ledger.questions[QuestionID(2)]?.mergedInto == QuestionID(1))
        #expect(ledger.questions[QuestionID(1)]?.votes == 8)
        #expect(ledger.questions[QuestionID(1)]?.state == .approved)

        let undo = try ledger.apply(.undo, to: QuestionID(2))
        #expect(undo.map(\.kind) == [.questionUndone, .questionDuplicateRemoved])
        #expect(ledger.questions[QuestionID(2)]?.state == .pending)
        #expect(ledger.questions[QuestionID(2)]?.mergedInto == nil)
        #expect(ledger.questions[QuestionID(1)]?.votes == 5)
        #expect(undo[0].detail?.undoneKind == .questionMerged)
    }

    @Test("merge refuses itself, another session, and a closed kept question")
    func mergeTargets() {
        let duplicate = Self.question(2)
        for (kept, expected) in [
            (Self.question(2), "a question cannot be merged into itself"),
            (Self.question(3, session: 9), "no such question in this session"),
            (Self.question(3, .rejected), "the kept question is rejected"),
            (Self.question(3, .merged), "the kept question is merged"),
        ] {
            #expect(throws: ModerationError.mergeTarget(kept.id, reason: expected)) {
                try Moderation.decide(
                    .merge(into: kept.id), on: duplicate, expectedVersion: 1, by: Self.moderator,
                    at: Self.now, context: DecisionContext(mergeTarget: kept))
            }
        }
    }

    @Test("undo walks back through decisions one at a time, each as a new event; nothing left is a refusal")
    func undoChain() throws {
        var ledger = Ledger()
        let id = QuestionID(1)
        ledger.add(Self.question(1))
        _ = try ledger.apply(.approve, to: id)
        _ = try ledger.apply(.tag(add: ["ktp", "Dukcapil"], remove: []), to: id)
        _ = try ledger.apply(.edit(text: "Kapan KTP-el jadi?"), to: id)
        #expect(ledger.questions[id]?.tags == ["ktp", "dukcapil"])

        _ = try ledger.apply(.undo, to: id)
        #expect(ledger.questions[id]?.text == "Kapan KTP-el saya jadi?")
        #expect(ledger.questions[id]?.tags == ["ktp", "dukcapil"])
        _ = try ledger.apply(.undo, to: id)
        #expect(ledger.questions[id]?.tags == [])
        #expect(ledger.questions[id]?.state == .approved)
        _ = try ledger.apply(.undo, to: id)
        #expect(ledger.questions[id]?.state == .pending)
        #expect(ledger.questions[id]?.version == 7)
        #expect(throws: ModerationError.nothingToUndo(id)) { try ledger.apply(.undo, to: id) }
        // Every step is in the log: received, three decisions, three undos.
        #expect(ledger.history[id]?.count == 7)
    }

    @Test("redaction replaces spans (UTF-16 offsets) with a mark; the original stays for staff")
    func redaction() throws {
        let text = "Nomor saya 0812-3456-7890, nama Budi 😀 Santoso"
        let question = Self.question(1, text: text)
        let phone = (text as NSString).range(of: "0812-3456-7890")
        let name = (text as NSString).range(of: "Budi 😀 Santoso")
        let event = try Moderation.decide(
            .redact(spans: [
                TextSpan(start: name.location, length: name.length),
                TextSpan(start: phone.location, length: phone.length),
            ]),
            on: question, expectedVersion: 1, by: Self.moderator, at: Self.now)
        #expect(event.question?.text == "Nomor saya […], nama […]")
        #expect(event.question?.originalText == text)
        #expect(event.detail?.previousText == text)
        #expect(event.detail?.spans?.map(\.start) == [phone.location, name.location])
        // Overlapping, empty, out-of-range spans, and a span that splits the emoji, are refused.
        let emoji = (text as NSString).range(of: "😀")
        for spans in [
            [TextSpan(start: 0, length: 5), TextSpan(start: 3, length: 4)], [TextSpan(start: 2, length: 0)],
            [TextSpan(start: 40, length: 100)], [TextSpan(start: emoji.location + 1, length: 1)], [],
        ] {
            #expect(throws: ModerationError.self) {
                try Moderation.decide(
                    .redact(spans: spans), on: question, expectedVersion: 1, by: Self.moderator,
                    at: Self.now)
            }
        }
    }

    @Test("notes, tags, star and classification change only what staff see; notes never reach the panel or public")
    func staffOnly() throws {
        let approved = Self.question(1, .approved)
        let noted = try Moderation.decide(
            .note(text: "Hubungi via WA setelah acara"), on: approved, expectedVersion: 1,
            by: Self.moderator, at: Self.now)
        #expect(
            noted.question?.notes == [ModeratorNote(author: "Rina", at: Self.now, text: "Hubungi via WA setelah acara")]
        )
        let logged = LoggedEvent(sequence: EventSequence(3), event: noted)
        let staff = String(decoding: try #require(EventView.render(logged, for: .staff)).json, as: UTF8.self)
        let panel = String(decoding: try #require(EventView.render(logged, for: .panel)).json, as: UTF8.self)
        #expect(staff.contains("Hubungi via WA"))
        #expect(!panel.contains("Hubungi via WA") && !panel.contains("0812"))
        #expect(EventView.render(logged, for: .everyone) == nil)

        let tagged = try Moderation.decide(
            .tag(add: [" KTP ", "ktp", "Jalan"], remove: []), on: approved,
            expectedVersion: 1, by: Self.moderator, at: Self.now)
        #expect(tagged.question?.tags == ["ktp", "jalan"])
        let untagged = try Moderation.decide(
            .tag(add: [], remove: ["KTP"]), on: try #require(tagged.question),
            expectedVersion: 2, by: Self.moderator, at: Self.now)
        #expect(untagged.question?.tags == ["jalan"])
        let starred = try Moderation.decide(
            .star(true), on: approved, expectedVersion: 1, by: Self.moderator, at: Self.now)
        #expect(starred.question?.starred == true)
        let classified = try Moderation.decide(
            .classify(.report), on: approved, expectedVersion: 1, by: Self.moderator,
            at: Self.now)
        #expect(classified.question?.classification == .report)
        #expect(throws: ModerationError.invalid(.empty(field: "note"))) {
            try Moderation.decide(.note(text: "  "), on: approved, expectedVersion: 1, by: Self.moderator, at: Self.now)
        }
    }

    @Test("a question written before these fields existed still decodes")
    func oldSnapshot() throws {
        let json = """
            {"id":1,"sessionID":1,"source":"api","externalID":"x","author":"","originalText":"a","text":"a",
             "receivedAt":"2026-12-01T10:00:00.000Z","kind":"comment","state":"pending","version":1,"votes":0,
             "updatedAt":"2026-12-01T10:00:00.000Z"}
            """
        let question = try JSONCoding.decoder().decode(Question.self, from: Data(json.utf8))
        #expect(question.tags == [] && question.notes == [] && question.starred == false && question.rule == nil)
    }
}

@Suite("Duplicate suggestions, keyword rules, flood control")
struct IngestRulesTests {
    @Test("similar open questions are suggested with a score above the threshold, most alike first")
    func duplicates() {
        var index = DuplicateIndex()
        index.add(QuestionID(1), text: "Kapan KTP-el saya jadi? Sudah 3 bulan menunggu")
        index.add(QuestionID(2), text: "Bagaimana cara daftar BPJS Kesehatan?")
        index.add(QuestionID(3), text: "Jalan rusak di Jl. Sudirman kapan diperbaiki?")
        let hints = index.suggestions(for: "kapan ktp el SAYA jadi, sudah 3 bulan menunggu!!")
        #expect(hints.map(\.questionID) == [QuestionID(1)])
        #expect(hints.first?.score == 1.0)
        #expect(index.suggestions(for: "Cara daftar BPJS kesehatan bagaimana ya").first?.questionID == QuestionID(2))
        #expect(index.suggestions(for: "Terima kasih bapak ibu").isEmpty)
        // Stop words alone never make two questions alike.
        #expect(DuplicateIndex.contentWords("Apakah bisa dan bagaimana caranya?") == ["caranya"])
        index.remove(QuestionID(1))
        #expect(index.suggestions(for: "Kapan KTP-el saya jadi? Sudah 3 bulan menunggu").isEmpty)
        #expect(index.count == 2)
    }

    @Test(
        "keyword rules match whole words after folding case, diacritics and digit swaps",
        arguments: [
            ("Ayo main JUDI ONLINE sekarang", KeywordRules.Match.hold("judi online")),
            ("ayo main jud1 0nline", .hold("judi online")),
            ("Promo  sl0t gacor hari ini", .hold("slot gacor")),
            ("dasar b@ngs4t!", .block("bangsat")),
            ("dasar bängsat", .block("bangsat")),
            ("informasi promosi sekolah", nil),
            ("judinya online", nil),
            ("tahun 2024 ada 5 jalan rusak", nil),
        ])
    func keywords(text: String, expected: KeywordRules.Match?) {
        let rules = KeywordRules(hold: ["judi online", "slot gacor"], block: ["bangsat"])
        #expect(rules.match(text) == expected, "\(text)")
    }

    @Test("the flood ledger counts an author's last minute and remembers texts for the repeat window")
    func ledger() {
        let control = FloodControl(perMinute: 2, repeatWindow: 600)
        var ledger = FloodLedger()
        func comment(_ id: Int64, _ text: String, at seconds: Double, author: String = "Budi") -> Question {
            var question = ModerationCommandsTests.question(id, text: text)
            question.author = author
            question.receivedAt = Date(timeIntervalSince1970: 1_800_000_000 + seconds)
            return question
        }
        ledger.record(comment(1, "satu", at: 0), control)
        ledger.record(comment(2, "dua", at: 10), control)
        #expect(ledger.rule(for: comment(3, "tiga", at: 20), control) == "flood:rate")
        #expect(ledger.rule(for: comment(3, "tiga", at: 20, author: "Ani"), control) == nil)
        #expect(ledger.rule(for: comment(3, "tiga", at: 65), control) == nil)
        #expect(ledger.rule(for: comment(3, "satu", at: 300), control) == "flood:repeat")
        #expect(ledger.rule(for: comment(3, "satu", at: 700), control) == nil)
        #expect(ledger.rule(for: comment(3, "satu", at: 20, author: ""), control) == nil)
    }

    @Test("ASCII text and other text normalise alike")
    func normalising() {
        #expect(KeywordRules.words("Dasar B@NGS4T!! 2024, jud1") == ["dasar", "bangsat", "2024", "judi"])
        #expect(KeywordRules.words("Dasar B@NGS4T!! 2024, jud1 é") == ["dasar", "bangsat", "2024", "judi", "e"])
        #expect(KeywordRules.words("!!! @@ ...") == [])
    }

    @Test("block wins over hold; session lists add to the global ones")
    func precedence() {
        let global = KeywordRules(hold: ["promo"], block: [])
        let session = KeywordRules(hold: [], block: ["promo spam"])
        #expect(global.merging(session).match("promo spam murah") == .block("promo spam"))
        #expect(global.match("promo spam murah") == .hold("promo"))
        #expect(KeywordRules.Match.hold("promo").rule == "keyword:hold:promo")
    }

    @Test("flood control holds the comment over the rate and a repeated text")
    func flood() {
        let flood = FloodControl(perMinute: 5)
        #expect(flood.rule(recentCount: 4, sameTextCount: 0) == nil)
        #expect(flood.rule(recentCount: 5, sameTextCount: 0) == "flood:rate")
        #expect(flood.rule(recentCount: 0, sameTextCount: 1) == "flood:repeat")
        var question = ModerationCommandsTests.question(1)
        FloodControl.apply(rule: "flood:rate", blocking: false, to: &question)
        #expect(question.state == .held && question.heldReason == "flood:rate" && question.rule == "flood:rate")
        FloodControl.apply(rule: "keyword:block:x", blocking: true, to: &question)
        #expect(question.state == .rejected && question.rejectReason == .abusive)
    }
}
