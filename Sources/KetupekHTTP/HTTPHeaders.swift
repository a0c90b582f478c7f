/// Header fields in the order they were added; names compare case-insensitively, a name may repeat.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Each field as written (the name keeps the case it was added with).
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    public init(_ fields: [(String, String)]) {
        for (name, value) in fields { add(name, value) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value for `name`, or `nil`.
    public subscript(_ name: String) -> String? {
        fields.first { Self.same($0.name, name) }?.value
    }

    /// Every value for `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.same($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { fields.contains { Self.same($0.name, name) } }

    /// Appends a field, keeping any earlier ones with the same name (`Set-Cookie`, `Vary`).
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces every field named `name` with one field (the value's position is the first old one's).
    public mutating func set(_ name: String, _ value: String) {
        if let index = fields.firstIndex(where: { Self.same($0.name, name) }) {
            fields[index] = (name, value)
            fields = fields.enumerated().filter { $0.offset == index || !Self.same($0.element.name, name) }.map(
                \.element)
        } else {
            fields.append((name, value))
        }
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.same($0.name, name) }
    }

    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { same($0.name, $1.name) && $0.value == $1.value }
    }

    /// Whether two field names are the same, ignoring case. ASCII names (every valid one: field names are
    /// tokens, RFC 9110) are compared byte by byte in place: this runs for every header of every request and
    /// response. Others fall back to Unicode lower-casing.
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        for (left, right) in zip(lhs.utf8, rhs.utf8) where left != right {
            guard left < 0x80, right < 0x80 else { return lhs.lowercased() == rhs.lowercased() }
            let folded = left | 0x20
            guard folded == right | 0x20, folded >= UInt8(ascii: "a"), folded <= UInt8(ascii: "z") else { return false }
        }
        return true
    }
}
