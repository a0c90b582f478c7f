import Foundation
import KetupekCore

/// A transcript as CSV (`/archive/{slug}.csv`): RFC 4180 (CRLF rows, quoted fields where needed), a UTF-8 byte
/// order mark so spreadsheet programs read the encoding right, a header row in the session's language, and
/// cells made safe against formula injection.
struct TranscriptCSV {
    var transcript: Transcript
    var context: ArchiveContext

    /// The columns, as their catalogue keys name them (`archive.csv.{column}`).
    static let columns = [
        "id", "asked_at", "asker", "question", "stakeholder", "state", "answer", "answered_at", "video_offset",
        "watch_url", "permalink",
    ]

    /// One field: a leading `= + - @`, tab or carriage return gets an apostrophe so a spreadsheet does not run
    /// it as a formula (OWASP's advice); a field with a comma, quote or line break is quoted, quotes doubled.
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `12`, `12.5`: seconds without a needless `.0`.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    func render() -> [UInt8] {
        let session = transcript.session
        let language = session.language
        var rows: [[String]] = [Self.columns.map { context.text("archive.csv.\($0)", language) }]
        for entry in transcript.entries {
            rows.append([
                entry.id.description,
                entry.askedAt.iso8601Milliseconds,
                entry.asker ?? "",
                entry.text,
                entry.stakeholder?.name ?? "",
                entry.isDeferred ? QuestionState.deferred.rawValue : QuestionState.answered.rawValue,
                entry.answer?.summary ?? "",
                entry.answer?.answeredAt.iso8601Milliseconds ?? "",
                entry.answer == nil ? "" : entry.offset.map(Self.seconds) ?? "",
                entry.watchURL ?? "",
                context.absolute(ArchivePaths.permalink(session.slug, entry.id, language)),
            ])
        }
        let text = rows.map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }
}
