import Foundation

/// An agency or person on the panel (BPJS Kesehatan, Dukcapil, …) who answers questions on air.
public struct Stakeholder: Sendable, Codable, Equatable {
    public var id: StakeholderID
    public var name: String
    /// Shown where space is short (the overlay, the panel columns): "BPJS", "Dukcapil".
    public var shortName: String
    public var description: String
    public var createdAt: Date

    public init(id: StakeholderID, name: String, shortName: String, description: String = "", createdAt: Date) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.description = description
        self.createdAt = createdAt
    }
}

/// What an admin sends to create a stakeholder, or to change one (absent fields stay).
public struct StakeholderDraft: Sendable, Codable, Equatable {
    public var name: String?
    public var shortName: String?
    public var description: String?

    public init(name: String? = nil, shortName: String? = nil, description: String? = nil) {
        self.name = name
        self.shortName = shortName
        self.description = description
    }

    /// A new stakeholder from this draft (name required; the short name defaults to the name).
    public func created(id: StakeholderID, at now: Date) throws(ValidationError) -> Stakeholder {
        let name = try TextRules.clean(name ?? "", field: "name", max: 200)
        let short = try TextRules.clean(shortName ?? "", field: "shortName", max: 40, required: false)
        let description = try TextRules.clean(description ?? "", field: "description", max: 2_000, required: false)
        return Stakeholder(
            id: id, name: name, shortName: short.isEmpty ? String(name.prefix(40)) : short,
            description: description, createdAt: now)
    }

    /// `stakeholder` with the fields present here changed.
    public func applied(to stakeholder: Stakeholder) throws(ValidationError) -> Stakeholder {
        var updated = stakeholder
        if let name { updated.name = try TextRules.clean(name, field: "name", max: 200) }
        if let shortName { updated.shortName = try TextRules.clean(shortName, field: "shortName", max: 40) }
        if let description {
            updated.description = try TextRules.clean(description, field: "description", max: 2_000, required: false)
        }
        return updated
    }
}

/// The recorded answer to a question.
public struct Answer: Sendable, Codable, Equatable {
    /// What was answered, in a few sentences, for the archive.
    public var summary: String
    public var stakeholderID: StakeholderID?
    public var answeredAt: Date
    /// Seconds into the broadcast, when its start is known.
    public var videoOffset: Double?
    /// Who recorded it (a user name).
    public var recordedBy: String

    public init(
        summary: String, stakeholderID: StakeholderID?, answeredAt: Date, videoOffset: Double?, recordedBy: String
    ) {
        self.summary = summary
        self.stakeholderID = stakeholderID
        self.answeredAt = answeredAt
        self.videoOffset = videoOffset
        self.recordedBy = recordedBy
    }
}

/// A promise to answer after the broadcast, by a due date; tracked until the answer is recorded.
public struct Deferral: Sendable, Codable, Equatable {
    public var dueDate: Date
    public var stakeholderID: StakeholderID?
    public var note: String?
    public var deferredAt: Date

    public init(dueDate: Date, stakeholderID: StakeholderID?, note: String?, deferredAt: Date) {
        self.dueDate = dueDate
        self.stakeholderID = stakeholderID
        self.note = note
        self.deferredAt = deferredAt
    }
}
