import Foundation
import KetupekApp
import KetupekCore
import KetupekTelemetry

/// The whole application in-process on a loopback port 0 with a temporary data folder, plus a bearer token
/// per role.
public final class TestApplication: @unchecked Sendable {
    // @unchecked Sendable: set up once in `init`, then only read.
    public let application: Application
    public let port: Int
    public let directory: TemporaryDirectory
    public let tokens: [Role: String]
    public let logs = MemorySink()

    public init(maxBodyBytes: Int = 1 << 20) async throws {
        directory = try TemporaryDirectory()
        var configuration = Configuration()
        configuration.port = 0
        configuration.dataDirectory = directory.path
        configuration.publicDirectory = ServerProcess.packageRoot.appendingPathComponent("Public").path
        configuration.maxBodyBytes = maxBodyBytes
        var tokens: [Role: String] = [:]
        for role in [Role.admin, .moderator, .integration] {
            tokens[role] = try await AdminCommands.createToken(configuration, name: "test \(role.rawValue)", role: role)
        }
        _ = try await AdminCommands.addUser(
            configuration, username: "panel", displayName: "Panel", role: .stakeholder,
            password: "panel-password-1")
        self.tokens = tokens
        application = try Application(configuration: configuration, logger: Logger(sink: logs, level: .debug))
        port = try await application.start()
    }

    public var client: TestHTTPClient { TestHTTPClient(port: port) }

    /// `Authorization: Bearer …` for `role`.
    public func auth(_ role: Role) -> [String: String] { ["Authorization": "Bearer \(tokens[role] ?? "none")"] }

    /// The newest log sequence, read over `/healthz`: unchanged means nothing was written.
    public func sequence() async throws -> Int {
        try await client.send("GET", "/healthz").json["sequence"] as? Int ?? -1
    }

    /// Creates a session (as admin) and makes it live.
    @discardableResult
    public func makeLiveSession(slug: String = "ketupek-desember") async throws -> [String: Any] {
        let created = try await client.json(
            "POST", "/api/v1/sessions", #"{"slug": "\#(slug)", "title": "Ketupek \#(slug)"}"#,
            headers: auth(.admin))
        guard created.status == 201 else { throw TestClientError("create session: \(created.status) \(created.text)") }
        let live = try await client.json(
            "POST", "/api/v1/sessions/\(slug)/state", #"{"state": "live"}"#, headers: auth(.moderator))
        guard live.status == 200 else { throw TestClientError("go live: \(live.status) \(live.text)") }
        return live.json
    }

    /// Ingests one comment as the integration token; returns the response.
    public func ingest(
        _ slug: String = "ketupek-desember", externalID: String, text: String = "Bagaimana cara daftar BPJS?",
        author: String = "Budi", contact: String? = nil
    ) async throws -> TestResponse {
        var object: [String: Any] = ["source": "api", "externalID": externalID, "text": text, "author": author]
        if let contact { object["contact"] = contact }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        return try await client.json("POST", "/api/v1/sessions/\(slug)/comments", body, headers: auth(.integration))
    }

    public func stop() async {
        await application.shutdown()
        directory.remove()
    }
}
