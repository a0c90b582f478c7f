import Foundation
import KetupekCore
import KetupekHTTP

/// The Atom 1.0 feed of published sessions in one language (`/{lang}/archive/feed.atom`), newest first.
struct AtomFeed {
    var sessions: [PublishedSession]
    var language: Language
    var context: ArchiveContext
    var updatedAt: Date

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        context.text(key, language, arguments)
    }

    /// Outside text for XML: escaped, and without the control characters XML cannot carry.
    private func x(_ text: String) -> Markup { "\(ArchiveText.xmlSafe(text))" }

    private func entry(_ session: PublishedSession) -> Markup {
        let url = context.absolute(ArchivePaths.transcript(session.slug, language))
        var summary = [
            t("archive.count.answered", ["count": String(session.answered)]),
            t("archive.count.pending", ["count": String(session.pending)]),
        ].joined(separator: " · ")
        if let start = session.broadcastStart {
            summary =
                t("archive.transcript.broadcast", ["date": ArchiveDateFormat.dayAndTime(start, language)])
                + " · " + summary
        }
        if !session.description.isEmpty { summary += "\n\n" + session.description }
        return """
              <entry>
                <id>\(x(url))</id>
                <title>\(x(session.title))</title>
                <link rel="alternate" type="text/html" href="\(x(url))"/>
                <updated>\(session.publishedAt.iso8601Milliseconds)</updated>
                <summary type="text">\(x(summary))</summary>
              </entry>

            """
    }

    func render() -> [UInt8] {
        let feedURL = context.absolute(ArchivePaths.feed(language))
        let feed: Markup = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(language.rawValue)">
              <id>\(x(feedURL))</id>
              <title>\(x(t("archive.feed.title")))</title>
              <subtitle>\(x(t("archive.index.intro")))</subtitle>
              <updated>\(updatedAt.iso8601Milliseconds)</updated>
              <link rel="self" type="application/atom+xml" href="\(x(feedURL))"/>
              <link rel="alternate" type="text/html" href="\(x(context.absolute(ArchivePaths.index(language))))"/>
              <author><name>\(x(t("archive.site_name")))</name></author>
              <generator>Ketupek</generator>
            \(sessions.map(entry))</feed>

            """
        return Array(feed.html.utf8)
    }
}
