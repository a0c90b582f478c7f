import KetupekHTTP

/// Small text helpers the archive's documents share.
enum ArchiveText {
    /// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
    static func truncated(_ text: String, max: Int) -> String {
        let clean = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard clean.count > max else { return clean }
        let head = clean.prefix(max - 1)
        var cut = head
        if let space = head.lastIndex(where: \.isWhitespace), head.distance(from: head.startIndex, to: space) > max / 2
        {
            cut = head[..<space]
        }
        return cut.trimmingSuffix(while: { $0.isWhitespace || $0.isPunctuation }) + "…"
    }

    /// Text with its line breaks kept as `<br>`, every line escaped.
    static func lines(_ text: String) -> Markup {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        return Markup.joined(lines.map { "\(String($0))" as Markup }, separator: "<br>\n")
    }

    /// A search snippet as HTML: the text escaped, the index's match markers (U+0002 start, U+0003 end) turned
    /// into `<mark>`…`</mark>`. A stray end marker is dropped, a start inside a match is ignored and an unclosed
    /// match is closed at the end, so the result is always balanced; other control characters are dropped.
    static func markedSnippet(_ snippet: String) -> Markup {
        var html = ""
        var plain = ""
        var open = false
        func flush() {
            html += HTML.escape(plain)
            plain = ""
        }
        for scalar in snippet.unicodeScalars {
            switch scalar {
            case "\u{2}" where !open:
                flush()
                html += "<mark>"
                open = true
            case "\u{3}" where open:
                flush()
                html += "</mark>"
                open = false
            case "\n", "\t":
                plain.unicodeScalars.append(" ")
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                plain.unicodeScalars.append(scalar)
            }
        }
        flush()
        if open { html += "</mark>" }
        return .trusted(html)
    }

    /// Percent-encodes a query-string value (`application/x-www-form-urlencoded`: space as `+`).
    static func formEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    /// Removes characters XML 1.0 does not allow (C0 controls other than tab and line breaks, U+FFFE, U+FFFF).
    static func xmlSafe(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.append(
            contentsOf: text.unicodeScalars.filter { scalar in
                switch scalar.value {
                case 0x9, 0xA, 0xD: true
                case 0..<0x20, 0xFFFE, 0xFFFF: false
                default: true
                }
            })
        return out
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return String(self[..<end])
    }
}
