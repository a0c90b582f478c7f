import Foundation
import KetupekCore
import Testing

@testable import KetupekArchive

/// A transcript with an attack in every outside text, answered and deferred questions, grouped and ungrouped.
func hostileTranscript() -> Transcript {
    Fixtures.transcript(
        session: Fixtures.session(title: "Town <b>hall</b> & more", description: "Ask \"them\" <i>anything</i>"),
        questions: [
            Fixtures.question(
                1, text: "<img src=x onerror=alert(1)>", author: "\"><script>alert(2)</script>", votes: 4),
            Fixtures.question(
                2, text: "Why? <a href=\"javascript:alert(3)\">x</a>", author: "",
                answer: Fixtures.answer("<script>alert(4)</script> & done", by: Fixtures.dukcapil.id, after: 1_200)),
            Fixtures.question(3, text: "When will it be fixed?", state: .deferred, deferral: Fixtures.deferral()),
            Fixtures.question(4, text: "Unassigned one", answer: Fixtures.answer(by: nil, after: 1_800)),
        ])
}

/// Every HTML page the archive makes for the hostile transcript, the index, search and not found.
func allPages() throws -> [(path: String, html: String)] {
    let context = try Fixtures.context
    let transcript = hostileTranscript()
    var pages =
        (ArchiveSite.sessionDocuments(transcript, context: context)
        + ArchiveSite.sharedDocuments([transcript.summary], context: context, updatedAt: Fixtures.broadcastStart))
        .filter(\.isHTML).map { ($0.path, $0.text) }
    let result = ArchiveSearchResult(
        slug: "town-hall", sessionTitle: "Town <b>hall</b>", questionID: QuestionID(1),
        questionSnippet: "<img src=x \u{2}onerror\u{3}=alert(1)>", answerSnippet: "\u{2}<script>",
        stakeholderName: "<s>",
        answeredAt: Fixtures.broadcastStart)
    for language in Language.allCases {
        let search = ArchiveSearch(
            query: "\"><script>", page: 1, total: 1, results: [result], stakeholders: [Fixtures.bpjs])
        pages.append(("search \(language)", text(ArchiveSite.searchPage(search, language: language, context: context))))
        pages.append(
            (
                "empty search \(language)",
                text(ArchiveSite.searchPage(ArchiveSearch(query: ""), language: language, context: context))
            ))
        pages.append(("404 \(language)", text(ArchiveSite.notFoundPage(language: language, context: context))))
    }
    return pages
}

/// The start tags of a page (outside text is escaped, so every `<x …>` is the program's own).
func tags(_ html: String) -> [String] {
    html.matches(of: /<[a-zA-Z][^>]*>/).map { String(html[$0.range]) }
}

@Suite("Archive HTML pages")
struct HTMLPagesTests {
    @Test("outside text is escaped on every page")
    func escaping() throws {
        let pages = try allPages()
        #expect(pages.count == 2 * (2 + 4) + 2 + 6)
        for (path, html) in pages {
            #expect(!html.contains("<img"), "\(path)")
            #expect(!html.contains("<script"), "\(path)")
            #expect(!html.contains("\"><script"), "\(path)")
            #expect(!html.contains("<b>hall"), "\(path)")
            #expect(!html.contains("<i>"), "\(path)")
            #expect(!html.contains("href=\"javascript"), "\(path)")
        }
        let transcript = try #require(pages.first { $0.path == "/en/archive/town-hall" }?.html)
        #expect(transcript.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(transcript.contains("&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
        #expect(transcript.contains("&lt;script&gt;alert(4)&lt;/script&gt; &amp; done"))
        #expect(transcript.contains("<h1>Town &lt;b&gt;hall&lt;/b&gt; &amp; more</h1>"))
    }

    @Test("every page: one h1, headings in order, a language, no script, no inline style or handlers")
    func structure() throws {
        for (path, html) in try allPages() {
            #expect(occurrences(of: "<h1", in: html) == 1, "\(path)")
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\""), "\(path)")
            #expect(!html.lowercased().contains("<script"), "\(path)")
            for tag in tags(html) {
                // Attribute names only: quoted values hold (escaped) outside text.
                let names = tag.replacing(/"[^"]*"/, with: "\"\"")
                #expect(!names.contains(" style="), "\(path): \(tag)")
                #expect(names.firstMatch(of: /\son[a-zA-Z]+\s*=/) == nil, "\(path): \(tag)")
            }
            let levels = html.matches(of: /<h([1-6])[\s>]/).compactMap { Int(String($0.output.1)) }
            #expect(levels.first == 1, "\(path)")
            for (previous, next) in zip(levels, levels.dropFirst()) {
                #expect(next <= previous + 1, "\(path): h\(previous) then h\(next)")
            }
            #expect(html.contains("<main id=\"main\">"), "\(path)")
            #expect(html.contains("<a class=\"skip-link\" href=\"#main\">"), "\(path)")
            #expect(html.contains("<link rel=\"stylesheet\" href=\"/css/archive.css\">"), "\(path)")
            #expect(html.contains("role=\"search\""), "\(path)")
            // Links go to the archive's own absolute paths or to web URLs.
            for match in html.matches(of: /href="([^"]*)"/) {
                let href = String(match.output.1)
                #expect(href.hasPrefix("/") || href.hasPrefix("https://") || href.hasPrefix("#"), "\(path): \(href)")
            }
        }
    }

    @Test("the head links the canonical page, the other language, the negotiated default and the feed")
    func head() throws {
        let page = try #require(try allPages().first { $0.path == "/id/archive/town-hall/q/1" }?.html)
        let base = "https://ketupek.example.org"
        #expect(page.contains("<html lang=\"id\">"))
        #expect(page.contains("<link rel=\"canonical\" href=\"\(base)/id/archive/town-hall/q/1\">"))
        #expect(page.contains("<link rel=\"alternate\" hreflang=\"id\" href=\"\(base)/id/archive/town-hall/q/1\">"))
        #expect(page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"\(base)/en/archive/town-hall/q/1\">"))
        #expect(page.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"\(base)/archive/town-hall/q/1\">"))
        #expect(page.contains("type=\"application/atom+xml\""))
        #expect(page.contains("href=\"/id/archive/feed.atom\""))
        #expect(page.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(page.contains("<meta property=\"og:url\" content=\"\(base)/id/archive/town-hall/q/1\">"))
        #expect(page.contains("<meta property=\"og:locale\" content=\"id_ID\">"))
        #expect(page.contains("<meta property=\"og:locale:alternate\" content=\"en_US\">"))
        #expect(page.contains("<meta property=\"og:site_name\" content=\"Arsip Ketupek\">"))
        #expect(page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(page.contains("action=\"\(base)/id/archive/search\""))
        #expect(page.contains("<a href=\"/en/archive/town-hall/q/1\" hreflang=\"en\" lang=\"en\">English</a>"))
    }

    @Test("the transcript shows dates in the page's language in WIB, the counts, the views and the downloads")
    func transcriptPage() throws {
        let context = try Fixtures.context
        var question = Fixtures.question(1, answer: Fixtures.answer(after: 300, videoOffset: 754))
        question.receivedAt = Fixtures.broadcastStart.addingTimeInterval(300)
        let transcript = Fixtures.transcript(
            questions: [question, Fixtures.question(2, state: .deferred, deferral: Fixtures.deferral())])
        let documents = ArchiveSite.sessionDocuments(transcript, context: context)
        let id = try #require(documents.first { $0.path == "/id/archive/town-hall" }).text
        let en = try #require(documents.first { $0.path == "/en/archive/town-hall" }).text
        #expect(id.contains("<time datetime=\"2026-12-03T07:05:00.000Z\">3 Desember 2026, 14.05 WIB</time>"))
        #expect(en.contains("<time datetime=\"2026-12-03T07:05:00.000Z\">3 December 2026, 14:05 WIB</time>"))
        #expect(id.contains("1 dijawab · 1 menyusul"))
        #expect(en.contains("1 answered · 1 pending"))
        #expect(
            en.contains(
                "<a class=\"watch\" href=\"https://www.youtube.com/watch?v=abcDEF12345\">Watch the broadcast</a>"))
        #expect(
            en.contains(
                "href=\"https://www.youtube.com/watch?v=abcDEF12345&amp;t=754s\">Watch the answer (0:12:34)</a>"))
        #expect(en.contains("<a href=\"/en/archive/town-hall\" aria-current=\"page\">"))
        #expect(!en.contains("<a href=\"/en/archive/town-hall/by-stakeholder\" aria-current"))
        #expect(en.contains("href=\"/archive/town-hall.json\""))
        #expect(en.contains("href=\"/archive/town-hall.md\""))
        #expect(en.contains("href=\"/archive/town-hall.csv\""))
        #expect(en.contains("<article class=\"entry entry-answered\" id=\"q-1\">"))
        #expect(en.contains("href=\"/en/archive/town-hall/q/1\""))
        #expect(en.contains("answer pending — due <time datetime=\"2026-12-10T07:00:00.000Z\">10 December 2026</time>"))
        #expect(
            id.contains(
                "jawaban menyusul — paling lambat <time datetime=\"2026-12-10T07:00:00.000Z\">10 Desember 2026</time>"))
        #expect(en.contains("Asked by <span class=\"asker\">Budi</span>"))
        #expect(en.contains("All times are Western Indonesia Time (WIB, UTC+7)."))
    }

    @Test("an anonymous asker is shown as anonymous in the page's language")
    func anonymous() throws {
        let context = try Fixtures.context
        let transcript = Fixtures.transcript(questions: [Fixtures.question(author: "")])
        let documents = ArchiveSite.sessionDocuments(transcript, context: context)
        #expect(
            try #require(documents.first { $0.path == "/en/archive/town-hall" }).text
                .contains("<span class=\"asker\">anonymous</span>"))
        #expect(
            try #require(documents.first { $0.path == "/id/archive/town-hall" }).text
                .contains("<span class=\"asker\">anonim</span>"))
    }

    @Test("the grouped page has a section per stakeholder in panel order, the unassigned last")
    func grouping() throws {
        let context = try Fixtures.context
        let page = try #require(
            ArchiveSite.sessionDocuments(hostileTranscript(), context: context)
                .first { $0.path == "/en/archive/town-hall/by-stakeholder" }
        ).text
        #expect(page.contains("<a href=\"/en/archive/town-hall/by-stakeholder\" aria-current=\"page\">"))
        let sections = page.components(separatedBy: "<section").dropFirst()
        #expect(sections.count == 3)
        let expected: [(String, [Int])] = [("BPJS Kesehatan", [1]), ("Dukcapil", [2, 3]), ("Other questions", [4])]
        for (section, (name, ids)) in zip(sections, expected) {
            #expect(section.contains(">\(name)</h2>"))
            let found = section.matches(of: /id="q-(\d+)"/).compactMap { Int(String($0.output.1)) }
            #expect(found == ids, "\(name)")
        }
    }

    @Test("a permalink page shows one entry, shares as an article, links back to its place")
    func permalink() throws {
        let context = try Fixtures.context
        let long = String(repeating: "word ", count: 40) + "end"
        let transcript = Fixtures.transcript(questions: [Fixtures.question(7, text: long)])
        let page = try #require(
            ArchiveSite.sessionDocuments(transcript, context: context).first { $0.path == "/en/archive/town-hall/q/7" }
        ).text
        #expect(occurrences(of: "<article", in: page) == 1)
        #expect(page.contains("<a href=\"/en/archive/town-hall#q-7\">"))
        let title = try #require(page.firstMatch(of: /<meta property="og:title" content="([^"]*)">/)).output.1
        #expect(title.count <= 100)
        #expect(title.hasSuffix("word…"))
        #expect(page.contains("<meta property=\"og:description\" content=\"The card is free.\">"))
    }

    @Test("one document per page, language and entry, plus the three downloads")
    func sessionDocuments() throws {
        let context = try Fixtures.context
        let documents = ArchiveSite.sessionDocuments(hostileTranscript(), context: context)
        #expect(documents.count == 2 * (2 + 4) + 3)
        #expect(Set(documents.map(\.path)).count == documents.count)
        let types = Dictionary(documents.map { ($0.path, $0.contentType) }, uniquingKeysWith: { a, _ in a })
        #expect(types["/id/archive/town-hall"] == "text/html; charset=utf-8")
        #expect(types["/archive/town-hall.json"] == "application/json; charset=utf-8")
        #expect(types["/archive/town-hall.md"] == "text/markdown; charset=utf-8")
        #expect(types["/archive/town-hall.csv"] == "text/csv; charset=utf-8")
        #expect(ArchiveSite.rendererVersion >= 1)
    }

    @Test("a session without published questions says so")
    func emptyTranscript() throws {
        let context = try Fixtures.context
        let documents = ArchiveSite.sessionDocuments(Fixtures.transcript(questions: []), context: context)
        #expect(documents.count == 4 + 3)
        #expect(
            try #require(documents.first { $0.path == "/en/archive/town-hall" }).text
                .contains("No questions were answered in this session."))
    }
}
