/// Escaping for server-rendered HTML: the one helper every page uses for text it did not write itself.
public enum HTML {
    /// Escapes `& < > " '` so the text is safe in element content and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

/// A piece of HTML built so that text cannot become markup: in `"<h1>\(title)</h1>" as Markup` every
/// interpolated `String` is escaped, while interpolated `Markup` (already safe) is inserted as it is. The
/// literal parts are the program's own HTML. Pages are built from `Markup` values only, so forgetting to
/// escape is a type error, not a hole.
public struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The HTML text.
    public private(set) var html: String

    public init(stringLiteral literal: String) { html = literal }

    public init(stringInterpolation: Interpolation) { html = stringInterpolation.html }

    /// HTML the program vouches for (a document fragment it rendered itself). Never for outside text.
    public static func trusted(_ html: String) -> Markup { Markup(stringLiteral: html) }

    /// The markups one after another.
    public static func joined(_ parts: some Sequence<Markup>, separator: Markup = "") -> Markup {
        .trusted(parts.map(\.html).joined(separator: separator.html))
    }

    public var description: String { html }

    public struct Interpolation: StringInterpolationProtocol {
        var html = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            html.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { html += literal }

        /// Outside text: escaped.
        public mutating func appendInterpolation(_ text: String) { html += HTML.escape(text) }

        /// Safe HTML: inserted as it is.
        public mutating func appendInterpolation(_ markup: Markup) { html += markup.html }

        /// Safe HTML pieces, one after another.
        public mutating func appendInterpolation(_ parts: [Markup]) { for part in parts { html += part.html } }

        /// Numbers are written as they are.
        public mutating func appendInterpolation<Number: BinaryInteger>(_ number: Number) { html += String(number) }
    }
}
