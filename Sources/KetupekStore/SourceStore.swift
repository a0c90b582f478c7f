import Foundation
import KetupekCore

/// One configured comment source of a session, as stored.
public struct SourceRecord: Sendable, Equatable {
    public var id: Int64
    public var sessionID: SessionID
    /// The source kind (`webhook`, `jsonl`, `youtube`, …).
    public var kind: String
    public var name: String
    /// Settings including credentials: never send these to a client as they are.
    public var settings: [String: String]
    /// Whether an admin wants it running.
    public var enabled: Bool
    /// `idle`, `running`, `backing_off`, `failed`, `stopped`.
    public var state: String
    public var lastError: String?
    /// Where a pull source resumes; saved with the batch it came with.
    public var checkpoint: String?
    public var ingested: Int
    public var duplicates: Int
    public var createdAt: Date
    public var updatedAt: Date
}

/// A new source.
public struct NewSource: Sendable, Equatable {
    public var kind: String
    public var name: String
    public var settings: [String: String]
    /// SHA-256 hex of the secret in a push source's URL; nil for pull sources.
    public var secretHash: String?

    public init(kind: String, name: String, settings: [String: String], secretHash: String?) {
        self.kind = kind
        self.name = name
        self.settings = settings
        self.secretHash = secretHash
    }
}

/// What a source writes together with its comments, in the same transaction.
public struct SourceCommit: Sendable, Equatable {
    /// The source whose checkpoint and counters to update; nil for the built-in form.
    public var sourceID: Int64?
    /// The new checkpoint; nil keeps the stored one.
    public var checkpoint: String?
    /// A push delivery's id: a delivery seen before stores nothing and reports `duplicateDelivery`.
    public var deliveryID: String?
    /// Per comment: the hash of the receipt code to create for its question (form), or nil.
    public var receiptHashes: [String?]

    public init(sourceID: Int64?, checkpoint: String? = nil, deliveryID: String? = nil, receiptHashes: [String?] = []) {
        self.sourceID = sourceID
        self.checkpoint = checkpoint
        self.deliveryID = deliveryID
        self.receiptHashes = receiptHashes
    }
}

/// The outcome of a source's ingest.
public struct SourceIngestResult: Sendable, Equatable {
    /// The delivery id was seen before: nothing was written.
    public var duplicateDelivery: Bool
    public var outcomes: [IngestOutcome]
}

/// Comment sources, their checkpoints and the form's receipts.
public protocol SourceStore: Sendable {
    /// Creates a source in the session `slug`. Throws `StoreError.notFound` for an unknown session.
    func createSource(_ source: NewSource, in slug: String) async throws -> SourceRecord
    /// Replaces name and settings (nil keeps them).
    func updateSource(_ id: Int64, name: String?, settings: [String: String]?) async throws -> SourceRecord
    func deleteSource(_ id: Int64) async throws
    /// Records whether an admin wants it running, and its state.
    func setSourceEnabled(_ id: Int64, _ enabled: Bool, state: String) async throws -> SourceRecord
    /// Records a state change and its error (nil clears it).
    func recordSourceState(_ id: Int64, state: String, lastError: String?) async throws
    func source(_ id: Int64) throws -> SourceRecord?
    func sources(in session: SessionID) throws -> [SourceRecord]
    /// The push source whose URL secret hashes to `secretHash`.
    func source(secretHash: String) throws -> SourceRecord?
    /// Every source an admin wants running, oldest first.
    func enabledSources() throws -> [SourceRecord]
    /// Ingests comments and writes `commit` (checkpoint, delivery id, receipts) in the same transaction.
    func ingest(_ comments: [IncomingComment], into slug: String, by actor: Actor, commit: SourceCommit?) async throws
        -> SourceIngestResult
    /// The question a receipt code's hash belongs to.
    func receipt(codeHash: String) throws -> QuestionID?
    /// Questions still pending or approved that a platform took back: deleted messages by external id, banned
    /// authors by their platform id (the contact after `platform:`).
    func retracted(in session: SessionID, externalIDs: [String], authorIDs: [String]) throws -> [Question]
}
