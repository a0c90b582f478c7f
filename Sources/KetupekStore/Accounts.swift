import Foundation
import KetupekCore

/// A staff account as shown to admins.
public struct User: Sendable, Codable, Equatable {
    public var id: UserID
    public var username: String
    public var displayName: String
    public var role: Role
    public var language: Language?
    public var createdAt: Date
    /// For a stakeholder user: the agency or person they answer for.
    public var stakeholderID: StakeholderID?

    public init(
        id: UserID, username: String, displayName: String, role: Role, language: Language?, createdAt: Date,
        stakeholderID: StakeholderID? = nil
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.language = language
        self.createdAt = createdAt
        self.stakeholderID = stakeholderID
    }

    /// The actor this user acts as.
    public var actor: Actor { Actor(role: role, userID: id, name: username, stakeholderID: stakeholderID) }
}

/// A user with the password hash, for checking a login. Never serialised.
public struct StoredUser: Sendable {
    public var user: User
    public var passwordHash: String
}

/// What creates a user; the password arrives already hashed.
public struct NewUser: Sendable {
    public var username: String
    public var displayName: String
    public var role: Role
    public var passwordHash: String
    public var stakeholderID: StakeholderID?

    public init(
        username: String, displayName: String, role: Role, passwordHash: String, stakeholderID: StakeholderID? = nil
    ) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.stakeholderID = stakeholderID
    }
}

/// A signed-in browser: the cookie token is stored only as its hash.
public struct Login: Sendable, Equatable {
    public var tokenHash: String
    public var userID: UserID
    /// Sent back by the browser in a header on every state-changing request.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userID: UserID, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What creates a bearer token; the token itself is stored only as its hash.
public struct NewAPIToken: Sendable {
    public var tokenHash: String
    public var name: String
    public var role: Role

    public init(tokenHash: String, name: String, role: Role) {
        self.tokenHash = tokenHash
        self.name = name
        self.role = role
    }
}

/// A bearer token for an integration or a script.
public struct APIToken: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var createdAt: Date
}
