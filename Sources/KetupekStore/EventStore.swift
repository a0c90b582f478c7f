import Foundation
import KetupekCore

/// The store behind the server: the append-only event log with its projections, and accounts.
///
/// SQLite (`SQLiteEventStore`) is the default; a PostgreSQL implementation for several instances would pass
/// the same contract tests. Writes are acknowledged only once durable; reads never wait for the writer.
public protocol EventStore: Sendable {
    // MARK: Sessions

    /// Creates a session. Throws `SessionError` for a bad draft, `StoreError.alreadyExists` for a taken slug.
    func createSession(_ draft: SessionDraft, by actor: Actor) async throws -> Session
    /// Applies a partial change; `expectedVersion`, when given, must match the current version.
    func updateSession(slug: String, with patch: SessionPatch, expectedVersion: Int?, by actor: Actor) async throws
        -> Session
    /// Moves a session to another state.
    func changeSessionState(slug: String, to state: SessionState, by actor: Actor) async throws -> Session
    func session(slug: String) throws -> Session?
    /// Every session, newest first.
    func sessions() throws -> [Session]

    // MARK: Questions

    /// Ingests comments into a session. Idempotent on (session, source, external id): a comment seen before
    /// returns the existing question with `created == false`. Each comment is validated on its own: a bad one
    /// is reported in its slot and the rest are stored.
    func ingest(_ comments: [IncomingComment], into slug: String, by actor: Actor) async throws -> [IngestOutcome]
    /// Applies one moderation command, refusing a stale `expectedVersion`.
    func apply(_ command: ModerationCommand, to id: QuestionID, expectedVersion: Int, by actor: Actor) async throws
        -> Question
    /// Applies many commands to questions of one session in one transaction; each is decided on its own and
    /// reported in its slot, so a refused one does not stop the rest.
    func apply(_ commands: [BulkCommand], in session: SessionID, by actor: Actor) async throws -> [BulkOutcome]
    func question(_ id: QuestionID) throws -> Question?
    /// One page of a session's questions, oldest first, after `cursor`.
    func questions(in session: SessionID, matching filter: QuestionFilter, after cursor: QuestionID?, limit: Int)
        throws -> [Question]
    /// Counts of a session's questions per state.
    func questionCounts(in session: SessionID) throws -> [QuestionState: Int]

    // MARK: Keyword rules

    /// The hold and block lists of a session, or the global ones (`nil`) that apply to every session.
    func keywordRules(scope session: SessionID?) throws -> KeywordRules
    /// Replaces a scope's lists; comments ingested after this returns are matched against them.
    func setKeywordRules(_ rules: KeywordRules, scope session: SessionID?, by actor: Actor) async throws

    // MARK: The panel

    func createStakeholder(_ draft: StakeholderDraft) async throws -> Stakeholder
    func updateStakeholder(_ id: StakeholderID, with draft: StakeholderDraft) async throws -> Stakeholder
    /// Every stakeholder, by name.
    func stakeholders() throws -> [Stakeholder]
    func stakeholder(_ id: StakeholderID) throws -> Stakeholder?
    /// Sets who sits on a session's panel, in this order; returns them.
    func setPanel(of slug: String, to stakeholders: [StakeholderID]) async throws -> [Stakeholder]
    /// Who sits on a session's panel, in order.
    func panel(of session: SessionID) throws -> [Stakeholder]
    /// Applies a panel command (assign, on air, answer, defer …), refusing a stale `expectedVersion`.
    func apply(_ command: PanelCommand, to id: QuestionID, expectedVersion: Int, by actor: Actor) async throws
        -> Question
    /// A stakeholder's queue in a session, in the order they take it.
    func queue(of stakeholder: StakeholderID, in session: SessionID) throws -> [Question]
    /// The session's question on air now.
    func onAir(in session: SessionID) throws -> Question?
    /// Replaces the session's overlay key (stored as its hash).
    func rotateOverlayKey(of slug: String, keyHash: String) async throws
    func overlayKeyHash(of session: SessionID) throws -> String?
    /// One vote per voter per public question.
    func vote(for id: QuestionID, voterHash: String) async throws -> (Question, counted: Bool)

    // MARK: The log

    /// Every event about one question, oldest first.
    func history(of question: QuestionID) throws -> [LoggedEvent]
    /// A session's events after `sequence`, oldest first, at most `limit`.
    func events(in session: SessionID, after sequence: EventSequence, limit: Int) throws -> [LoggedEvent]
    /// The sequence of the newest event in the log.
    func latestSequence() throws -> EventSequence

    // MARK: Accounts

    func createUser(_ user: NewUser) async throws -> User
    func user(named username: String) throws -> StoredUser?
    func user(_ id: UserID) throws -> User?
    func users() throws -> [User]
    /// Records a login under the hash of its token; returns nothing the caller does not already hold.
    func createLogin(_ login: Login) async throws
    /// The login for a token hash, if it exists and has not expired at `now`.
    func login(tokenHash: String, at now: Date) throws -> Login?
    func deleteLogin(tokenHash: String) async throws
    func createAPIToken(_ token: NewAPIToken) async throws -> APIToken
    /// The unrevoked token with this hash.
    func apiToken(hash: String) throws -> APIToken?

    /// Finishes pending writes and closes the database.
    func close()
}

/// The outcome of ingesting one comment.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored (`created`), or already stored before (`created == false`), as this question.
    case stored(Question, created: Bool)
    /// Refused for this reason; nothing was written for it.
    case invalid(ValidationError)
}

/// One command of a bulk request.
public struct BulkCommand: Sendable, Equatable {
    public var questionID: QuestionID
    public var command: ModerationCommand
    public var expectedVersion: Int

    public init(questionID: QuestionID, command: ModerationCommand, expectedVersion: Int) {
        self.questionID = questionID
        self.command = command
        self.expectedVersion = expectedVersion
    }
}

/// The outcome of one command of a bulk request.
public enum BulkOutcome: Sendable, Equatable {
    case applied(Question)
    case refused(ModerationError)
    /// No such question in this session.
    case notFound(QuestionID)
}

/// Which questions a listing returns. Empty fields do not filter.
public struct QuestionFilter: Sendable, Equatable {
    public var states: Set<QuestionState>
    public var source: String?
    public var kind: QuestionKind?
    /// Case-insensitive substring of the public text or the author's name.
    public var text: String?
    /// One of the question's tags.
    public var tag: String?
    public var starred: Bool?

    public init(
        states: Set<QuestionState> = [], source: String? = nil, kind: QuestionKind? = nil, text: String? = nil,
        tag: String? = nil, starred: Bool? = nil
    ) {
        self.states = states
        self.source = source
        self.kind = kind
        self.text = text
        self.tag = tag
        self.starred = starred
    }
}
