import KetupekCore

/// The archive's URL scheme, shared by the pages, the server's routes and the static export.
///
/// Language-explicit paths (`/id/archive/…`, `/en/archive/…`) are canonical. The same paths without the
/// language prefix (`/archive/…`) are negotiated by the server, and are the Indonesian copy in the static
/// export. The downloadable formats (`/archive/{slug}.json`, `.md`, `.csv`) exist once, without a language.
public enum ArchivePaths {
    /// The archive's root without a language: the negotiated index.
    public static let root = "/archive"

    /// Sessions per index page.
    public static let indexPageSize = 20

    /// The index page `page` (1-based) in `language`: `/{lang}/archive`, `/{lang}/archive/page/{n}`.
    public static func index(_ language: Language, page: Int = 1) -> String {
        page <= 1 ? "/\(language.rawValue)/archive" : "/\(language.rawValue)/archive/page/\(page)"
    }

    /// A session's transcript in broadcast order: `/{lang}/archive/{slug}`.
    public static func transcript(_ slug: String, _ language: Language) -> String {
        "/\(language.rawValue)/archive/\(slug)"
    }

    /// A session's transcript grouped by stakeholder: `/{lang}/archive/{slug}/by-stakeholder`.
    public static func byStakeholder(_ slug: String, _ language: Language) -> String {
        "/\(language.rawValue)/archive/\(slug)/by-stakeholder"
    }

    /// The permalink of one question: `/{lang}/archive/{slug}/q/{id}`.
    public static func permalink(_ slug: String, _ id: QuestionID, _ language: Language) -> String {
        "/\(language.rawValue)/archive/\(slug)/q/\(id)"
    }

    /// The search page, without a query string: `/{lang}/archive/search`.
    public static func search(_ language: Language) -> String { "/\(language.rawValue)/archive/search" }

    /// The Atom feed of published sessions: `/{lang}/archive/feed.atom`.
    public static func feed(_ language: Language) -> String { "/\(language.rawValue)/archive/feed.atom" }

    /// A session's transcript as JSON: `/archive/{slug}.json`.
    public static func json(_ slug: String) -> String { "/archive/\(slug).json" }

    /// A session's transcript as Markdown: `/archive/{slug}.md`.
    public static func markdown(_ slug: String) -> String { "/archive/\(slug).md" }

    /// A session's transcript as CSV: `/archive/{slug}.csv`.
    public static func csv(_ slug: String) -> String { "/archive/\(slug).csv" }

    /// The extensions of the language-neutral download formats.
    static let formatExtensions = [".json", ".md", ".csv"]

    /// The language of a language-prefixed archive path (`/en/archive/x` → `.en`); `nil` for any other path.
    public static func language(of path: String) -> Language? {
        for language in Language.allCases {
            let prefix = "/\(language.rawValue)/archive"
            if path == prefix || path.hasPrefix(prefix + "/") { return language }
        }
        return nil
    }

    /// The negotiated path of a language-prefixed archive path: `/id/archive/x` → `/archive/x`,
    /// `/en/archive` → `/archive`; `nil` for paths that are not language-prefixed archive paths.
    public static func negotiated(_ localizedPath: String) -> String? {
        guard let language = language(of: localizedPath) else { return nil }
        return String(localizedPath.dropFirst(language.rawValue.count + 1))
    }

    /// The language-prefixed path of a negotiated archive path: `/archive/x` → `/en/archive/x`; `nil` for the
    /// `.json`, `.md` and `.csv` downloads (which have one copy only) and for paths outside the archive.
    public static func localized(_ path: String, _ language: Language) -> String? {
        guard path == root || path.hasPrefix(root + "/"), !isFormat(path) else { return nil }
        return "/\(language.rawValue)\(path)"
    }

    /// Whether `path` (negotiated or language-prefixed) is an HTML page, which a static export writes as
    /// `{path}/index.html`; the feeds and the download formats are files.
    public static func isHTMLPage(_ path: String) -> Bool {
        let bare = negotiated(path) ?? path
        guard bare == root || bare.hasPrefix(root + "/") else { return false }
        return !isFormat(bare) && !bare.hasSuffix(".atom")
    }

    /// Whether `path` is one of the language-neutral downloads (`/archive/{slug}.json`, `.md`, `.csv`).
    static func isFormat(_ path: String) -> Bool {
        guard path.hasPrefix(root + "/"), !path.dropFirst(root.count + 1).contains("/") else { return false }
        return formatExtensions.contains { path.hasSuffix($0) }
    }

    /// The number of index pages for `sessions` published sessions (at least one: the empty index).
    public static func indexPageCount(sessions: Int) -> Int {
        max(1, (sessions + indexPageSize - 1) / indexPageSize)
    }
}
