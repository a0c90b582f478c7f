import Foundation
import KetupekCore

extension SQLiteEventStore {
    public func createUser(_ user: NewUser) async throws -> User {
        let at = currentTime()
        let username: String
        let displayName: String
        do {
            username = try TextRules.token(user.username, field: "username", max: 64)
            displayName = try TextRules.clean(user.displayName, field: "displayName", max: 100)
        }
        return try await perform { connection in
            let taken = try connection.first("SELECT 1 FROM users WHERE username = ?", [.text(username)]) { _ in true }
            if taken == true {
                throw StoreError(code: .alreadyExists, message: "a user named \(username) already exists")
            }
            if let stakeholder = user.stakeholderID, try Self.stakeholderRow(stakeholder, connection) == nil {
                throw StoreError.notFound("stakeholder \(stakeholder)")
            }
            try connection.run(
                """
                INSERT INTO users (username, display_name, role, password_hash, created_at, stakeholder_id)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(username), .text(displayName), .text(user.role.rawValue), .text(user.passwordHash), .date(at),
                    .optional(user.stakeholderID?.rawValue),
                ]
            )
            return User(
                id: UserID(connection.lastInsertRowID), username: username, displayName: displayName, role: user.role,
                language: nil, createdAt: at, stakeholderID: user.stakeholderID
            )
        }
    }

    public func user(named username: String) throws -> StoredUser? {
        try read { connection in
            try connection.first(
                "SELECT \(Self.userColumns), password_hash FROM users WHERE username = ?", [.text(username)]
            ) {
                StoredUser(user: Self.readUser($0), passwordHash: $0.text(7))
            }
        }
    }

    public func user(_ id: UserID) throws -> User? {
        try read {
            try $0.first("SELECT \(Self.userColumns) FROM users WHERE id = ?", [.integer(id.rawValue)], Self.readUser)
        }
    }

    public func setLanguage(_ language: Language?, for id: UserID) async throws -> User {
        try await perform { connection in
            try connection.run(
                "UPDATE users SET language = ? WHERE id = ?", [.optional(language?.rawValue), .integer(id.rawValue)])
            guard connection.changes == 1,
                let user = try connection.first(
                    "SELECT \(Self.userColumns) FROM users WHERE id = ?", [.integer(id.rawValue)],
                    Self.readUser)
            else { throw StoreError.notFound("user \(id)") }
            return user
        }
    }

    public func users() throws -> [User] {
        try read { try $0.query("SELECT \(Self.userColumns) FROM users ORDER BY username", [], Self.readUser) }
    }

    public func createLogin(_ login: Login) async throws {
        try await perform { connection in
            try connection.run(
                "INSERT INTO logins (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(login.tokenHash), .integer(login.userID.rawValue), .text(login.csrfToken),
                    .date(login.createdAt), .date(login.expiresAt),
                ]
            )
            // Expired logins are removed as new ones are made, so the table does not grow without bound.
            try connection.run("DELETE FROM logins WHERE expires_at < ?", [.date(login.createdAt)])
        }
    }

    public func login(tokenHash: String, at now: Date) throws -> Login? {
        try read { connection in
            try connection.first(
                "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM logins WHERE token_hash = ? AND expires_at > ?",
                [.text(tokenHash), .date(now)]
            ) {
                Login(
                    tokenHash: $0.text(0), userID: UserID($0.int64(1)), csrfToken: $0.text(2), createdAt: $0.date(3),
                    expiresAt: $0.date(4))
            }
        }
    }

    public func deleteLogin(tokenHash: String) async throws {
        try await perform { connection in
            try connection.run("DELETE FROM logins WHERE token_hash = ?", [.text(tokenHash)])
        }
    }

    public func createAPIToken(_ token: NewAPIToken) async throws -> APIToken {
        let at = currentTime()
        let name = try TextRules.clean(token.name, field: "name", max: 100)
        return try await perform { connection in
            try connection.run(
                "INSERT INTO api_tokens (token_hash, name, role, created_at) VALUES (?, ?, ?, ?)",
                [.text(token.tokenHash), .text(name), .text(token.role.rawValue), .date(at)]
            )
            return APIToken(id: connection.lastInsertRowID, name: name, role: token.role, createdAt: at)
        }
    }

    public func apiToken(hash: String) throws -> APIToken? {
        try read { connection in
            try connection.first(
                "SELECT id, name, role, created_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                [.text(hash)]
            ) { row in
                APIToken(
                    id: row.int64(0), name: row.text(1), role: Role(rawValue: row.text(2)) ?? .integration,
                    createdAt: row.date(3))
            }
        }
    }

    private static let userColumns = "id, username, display_name, role, language, created_at, stakeholder_id"

    private static func readUser(_ row: SQLiteStatement) -> User {
        User(
            id: UserID(row.int64(0)), username: row.text(1), displayName: row.text(2),
            // An unknown role in the table grants the least: a stakeholder sees only their panel.
            role: Role(rawValue: row.text(3)) ?? .stakeholder,
            language: row.optionalText(4).flatMap(Language.init(rawValue:)), createdAt: row.date(5),
            stakeholderID: row.isNull(6) ? nil : StakeholderID(row.int64(6))
        )
    }
}
