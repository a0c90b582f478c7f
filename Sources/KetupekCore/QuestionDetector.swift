import Foundation

/// Tells questions from other comments, in Bahasa Indonesia and English.
///
/// A text is a question when it has a question mark outside a URL, or when it contains an interrogative
/// word (`apa`, `bagaimana`, `kapan`, `how`, `when`, …). Informal spellings common in comments (`gmn`,
/// `knp`, `brp`) count too.
public enum QuestionDetector {
    static let interrogatives: Set<String> = [
        // Bahasa Indonesia, with common informal spellings
        "apa", "apakah", "bagaimana", "gimana", "gmn", "bgmn", "kapan", "kpn", "mengapa", "kenapa", "knp",
        "siapa", "berapa", "brp", "bisakah", "dimana", "mana", "manakah", "bolehkah", "adakah", "kah",
        // English
        "what", "how", "when", "where", "why", "who", "which", "whom", "whose", "can", "could", "should",
        "is", "are", "do", "does", "did", "will", "would",
    ]

    /// English auxiliaries only ask when they open the sentence ("is it…", not "it is…").
    static let leadingOnly: Set<String> = [
        "can", "could", "should", "is", "are", "do", "does", "did", "will", "would", "mana", "kah",
    ]

    public static func isQuestion(_ text: String) -> Bool {
        if hasQuestionMarkOutsideURL(text) { return true }
        let words = TextNormalizer.words(text)
        guard !words.isEmpty else { return false }
        if words.contains(where: { interrogatives.contains($0) && !leadingOnly.contains($0) }) { return true }
        if leadingOnly.contains(words[0]) { return true }
        // "di mana" written apart
        return zip(words, words.dropFirst()).contains { $0 == "di" && $1 == "mana" }
    }

    static func hasQuestionMarkOutsideURL(_ text: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: "?")) || text.contains("？") else { return false }
        for token in text.split(whereSeparator: { $0.isWhitespace }) {
            let lower = token.lowercased()
            let isURL = lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")
            if isURL {
                // "…/page?" at the very end of a URL token is still a question mark for the sentence.
                if lower.hasSuffix("?") { return true }
                continue
            }
            if token.contains("?") || token.contains("？") { return true }
        }
        return false
    }
}

/// Normalises text for matching: lowercase, diacritics removed, punctuation as word breaks.
public enum TextNormalizer {
    /// The words of `text`, lowercased and without diacritics.
    public static func words(_ text: String) -> [String] {
        // Comments are mostly ASCII: split those bytes directly; fold the rest through Unicode first.
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return fold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        }
        var words: [String] = []
        var current: [UInt8] = []
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            default:
                if !current.isEmpty {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Lowercases and strips combining marks (é → e), without Foundation's locale-dependent folding.
    public static func fold(_ text: String) -> String {
        let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
        return String(
            String.UnicodeScalarView(
                decomposed.unicodeScalars.filter {
                    $0.properties.generalCategory != .nonspacingMark
                }))
    }
}
