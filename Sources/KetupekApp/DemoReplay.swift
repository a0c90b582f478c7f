import Foundation
import KetupekCore
import KetupekCrypto
import KetupekStore
import KetupekTelemetry

/// `ketupek demo`: a live demo session fed by the shipped sample comments at a human pace, and a moderator
/// account to look at it with.
public struct DemoReplay: Sendable {
    public static let slug = "demo"
    public static let username = "demo"

    /// One line of `Resources/demo/comments.jsonl`.
    struct Line: Decodable, Sendable {
        let offset_ms: Int
        let source: String
        let external_id: String
        let author: String
        let text: String
    }

    let store: any EventStore
    let dataDirectory: String
    let speed: Double
    let logger: Logger
    /// How many times the file is replayed (each round with fresh ids), so the queue keeps moving.
    let rounds: Int

    public init(application: Application, speed: Double, rounds: Int = 20) {
        self.store = application.eventStore
        self.dataDirectory = application.configuration.dataDirectory
        self.speed = speed
        self.logger = application.logger.with("component", "demo")
        self.rounds = rounds
    }

    /// Creates the demo session (live) and the demo moderator if missing. Returns the moderator's password.
    public func prepare() async throws -> String {
        let system = Actor(role: .admin, userID: nil, name: "demo")
        if try store.session(slug: Self.slug) == nil {
            _ = try await store.createSession(SessionDraft(
                slug: Self.slug, title: "Ketupek Demo — Konsultasi Pelayanan Publik",
                description: "Ombudsman dan instansi terkait (BPJS Kesehatan, Dukcapil, Dinas Pendidikan, Dinas PUPR) "
                    + "menjawab pertanyaan warga secara langsung.",
                language: .id, videoURL: "https://www.facebook.com/watch/live/?v=1234567890"
            ), by: system)
        }
        if let session = try store.session(slug: Self.slug), session.state != .live, session.state.successors.contains(.live) {
            _ = try await store.changeSessionState(slug: Self.slug, to: .live, by: system)
        }
        let passwordFile = URL(fileURLWithPath: dataDirectory).appendingPathComponent("demo-password.txt")
        if try store.user(named: Self.username) == nil {
            let password = SecureRandom.token(bytes: 16)
            _ = try await store.createUser(NewUser(
                username: Self.username, displayName: "Demo Moderator", role: .moderator,
                passwordHash: try PasswordHasher().hash(password)))
            try Data((password + "\n").utf8).write(to: passwordFile, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)
        }
        return (try? String(contentsOf: passwordFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "(see \(passwordFile.path))"
    }

    /// The shipped sample comments.
    static func lines() throws -> [Line] {
        guard let url = Bundle.module.url(forResource: "comments", withExtension: "jsonl", subdirectory: "Resources/demo")
        else { throw CocoaError(.fileNoSuchFile) }
        let decoder = JSONDecoder()
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(Line.self, from: Data($0.utf8))
        }
    }

    /// Replays the comments at `speed` × the recorded pace until cancelled or `rounds` are done.
    public func run() async throws {
        let lines = try Self.lines()
        let replay = Actor(role: .integration, userID: nil, name: "demo replay")
        for round in 1...rounds {
            let start = ContinuousClock.now
            for line in lines {
                let due = start + .milliseconds(Int(Double(line.offset_ms) / speed))
                try await Task.sleep(until: due, clock: .continuous)
                let comment = IncomingComment(
                    source: line.source, externalID: round == 1 ? line.external_id : "\(line.external_id)-r\(round)",
                    author: line.author.isEmpty ? nil : line.author, text: line.text, postedAt: Date()
                )
                _ = try await store.ingest([comment], into: Self.slug, by: replay)
            }
            logger.info("demo round replayed", ["demo.round": String(round), "demo.comments": String(lines.count)])
        }
    }
}
