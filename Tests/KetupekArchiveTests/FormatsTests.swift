import Foundation
import KetupekCore
import Testing

@testable import KetupekArchive

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The JSON document's shape, decoded back.
private struct JSONTranscript: Decodable {
    struct SessionPart: Decodable {
        var slug, title, description, language: String
        var videoURL: String?
        var broadcastStart: Date?
        var publishedAt: Date
    }
    struct StakeholderPart: Decodable, Equatable {
        var id: Int64
        var name, shortName: String
    }
    struct AnswerPart: Decodable {
        var summary: String
        var answeredAt: Date
        var videoOffset: Double?
        var watchURL: String?
    }
    struct QuestionPart: Decodable {
        var id: Int64
        var text: String
        var asker: String?
        var askedAt: Date
        var state: String
        var stakeholder: StakeholderPart?
        var answer: AnswerPart?
        var dueDate: Date?
        var votes: Int
        var permalink: String
    }
    var session: SessionPart
    var stakeholders: [StakeholderPart]
    var questions: [QuestionPart]
}

/// Collects what an XML parser reports.
private final class FeedReader: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}

private func document(_ path: String, _ transcript: Transcript = hostileTranscript()) throws -> String {
    let documents = ArchiveSite.sessionDocuments(transcript, context: try Fixtures.context)
    return try #require(documents.first { $0.path == path }).text
}

@Suite("Archive downloads and feeds")
struct FormatsTests {
    @Test("JSON decodes back with the documented shape, explicit nulls and absolute permalinks")
    func json() throws {
        let body = try document("/archive/town-hall.json")
        #expect(body.contains("\"asker\" : null"))
        #expect(body.contains("\"dueDate\" : null"))
        #expect(body.contains("\"answer\" : null"))
        #expect(body.contains("\"publishedAt\" : \"2026-12-04T07:00:00.000Z\""))
        let decoded = try JSONCoding.decoder().decode(JSONTranscript.self, from: Data(body.utf8))
        #expect(decoded.session.slug == "town-hall")
        #expect(decoded.session.language == "id")
        #expect(decoded.session.videoURL == "https://www.youtube.com/watch?v=abcDEF12345")
        #expect(decoded.session.broadcastStart == Fixtures.broadcastStart)
        #expect(
            decoded.stakeholders == [
                .init(id: 1, name: "BPJS Kesehatan", shortName: "BPJS"),
                .init(id: 2, name: "Dukcapil", shortName: "Dukcapil"),
            ])
        #expect(decoded.questions.map(\.id) == [1, 2, 4, 3])
        let first = decoded.questions[0]
        #expect(first.text == "<img src=x onerror=alert(1)>")
        #expect(first.asker == "\"><script>alert(2)</script>")
        #expect(first.state == "answered")
        #expect(first.stakeholder?.name == "BPJS Kesehatan")
        #expect(first.answer?.summary == "The card is free.")
        #expect(first.answer?.videoOffset == 600)
        #expect(first.answer?.watchURL == "https://www.youtube.com/watch?v=abcDEF12345&t=600s")
        #expect(first.votes == 4)
        #expect(first.permalink == "https://ketupek.example.org/id/archive/town-hall/q/1")
        #expect(decoded.questions[1].asker == nil)
        let deferred = decoded.questions[3]
        #expect(deferred.state == "deferred")
        #expect(deferred.answer == nil)
        #expect(deferred.dueDate == Fixtures.broadcastStart.addingTimeInterval(7 * 86_400))
        #expect(decoded.questions[2].stakeholder == nil)
    }

    @Test("Markdown escapes outside text so it cannot become links, images, headings or HTML")
    func markdownEscaping() {
        let escape = TranscriptMarkdown.escape
        #expect(escape("[click](http://evil)") == "\\[click\\](http://evil)")
        #expect(escape("![img](http://x/y.png)") == "\\!\\[img\\](http://x/y.png)")
        #expect(escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>")
        #expect(escape("# heading") == "\\# heading")
        #expect(escape("- item\n+ item\n  - nested") == "\\- item\n\\+ item\n  \\- nested")
        #expect(escape("1. first\n12) second") == "1\\. first\n12\\) second")
        #expect(escape("a *b* _c_ `d` | e \\ f ~g~ &amp;") == "a \\*b\\* \\_c\\_ \\`d\\` \\| e \\\\ f \\~g\\~ \\&amp;")
        #expect(escape("costs 1.5 - 2 million") == "costs 1.5 - 2 million")
        #expect(escape("===") == "\\===")
    }

    @Test("the Markdown transcript is in the session's language, with every entry and no raw outside markup")
    func markdown() throws {
        let body = try document("/archive/town-hall.md")
        #expect(body.hasPrefix("# Town \\<b\\>hall\\</b\\> \\& more\n"))
        #expect(body.contains("> \\<img src=x onerror=alert(1)\\>"))
        #expect(body.contains("Why? \\<a href=\"javascript:alert(3)\"\\>x\\</a\\>"))
        #expect(body.contains("Ditanyakan oleh anonim"))
        #expect(body.contains("jawaban menyusul — paling lambat 10 Desember 2026"))
        #expect(body.contains("[Tonton jawaban (0:10:00)](<https://www.youtube.com/watch?v=abcDEF12345&t=600s>)"))
        #expect(body.contains("<https://ketupek.example.org/id/archive/town-hall/q/1>"))
        #expect(occurrences(of: "\n## ", in: body) == 4)
        let english = try document(
            "/archive/town-hall.md", Fixtures.transcript(session: Fixtures.session(language: .en)))
        #expect(english.contains("Asked by Budi, 3 December 2026, 14:00 WIB"))
    }

    @Test("CSV: a BOM, CRLF rows, RFC 4180 quoting, headers in the session's language")
    func csv() throws {
        let transcript = Fixtures.transcript(questions: [
            Fixtures.question(1, text: "Line one\nline \"two\", end", author: "Budi, Jr.")
        ])
        let bytes =
            ArchiveSite.sessionDocuments(transcript, context: try Fixtures.context)
            .first { $0.path == "/archive/town-hall.csv" }?.body ?? []
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let body = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let rows = body.components(separatedBy: "\r\n")
        #expect(rows.count == 3)
        #expect(rows[2] == "")
        #expect(
            rows[0]
                == "id,waktu_tanya,penanya,pertanyaan,pemangku_kepentingan,status,jawaban,waktu_jawab,detik_video,tautan_video,tautan_permanen"
        )
        #expect(
            rows[1]
                == "1,2026-12-03T07:00:10.000Z,\"Budi, Jr.\",\"Line one\nline \"\"two\"\", end\",BPJS Kesehatan,answered,The card is free.,2026-12-03T07:10:00.000Z,600,https://www.youtube.com/watch?v=abcDEF12345&t=600s,https://ketupek.example.org/id/archive/town-hall/q/1"
        )
        let english = ArchiveSite.sessionDocuments(
            Fixtures.transcript(session: Fixtures.session(language: .en)), context: try Fixtures.context
        ).first { $0.path == "/archive/town-hall.csv" }.map { String(decoding: $0.body.dropFirst(3), as: UTF8.self) }
        #expect(
            english?.hasPrefix(
                "id,asked_at,asker,question,stakeholder,state,answer,answered_at,video_offset,watch_url,permalink\r\n")
                == true)
    }

    @Test(
        "CSV cells cannot start a formula",
        arguments: [
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+1", "'+1"), ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("a=b", "a=b"), ("plain", "plain"),
            ("", ""),
        ])
    func csvInjection(value: String, expected: String) {
        #expect(TranscriptCSV.field(value) == expected)
    }

    @Test("a question that looks like a formula is defused in the CSV download")
    func csvInjectionInDocument() throws {
        let transcript = Fixtures.transcript(questions: [
            Fixtures.question(1, text: "=HYPERLINK(\"http://x\")", author: "@SUM(A1)")
        ])
        let body = try document("/archive/town-hall.csv", transcript)
        #expect(body.contains(",'@SUM(A1),\"'=HYPERLINK(\"\"http://x\"\")\","))
    }

    @Test("the Atom feeds are well-formed, escaped, and list every published session")
    func atom() throws {
        let context = try Fixtures.context
        let sessions = [
            Fixtures.published(
                "older", title: "Older <b>one</b> & \"quoted\"", description: "<script>alert(1)</script>", daysAfter: 1),
            Fixtures.published("newer", title: "Newer", description: "", daysAfter: 2),
        ]
        let documents = ArchiveSite.sharedDocuments(sessions, context: context, updatedAt: Fixtures.broadcastStart)
        for language in Language.allCases {
            let feed = try #require(documents.first { $0.path == "/\(language.rawValue)/archive/feed.atom" })
            #expect(feed.contentType == "application/atom+xml; charset=utf-8")
            #expect(!feed.text.contains("<script"))
            #expect(!feed.text.contains("<b>"))
            #expect(
                feed.text.contains(
                    "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://ketupek.example.org/\(language.rawValue)/archive/feed.atom\"/>"
                ))
            #expect(feed.text.contains("<id>https://ketupek.example.org/\(language.rawValue)/archive/older</id>"))
            #expect(feed.text.contains("<updated>2026-12-04T07:00:00.000Z</updated>"))
            #expect(feed.text.range(of: "/newer</id>")!.lowerBound < feed.text.range(of: "/older</id>")!.lowerBound)
            let parser = XMLParser(data: Data(feed.body))
            let reader = FeedReader()
            parser.delegate = reader
            #expect(parser.parse(), "\(String(describing: parser.parserError))")
            #expect(reader.elements.first == "feed")
            #expect(reader.elements.filter { $0 == "entry" }.count == 2)
            for element in ["id", "title", "updated", "author", "link", "summary"] {
                #expect(reader.elements.contains(element))
            }
            #expect(reader.text.contains("Older <b>one</b> & \"quoted\""))
            #expect(reader.text.contains("<script>alert(1)</script>"))
        }
    }

    @Test("control characters XML cannot carry are dropped from the feed")
    func atomControlCharacters() throws {
        let context = try Fixtures.context
        let documents = ArchiveSite.sharedDocuments(
            [Fixtures.published(title: "Bell\u{7} and \u{2}marker")], context: context,
            updatedAt: Fixtures.broadcastStart)
        let feed = try #require(documents.first { $0.path == "/en/archive/feed.atom" })
        #expect(feed.text.contains("<title>Bell and marker</title>"))
    }
}
