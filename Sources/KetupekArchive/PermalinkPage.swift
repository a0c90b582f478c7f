import KetupekCore
import KetupekHTTP

/// The page of one published question: the entry alone, shareable (OpenGraph article), linking back to its
/// place in the transcript.
struct PermalinkPage {
    var transcript: Transcript
    var entry: Transcript.Entry
    var language: Language
    var context: ArchiveContext

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    func render() -> [UInt8] {
        let session = transcript.session
        let view = EntryView(entry: entry, slug: session.slug, language: language, context: context)
        let back = ArchivePaths.transcript(session.slug, language) + "#q-\(entry.id)"
        let question = ArchiveText.truncated(entry.text, max: 100)
        let description: String
        if let answer = entry.answer {
            description = ArchiveText.truncated(answer.summary, max: 200)
        } else if let due = entry.dueDate {
            description = t("archive.entry.pending", ["date": ArchiveDateFormat.day(due, language)])
        } else {
            description = question
        }
        let main: Markup = """
                <p class="breadcrumb"><a href="\(ArchivePaths.transcript(session.slug, language))">\(session.title)</a></p>
                <h1>\(view.heading)</h1>
            \(view.render(heading: nil, permalink: false))
                <p class="back"><a href="\(back)">\(t("archive.permalink.back"))</a></p>
            """
        return ArchiveLayout(
            language: language, context: context, title: "\(question) — \(session.title)", description: description,
            path: ArchivePaths.permalink(session.slug, entry.id, language), ogType: "article", ogTitle: question,
            main: main
        ).render()
    }
}
