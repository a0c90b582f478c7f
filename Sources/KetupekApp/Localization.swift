import Foundation
import KetupekCore
import KetupekHTTP

/// The message catalogues shipped with the server, and the language of a request.
struct Localization: Sendable {
    static let cookie = "ketupek_lang"

    let catalogue: MessageCatalogue
    /// The raw JSON of each catalogue, served to the screens at `/i18n/{lang}.json`.
    let files: [Language: [UInt8]]

    /// Loads `Resources/i18n/{id,en}.json` from the module's bundle.
    static func bundled() throws -> Localization {
        var files: [Language: [UInt8]] = [:]
        for language in Language.allCases {
            guard
                let url = Bundle.module.url(
                    forResource: language.rawValue, withExtension: "json",
                    subdirectory: "Resources/i18n")
            else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "i18n/\(language.rawValue).json"]) }
            files[language] = Array(try Data(contentsOf: url))
        }
        return Localization(
            catalogue: try MessageCatalogue(json: files.mapValues { Data($0) }), files: files
        )
    }

    /// The request's language: `?lang=`, then the `ketupek_lang` cookie, then `Accept-Language`.
    static func language(of request: Request) -> Language {
        Language.negotiate(
            choice: request.query("lang") ?? request.cookie(cookie),
            acceptLanguage: request.headers["Accept-Language"])
    }
}
