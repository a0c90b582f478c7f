import KetupekCore
import KetupekHTTP

/// A session's transcript page, in broadcast order or grouped by stakeholder.
struct TranscriptPage {
    /// The two views of a transcript.
    enum Grouping { case broadcast, stakeholder }

    var transcript: Transcript
    var grouping: Grouping
    var language: Language
    var context: ArchiveContext

    private var slug: String { transcript.session.slug }

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    var path: String {
        grouping == .broadcast
            ? ArchivePaths.transcript(slug, language) : ArchivePaths.byStakeholder(slug, language)
    }

    private func entries(_ entries: [Transcript.Entry], heading: Int) -> Markup {
        .joined(
            entries.map {
                EntryView(entry: $0, slug: slug, language: language, context: context).render(heading: heading)
            })
    }

    private var groupingSwitch: Markup {
        let views: [(Grouping, String, String)] = [
            (.broadcast, ArchivePaths.transcript(slug, language), "archive.transcript.view_broadcast"),
            (.stakeholder, ArchivePaths.byStakeholder(slug, language), "archive.transcript.view_stakeholder"),
        ]
        let items = views.map { view, href, key -> Markup in
            let current: Markup = view == grouping ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(href)\"\(current)>\(t(key))</a></li>"
        }
        return """
                <nav class="view-switch" aria-label="\(t("archive.transcript.view_label"))">
                  <ul>\(Markup.joined(items))</ul>
                </nav>
            """
    }

    /// The links to the `.json`, `.md` and `.csv` downloads.
    static func downloads(_ slug: String) -> Markup {
        let formats: [(String, String, String)] = [
            (ArchivePaths.json(slug), "application/json", "JSON"),
            (ArchivePaths.markdown(slug), "text/markdown", "Markdown"),
            (ArchivePaths.csv(slug), "text/csv", "CSV"),
        ]
        return .joined(
            formats.map { href, type, name in "<a href=\"\(href)\" type=\"\(type)\">\(name)</a>" },
            separator: " · ")
    }

    /// Everything on the page above the questions: title, date, counts, description, video, views, downloads.
    private var intro: Markup {
        let session = transcript.session
        let summary = transcript.summary
        var meta: [Markup] = []
        if let start = session.broadcastStart {
            meta.append(
                context.markup(
                    "archive.transcript.broadcast", language, ["date": ArchiveDateFormat.time(start, language)]))
        }
        meta.append("\(t("archive.count.answered", ["count": String(summary.answered)]))")
        meta.append("\(t("archive.count.pending", ["count": String(summary.pending)]))")
        let description: Markup =
            session.description.isEmpty
            ? "" : "\n    <p class=\"description\">\(ArchiveText.lines(session.description))</p>"
        var video: Markup = ""
        if let url = session.videoURL, VideoLink.isWebURL(url) {
            video =
                "\n    <p class=\"watch-broadcast\"><a class=\"watch\" href=\"\(url)\">\(t("archive.transcript.watch_broadcast"))</a></p>"
        }
        return """
                <h1>\(session.title)</h1>
                <p class="session-meta">\(Markup.joined(meta, separator: " · "))</p>\(description)\(video)
            \(groupingSwitch)
                <p class="downloads">\(t("archive.transcript.downloads")) \(Self.downloads(slug))</p>
            """
    }

    private var body: Markup {
        if transcript.entries.isEmpty { return "    <p class=\"empty\">\(t("archive.transcript.empty"))</p>\n" }
        switch grouping {
        case .broadcast:
            return """
                    <section class="entries" aria-labelledby="entries-heading">
                      <h2 id="entries-heading">\(t("archive.transcript.questions"))</h2>
                \(entries(transcript.entries, heading: 3))    </section>

                """
        case .stakeholder:
            var sections: [Markup] = []
            for stakeholder in transcript.panel {
                let own = transcript.entries.filter { $0.stakeholder?.id == stakeholder.id }
                guard !own.isEmpty else { continue }
                sections.append(
                    """
                        <section class="stakeholder-group" aria-labelledby="s-\(stakeholder.id.rawValue)">
                          <h2 id="s-\(stakeholder.id.rawValue)">\(stakeholder.name)</h2>
                    \(entries(own, heading: 3))    </section>

                    """)
            }
            let panelIDs = Set(transcript.panel.map(\.id))
            let rest = transcript.entries.filter { $0.stakeholder.map { !panelIDs.contains($0.id) } ?? true }
            if !rest.isEmpty {
                sections.append(
                    """
                        <section class="stakeholder-group" aria-labelledby="s-none">
                          <h2 id="s-none">\(t("archive.transcript.no_stakeholder"))</h2>
                    \(entries(rest, heading: 3))    </section>

                    """)
            }
            return .joined(sections)
        }
    }

    func render() -> [UInt8] {
        let session = transcript.session
        let description =
            session.description.isEmpty
            ? t("archive.transcript.meta_description", ["title": session.title])
            : ArchiveText.truncated(session.description, max: 200)
        let title =
            grouping == .broadcast
            ? session.title : t("archive.transcript.title_by_stakeholder", ["title": session.title])
        return ArchiveLayout(
            language: language, context: context, title: title, description: description, path: path,
            main: "\(intro)\n\(body)",
            footer: "    <p class=\"formats\">\(t("archive.transcript.downloads")) \(Self.downloads(slug))</p>\n"
        ).render()
    }
}
