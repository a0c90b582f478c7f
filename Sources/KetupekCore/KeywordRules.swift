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
        KeywordRules(
            hold: hold + other.hold.filter { !hold.contains($0) },
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
            if character.isLetter || character.isNumber || swaps[character] != nil {
                current.append(character)
            } else {
                flush()
            }
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
