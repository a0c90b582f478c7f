import Foundation
import KetupekArchive
import Testing

@Suite("Search days from the form")
struct SearchDayTests {
    @Test("YYYY-MM-DD is the start of that day in WIB; anything else is no filter")
    func days() {
        // 2026-12-03 00:00 WIB is 2026-12-02 17:00 UTC.
        #expect(ArchiveSearch.day("2026-12-03") == Date(timeIntervalSince1970: 1_796_230_800))
        #expect(
            ArchiveSearch.end(of: Date(timeIntervalSince1970: 1_796_230_800))
                == Date(timeIntervalSince1970: 1_796_317_200))
        for bad in [
            "", "2026-2-3", "2026-02-30", "2026-13-01", "26-12-03", "2026-12-03T00:00", "x-y-z", "1969-12-31",
            "2026--12",
        ] {
            #expect(ArchiveSearch.day(bad) == nil, "\(bad)")
        }
    }
}
