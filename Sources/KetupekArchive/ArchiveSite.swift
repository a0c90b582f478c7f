import Foundation
import KetupekCore

/// Renders the archive: the stored documents of each published session, the shared index pages and feeds, and
/// the pages rendered per request (search, not found). Pure: the same input gives the same bytes.
public enum ArchiveSite {
    /// The version of the output; bump it whenever a change to this module changes any document, so stored
    /// documents rendered by an older version are rendered again.
    public static let rendererVersion = 1

    /// Every stored document of one published session: the transcript in broadcast order, grouped by stakeholder,
    /// and one permalink page per entry, in Indonesian and English; plus the `.json`, `.md` and `.csv` downloads
    /// (in the session's language).
    public static func sessionDocuments(_ transcript: Transcript, context: ArchiveContext) -> [ArchiveDocument] {
        var documents: [ArchiveDocument] = []
        for language in Language.allCases {
            for grouping in [TranscriptPage.Grouping.broadcast, .stakeholder] {
                let page = TranscriptPage(
                    transcript: transcript, grouping: grouping, language: language, context: context)
                documents.append(
                    ArchiveDocument(path: page.path, contentType: ArchiveDocument.html, body: page.render()))
            }
            for entry in transcript.entries {
                let page = PermalinkPage(transcript: transcript, entry: entry, language: language, context: context)
                documents.append(
                    ArchiveDocument(
                        path: ArchivePaths.permalink(transcript.session.slug, entry.id, language),
                        contentType: ArchiveDocument.html, body: page.render()))
            }
        }
        let slug = transcript.session.slug
        documents.append(
            ArchiveDocument(
                path: ArchivePaths.json(slug), contentType: ArchiveDocument.json,
                body: TranscriptJSON(transcript, context: context).render()))
        documents.append(
            ArchiveDocument(
                path: ArchivePaths.markdown(slug), contentType: ArchiveDocument.markdown,
                body: TranscriptMarkdown(transcript: transcript, context: context).render()))
        documents.append(
            ArchiveDocument(
                path: ArchivePaths.csv(slug), contentType: ArchiveDocument.csv,
                body: TranscriptCSV(transcript: transcript, context: context).render()))
        return documents
    }

    /// The index pages (every page, in both languages; page 1 exists even with no sessions) and both Atom feeds.
    ///
    /// - Parameters:
    ///   - sessions: every published session, in any order; listed newest published first.
    ///   - updatedAt: the feeds' `updated` time (the latest publication or change).
    public static func sharedDocuments(
        _ sessions: [PublishedSession], context: ArchiveContext, updatedAt: Date
    ) -> [ArchiveDocument] {
        let sorted = sessions.sorted { a, b in
            a.publishedAt != b.publishedAt ? a.publishedAt > b.publishedAt : a.slug < b.slug
        }
        var documents: [ArchiveDocument] = []
        for language in Language.allCases {
            for page in 1...ArchivePaths.indexPageCount(sessions: sorted.count) {
                let body = IndexPage(sessions: sorted, page: page, language: language, context: context).render()
                documents.append(
                    ArchiveDocument(
                        path: ArchivePaths.index(language, page: page), contentType: ArchiveDocument.html, body: body))
            }
            let feed = AtomFeed(sessions: sorted, language: language, context: context, updatedAt: updatedAt)
            documents.append(
                ArchiveDocument(
                    path: ArchivePaths.feed(language), contentType: ArchiveDocument.atom, body: feed.render()))
        }
        return documents
    }

    /// The search page for one request: the form filled in, one page of results, pagination.
    public static func searchPage(_ search: ArchiveSearch, language: Language, context: ArchiveContext) -> [UInt8] {
        SearchPage(search: search, language: language, context: context).render()
    }

    /// The body of a 404 response under `/archive`: a friendly message and a link to the index.
    public static func notFoundPage(language: Language, context: ArchiveContext) -> [UInt8] {
        NotFoundPage(language: language, context: context).render()
    }
}
