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
    /// At most this many indexed questions are scored for one text, so the work per comment stays bounded
    /// however large the session grows.
    public static let maxCandidates = 64

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

    /// Every content word seen, numbered: questions keep sorted word numbers, compared without hashing.
    private var vocabulary: [String: Int32] = [:]
    private var words: [QuestionID: [Int32]] = [:]
    private var postings: [Int32: Set<QuestionID>] = [:]
    /// Questions by their exact word numbers, so a flood of one text is still recognised when all its words
    /// are common (and so find no candidates below).
    private var exact: [[Int32]: Set<QuestionID>] = [:]

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
        var numbers: [Int32] = []
        for word in Self.contentWords(text) {
            let number: Int32
            if let known = vocabulary[word] {
                number = known
            } else {
                number = Int32(truncatingIfNeeded: vocabulary.count)
                vocabulary[word] = number
            }
            numbers.append(number)
            postings[number, default: []].insert(id)
        }
        numbers.sort()
        words[id] = numbers
        exact[numbers, default: []].insert(id)
    }

    /// Removes a question that is no longer open.
    public mutating func remove(_ id: QuestionID) {
        guard let numbers = words.removeValue(forKey: id) else { return }
        for number in numbers {
            postings[number]?.remove(id)
            if postings[number]?.isEmpty == true { postings[number] = nil }
        }
        exact[numbers]?.remove(id)
        if exact[numbers]?.isEmpty == true { exact[numbers] = nil }
    }

    /// The indexed questions most like `text` (score at least `threshold`), most alike first, then oldest.
    ///
    /// Candidates come from the text's rarest words first (a repeat shares its distinctive words); words that
    /// many questions share only add to the score of candidates found that way. At most `maxCandidates` are
    /// scored, so a repeat made only of words many others share may be missed.
    public func suggestions(for text: String, excluding excluded: QuestionID? = nil) -> [DuplicateHint] {
        let content = Self.contentWords(text)
        guard !content.isEmpty, !words.isEmpty else { return [] }
        // Words never seen cannot be shared, but still count in the text's size.
        let known = content.compactMap { vocabulary[$0] }.sorted()
        // A word that a twentieth of the session shares says little about which question this repeats: it
        // adds to the score but finds no candidates.
        let common = max(50, words.count / 20)
        let lists = known.compactMap { postings[$0] }.filter { $0.count <= common }.sorted { $0.count < $1.count }
        var candidates = Set<QuestionID>()
        // Exact repeats first (a few suffice), then the rarest words' questions.
        if known.count == content.count {
            for id in (exact[known] ?? []).sorted().prefix(Self.limit + 1) where id != excluded {
                candidates.insert(id)
            }
        }
        collect: for list in lists {
            for id in list where id != excluded {
                candidates.insert(id)
                if candidates.count >= Self.maxCandidates { break collect }
            }
        }
        var hints: [DuplicateHint] = []
        for id in candidates {
            guard let other = words[id] else { continue }
            let score = 2 * Double(Self.sharedCount(known, other)) / Double(content.count + other.count)
            if score >= Self.threshold {
                hints.append(DuplicateHint(questionID: id, score: (score * 100).rounded() / 100))
            }
        }
        hints.sort { $0.score != $1.score ? $0.score > $1.score : $0.questionID < $1.questionID }
        return Array(hints.prefix(Self.limit))
    }

    /// How many numbers two sorted arrays share.
    static func sharedCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var i = 0
        var j = 0
        var shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// States whose questions are still open for a duplicate to be merged into.
    public static let openStates: Set<QuestionState> = [.pending, .held, .approved, .onAir, .deferred]
}
