import CSodium

/// Lowercase hexadecimal encoding, in constant time (libsodium's `bin2hex`/`hex2bin`).
public enum Hex {
    /// Two lowercase hex digits per byte.
    public static func encode(_ bytes: [UInt8]) -> String {
        ensureSodiumInitialised()
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 1)
        sodium_bin2hex(&output, output.count, bytes, bytes.count)
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes hex digits of either case, or returns nil for an odd count or any other character.
    public static func decode(_ string: String) -> [UInt8]? {
        ensureSodiumInitialised()
        let input = string.utf8.map { CChar(bitPattern: $0) }
        guard !input.isEmpty else { return [] }
        guard input.count.isMultiple(of: 2) else { return nil }
        var output = [UInt8](repeating: 0, count: input.count / 2)
        var length = 0
        let status = sodium_hex2bin(&output, output.count, input, input.count, nil, &length, nil)
        guard status == 0, length == output.count else { return nil }
        return output
    }
}
