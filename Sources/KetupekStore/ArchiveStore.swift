import Foundation
import KetupekCore

/// One rendered document of the published archive, stored gzip-compressed so it is rendered once and served
/// from memory.
public struct ArchiveDocumentRecord: Sendable, Equatable {
    /// Where it is served, unique across the archive (`/sesi/ketupek-desember/index.html`).
    public var path: String
    /// The session it belongs to; nil for a shared document (the archive index, the feed, the search page).
    public var sessionID: SessionID?
    /// The `Content-Type` to serve it with.
    public var contentType: String
    /// The body, gzip-compressed; stored and returned byte for byte.
    public var gzipBody: [UInt8]
    /// The size of the uncompressed body, for clients that do not accept gzip.
    public var identitySize: Int
    public var etag: String
    public var modifiedAt: Date

    public init(
        path: String, sessionID: SessionID?, contentType: String, gzipBody: [UInt8], identitySize: Int, etag: String,
        modifiedAt: Date
    ) {
        self.path = path
        self.sessionID = sessionID
        self.contentType = contentType
        self.gzipBody = gzipBody
        self.identitySize = identitySize
        self.etag = etag
        self.modifiedAt = modifiedAt
    }
}

/// That a session's archive is published, and from what it was rendered.
public struct ArchivePublication: Sendable, Equatable {
    public var sessionID: SessionID
    public var publishedAt: Date
    public var renderedAt: Date
    /// The renderer's version: an archive rendered by an older one is rendered again at start-up.
    public var rendererVersion: Int
    /// The newest event of the session the rendering saw.
    public var sourceSequence: EventSequence
    /// The base URL the documents were rendered for (their links and feeds): one rendered for another is stale.
    public var baseURL: String

    public init(
        sessionID: SessionID, publishedAt: Date, renderedAt: Date, rendererVersion: Int, sourceSequence: EventSequence,
        baseURL: String
    ) {
        self.sessionID = sessionID
        self.publishedAt = publishedAt
        self.renderedAt = renderedAt
        self.rendererVersion = rendererVersion
        self.sourceSequence = sourceSequence
        self.baseURL = baseURL
    }
}

/// One answered (or deferred) question of a published session, as the archive search indexes it.
///
/// The store removes C0 control characters other than tab, line feed and carriage return from every text
/// before indexing, so stored text can never contain the snippet markers (U+0002, U+0003).
public struct ArchiveSearchEntry: Sendable, Equatable {
    /// Unique across the archive: storing an entry with the same question id replaces the old one.
    public var questionID: QuestionID
    public var sessionID: SessionID
    public var slug: String
    public var sessionTitle: String
    /// The question's public text.
    public var question: String
    /// The answer; empty for a question deferred without an answer.
    public var answer: String
    public var asker: String
    public var stakeholderID: StakeholderID?
    /// The stakeholder's name (empty when none answered).
    public var stakeholderName: String
    /// When it was answered; nil for a deferred question (a date filter leaves those out).
    public var answeredAt: Date?

    public init(
        questionID: QuestionID, sessionID: SessionID, slug: String, sessionTitle: String, question: String,
        answer: String, asker: String, stakeholderID: StakeholderID?, stakeholderName: String, answeredAt: Date?
    ) {
        self.questionID = questionID
        self.sessionID = sessionID
        self.slug = slug
        self.sessionTitle = sessionTitle
        self.question = question
        self.answer = answer
        self.asker = asker
        self.stakeholderID = stakeholderID
        self.stakeholderName = stakeholderName
        self.answeredAt = answeredAt
    }
}

/// A search of the archive, as a visitor typed it.
public struct ArchiveSearchQuery: Sendable, Equatable {
    /// Free text. Split into words on anything that is not a letter, mark or digit; every word must match, as a
    /// prefix, ignoring case and diacritics (`kese` finds "Kesehatan", `cafe` finds "café"). At most the first
    /// 12 words count. Search syntax in it (`AND`, `NEAR(`, quotes, `*`, `:`, `-`, `^`) is matched as text.
    public var text: String
    /// Only answers of this stakeholder.
    public var stakeholderID: StakeholderID?
    /// Only questions answered at or after this instant (deferred ones are left out).
    public var from: Date?
    /// Only questions answered before this instant (exclusive; deferred ones are left out).
    public var until: Date?
    /// Hits per page, clamped to 1…100.
    public var limit: Int
    /// Hits to skip; a negative offset counts as 0.
    public var offset: Int

    public init(
        text: String, stakeholderID: StakeholderID? = nil, from: Date? = nil, until: Date? = nil, limit: Int = 20,
        offset: Int = 0
    ) {
        self.text = text
        self.stakeholderID = stakeholderID
        self.from = from
        self.until = until
        self.limit = limit
        self.offset = offset
    }
}

/// One result of an archive search.
public struct ArchiveSearchHit: Sendable, Equatable {
    public var entry: ArchiveSearchEntry
    /// About 16 words of the question around the matches, each match between U+0002 and U+0003, "…" where
    /// text was cut. Escape it for HTML first, then turn the markers into `<mark>` and `</mark>`.
    public var questionSnippet: String
    /// The same for the answer (the answer's beginning, without markers, when only the question matched).
    public var answerSnippet: String
    /// Relevance, higher is better (bm25, negated, weighting the question over the answer, stakeholder, asker
    /// and session title). Comparable only within one search.
    public var rank: Double

    public init(entry: ArchiveSearchEntry, questionSnippet: String, answerSnippet: String, rank: Double) {
        self.entry = entry
        self.questionSnippet = questionSnippet
        self.answerSnippet = answerSnippet
        self.rank = rank
    }
}

/// One page of an archive search.
public struct ArchiveSearchResults: Sendable, Equatable {
    /// Best first; equally relevant ones newest answer first.
    public var hits: [ArchiveSearchHit]
    /// How many hits match in all, ignoring limit and offset.
    public var total: Int

    public init(hits: [ArchiveSearchHit], total: Int) {
        self.hits = hits
        self.total = total
    }

    /// No hits.
    public static let empty = ArchiveSearchResults(hits: [], total: 0)
}

/// The stored published archive: each published session's rendered documents, the shared documents, and the
/// full-text index of the answered questions.
///
/// A projection, not the log: the log records the session state change that publishes; the archive stores what
/// was rendered from it. Each write replaces a session's whole archive in one transaction, acknowledged once
/// durable, so a crash never leaves half of one.
public protocol ArchiveStore: Sendable {
    /// Replaces, in one transaction, everything stored for `publication.sessionID` (its documents, its search
    /// entries, its publication row) and the whole set of shared documents (stored shared documents whose path is
    /// not in `shared` are deleted).
    ///
    /// Throws `StoreError.notFound` for an unknown session; `StoreError.alreadyExists` when a path belongs to
    /// another session (or a session's path to the shared set, or the reverse); `ArchiveInputError` when a
    /// document or entry names another session than the publication, a shared document names a session, or a
    /// path or question repeats. A failed call changes nothing.
    func storeArchive(
        _ publication: ArchivePublication, documents: [ArchiveDocumentRecord], searchEntries: [ArchiveSearchEntry],
        shared: [ArchiveDocumentRecord]
    ) async throws
    /// Removes, in one transaction, the session's documents, search entries and publication, and replaces the
    /// shared documents as `storeArchive` does. Withdrawing a session that is not published only replaces the
    /// shared documents.
    func withdrawArchive(of session: SessionID, shared: [ArchiveDocumentRecord]) async throws
    /// Replaces, in one transaction, only the shared documents, as `storeArchive` does (when they change without
    /// any session changing, such as after a new renderer version or base URL).
    func replaceSharedArchive(_ shared: [ArchiveDocumentRecord]) async throws
    /// Every publication, most recently published first.
    func archivePublications() throws -> [ArchivePublication]
    func archivePublication(of session: SessionID) throws -> ArchivePublication?
    /// Every stored document (for loading the in-memory cache and for the static export), ordered by path.
    func archiveDocuments() throws -> [ArchiveDocumentRecord]
    func archiveDocument(path: String) throws -> ArchiveDocumentRecord?
    /// One page of the search entries matching `query`, best first. Never throws for what a visitor typed; text
    /// without a letter or digit finds nothing (`ArchiveSearchResults.empty`).
    func searchArchive(_ query: ArchiveSearchQuery) throws -> ArchiveSearchResults
}

/// An archive handed to the store that contradicts itself: a bug in the caller, not in the visitor's input.
public struct ArchiveInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public let file: String
    public let line: Int

    public init(_ message: String, file: String = #fileID, line: Int = #line) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "invalid archive: \(message) (\(file):\(line))" }

    public static func == (lhs: ArchiveInputError, rhs: ArchiveInputError) -> Bool { lhs.message == rhs.message }
}
