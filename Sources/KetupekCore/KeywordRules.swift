import Foundation

/// Word lists that decide a comment at ingest: a hold list (the comment waits in `held`, with the matching
/// rule shown) and a block list (rejected at once). Matching is on whole words after normalising case,
/// diacritics and common letter/digit swaps (`j00d1` matches `judi`); an entry of several words matches
/// those words in a row.
public struct KeywordRules: Sendable, Codable, Equatable {
    public var hold: [String]
    public var block: [String]

    public init(hold: [String] = [], block: [String] = []) {
        self.hold = hold
        self.block = block
    }

    /// What a list decided about a text.
    public enum Match: Sendable, Equatable {
        case hold(String)
        case block(String)

        /// The rule's name as recorded on the question and in the event (`keyword:hold:judi`).
        public var rule: String {
            switch self {
            case .hold(let entry): "keyword:hold:\(entry)"
            case .block(let entry): "keyword:block:\(entry)"
            }
        }
    }

    /// These rules and `other`'s together (global lists plus a session's own).
    public func merging(_ other: KeywordRules) -> KeywordRules {
        KeywordRules(hold: hold + other.hold.filter { !hold.contains($0) },
                     block: block + other.block.filter { !block.contains($0) })
    }

    /// The first block entry that matches, else the first hold entry, else `nil`.
    public func match(_ text: String) -> Match? { compiled().match(text) }

    /// The lists with every entry normalised once, for matching many texts.
    public func compiled() -> Compiled {
        Compiled(block: block.map { ($0, Self.words($0)) }, hold: hold.map { ($0, Self.words($0)) })
    }

    /// Keyword lists ready for matching: each entry with its normalised words.
    public struct Compiled: Sendable {
        let block: [(entry: String, words: [String])]
        let hold: [(entry: String, words: [String])]

        /// The first block entry that matches, else the first hold entry, else `nil`.
        public func match(_ text: String) -> Match? {
            guard !block.isEmpty || !hold.isEmpty else { return nil }
            let words = KeywordRules.words(text)
            guard !words.isEmpty else { return nil }
            if let found = block.first(where: { KeywordRules.contains(words, $0.words) }) { return .block(found.entry) }
            if let found = hold.first(where: { KeywordRules.contains(words, $0.words) }) { return .hold(found.entry) }
            return nil
        }
    }

    /// Digits and symbols commonly written for letters.
    static let swaps: [Character: Character] = [
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s", "!": "i",
    ]

    /// Normalised words: folded case and diacritics; inside a word that has a letter, swapped digits and
    /// symbols become letters (a bare number such as `2024` stays a number).
    public static func words(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text) }
        let folded = TextNormalizer.fold(text)
        var words: [String] = []
        var current = ""
        func flush() {
            if current.contains(where: \.isLetter) {
                // Trailing "!" is punctuation, not a letter.
                var body = current
                while body.last == "!" { body.removeLast() }
                if !body.isEmpty { words.append(String(body.map { swaps[$0] ?? $0 })) }
            } else if !current.isEmpty, current.contains(where: \.isNumber) {
                words.append(current.filter(\.isNumber))
            }
            current = ""
        }
        for character in folded {
            if character.isLetter || character.isNumber || swaps[character] != nil { current.append(character) } else { flush() }
        }
        flush()
        return words
    }

    /// `words(_:)` for ASCII text (most comments), on bytes.
    static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var hasLetter = false
        func swapped(_ byte: UInt8) -> UInt8 {
            switch byte {
            case UInt8(ascii: "0"): UInt8(ascii: "o")
            case UInt8(ascii: "1"), UInt8(ascii: "!"): UInt8(ascii: "i")
            case UInt8(ascii: "3"): UInt8(ascii: "e")
            case UInt8(ascii: "4"), UInt8(ascii: "@"): UInt8(ascii: "a")
            case UInt8(ascii: "5"), UInt8(ascii: "$"): UInt8(ascii: "s")
            case UInt8(ascii: "7"): UInt8(ascii: "t")
            case UInt8(ascii: "8"): UInt8(ascii: "b")
            case UInt8(ascii: "9"): UInt8(ascii: "g")
            default: byte
            }
        }
        func flush() {
            defer {
                current.removeAll(keepingCapacity: true)
                hasLetter = false
            }
            if hasLetter {
                // Trailing "!" is punctuation, not a letter.
                while current.last == UInt8(ascii: "!") { current.removeLast() }
                if !current.isEmpty { words.append(String(decoding: current.map(swapped), as: UTF8.self)) }
            } else {
                let digits = current.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                if !digits.isEmpty { words.append(String(decoding: digits, as: UTF8.self)) }
            }
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                current.append(byte)
                hasLetter = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                current.append(byte + 32)
                hasLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "@"), UInt8(ascii: "$"), UInt8(ascii: "!"):
                current.append(byte)
            default:
                flush()
            }
        }
        flush()
        return words
    }

    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if Array(words[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }
}

/// Flood control: an author who sends too much is held, never dropped.
public struct FloodControl: Sendable, Equatable {
    /// More comments than this from one author within a minute are held.
    public var perMinute: Int
    /// The same text from the same author within this many seconds is held.
    public var repeatWindow: TimeInterval

    public init(perMinute: Int = 5, repeatWindow: TimeInterval = 600) {
        self.perMinute = perMinute
        self.repeatWindow = repeatWindow
    }

    /// The rule a new comment breaks, given what the author sent before it: `flood:rate` when they already
    /// sent `perMinute` in the last minute, `flood:repeat` when they already sent the same text recently.
    public func rule(recentCount: Int, sameTextCount: Int) -> String? {
        if sameTextCount > 0 { return "flood:repeat" }
        if recentCount >= perMinute { return "flood:rate" }
        return nil
    }

    /// Applies an ingest-time rule to a new question: held (or rejected for a block list), with the rule.
    public static func apply(rule: String, blocking: Bool, to question: inout Question) {
        question.rule = rule
        if blocking {
            question.state = .rejected
            question.rejectReason = .abusive
        } else {
            question.state = .held
            question.heldReason = rule
        }
    }
}

/// What flood control remembers: each author's comments of the last minute and texts of the last
/// `repeatWindow`, per session and source. Kept in memory by the store's single writer (a restart forgets it,
/// which only makes the first minutes after it more lenient).
public struct FloodLedger: Sendable {
    private struct Author: Sendable {
        var times: [Date] = []
        var texts: [String: Date] = [:]
        var last: Date = .distantPast
    }

    private var authors: [String: Author] = [:]
    private var recordsSinceSweep = 0

    public init() {}

    private static func key(_ question: Question) -> String {
        "\(question.sessionID.rawValue)\u{1}\(question.source)\u{1}\(question.author)"
    }

    /// The rule `question` breaks given what its author sent before (nothing for an anonymous author).
    public func rule(for question: Question, _ control: FloodControl) -> String? {
        guard !question.author.isEmpty, let author = authors[Self.key(question)] else { return nil }
        let now = question.receivedAt
        let recent = author.times.filter { now.timeIntervalSince($0) < 60 }.count
        let repeated = author.texts[question.originalText].map { now.timeIntervalSince($0) < control.repeatWindow } ?? false
        return control.rule(recentCount: recent, sameTextCount: repeated ? 1 : 0)
    }

    /// Remembers a stored question; forgets what has aged out.
    public mutating func record(_ question: Question, _ control: FloodControl) {
        guard !question.author.isEmpty else { return }
        let now = question.receivedAt
        let key = Self.key(question)
        var author = authors[key] ?? Author()
        author.times.removeAll { now.timeIntervalSince($0) >= 60 }
        author.times.append(now)
        if author.texts.count > 50 { author.texts = author.texts.filter { now.timeIntervalSince($0.value) < control.repeatWindow } }
        author.texts[question.originalText] = now
        author.last = now
        authors[key] = author
        recordsSinceSweep += 1
        if recordsSinceSweep >= 10_000 {
            recordsSinceSweep = 0
            authors = authors.filter { now.timeIntervalSince($0.value.last) < control.repeatWindow }
        }
    }
}
