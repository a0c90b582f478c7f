import CSodium

/// Comparisons whose running time does not depend on the contents compared.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes, in time that depends only on their length.
    ///
    /// Arrays of different lengths are unequal; lengths are not secret (a MAC or a token hash has a fixed one).
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        ensureSodiumInitialised()
        return sodium_memcmp(a, b, a.count) == 0
    }
}
