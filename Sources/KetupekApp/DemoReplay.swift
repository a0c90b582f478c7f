import Foundation
import KetupekCore
import KetupekCrypto
import KetupekStore
import KetupekTelemetry

/// `ketupek demo`: a live demo session fed by the shipped sample comments through a `jsonl` source at a
/// human pace, and a moderator account to look at it with. The source runs under the supervisor like any
/// other, so a restarted demo resumes from its checkpoint.
public struct DemoReplay: Sendable {
    public static let slug = "demo"
    public static let username = "demo"
    static let sourceName = "demo replay"

    let application: Application
    let speed: Double
    /// How many times the file is replayed (each round with fresh ids), so the queue keeps moving.
    let rounds: Int

    public init(application: Application, speed: Double, rounds: Int = 20) {
        self.application = application
        self.speed = speed
        self.rounds = rounds
    }

    /// Creates the demo session (live), the demo moderator and the replay source if missing, and starts the
    /// source; publishes the example archive session once. Returns the moderator's password.
    public func prepare() async throws -> String {
        let store = application.store
        let system = Actor(role: .admin, userID: nil, name: "demo")
        if try store.session(slug: Self.slug) == nil {
            _ = try await store.createSession(
                SessionDraft(
                    slug: Self.slug, title: "Ketupek Demo — Konsultasi Pelayanan Publik",
                    description:
                        "Ombudsman dan instansi terkait (BPJS Kesehatan, Dukcapil, Dinas Pendidikan, Dinas PUPR) "
                        + "menjawab pertanyaan warga secara langsung.",
                    language: .id, videoURL: "https://www.facebook.com/watch/live/?v=1234567890"
                ), by: system)
        }
        if let session = try store.session(slug: Self.slug), session.state != .live,
            session.state.successors.contains(.live)
        {
            _ = try await store.changeSessionState(slug: Self.slug, to: .live, by: system)
        }
        try await startReplay()
        try await DemoArchive(application: application).prepare()
        let passwordFile = URL(fileURLWithPath: application.configuration.dataDirectory)
            .appendingPathComponent("demo-password.txt")
        if try store.user(named: Self.username) == nil {
            let password = SecureRandom.token(bytes: 16)
            _ = try await store.createUser(
                NewUser(
                    username: Self.username, displayName: "Demo Moderator", role: .moderator,
                    passwordHash: try PasswordHasher().hash(password)))
            try Data((password + "\n").utf8).write(to: passwordFile, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)
        }
        return (try? String(contentsOf: passwordFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "(see \(passwordFile.path))"
    }

    /// The shipped sample comments file.
    static func file() throws -> URL {
        guard
            let url = Bundle.module.url(forResource: "comments", withExtension: "jsonl", subdirectory: "Resources/demo")
        else { throw CocoaError(.fileNoSuchFile) }
        return url
    }

    /// Adds the demo's jsonl source (or updates its speed) and starts it from its checkpoint.
    private func startReplay() async throws {
        let store = application.store
        guard let session = try store.session(slug: Self.slug) else { return }
        let settings = ["path": try Self.file().path, "speed": String(speed), "rounds": String(rounds)]
        let record: SourceRecord
        if let existing = try store.sources(in: session.id).first(where: {
            $0.kind == "jsonl" && $0.name == Self.sourceName
        }) {
            record =
                existing.settings == settings
                ? existing : try await store.updateSource(existing.id, name: nil, settings: settings)
        } else {
            record = try await store.createSource(
                NewSource(kind: "jsonl", name: Self.sourceName, settings: settings, secretHash: nil), in: Self.slug)
        }
        _ = try await store.setSourceEnabled(record.id, true, state: "running")
        await application.supervisor.launch(record.id)
    }
}
