import KetupekCore
import KetupekHTTP

/// One published question as HTML: the question, who asked and when, the stakeholder, the answer or the
/// promise of one, and the links to the recording and to the question's permalink.
struct EntryView {
    var entry: Transcript.Entry
    var slug: String
    var language: Language
    var context: ArchiveContext

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    /// `Pertanyaan dari Budi` / `Question from an anonymous asker`.
    var heading: String {
        if let asker = entry.asker { return t("archive.entry.heading", ["asker": asker]) }
        return t("archive.entry.heading_anonymous")
    }

    /// The entry as an `<article id="q-{id}">`; `heading` is the level of its heading (3 on transcript pages),
    /// or `nil` on a permalink page where the page's `<h1>` names it.
    func render(heading level: Int?, permalink: Bool = true) -> Markup {
        let id = "q-\(entry.id)"
        var parts: [Markup] = []
        if let level {
            let tag = Markup.trusted("h\(min(max(level, 2), 6))")
            parts.append("<\(tag) class=\"entry-heading\">\(heading)</\(tag)>")
        }
        parts.append("<blockquote class=\"question\"><p>\(ArchiveText.lines(entry.text))</p></blockquote>")
        let asker = entry.asker ?? t("archive.entry.anonymous")
        var asked: Markup = context.markup(
            "archive.entry.asked", language,
            ["asker": "<span class=\"asker\">\(asker)</span>", "date": ArchiveDateFormat.time(entry.askedAt, language)])
        if entry.votes > 0 { asked = "\(asked) · \(t("archive.entry.votes", ["count": String(entry.votes)]))" }
        parts.append("<p class=\"asked\">\(asked)</p>")
        if let stakeholder = entry.stakeholder {
            let key = entry.isDeferred ? "archive.entry.to_answer" : "archive.entry.answered_by"
            parts.append(
                "<p class=\"stakeholder\">\(context.markup(key, language, ["stakeholder": "<strong>\(stakeholder.name)</strong>"]))</p>"
            )
        }
        if let answer = entry.answer {
            parts.append(
                """
                <div class="answer">
                        <p class="answer-label">\(t("archive.entry.answer"))</p>
                        <p>\(ArchiveText.lines(answer.summary))</p>
                        <p class="answered">\(context.markup("archive.entry.answered_at", language, ["date": ArchiveDateFormat.time(answer.answeredAt, language)]))</p>
                      </div>
                """)
        } else if let due = entry.dueDate {
            let date = ArchiveDateFormat.time(due, language, withTime: false)
            parts.append(
                "<p class=\"pending\">\(context.markup("archive.entry.pending", language, ["date": date]))</p>")
        }
        var links: [Markup] = []
        if let watch = entry.watchURL, VideoLink.isWebURL(watch) {
            let clock = VideoLink.clock(entry.offset ?? 0)
            links.append("<a class=\"watch\" href=\"\(watch)\">\(t("archive.entry.watch", ["time": clock]))</a>")
        }
        if permalink {
            let href = ArchivePaths.permalink(slug, entry.id, language)
            links.append(
                "<a class=\"permalink\" href=\"\(href)\">\(t("archive.entry.permalink"))<span class=\"visually-hidden\"> \(t("archive.entry.permalink_of", ["id": entry.id.description]))</span></a>"
            )
        }
        if !links.isEmpty { parts.append("<p class=\"entry-links\">\(Markup.joined(links, separator: " · "))</p>") }
        let state = entry.isDeferred ? "deferred" : "answered"
        return """
                <article class="entry entry-\(state)" id="\(id)">
                  \(Markup.joined(parts, separator: "\n      "))
                </article>

            """
    }
}
