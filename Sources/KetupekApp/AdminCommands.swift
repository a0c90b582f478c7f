import Foundation
import KetupekCore
import KetupekCrypto
import KetupekStore

/// `ketupek user add` and `ketupek token create`: they open the database directly (beside a running server,
/// SQLite serialises the writers).
public enum AdminCommands {
    /// Adds a user; returns the generated password when none was given.
    public static func addUser(
        _ configuration: Configuration, username: String, displayName: String, role: Role,
        stakeholder: StakeholderID? = nil, password: String?
    ) async throws -> String? {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try SQLiteEventStore(path: configuration.databasePath)
        defer { store.close() }
        let chosen = password ?? SecureRandom.token(bytes: 18)
        guard chosen.count >= 10 else {
            throw CommandLineError.invalid("the password must have at least 10 characters")
        }
        _ = try await store.createUser(
            NewUser(
                username: username, displayName: displayName, role: role,
                passwordHash: try PasswordHasher().hash(chosen),
                stakeholderID: stakeholder))
        return password == nil ? chosen : nil
    }

    /// Creates a bearer token and returns it (the only time it is shown).
    public static func createToken(_ configuration: Configuration, name: String, role: Role) async throws -> String {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try SQLiteEventStore(path: configuration.databasePath)
        defer { store.close() }
        let token = "kt_" + SecureRandom.token()
        _ = try await store.createAPIToken(NewAPIToken(tokenHash: Digest.sha256Hex(token), name: name, role: role))
        return token
    }
}
