import Testing

@testable import KetupekArchive

@Suite("Search snippets")
struct SnippetTests {
    @Test(
        "matches become marks, everything else is escaped, the result is balanced",
        arguments: [
            ("plain", "plain"),
            ("a \u{2}b\u{3} c", "a <mark>b</mark> c"),
            ("\u{2}<script>\u{3}alert(1)</script>", "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;"),
            ("<script>\u{2}x\u{3}", "&lt;script&gt;<mark>x</mark>"),
            ("stray end\u{3} here", "stray end here"),
            ("unclosed \u{2}<b>", "unclosed <mark>&lt;b&gt;</mark>"),
            ("\u{2}a\u{2}b\u{3}c\u{3}", "<mark>ab</mark>c"),
            ("\u{3}\u{3}\u{2}\u{2}", "<mark></mark>"),
            ("tab\tand\nline\u{1}", "tab and line"),
            ("\"quote\" & 'apos'", "&quot;quote&quot; &amp; &#39;apos&#39;"),
        ])
    func marked(snippet: String, expected: String) {
        let html = ArchiveText.markedSnippet(snippet).html
        #expect(html == expected)
        #expect(occurrences(of: "<mark>", in: html) == occurrences(of: "</mark>", in: html))
    }

    @Test("truncation stops at a word boundary")
    func truncation() {
        #expect(ArchiveText.truncated("short", max: 100) == "short")
        #expect(ArchiveText.truncated("one two three four", max: 12) == "one two…")
        #expect(ArchiveText.truncated("line\nbreak", max: 100) == "line break")
    }
}
