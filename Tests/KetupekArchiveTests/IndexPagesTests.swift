import Foundation
import KetupekCore
import Testing

@testable import KetupekArchive

@Suite("Archive index, search and not-found pages")
struct IndexPagesTests {
    @Test("the index lists sessions newest first, 20 a page, with prev/next links")
    func pagination() throws {
        let context = try Fixtures.context
        let sessions = (1...45).map { Fixtures.published("s\($0)", title: "Session \($0)", daysAfter: Double($0)) }
        let documents = ArchiveSite.sharedDocuments(
            sessions.shuffled(), context: context, updatedAt: Fixtures.broadcastStart)
        #expect(
            documents.map(\.path) == [
                "/id/archive", "/id/archive/page/2", "/id/archive/page/3", "/id/archive/feed.atom",
                "/en/archive", "/en/archive/page/2", "/en/archive/page/3", "/en/archive/feed.atom",
            ])
        let first = documents[4].text
        let second = documents[5].text
        let third = documents[6].text
        #expect(occurrences(of: "<li class=\"session\">", in: first) == 20)
        #expect(occurrences(of: "<li class=\"session\">", in: third) == 5)
        #expect(first.contains("<a href=\"/en/archive/s45\">Session 45</a>"))
        #expect(first.range(of: "Session 45")!.lowerBound < first.range(of: "Session 44")!.lowerBound)
        #expect(second.contains("<a rel=\"prev\" href=\"/en/archive\">"))
        #expect(second.contains("<a rel=\"next\" href=\"/en/archive/page/3\">"))
        #expect(!first.contains("rel=\"prev\""))
        #expect(!third.contains("rel=\"next\""))
        #expect(second.contains("Page 2 of 3"))
        #expect(documents[1].text.contains("Halaman 2 dari 3"))
    }

    @Test("the index exists with no sessions and says so")
    func emptyIndex() throws {
        let context = try Fixtures.context
        let documents = ArchiveSite.sharedDocuments([], context: context, updatedAt: Fixtures.broadcastStart)
        #expect(
            documents.map(\.path) == ["/id/archive", "/id/archive/feed.atom", "/en/archive", "/en/archive/feed.atom"])
        #expect(documents[0].text.contains("Belum ada sesi yang diterbitkan."))
        #expect(documents[2].text.contains("No sessions have been published yet."))
        #expect(!documents[2].text.contains("class=\"pagination\""))
    }

    @Test("the search form keeps the criteria, results link to permalinks, pages keep the query")
    func search() throws {
        let context = try Fixtures.context
        let results = (1...2).map {
            ArchiveSearchResult(
                slug: "town-hall", sessionTitle: "Town hall", questionID: QuestionID(Int64($0)),
                questionSnippet: "how to \u{2}renew\u{3} a card", answerSnippet: "", stakeholderName: "BPJS Kesehatan",
                answeredAt: nil)
        }
        let search = ArchiveSearch(
            query: "renew & card", stakeholderID: Fixtures.dukcapil.id, from: Fixtures.broadcastStart,
            to: Fixtures.broadcastStart.addingTimeInterval(86_400), page: 2, total: 45, results: results,
            stakeholders: [Fixtures.bpjs, Fixtures.dukcapil], pageSize: 20)
        let page = text(ArchiveSite.searchPage(search, language: .en, context: context))
        #expect(page.contains("<input id=\"search-q\" type=\"search\" name=\"q\" value=\"renew &amp; card\">"))
        #expect(page.contains("<option value=\"2\" selected>Dukcapil</option>"))
        #expect(page.contains("<option value=\"1\">BPJS Kesehatan</option>"))
        #expect(page.contains("name=\"from\" value=\"2026-12-03\""))
        #expect(page.contains("name=\"to\" value=\"2026-12-04\""))
        #expect(page.contains("<label for=\"search-q\">"))
        #expect(page.contains("45 results for “renew &amp; card”"))
        #expect(page.contains("<a href=\"/en/archive/town-hall/q/2\">Town hall</a>"))
        #expect(page.contains("how to <mark>renew</mark> a card"))
        let query = "q=renew+%26+card&amp;stakeholder=2&amp;from=2026-12-03&amp;to=2026-12-04"
        #expect(page.contains("<a rel=\"prev\" href=\"/en/archive/search?\(query)\">"))
        #expect(page.contains("<a rel=\"next\" href=\"/en/archive/search?\(query)&amp;page=3\">"))
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(page.contains("href=\"/id/archive/search?\(query)&amp;page=2\" hreflang=\"id\""))
    }

    @Test("a search without words or filters asks for some; one without results says so")
    func searchMessages() throws {
        let context = try Fixtures.context
        let none = text(ArchiveSite.searchPage(ArchiveSearch(query: "  "), language: .id, context: context))
        #expect(none.contains("Ketik kata yang dicari"))
        #expect(!none.contains("class=\"results"))
        let empty = text(ArchiveSite.searchPage(ArchiveSearch(query: "zzz"), language: .en, context: context))
        #expect(empty.contains("0 results for “zzz”"))
        #expect(empty.contains("No questions match."))
        let result = ArchiveSearchResult(
            slug: "x", sessionTitle: "X", questionID: QuestionID(1), questionSnippet: "a", answerSnippet: "",
            stakeholderName: nil, answeredAt: nil)
        let one = ArchiveSearch(query: "kartu", total: 1, results: [result])
        #expect(text(ArchiveSite.searchPage(one, language: .en, context: context)).contains("1 result for “kartu”"))
        #expect(text(ArchiveSite.searchPage(one, language: .id, context: context)).contains("1 hasil untuk “kartu”"))
        let filtered = ArchiveSearch(query: "", stakeholderID: Fixtures.bpjs.id, total: 1, results: [result])
        #expect(text(ArchiveSite.searchPage(filtered, language: .en, context: context)).contains(">1 result</h2>"))
    }

    @Test("the not-found page explains and links to the index")
    func notFound() throws {
        let context = try Fixtures.context
        let page = text(ArchiveSite.notFoundPage(language: .id, context: context))
        #expect(page.contains("<h1>Halaman tidak ditemukan</h1>"))
        #expect(page.contains("<a href=\"/id/archive\">Ke arsip sesi</a>"))
        #expect(page.contains("<a href=\"/en/archive\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(!page.contains("rel=\"canonical\""))
    }
}
