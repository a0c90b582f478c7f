import Foundation
import KetupekCore
import Testing

@Suite("Text rules")
struct TextRulesTests {
    @Test("questions are detected in Bahasa Indonesia and English", arguments: [
        ("Bagaimana cara daftar BPJS", true),
        ("kapan jalan di depan rumah saya diperbaiki", true),
        ("Di mana saya bisa urus akta kelahiran", true),
        ("min gmn caranya", true),
        ("How do I renew my ID card", true),
        ("Is the school zoning rule still in force", true),
        ("Salam dari Kota Bengkulu", false),
        ("mantap pak, terima kasih", false),
        ("it is what it is", true),
        ("cek https://example.com/page?id=3 promo murah", false),
        ("Sudah dibuka belum pendaftarannya?", true),
    ])
    func detection(text: String, expected: Bool) {
        #expect(QuestionDetector.isQuestion(text) == expected, "\(text)")
    }

    @Test("cleaning trims, drops control characters and enforces limits")
    func clean() throws {
        #expect(try TextRules.clean(" a\u{0007}b\n c ", field: "text", max: 10) == "ab\n c")
        #expect(throws: ValidationError.tooLong(field: "text", length: 3, max: 2)) {
            try TextRules.clean("abc", field: "text", max: 2)
        }
    }

    @Test("comments are validated field by field")
    func comments() throws {
        let ok = try IncomingComment(source: "api", externalID: "x-1", author: " Budi ", contact: " ", text: " Halo? ").validated()
        #expect(ok.author == "Budi")
        #expect(ok.contact == nil)
        #expect(ok.text == "Halo?")
        #expect(throws: ValidationError.invalidFormat(field: "externalID", expected: "printable ASCII without spaces")) {
            try IncomingComment(source: "api", externalID: "has space", text: "x").validated()
        }
        #expect(throws: ValidationError.empty(field: "text")) {
            try IncomingComment(source: "api", externalID: "1", text: "").validated()
        }
    }

    @Test("folding removes case and diacritics")
    func folding() {
        #expect(TextNormalizer.words("Café, RÉSUMÉ! naïve") == ["cafe", "resume", "naive"])
    }
}
