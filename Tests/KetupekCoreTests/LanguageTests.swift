import Foundation
import KetupekCore
import Testing

@Suite("Languages")
struct LanguageTests {
    @Test(
        "the user's choice wins, then Accept-Language by quality, then Bahasa Indonesia",
        arguments: [
            ("en", "id-ID,id;q=0.9", Language.en),
            (nil, "en-US,en;q=0.9,id;q=0.8", Language.en),
            (nil, "fr-FR, id;q=0.5, en;q=0.4", Language.id),
            (nil, "en;q=0, id;q=0.1", Language.id),
            (nil, "de, fr", Language.id),
            ("xx", "en", Language.en),
            (nil, nil, Language.id),
            (nil, "in", Language.id),
        ] as [(String?, String?, Language)])
    func negotiate(choice: String?, header: String?, expected: Language) {
        #expect(Language.negotiate(choice: choice, acceptLanguage: header) == expected)
    }

    @Test("placeholders are filled and a missing key shows itself")
    func catalogue() throws {
        let catalogue = try MessageCatalogue(json: [
            .en: Data(#"{"hello": "Hello {name}"}"#.utf8), .id: Data(#"{"hello": "Halo {name}"}"#.utf8),
        ])
        #expect(catalogue.text("hello", .id, ["name": "Siti"]) == "Halo Siti")
        #expect(catalogue.text("hello", .en, ["name": "Siti"]) == "Hello Siti")
        #expect(catalogue.text("missing.key", .en) == "missing.key")
    }
}
