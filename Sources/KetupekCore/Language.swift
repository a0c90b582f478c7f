import Foundation

/// The languages every screen and page speaks.
public enum Language: String, Sendable, Codable, CaseIterable {
    /// Bahasa Indonesia
    case id
    /// English
    case en

    /// The default when nothing else decides.
    public static let fallback = Language.id

    /// Picks the language: the user's explicit choice (a cookie or a `lang` parameter) when it is one we
    /// speak, else the best match of the `Accept-Language` header by quality, else Bahasa Indonesia.
    public static func negotiate(choice: String?, acceptLanguage: String?) -> Language {
        if let choice, let language = Language(tag: choice) { return language }
        guard let header = acceptLanguage else { return fallback }
        var best: (language: Language, quality: Double)?
        for (index, part) in header.split(separator: ",").enumerated() {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first, let language = Language(tag: tag) else { continue }
            var quality = 1.0
            for field in fields.dropFirst() where field.hasPrefix("q=") {
                quality = Double(field.dropFirst(2)) ?? 0
            }
            // Earlier entries win ties: subtract a hair per position.
            let score = quality - Double(index) * 1e-6
            if quality > 0, score > (best?.quality ?? -1) { best = (language, score) }
        }
        return best?.language ?? fallback
    }

    /// Maps a BCP 47 tag (`id`, `id-ID`, `in`, `en-GB`) to a language, ignoring case and region.
    public init?(tag: String) {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        switch primary {
        case "id", "in": self = .id
        case "en": self = .en
        default: return nil
        }
    }
}

/// Translations of every user-facing text, one catalogue per language, shared by the server-rendered pages
/// and the screens (which load the same JSON files).
public struct MessageCatalogue: Sendable {
    private let messages: [Language: [String: String]]

    /// Builds the catalogue from one flat JSON object (`{"key": "text"}`) per language.
    public init(json: [Language: Data]) throws {
        var messages: [Language: [String: String]] = [:]
        for (language, data) in json {
            messages[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.messages = messages
    }

    /// The keys of one language's catalogue.
    public func keys(_ language: Language) -> Set<String> { Set(messages[language].map { Array($0.keys) } ?? []) }

    /// The text for `key`, with `{name}` placeholders filled in; falls back to the other language and then to
    /// the key itself, so a missing translation shows up rather than crashing.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var text = messages[language]?[key] ?? messages[.fallback]?[key] ?? messages[.en]?[key] ?? key
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}
