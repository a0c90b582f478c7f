import KetupekCore
import Testing

@testable import KetupekArchive

@Suite("Archive paths")
struct ArchivePathsTests {
    @Test("every page has its language-prefixed path")
    func localizedPaths() {
        #expect(ArchivePaths.index(.id) == "/id/archive")
        #expect(ArchivePaths.index(.en, page: 1) == "/en/archive")
        #expect(ArchivePaths.index(.en, page: 3) == "/en/archive/page/3")
        #expect(ArchivePaths.transcript("town-hall", .en) == "/en/archive/town-hall")
        #expect(ArchivePaths.byStakeholder("town-hall", .id) == "/id/archive/town-hall/by-stakeholder")
        #expect(ArchivePaths.permalink("town-hall", QuestionID(42), .en) == "/en/archive/town-hall/q/42")
        #expect(ArchivePaths.search(.id) == "/id/archive/search")
        #expect(ArchivePaths.feed(.en) == "/en/archive/feed.atom")
    }

    @Test("the downloads have one copy, without a language")
    func formatPaths() {
        #expect(ArchivePaths.json("town-hall") == "/archive/town-hall.json")
        #expect(ArchivePaths.markdown("town-hall") == "/archive/town-hall.md")
        #expect(ArchivePaths.csv("town-hall") == "/archive/town-hall.csv")
    }

    @Test(
        "a language-prefixed path has a negotiated twin",
        arguments: [
            ("/id/archive/x", "/archive/x"), ("/en/archive", "/archive"), ("/en/archive/page/2", "/archive/page/2"),
            ("/id/archive/x/q/3", "/archive/x/q/3"), ("/en/archive/feed.atom", "/archive/feed.atom"),
        ])
    func negotiated(localized: String, negotiated: String) {
        #expect(ArchivePaths.negotiated(localized) == negotiated)
    }

    @Test(
        "paths that are not language-prefixed archive paths have no negotiated twin",
        arguments: ["/archive/x", "/archive", "/de/archive/x", "/en/archived", "/en", "/", "", "/s/x", "/enarchive"])
    func notNegotiated(path: String) {
        #expect(ArchivePaths.negotiated(path) == nil)
    }

    @Test("a negotiated path is localized; the downloads and other paths are not")
    func localized() {
        #expect(ArchivePaths.localized("/archive/x", .en) == "/en/archive/x")
        #expect(ArchivePaths.localized("/archive", .id) == "/id/archive")
        #expect(ArchivePaths.localized("/archive/search", .en) == "/en/archive/search")
        #expect(ArchivePaths.localized("/archive/x.json", .en) == nil)
        #expect(ArchivePaths.localized("/archive/x.md", .id) == nil)
        #expect(ArchivePaths.localized("/archive/x.csv", .en) == nil)
        #expect(ArchivePaths.localized("/s/x", .en) == nil)
        #expect(ArchivePaths.localized("/archived", .en) == nil)
        #expect(ArchivePaths.localized("/en/archive/x", .en) == nil)
    }

    @Test("HTML pages are told apart from feeds and downloads")
    func htmlPages() {
        for path in [
            "/en/archive", "/archive", "/id/archive/x", "/archive/x", "/en/archive/x/by-stakeholder",
            "/en/archive/x/q/1", "/id/archive/page/2", "/en/archive/search",
        ] {
            #expect(ArchivePaths.isHTMLPage(path), "\(path)")
        }
        for path in [
            "/archive/x.json", "/archive/x.md", "/archive/x.csv", "/en/archive/feed.atom",
            "/archive/feed.atom", "/css/archive.css", "/",
        ] {
            #expect(!ArchivePaths.isHTMLPage(path), "\(path)")
        }
    }

    @Test("index pages hold 20 sessions; there is always a first page")
    func pageCount() {
        #expect(ArchivePaths.indexPageCount(sessions: 0) == 1)
        #expect(ArchivePaths.indexPageCount(sessions: 20) == 1)
        #expect(ArchivePaths.indexPageCount(sessions: 21) == 2)
        #expect(ArchivePaths.indexPageCount(sessions: 41) == 3)
    }

    @Test("no session slug can shadow an archive page: the names the paths use are reserved")
    func reserved() {
        #expect(
            TextRules.reservedSlugs.contains(ArchivePaths.search(.id).split(separator: "/").last.map(String.init) ?? "")
        )
        #expect(
            TextRules.reservedSlugs.contains(
                ArchivePaths.index(.id, page: 2).split(separator: "/").dropLast().last.map(String.init) ?? ""))
    }
}
