import Foundation
import KetupekCore

/// One archive search as the server ran it: the request's filters and one page of results.
public struct ArchiveSearch: Sendable {
    /// The words searched for, as typed (empty when none).
    public var query: String
    /// The stakeholder filter, if any.
    public var stakeholderID: StakeholderID?
    /// The first day searched; shown as its calendar day in WIB.
    public var from: Date?
    /// The last day searched (inclusive); shown as its calendar day in WIB.
    public var to: Date?
    /// The page shown, 1-based.
    public var page: Int
    /// Results on all pages.
    public var total: Int
    /// This page's results.
    public var results: [ArchiveSearchResult]
    /// Every stakeholder, for the filter's choices.
    public var stakeholders: [Stakeholder]
    /// Results per page.
    public var pageSize: Int

    /// The start (00:00 WIB) of a `YYYY-MM-DD` day from the form's `from` and `to` fields; `nil` otherwise.
    public static func day(_ text: String) -> Date? { ArchiveDateFormat.parseDay(text) }

    /// The moment after day `to` ends: the exclusive upper bound of a search up to and including it.
    public static func end(of day: Date) -> Date { day.addingTimeInterval(86_400) }

    /// A search; `page` and `pageSize` are at least 1.
    public init(
        query: String, stakeholderID: StakeholderID? = nil, from: Date? = nil, to: Date? = nil, page: Int = 1,
        total: Int = 0, results: [ArchiveSearchResult] = [], stakeholders: [Stakeholder] = [], pageSize: Int = 20
    ) {
        self.query = query
        self.stakeholderID = stakeholderID
        self.from = from
        self.to = to
        self.page = max(1, page)
        self.total = total
        self.results = results
        self.stakeholders = stakeholders
        self.pageSize = max(1, pageSize)
    }

    /// Whether anything was asked for: words or a filter.
    var hasCriteria: Bool {
        !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || stakeholderID != nil || from != nil
            || to != nil
    }

    /// The number of result pages.
    var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
}
