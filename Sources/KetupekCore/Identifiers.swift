/// An integer identifier assigned by the store, encoded as a bare JSON number.
public protocol IntegerIdentifier: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    var rawValue: Int64 { get }
    init(_ rawValue: Int64)
}

extension IntegerIdentifier {
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(Int64.self)) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }

    /// Parses a decimal path parameter; `nil` for anything that is not a positive integer.
    public init?(parsing text: String) {
        guard let value = Int64(text), value > 0 else { return nil }
        self.init(value)
    }
}

/// Identifies a session (one broadcast).
public struct SessionID: IntegerIdentifier {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
}

/// Identifies a question (every ingested comment starts as one).
public struct QuestionID: IntegerIdentifier {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
}

/// Identifies a staff account.
public struct UserID: IntegerIdentifier {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
}

/// A position in the event log; also the SSE event id.
public struct EventSequence: IntegerIdentifier {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    /// Before the first event.
    public static let start = EventSequence(0)
}

/// Identifies a stakeholder: an agency or person on the panel.
public struct StakeholderID: IntegerIdentifier {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
}
