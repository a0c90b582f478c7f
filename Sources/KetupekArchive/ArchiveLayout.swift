import KetupekCore
import KetupekHTTP

/// The one frame every archive page shares: the head (canonical and language alternates, OpenGraph, the feed,
/// the stylesheet), a header with the site name, a search form and the language switch, the page's `<main>`,
/// and a footer. No script, no inline style: the pages work with JavaScript off and under a strict CSP.
struct ArchiveLayout {
    var language: Language
    var context: ArchiveContext
    /// The page's own title; the `<title>` adds the site name.
    var title: String
    var description: String
    /// The page's language-prefixed path, for the canonical link, the alternates and the language switch;
    /// `nil` for a page that has no address of its own (not found).
    var path: String?
    /// A query string (without `?`) the language switch keeps (the search page's criteria).
    var query = ""
    /// `website`, or `article` for one question's permalink.
    var ogType = "website"
    /// The OpenGraph title when it differs from `title`.
    var ogTitle: String?
    /// Whether search engines should index the page (not search results, not the not-found page).
    var indexable = true
    /// The contents of `<main>`.
    var main: Markup
    /// Links the footer starts with (the downloads of a transcript).
    var footer: Markup = ""

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    private var other: Language { language == .id ? .en : .id }

    private static func locale(_ language: Language) -> String { language == .id ? "id_ID" : "en_US" }

    func render() -> [UInt8] {
        let siteName = t("archive.site_name")
        let negotiated = path.flatMap(ArchivePaths.negotiated)
        let otherPath = negotiated.flatMap { ArchivePaths.localized($0, other) } ?? ArchivePaths.index(other)
        let switchHref = query.isEmpty ? otherPath : otherPath + "?" + query
        var alternates: Markup = ""
        var canonical: Markup = ""
        if let path, let negotiated {
            let url = context.absolute(path)
            let links = Language.allCases.compactMap { language -> Markup? in
                guard let localized = ArchivePaths.localized(negotiated, language) else { return nil }
                let href = context.absolute(localized)
                return "\n  <link rel=\"alternate\" hreflang=\"\(language.rawValue)\" href=\"\(href)\">"
            }
            let fallback = context.absolute(negotiated)
            canonical = """

                  <link rel="canonical" href="\(url)">
                  <meta property="og:url" content="\(url)">
                """
            alternates = "\(links)\n  <link rel=\"alternate\" hreflang=\"x-default\" href=\"\(fallback)\">"
        }
        let robots: Markup = indexable ? "" : "\n  <meta name=\"robots\" content=\"noindex\">"
        let page: Markup = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>\(title) · \(siteName)</title>
              <meta name="description" content="\(description)">\(robots)\(canonical)\(alternates)
              <link rel="alternate" type="application/atom+xml" title="\(t("archive.feed.title"))" href="\(ArchivePaths.feed(language))">
              <meta property="og:type" content="\(ogType)">
              <meta property="og:title" content="\(ogTitle ?? title)">
              <meta property="og:description" content="\(description)">
              <meta property="og:site_name" content="\(siteName)">
              <meta property="og:locale" content="\(Self.locale(language))">
              <meta property="og:locale:alternate" content="\(Self.locale(other))">
              <link rel="stylesheet" href="/css/archive.css">
            </head>
            <body>
              <a class="skip-link" href="#main">\(t("archive.skip_to_content"))</a>
              <header class="site-header">
                <p class="site-name"><a href="\(ArchivePaths.index(language))">\(siteName)</a></p>
                <form class="site-search" role="search" method="get" action="\(context.absolute(ArchivePaths.search(language)))">
                  <label class="visually-hidden" for="site-search-q">\(t("archive.search.label"))</label>
                  <input id="site-search-q" type="search" name="q" autocomplete="off">
                  <button type="submit">\(t("archive.search.submit"))</button>
                </form>
                <p class="language-switch"><a href="\(switchHref)" hreflang="\(other.rawValue)" lang="\(other.rawValue)">\(context.text("archive.language_name", other))</a></p>
              </header>
              <main id="main">
            \(main)
              </main>
              <footer class="site-footer">
            \(footer)    <p class="feed"><a href="\(ArchivePaths.feed(language))" type="application/atom+xml">\(t("archive.feed.link"))</a></p>
                <p class="timezone">\(t("archive.timezone_note"))</p>
              </footer>
            </body>
            </html>

            """
        return Array(page.html.utf8)
    }
}
