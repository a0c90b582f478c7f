/// Why a value supplied by a person or a platform was refused. Carries the value's field and the limit.
public enum ValidationError: Error, Sendable, Equatable {
    /// A required text was missing or only whitespace.
    case empty(field: String)
    /// A text was longer than allowed (length in characters).
    case tooLong(field: String, length: Int, max: Int)
    /// A value does not have the required form (a slug with spaces, an unknown state).
    case invalidFormat(field: String, expected: String)
    /// A number is out of its range.
    case outOfRange(field: String, value: Int, range: ClosedRange<Int>)

    /// The field the error is about.
    public var field: String {
        switch self {
        case .empty(let field), .tooLong(let field, _, _), .invalidFormat(let field, _), .outOfRange(let field, _, _):
            field
        }
    }

    /// An English sentence for the API's error message.
    public var message: String {
        switch self {
        case .empty(let field): "\(field) must not be empty"
        case .tooLong(let field, let length, let max): "\(field) is \(length) characters long; the limit is \(max)"
        case .invalidFormat(let field, let expected): "\(field) must be \(expected)"
        case .outOfRange(let field, let value, let range):
            "\(field) is \(value); it must be between \(range.lowerBound) and \(range.upperBound)"
        }
    }
}

/// Small text checks shared by every value that comes from outside.
public enum TextRules {
    /// Trims whitespace, refuses empty text and text over `max` characters, and removes control characters
    /// other than line breaks and tabs (they have no business in a question and break terminals and CSV).
    public static func clean(_ text: String, field: String, max: Int, required: Bool = true) throws(ValidationError)
        -> String
    {
        // Control characters (Unicode category Cc) are exactly U+0000–U+001F and U+007F–U+009F.
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || (0x7F...0x9F).contains(scalar.value)
        }
        let kept =
            text.unicodeScalars.contains(where: isControl)
            ? String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) })) : text
        let trimmed = kept.trimmingWhitespace()
        if trimmed.isEmpty && required { throw .empty(field: field) }
        if trimmed.count > max { throw .tooLong(field: field, length: trimmed.count, max: max) }
        return trimmed
    }

    /// Names the archive's own pages use (`/archive/search`, `/archive/page/2`), so no session may take them.
    public static let reservedSlugs: Set<String> = ["search", "page"]

    /// A URL slug: lowercase letters, digits and single hyphens, 2 to 64 characters, not a reserved name.
    public static func slug(_ text: String) throws(ValidationError) -> String {
        let scalars = Array(text.unicodeScalars)
        let allowed = scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard allowed, (2...64).contains(scalars.count), scalars.first != "-", scalars.last != "-",
            !text.contains("--")
        else {
            throw .invalidFormat(field: "slug", expected: "2–64 lowercase letters, digits and single hyphens")
        }
        guard !reservedSlugs.contains(text) else {
            throw .invalidFormat(
                field: "slug", expected: "a name other than \(reservedSlugs.sorted().joined(separator: ", "))")
        }
        return text
    }

    /// A source or external-id token: printable ASCII without spaces, 1 to `max` characters.
    public static func token(_ text: String, field: String, max: Int) throws(ValidationError) -> String {
        guard !text.isEmpty else { throw .empty(field: field) }
        guard text.unicodeScalars.count <= max else {
            throw .tooLong(field: field, length: text.unicodeScalars.count, max: max)
        }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .invalidFormat(field: field, expected: "printable ASCII without spaces")
        }
        return text
    }
}

extension String {
    /// The text without leading and trailing whitespace and line breaks (Foundation-free).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
