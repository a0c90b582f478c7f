import KetupekCore
import KetupekHTTP

/// What every archive document needs besides its data: where the archive lives and its texts.
public struct ArchiveContext: Sendable {
    /// The public origin, without a trailing slash (`https://ketupek.example.org`), for canonical links, feeds,
    /// permalinks in the downloads, and the search form of the static copy.
    public var baseURL: String
    /// The texts of the pages (`archive.*` keys) in both languages.
    public var catalogue: MessageCatalogue

    /// A context; a trailing slash on `baseURL` is dropped.
    public init(baseURL: String, catalogue: MessageCatalogue) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.catalogue = catalogue
    }

    /// `baseURL` followed by an absolute path.
    func absolute(_ path: String) -> String { baseURL + path }

    /// The text for `key` in `language`, its `{name}` placeholders filled in one pass (so a value that itself
    /// contains `{count}`, like a search query, is left as it is).
    func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var out = ""
        var rest = Substring(catalogue.text(key, language))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if let value = arguments[name] {
                out += rest[..<open]
                out += value
            } else {
                out += rest[...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The text for `key` as HTML, its `{name}` placeholders replaced by markup (a `<time>`, a link): the
    /// catalogue's words are escaped, the markup is inserted as it is.
    func markup(_ key: String, _ language: Language, _ arguments: [String: Markup]) -> Markup {
        var parts: [Markup] = []
        var rest = Substring(catalogue.text(key, language))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if let value = arguments[name] {
                parts.append("\(String(rest[..<open]))")
                parts.append(value)
            } else {
                parts.append("\(String(rest[...close]))")
            }
            rest = rest[rest.index(after: close)...]
        }
        parts.append("\(String(rest))")
        return .joined(parts)
    }
}
