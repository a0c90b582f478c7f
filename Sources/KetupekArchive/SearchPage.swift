import KetupekCore
import KetupekHTTP

/// The archive's search page, rendered per request: the form filled in with the criteria, one page of results
/// with the matches highlighted, and pagination that keeps the criteria.
struct SearchPage {
    var search: ArchiveSearch
    var language: Language
    var context: ArchiveContext

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    private var query: String { search.query.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The criteria as a query string (without `?`), for page `page` (left out when 1).
    func queryString(page: Int = 1) -> String {
        var items: [(String, String)] = []
        if !query.isEmpty { items.append(("q", query)) }
        if let id = search.stakeholderID { items.append(("stakeholder", id.description)) }
        if let from = search.from { items.append(("from", ArchiveDateFormat.isoDay(from))) }
        if let to = search.to { items.append(("to", ArchiveDateFormat.isoDay(to))) }
        if page > 1 { items.append(("page", String(page))) }
        return items.map { "\($0)=\(ArchiveText.formEncoded($1))" }.joined(separator: "&")
    }

    private var form: Markup {
        let all: Markup =
            "<option value=\"\"\(search.stakeholderID == nil ? " selected" : "")>\(t("archive.search.all_stakeholders"))</option>"
        let options = search.stakeholders.map { stakeholder -> Markup in
            let selected: Markup = stakeholder.id == search.stakeholderID ? " selected" : ""
            return "<option value=\"\(stakeholder.id.description)\"\(selected)>\(stakeholder.name)</option>"
        }
        let from = search.from.map(ArchiveDateFormat.isoDay) ?? ""
        let to = search.to.map(ArchiveDateFormat.isoDay) ?? ""
        return """
                <form class="search-form" role="search" method="get" action="\(context.absolute(ArchivePaths.search(language)))">
                  <p><label for="search-q">\(t("archive.search.label"))</label>
                  <input id="search-q" type="search" name="q" value="\(query)"></p>
                  <p><label for="search-stakeholder">\(t("archive.search.stakeholder"))</label>
                  <select id="search-stakeholder" name="stakeholder">\(all)\(options)</select></p>
                  <fieldset>
                    <legend>\(t("archive.search.period"))</legend>
                    <p><label for="search-from">\(t("archive.search.from"))</label>
                    <input id="search-from" type="date" name="from" value="\(from)"></p>
                    <p><label for="search-to">\(t("archive.search.to"))</label>
                    <input id="search-to" type="date" name="to" value="\(to)"></p>
                  </fieldset>
                  <p><button type="submit">\(t("archive.search.submit"))</button></p>
                </form>

            """
    }

    private func result(_ result: ArchiveSearchResult) -> Markup {
        let href = ArchivePaths.permalink(result.slug, result.questionID, language)
        var meta: [Markup] = []
        if let name = result.stakeholderName { meta.append("\(name)") }
        if let date = result.answeredAt {
            meta.append(
                context.markup("archive.entry.answered_at", language, ["date": ArchiveDateFormat.time(date, language)]))
        }
        let answer: Markup =
            result.answerSnippet.isEmpty
            ? ""
            : """

                    <p class="snippet snippet-answer"><span class="snippet-label">\(t("archive.entry.answer")):</span> \(ArchiveText.markedSnippet(result.answerSnippet))</p>
            """
        let metaLine: Markup =
            meta.isEmpty ? "" : "\n        <p class=\"result-meta\">\(Markup.joined(meta, separator: " · "))</p>"
        return """
                  <li class="result">
                    <h3><a href="\(href)">\(result.sessionTitle)</a></h3>
                    <p class="snippet snippet-question">\(ArchiveText.markedSnippet(result.questionSnippet))</p>\(answer)\(metaLine)
                  </li>

            """
    }

    private var pagination: Markup {
        guard search.pageCount > 1 else { return "" }
        let base = ArchivePaths.search(language)
        var links: [Markup] = []
        if search.page > 1 {
            links.append(
                "<a rel=\"prev\" href=\"\(base)?\(queryString(page: search.page - 1))\">\(t("archive.pagination.previous"))</a>"
            )
        }
        links.append(
            "<span class=\"page-position\">\(t("archive.pagination.position", ["page": String(search.page), "count": String(search.pageCount)]))</span>"
        )
        if search.page < search.pageCount {
            links.append(
                "<a rel=\"next\" href=\"\(base)?\(queryString(page: search.page + 1))\">\(t("archive.pagination.next"))</a>"
            )
        }
        return """
                <nav class="pagination" aria-label="\(t("archive.pagination.label"))">
                  \(Markup.joined(links, separator: "\n      "))
                </nav>

            """
    }

    private var results: Markup {
        guard search.hasCriteria else { return "    <p class=\"hint\">\(t("archive.search.no_query"))</p>\n" }
        let count = String(search.total)
        let one = search.total == 1 ? "_one" : ""
        let heading =
            query.isEmpty
            ? t("archive.search.results_filtered\(one)", ["count": count])
            : t("archive.search.results_for\(one)", ["count": count, "query": query])
        guard !search.results.isEmpty else {
            let message = search.total > 0 ? t("archive.search.page_empty") : t("archive.search.no_results")
            return """
                    <h2 class="results-heading">\(heading)</h2>
                    <p class="empty">\(message)</p>

                """
        }
        return """
                <h2 class="results-heading">\(heading)</h2>
                <ol class="results">
            \(search.results.map(result))    </ol>
            \(pagination)
            """
    }

    func render() -> [UInt8] {
        let title = query.isEmpty ? t("archive.search.title") : t("archive.search.title_for", ["query": query])
        let main: Markup = """
                <h1>\(t("archive.search.title"))</h1>
            \(form)\(results)
            """
        return ArchiveLayout(
            language: language, context: context, title: title, description: t("archive.search.description"),
            path: ArchivePaths.search(language), query: queryString(page: search.page), indexable: false, main: main
        ).render()
    }
}
