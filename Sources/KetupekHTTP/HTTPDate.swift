/// The `Date` header's format (RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`), written by arithmetic.
///
/// The server sets `Date` on every response itself: libmicrohttpd would otherwise format one per response
/// with `gmtime_r`, which takes glibc's process-wide time-zone lock (shared by all worker threads; a small
/// cost, 0.3 % of the server's time in a profile of the benchmark). Formatting from the epoch seconds needs no
/// lock, no time-zone data and no allocation, so no per-second cache is needed either.
enum HTTPDate {
    /// Bytes in a formatted date.
    static let length = 29

    private static let weekdays: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Writes the date `seconds` after 1970-01-01 00:00:00 UTC into `buffer` (at least `length` bytes) and a
    /// terminating NUL after it. Years outside 0…9999 are clamped to that range's ends.
    static func write(_ seconds: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count > length, "the buffer holds 29 bytes and a NUL")
        let clamped = min(max(seconds, -62_167_219_200), 253_402_300_799)
        let days = clamped >= 0 ? clamped / 86_400 : (clamped - 86_399) / 86_400
        let secondOfDay = clamped - days * 86_400
        // Civil date from days since 1970 (Howard Hinnant's `civil_from_days`).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((days + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday

        var position = 0
        func put(_ text: StaticString) {
            text.withUTF8Buffer {
                for byte in $0 {
                    buffer[position] = byte
                    position += 1
                }
            }
        }
        func put(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                buffer[position] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                position += 1
                divisor /= 10
            }
        }
        put(weekdays[weekday])
        put(", ")
        put(day, digits: 2)
        put(" ")
        put(months[month - 1])
        put(" ")
        put(year, digits: 4)
        put(" ")
        put(secondOfDay / 3_600, digits: 2)
        put(":")
        put(secondOfDay / 60 % 60, digits: 2)
        put(":")
        put(secondOfDay % 60, digits: 2)
        put(" GMT")
        buffer[position] = 0
    }

    /// The date `seconds` after 1970-01-01 00:00:00 UTC as a string.
    static func string(_ seconds: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length + 1) { buffer in
            write(seconds, into: buffer)
            return String(decoding: buffer.prefix(length), as: UTF8.self)
        }
    }
}
