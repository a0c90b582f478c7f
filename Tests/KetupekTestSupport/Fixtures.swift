import Foundation
import KetupekCore

/// A fresh folder under the system's temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(_ prefix: String = "ketupek-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }
    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A comment with sensible defaults; override what the test is about.
public func makeComment(
    text: String = "Bagaimana cara mengurus KTP-el yang hilang?", source: String = "api",
    externalID: String = UUID().uuidString, author: String? = "Siti Aminah", contact: String? = nil,
    postedAt: Date? = nil
) -> IncomingComment {
    IncomingComment(
        source: source, externalID: externalID, author: author, contact: contact, text: text,
        postedAt: postedAt)
}

/// A session draft with sensible defaults.
public func makeDraft(slug: String = "ketupek-desember", title: String = "Ketupek Desember") -> SessionDraft {
    SessionDraft(slug: slug, title: title, description: "Konsultasi pelayanan publik", language: .id)
}

public let testAdmin = Actor(role: .admin, userID: UserID(1), name: "admin")
public let testModerator = Actor(role: .moderator, userID: UserID(2), name: "moderator")
