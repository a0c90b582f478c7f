import Foundation

/// Finds open questions that read like a new one: normalised words (case, diacritics, punctuation) without
/// common Bahasa Indonesia and English stop words, compared as sets (Dice coefficient).
///
/// An inverted index keeps the comparison to questions that share at least one word, so a session with
/// thousands of open questions still answers in microseconds.
public struct DuplicateIndex: Sendable {
    /// Scores at or above this count as a likely duplicate.
    public static let threshold = 0.6
    /// At most this many suggestions per question.
    public static let limit = 3

    static let stopWords: Set<String> = [
        // Bahasa Indonesia
        "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "ada", "saya", "kami", "kita", "aku",
        "anda", "bapak", "ibu", "pak", "bu", "mohon", "tolong", "apa", "apakah", "bagaimana", "gimana", "kapan",
        "mengapa", "kenapa", "siapa", "berapa", "bisa", "bisakah", "sudah", "belum", "akan", "juga", "tidak",
        "gak", "nggak", "ya", "kah", "pun", "atau", "pada", "dalam", "oleh", "karena", "jika", "kalau", "agar",
        "seperti", "lagi", "masih", "harus", "sih", "dong", "kok", "nya", "min", "admin", "terima", "kasih",
        // English
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was", "were", "be",
        "i", "we", "you", "my", "our", "your", "it", "this", "that", "what", "how", "when", "where", "why", "who",
        "which", "can", "could", "do", "does", "did", "will", "would", "should", "please", "there", "have", "has",
        "me", "at", "by", "as", "if", "so", "not", "no", "yes", "thanks", "thank",
    ]

    /// A word in more open questions than this says little about which are alike, and scanning its
    /// questions for every new one would make a flood of the same text cost quadratic time: it is skipped.
    public static let commonWordLimit = 256

    private var words: [QuestionID: Set<String>] = [:]
    private var postings: [String: Set<QuestionID>] = [:]
    /// Questions by their exact content words, so repeats are found even when every word is common.
    private var exact: [Set<String>: Set<QuestionID>] = [:]

    public init() {}

    /// How many questions are indexed.
    public var count: Int { words.count }

    /// The content words of `text`: normalised, without stop words.
    public static func contentWords(_ text: String) -> Set<String> {
        Set(TextNormalizer.words(text).filter { !stopWords.contains($0) })
    }

    /// How alike two sets of content words are, from 0 (nothing shared) to 1 (the same words).
    public static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    /// Adds or replaces an open question.
    public mutating func add(_ id: QuestionID, text: String) {
        remove(id)
        let content = Self.contentWords(text)
        words[id] = content
        for word in content { postings[word, default: []].insert(id) }
        exact[content, default: []].insert(id)
    }

    /// Removes a question that is no longer open.
    public mutating func remove(_ id: QuestionID) {
        guard let content = words.removeValue(forKey: id) else { return }
        for word in content {
            postings[word]?.remove(id)
            if postings[word]?.isEmpty == true { postings[word] = nil }
        }
        exact[content]?.remove(id)
        if exact[content]?.isEmpty == true { exact[content] = nil }
    }

    /// The indexed questions most like `text` (score at least `threshold`), most alike first, then oldest.
    public func suggestions(for text: String, excluding excluded: QuestionID? = nil) -> [DuplicateHint] {
        let content = Self.contentWords(text)
        var shared: [QuestionID: Int] = [:]
        for word in content {
            guard let ids = postings[word], ids.count <= Self.commonWordLimit else { continue }
            for id in ids where id != excluded { shared[id, default: 0] += 1 }
        }
        // Common words were skipped above: count them back in for the candidates found, and take exact
        // repeats (bounded) even when all their words are common.
        let common = content.filter { (postings[$0]?.count ?? 0) > Self.commonWordLimit }
        if !common.isEmpty {
            for id in shared.keys { shared[id, default: 0] += common.filter { words[id]?.contains($0) == true }.count }
            for id in (exact[content] ?? []).sorted().prefix(Self.limit * 4) where id != excluded && shared[id] == nil {
                shared[id] = content.count
            }
        }
        var hints: [DuplicateHint] = []
        for (id, common) in shared {
            let other = words[id]?.count ?? 0
            let score = 2 * Double(common) / Double(content.count + other)
            if score >= Self.threshold { hints.append(DuplicateHint(questionID: id, score: (score * 100).rounded() / 100)) }
        }
        hints.sort { $0.score != $1.score ? $0.score > $1.score : $0.questionID < $1.questionID }
        return Array(hints.prefix(Self.limit))
    }

    /// States whose questions are still open for a duplicate to be merged into.
    public static let openStates: Set<QuestionState> = [.pending, .held, .approved, .onAir, .deferred]
}
