import Foundation

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
        let repeated =
            author.texts[question.originalText].map { now.timeIntervalSince($0) < control.repeatWindow } ?? false
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
        if author.texts.count > 50 {
            author.texts = author.texts.filter { now.timeIntervalSince($0.value) < control.repeatWindow }
        }
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
