import CSodium

/// Base64 with the URL- and filename-safe alphabet (RFC 4648 §5), without `=` padding.
public enum Base64URL {
    /// Encodes `bytes`; the output uses only `A–Z a–z 0–9 - _`.
    public static func encode(_ bytes: [UInt8]) -> String {
        ensureSodiumInitialised()
        let variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING
        var output = [CChar](repeating: 0, count: sodium_base64_encoded_len(bytes.count, variant))
        sodium_bin2base64(&output, output.count, bytes, bytes.count, variant)
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes unpadded base64url, or returns nil if `string` contains anything else (padding, `+`, `/`, spaces).
    public static func decode(_ string: String) -> [UInt8]? {
        ensureSodiumInitialised()
        let input = string.utf8.map { CChar(bitPattern: $0) }
        guard !input.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: input.count * 3 / 4 + 1)
        var length = 0
        let status = sodium_base642bin(
            &output, output.count, input, input.count, nil, &length, nil, sodium_base64_VARIANT_URLSAFE_NO_PADDING
        )
        guard status == 0 else { return nil }
        return Array(output.prefix(length))
    }
}
