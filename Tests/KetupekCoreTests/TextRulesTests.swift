import Foundation
import KetupekCore
import Testing

@Suite("Text rules")
struct TextRulesTests {
    @Test(
        "questions are detected in Bahasa Indonesia and English",
        arguments: [
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
        let ok = try IncomingComment(source: "api", externalID: "x-1", author: " Budi ", contact: " ", text: " Halo? ")
            .validated()
        #expect(ok.author == "Budi")
        #expect(ok.contact == nil)
        #expect(ok.text == "Halo?")
        #expect(throws: ValidationError.invalidFormat(field: "externalID", expected: "printable ASCII without spaces"))
        {
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

@Suite("JSON dates")
struct JSONDateTests {
    @Test("dates are written as ISO 8601 with milliseconds, agree with Foundation, and read back equal")
    func roundTrip() throws {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var generator = SystemRandomNumberGenerator()
        let samples =
            [0, -1, 951_782_400_000, 4_102_444_799_999, -2_208_988_800_000, 1_796_305_700_158]
            + (0..<2_000).map { _ in Int64.random(in: -2_000_000_000_000...5_000_000_000_000, using: &generator) }
        for milliseconds in samples {
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = date.iso8601Milliseconds
            let parsed = try style.parse(text)
            #expect(Int64((parsed.timeIntervalSince1970 * 1000).rounded()) == milliseconds, "\(text)")
        }
        #expect(Date(timeIntervalSince1970: 1_796_305_700.158).iso8601Milliseconds == "2026-12-03T13:48:20.158Z")
        #expect(Date(timeIntervalSince1970: -0.001).iso8601Milliseconds == "1969-12-31T23:59:59.999Z")
        #expect(Date(timeIntervalSince1970: 951_782_400).iso8601Milliseconds == "2000-02-29T00:00:00.000Z")
        let encoded = try JSONCoding.encoder().encode(["at": Date(timeIntervalSince1970: 1_796_305_700.158)])
        let decoded = try JSONCoding.decoder().decode([String: Date].self, from: encoded)
        #expect(decoded["at"] == Date(timeIntervalSince1970: 1_796_305_700.158).roundedToMilliseconds)
    }
}

@Suite("Words")
struct WordsTests {
    @Test(
        "ASCII and non-ASCII text split into the same lowercase words",
        arguments: [
            ("Kapan KTP-el saya jadi?", ["kapan", "ktp", "el", "saya", "jadi"]),
            ("Kapan KTP-él saya jadi?", ["kapan", "ktp", "el", "saya", "jadi"]),
            ("  ", []),
            ("BPJS_2024 ok", ["bpjs", "2024", "ok"]),
        ])
    func split(text: String, expected: [String]) {
        #expect(TextNormalizer.words(text) == expected)
    }
}
