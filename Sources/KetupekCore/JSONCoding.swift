import Foundation

/// The one JSON dialect of Ketupek: camelCase keys as declared, sorted keys, ISO 8601 dates with
/// milliseconds. Used for the log's payloads and the API alike, so a stored event reads back equal.
public enum JSONCoding {
    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.iso8601Milliseconds)
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? dateStyle.parse(text) { return date.roundedToMilliseconds }
            if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 date such as 2026-12-03T10:00:00Z")
        }
        return decoder
    }
}

extension Date {
    /// `2026-12-03T13:48:20.158Z`, rounded (not truncated) to the millisecond, so it parses back equal.
    /// Formatted by hand (days to civil date, Howard Hinnant's algorithm): it runs for every stored event.
    public var iso8601Milliseconds: String {
        let milliseconds = Int64((timeIntervalSince1970 * 1000).rounded())
        let (days, dayMilliseconds) = milliseconds.floorDividedBy(86_400_000)
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(dayMilliseconds / 3_600_000, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(dayMilliseconds / 60_000 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(dayMilliseconds / 1_000 % 60, 2)
        bytes.append(UInt8(ascii: "."))
        digits(dayMilliseconds % 1_000, 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same instant rounded to whole milliseconds, the precision the log keeps.
    public var roundedToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}

extension Int64 {
    /// Quotient rounded towards minus infinity, and the matching non-negative remainder.
    fileprivate func floorDividedBy(_ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
