import Foundation
import KetupekCore

/// One published session as the archive index and the feeds list it.
public struct PublishedSession: Sendable, Equatable, Codable {
    /// The session's slug, the key of its archive paths.
    public var slug: String
    /// The session's title.
    public var title: String
    /// The session's description (may be empty).
    public var description: String
    /// The broadcast's language.
    public var language: Language
    /// When the broadcast started, if known.
    public var broadcastStart: Date?
    /// When the session was (last) published; the index lists newest first by it.
    public var publishedAt: Date
    /// Questions answered.
    public var answered: Int
    /// Questions whose answer was promised after the broadcast and is still pending.
    public var pending: Int

    /// A summary with every field given.
    public init(
        slug: String, title: String, description: String, language: Language, broadcastStart: Date?,
        publishedAt: Date, answered: Int, pending: Int
    ) {
        self.slug = slug
        self.title = title
        self.description = description
        self.language = language
        self.broadcastStart = broadcastStart
        self.publishedAt = publishedAt
        self.answered = answered
        self.pending = pending
    }
}
