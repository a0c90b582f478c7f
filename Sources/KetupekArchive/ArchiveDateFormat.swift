import Foundation
import KetupekCore
import KetupekHTTP

/// Dates as the archive shows them: in the page's language, always in Western Indonesia Time (WIB, UTC+7,
/// no daylight saving), formatted by fixed code so pages do not depend on the machine's locale data.
enum ArchiveDateFormat {
    /// WIB: UTC+7 all year.
    static let timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    private static let months: [Language: [String]] = [
        .id: [
            "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
            "November", "Desember",
        ],
        .en: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ],
    ]

    /// `3 Desember 2026` / `3 December 2026`.
    static func day(_ date: Date, _ language: Language) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let month = months[language]?[(parts.month ?? 1) - 1] ?? ""
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 1970)"
    }

    /// `3 Desember 2026, 14.05 WIB` / `3 December 2026, 14:05 WIB` (Indonesian writes times with a dot).
    static func dayAndTime(_ date: Date, _ language: Language) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let separator = language == .id ? "." : ":"
        return "\(day(date, language)), \(twoDigits(parts.hour ?? 0))\(separator)\(twoDigits(parts.minute ?? 0)) WIB"
    }

    /// `2026-12-03`: the WIB calendar day, as HTML date inputs and search links take it.
    /// The start (00:00 WIB) of a `YYYY-MM-DD` day, as the search form sends it; `nil` for anything else.
    static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1970
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    static func isoDay(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.year ?? 1970)-\(twoDigits(parts.month ?? 1))-\(twoDigits(parts.day ?? 1))"
    }

    /// An HTML `<time>` element: machine-readable UTC instant, human text in the page's language.
    static func time(_ date: Date, _ language: Language, withTime: Bool = true) -> Markup {
        let text = withTime ? dayAndTime(date, language) : day(date, language)
        return "<time datetime=\"\(date.iso8601Milliseconds)\">\(text)</time>"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
