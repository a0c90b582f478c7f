import KetupekCore
import KetupekHTTP

/// One page of the archive's index: published sessions, newest first, with pagination.
struct IndexPage {
    /// Every published session, newest first.
    var sessions: [PublishedSession]
    /// 1-based.
    var page: Int
    var language: Language
    var context: ArchiveContext

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    private var pageCount: Int { ArchivePaths.indexPageCount(sessions: sessions.count) }

    private func item(_ session: PublishedSession) -> Markup {
        var meta: [Markup] = []
        if let start = session.broadcastStart { meta.append(ArchiveDateFormat.time(start, language, withTime: false)) }
        meta.append("\(t("archive.count.answered", ["count": String(session.answered)]))")
        meta.append("\(t("archive.count.pending", ["count": String(session.pending)]))")
        let description: Markup =
            session.description.isEmpty
            ? "" : "<p class=\"description\">\(ArchiveText.truncated(session.description, max: 280))</p>"
        let otherLanguage: Markup =
            session.language == language
            ? ""
            : " <span class=\"session-language\">(\(t("archive.index.in_language.\(session.language.rawValue)")))</span>"
        return """
                  <li class="session">
                    <h2><a href="\(ArchivePaths.transcript(session.slug, language))">\(session.title)</a>\(otherLanguage)</h2>
                    <p class="session-meta">\(Markup.joined(meta, separator: " · "))</p>
                    \(description)
                  </li>

            """
    }

    private var pagination: Markup {
        guard pageCount > 1 else { return "" }
        var links: [Markup] = []
        if page > 1 {
            links.append(
                "<a rel=\"prev\" href=\"\(ArchivePaths.index(language, page: page - 1))\">\(t("archive.pagination.previous"))</a>"
            )
        }
        links.append(
            "<span class=\"page-position\">\(t("archive.pagination.position", ["page": String(page), "count": String(pageCount)]))</span>"
        )
        if page < pageCount {
            links.append(
                "<a rel=\"next\" href=\"\(ArchivePaths.index(language, page: page + 1))\">\(t("archive.pagination.next"))</a>"
            )
        }
        return """
                <nav class="pagination" aria-label="\(t("archive.pagination.label"))">
                  \(Markup.joined(links, separator: "\n      "))
                </nav>

            """
    }

    func render() -> [UInt8] {
        let start = (page - 1) * ArchivePaths.indexPageSize
        let shown = sessions.dropFirst(start).prefix(ArchivePaths.indexPageSize)
        let list: Markup =
            shown.isEmpty
            ? "    <p class=\"empty\">\(t("archive.index.empty"))</p>\n"
            : "    <ol class=\"sessions\">\n\(shown.map(item))    </ol>\n"
        let title =
            page == 1
            ? t("archive.index.title")
            : t("archive.index.title_page", ["page": String(page)])
        let main: Markup = """
                <h1>\(title)</h1>
                <p class="intro">\(t("archive.index.intro"))</p>
            \(list)\(pagination)
            """
        return ArchiveLayout(
            language: language, context: context, title: title, description: t("archive.index.intro"),
            path: ArchivePaths.index(language, page: page), main: main
        ).render()
    }
}
