import Foundation
import Testing

@testable import KetupekArchive

@Suite("Archive stylesheet and determinism")
struct StylesheetTests {
    private func stylesheet() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: root.appending(path: "Public/css/archive.css"), encoding: .utf8)
    }

    @Test("the stylesheet has what the pages rely on: hidden helper, focus, print, narrow screens")
    func stylesheetRules() throws {
        let css = try stylesheet()
        for rule in [
            ".visually-hidden", ":focus-visible", "@media print", "max-width: 42rem", "overflow-wrap: anywhere",
            "a.watch::after", "break-inside: avoid", ".skip-link", "mark {",
        ] {
            #expect(css.contains(rule), "\(rule)")
        }
        // Every class the pages use is styled or deliberately plain; the main ones must exist.
        for selector in [
            ".entry", ".answer", ".pending", ".view-switch", ".pagination", ".search-form", ".site-header",
        ] {
            #expect(css.contains(selector), "\(selector)")
        }
    }

    @Test("the same input renders the same bytes")
    func deterministic() throws {
        let context = try Fixtures.context
        let first = ArchiveSite.sessionDocuments(hostileTranscript(), context: context)
        let second = ArchiveSite.sessionDocuments(hostileTranscript(), context: context)
        #expect(first == second)
        let sessions = [Fixtures.published("a", daysAfter: 1), Fixtures.published("b", daysAfter: 1)]
        #expect(
            ArchiveSite.sharedDocuments(sessions, context: context, updatedAt: Fixtures.broadcastStart)
                == ArchiveSite.sharedDocuments(
                    sessions.reversed(), context: context, updatedAt: Fixtures.broadcastStart))
    }
}
