import Foundation
import KetupekCore

/// Replays a recorded JSONL file of comments at the original pace, faster, or as fast as possible: for
/// rehearsals, demos and benchmarks.
///
/// Each line is one object: `text` and an id (`external_id` or `externalID`) are required; `author`,
/// `contact`, `source` (defaults to the source's own name), and `offset_ms` (when the comment came, from
/// the start of the recording) are optional. The checkpoint is `round:line`, the next line to send, so a
/// restart continues with the line after the last stored one. Later rounds get fresh ids (`…-r2`).
public struct JSONLReplaySource: CommentSource {
    /// How fast to replay.
    public enum Pace: Sendable, Equatable {
        /// `factor` × the recorded pace (1 is the original pace).
        case scaled(Double)
        /// As fast as the store takes them, in batches.
        case asFastAsPossible

        /// `original`, `max`, or a factor like `4`.
        public init?(setting: String?) {
            switch setting?.lowercased() {
            case nil, "", "original": self = .scaled(1)
            case "max", "fast", "asfastaspossible": self = .asFastAsPossible
            case let value?:
                guard let factor = Double(value), factor > 0, factor <= 1_000_000 else { return nil }
                self = .scaled(factor)
            }
        }
    }

    /// One parsed line.
    public struct Line: Sendable, Equatable {
        public var offset: Duration
        public var comment: IncomingComment
    }

    public let kind = SourceKind.jsonl
    public let lines: [Line]
    public let pace: Pace
    public let rounds: Int
    public let batchLimit: Int
    private let sleep: @Sendable (Duration) async throws -> Void

    public init(
        lines: [Line], pace: Pace, rounds: Int = 1, batchLimit: Int = 500,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.lines = lines
        self.pace = pace
        self.rounds = max(1, rounds)
        self.batchLimit = max(1, batchLimit)
        self.sleep = sleep
    }

    /// Builds the source from its settings (`path`, `speed`, `rounds`, `source`).
    public init(settings: SourceSettings) throws(SourceError) {
        guard let path = settings["path"] else { throw .terminal("bad_settings", "jsonl needs a path setting") }
        guard let pace = Pace(setting: settings["speed"]) else {
            throw .terminal("bad_settings", "speed must be original, max, or a positive factor")
        }
        let contents: String
        do { contents = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .terminal("unreadable_file", "cannot read \(path): check the path and its permissions")
        }
        let lines = try Self.parse(contents, source: settings["source"] ?? SourceKind.jsonl.rawValue)
        // As fast as possible: larger transactions amortise the durable commit that each batch waits for.
        self.init(
            lines: lines, pace: pace, rounds: Int(settings["rounds"] ?? "1") ?? 1,
            batchLimit: pace == .asFastAsPossible ? 2_000 : 500)
    }

    /// Parses a whole file; blank lines are skipped, a bad line is an error naming its number.
    public static func parse(_ contents: String, source: String) throws(SourceError) -> [Line] {
        var lines: [Line] = []
        for (number, raw) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                let body = object["text"] as? String,
                let id = (object["external_id"] as? String) ?? (object["externalID"] as? String)
            else { throw .terminal("bad_file", "line \(number + 1) is not a comment object with text and external_id") }
            let offset = (object["offset_ms"] as? NSNumber)?.int64Value ?? 0
            let posted = (object["postedAt"] as? String).flatMap(RFC3339.date)
            lines.append(
                Line(
                    offset: .milliseconds(max(0, offset)),
                    comment: IncomingComment(
                        source: (object["source"] as? String) ?? source, externalID: id,
                        author: object["author"] as? String,
                        contact: object["contact"] as? String, text: body, postedAt: posted)))
        }
        return lines
    }

    /// Where `checkpoint` points: (round, next line); `nil` is the start.
    static func position(_ checkpoint: String?) -> (round: Int, line: Int) {
        guard let checkpoint else { return (1, 0) }
        let parts = checkpoint.split(separator: ":")
        guard parts.count == 2, let round = Int(parts[0]), let line = Int(parts[1]), round >= 1, line >= 0 else {
            return (1, 0)
        }
        return (round, line)
    }

    public func run(from checkpoint: String?, into sink: any SourceSink) async throws {
        guard !lines.isEmpty else { return }
        var (round, next) = Self.position(checkpoint)
        while round <= rounds {
            // The round's clock starts so that the next line is due now: a restart does not wait for the past.
            let start = ContinuousClock.now - (next < lines.count ? scaled(lines[next].offset) : .zero)
            while next < lines.count {
                if case .scaled = pace {
                    let wait = (start + scaled(lines[next].offset)) - ContinuousClock.now
                    if wait > .zero { try await sleep(wait) }
                }
                try Task.checkCancellation()
                var batch: [IncomingComment] = []
                let now = ContinuousClock.now
                while next < lines.count, batch.count < batchLimit {
                    if case .scaled = pace, !batch.isEmpty, start + scaled(lines[next].offset) > now { break }
                    var comment = lines[next].comment
                    if round > 1 { comment.externalID += "-r\(round)" }
                    if comment.postedAt == nil || round > 1 { comment.postedAt = Date() }
                    batch.append(comment)
                    next += 1
                }
                let position = next < lines.count ? "\(round):\(next)" : "\(round + 1):0"
                try await sink.deliver(SourceBatch(comments: batch, checkpoint: position))
            }
            round += 1
            next = 0
        }
    }

    private func scaled(_ offset: Duration) -> Duration {
        switch pace {
        case .scaled(let factor): offset / factor
        case .asFastAsPossible: .zero
        }
    }
}
