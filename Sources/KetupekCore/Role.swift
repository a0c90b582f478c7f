/// What an actor may do. Every route and every command declares the roles it allows.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Creates sessions, users, sources; everything a moderator can do.
    case admin
    /// Runs the queue during a broadcast.
    case moderator
    /// Sits on the panel and answers the questions assigned to them.
    case stakeholder
    /// A script or platform bridge holding a bearer token: may only ingest comments.
    case integration

    /// Roles that sign in to the staff screens.
    public static let staff: Set<Role> = [.admin, .moderator, .stakeholder]
}

/// Who caused an event: recorded in the log, shown to staff in a question's history.
public struct Actor: Sendable, Codable, Hashable {
    public var role: Role?
    public var userID: UserID?
    public var name: String
    /// For a stakeholder user: the agency or person they answer for.
    public var stakeholderID: StakeholderID?

    public init(role: Role?, userID: UserID?, name: String, stakeholderID: StakeholderID? = nil) {
        self.role = role
        self.userID = userID
        self.name = name
        self.stakeholderID = stakeholderID
    }

    /// Events caused by the system itself (a rule, a source).
    public static let system = Actor(role: nil, userID: nil, name: "system")
}
