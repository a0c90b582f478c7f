import Foundation
import KetupekCore
import Testing

@testable import KetupekArchive

@Suite("Archive texts")
struct CatalogueTests {
    private func keys(_ language: Language) throws -> Set<String> {
        let object = try JSONDecoder().decode([String: String].self, from: try Fixtures.catalogueData(language))
        return Set(object.keys.filter { $0.hasPrefix("archive.") })
    }

    @Test("both languages have the same archive keys")
    func sameKeys() throws {
        let id = try keys(.id)
        let en = try keys(.en)
        #expect(!id.isEmpty)
        #expect(id.subtracting(en).isEmpty, "only in id.json: \(id.subtracting(en).sorted())")
        #expect(en.subtracting(id).isEmpty, "only in en.json: \(en.subtracting(id).sorted())")
    }

    @Test("every text the documents use is in the catalogue (a missing key would show as itself)")
    func noMissingKeys() throws {
        let context = try Fixtures.context
        let transcript = hostileTranscript()
        var bodies = ArchiveSite.sessionDocuments(transcript, context: context).map(\.text)
        bodies += ArchiveSite.sharedDocuments(
            (1...21).map { Fixtures.published("s\($0)", daysAfter: Double($0)) }, context: context,
            updatedAt: Fixtures.broadcastStart
        ).map(\.text)
        for language in Language.allCases {
            let results = [
                ArchiveSearchResult(
                    slug: "x", sessionTitle: "X", questionID: QuestionID(1), questionSnippet: "a", answerSnippet: "b",
                    stakeholderName: "S", answeredAt: Fixtures.broadcastStart)
            ]
            for search in [
                ArchiveSearch(query: ""), ArchiveSearch(query: "a", page: 1, total: 30, results: results),
                ArchiveSearch(query: "a"), ArchiveSearch(query: "", stakeholderID: Fixtures.bpjs.id, page: 5, total: 3),
            ] {
                bodies.append(text(ArchiveSite.searchPage(search, language: language, context: context)))
            }
            bodies.append(text(ArchiveSite.notFoundPage(language: language, context: context)))
        }
        for body in bodies {
            let leaked = body.matches(of: /archive\.[a-z_]+\.[a-z_.]+/).map { String(body[$0.range]) }
            #expect(leaked.isEmpty, "\(leaked)")
            #expect(!body.contains("archive.site_name") && !body.contains("archive.language_name"))
        }
    }
}
