import Foundation
import KetupekCore

/// A transcript as Markdown (`/archive/{slug}.md`), in the session's language. Every outside text is escaped so
/// a question cannot become a heading, a link, an image or raw HTML in whatever renders the file.
struct TranscriptMarkdown {
    var transcript: Transcript
    var context: ArchiveContext

    private var language: Language { transcript.session.language }

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    /// Backslash-escapes what Markdown (CommonMark, GFM) would read as syntax: `\ ` * _ [ ] < > # | ! ~ &`
    /// anywhere, and at the start of a line the list and heading markers (`-`, `+`, `=`, `1.`, `1)`).
    static func escape(_ text: String) -> String {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        return lines.map { line -> String in
            var out = ""
            var atStart = true
            var digitsRun = false
            for character in line {
                if atStart, character == " " || character == "\t" {
                    out.append(character)
                    continue
                }
                if "\\`*_[]<>#|!~&".contains(character) {
                    out.append("\\")
                } else if atStart, "-+=".contains(character) {
                    out.append("\\")
                } else if digitsRun, character == "." || character == ")" {
                    out.append("\\")
                }
                digitsRun = (atStart || digitsRun) && character.isASCII && character.isNumber
                atStart = false
                out.append(character)
            }
            return out
        }.joined(separator: "\n")
    }

    /// A link destination safe inside `<…>`: no angle brackets, spaces or line breaks.
    private static func destination(_ url: String) -> String {
        var out = ""
        for scalar in url.unicodeScalars {
            switch scalar {
            case "<": out += "%3C"
            case ">": out += "%3E"
            case " ": out += "%20"
            case "\n", "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func quoted(_ text: String) -> String {
        escape(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n")
    }

    func render() -> [UInt8] {
        let session = transcript.session
        let summary = transcript.summary
        var out = "# \(Self.escape(session.title))\n\n"
        if !session.description.isEmpty { out += "\(Self.escape(session.description))\n\n" }
        var meta: [String] = []
        if let start = session.broadcastStart {
            meta.append(t("archive.transcript.broadcast", ["date": ArchiveDateFormat.dayAndTime(start, language)]))
        }
        meta.append(t("archive.count.answered", ["count": String(summary.answered)]))
        meta.append(t("archive.count.pending", ["count": String(summary.pending)]))
        out += Self.escape(meta.joined(separator: " · ")) + "\n\n"
        if let video = session.videoURL, VideoLink.isWebURL(video) {
            out += "[\(Self.escape(t("archive.transcript.watch_broadcast")))](<\(Self.destination(video))>)\n\n"
        }
        let page = context.absolute(ArchivePaths.transcript(session.slug, language))
        out += "\(Self.escape(t("archive.markdown.source"))) <\(Self.destination(page))>\n"
        for entry in transcript.entries {
            let heading =
                entry.asker.map { t("archive.entry.heading", ["asker": $0]) }
                ?? t("archive.entry.heading_anonymous")
            out += "\n## \(Self.escape(heading))\n\n"
            out += Self.quoted(entry.text) + "\n\n"
            let asked = t(
                "archive.entry.asked",
                [
                    "asker": entry.asker ?? t("archive.entry.anonymous"),
                    "date": ArchiveDateFormat.dayAndTime(entry.askedAt, language),
                ])
            out += Self.escape(asked) + "\n\n"
            if let stakeholder = entry.stakeholder {
                let key = entry.isDeferred ? "archive.entry.to_answer" : "archive.entry.answered_by"
                out += Self.escape(t(key, ["stakeholder": stakeholder.name])) + "\n\n"
            }
            if let answer = entry.answer {
                out += "**\(Self.escape(t("archive.entry.answer")))**\n\n"
                out += Self.escape(answer.summary) + "\n\n"
                let answered = t(
                    "archive.entry.answered_at", ["date": ArchiveDateFormat.dayAndTime(answer.answeredAt, language)])
                out += Self.escape(answered) + "\n\n"
            } else if let due = entry.dueDate {
                out += Self.escape(t("archive.entry.pending", ["date": ArchiveDateFormat.day(due, language)])) + "\n\n"
            }
            if let watch = entry.watchURL, VideoLink.isWebURL(watch) {
                let label = t("archive.entry.watch", ["time": VideoLink.clock(entry.offset ?? 0)])
                out += "[\(Self.escape(label))](<\(Self.destination(watch))>)\n\n"
            }
            let permalink = context.absolute(ArchivePaths.permalink(session.slug, entry.id, language))
            out += "\(Self.escape(t("archive.entry.permalink"))): <\(Self.destination(permalink))>\n"
        }
        return Array(out.utf8)
    }
}
