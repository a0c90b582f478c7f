/// Finds text that looks like personal data, so it can be redacted before anything becomes public: phone
/// numbers (Indonesian and international forms), e-mail addresses, and 16-digit NIK (national ID) numbers.
///
/// It errs towards flagging: a moderator confirms or redacts each finding before publishing.
public enum PersonalData {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case phone, email, nik
    }

    /// One finding: its kind, the text found, and where, in UTF-16 code units (as browsers count).
    public struct Match: Sendable, Codable, Equatable {
        public var kind: Kind
        public var text: String
        public var start: Int
        public var length: Int
    }

    /// Every finding in `text`, in order.
    public static func find(in text: String) -> [Match] {
        var matches: [Match] = []
        for match in text.matches(of: emailPattern) {
            matches.append(make(.email, match.range, in: text))
        }
        for match in text.matches(of: numberPattern) {
            // Not glued to a word or a number before it (the regex engine has no lookbehind).
            if match.range.lowerBound > text.startIndex {
                let before = text[text.index(before: match.range.lowerBound)]
                if before.isLetter || before.isNumber || before == "_" || before == "+" { continue }
            }
            let candidate = String(text[match.range])
            let digits = candidate.filter { $0.isASCIIDigit }
            if digits.count == 16, isPlausibleNIK(digits), !candidate.hasPrefix("+") {
                matches.append(make(.nik, match.range, in: text))
            } else if isPhone(candidate, digits: digits) {
                matches.append(make(.phone, match.range, in: text))
            }
        }
        // An e-mail address's digits are not also a phone number.
        let emails = matches.filter { $0.kind == .email }
        matches.removeAll { match in
            match.kind != .email && emails.contains { $0.start <= match.start && match.start < $0.start + $0.length }
        }
        return matches.sorted { $0.start < $1.start }
    }

    /// `text` with every finding replaced by `replacement` (for previews and tests; redaction itself is a
    /// moderation command that keeps the original for staff).
    public static func masked(_ text: String, replacement: String = "▇▇▇") -> String {
        var result = text.utf16.map { $0 }
        for match in find(in: text).reversed() {
            result.replaceSubrange(match.start..<(match.start + match.length), with: replacement.utf16)
        }
        return String(decoding: result, as: UTF16.self)
    }

    nonisolated(unsafe) private static let emailPattern =
        /[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/

    /// A run of digits with the separators people type in numbers (space, dot, dash, parentheses), optionally
    /// led by `+`, not followed by a letter.
    nonisolated(unsafe) private static let numberPattern = /\(?\+?\(?\d(?:[\d.\-() ]{0,24}\d)?(?!\w)/

    private static func isPhone(_ candidate: String, digits: String) -> Bool {
        guard (9...15).contains(digits.count) else { return false }
        // Dates and times written with dots or dashes are not phone numbers.
        if candidate.filter({ $0 == "-" || $0 == "." }).count >= 2, digits.count <= 8 { return false }
        if candidate.hasPrefix("+") || candidate.hasPrefix("(+") { return true }
        // Indonesian: 08… mobile, 0xx landline, 62… without the plus.
        return digits.hasPrefix("0") || digits.hasPrefix("62")
    }

    /// A NIK: province code 11–94, then a birth date DDMMYY where women add 40 to the day.
    private static func isPlausibleNIK(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == 16 else { return false }
        let province = values[0] * 10 + values[1]
        let day = values[6] * 10 + values[7]
        let month = values[8] * 10 + values[9]
        return (11...94).contains(province) && ((1...31).contains(day) || (41...71).contains(day))
            && (1...12).contains(month)
    }

    private static func make(_ kind: Kind, _ range: Range<String.Index>, in text: String) -> Match {
        let start = text.utf16.distance(from: text.startIndex, to: range.lowerBound)
        let length = text.utf16.distance(from: range.lowerBound, to: range.upperBound)
        return Match(kind: kind, text: String(text[range]), start: start, length: length)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
