import KetupekCrypto
import Testing

@Suite("Secure random bytes and tokens")
struct SecureRandomTests {
    @Test("bytes(count:) returns exactly count bytes, and not the same ones twice")
    func bytes() {
        #expect(SecureRandom.bytes(count: 0).isEmpty)
        #expect(SecureRandom.bytes(count: 1).count == 1)
        #expect(SecureRandom.bytes(count: 64).count == 64)
        #expect(SecureRandom.bytes(count: 32) != SecureRandom.bytes(count: 32))
    }

    @Test("tokens are unique, unpadded base64url, and decode to at least 16 bytes")
    func tokens() throws {
        let tokens = (0..<1_000).map { _ in SecureRandom.token() }
        #expect(Set(tokens).count == tokens.count)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for token in tokens.prefix(50) {
            #expect(token.count == 43)
            #expect(token.allSatisfy(alphabet.contains))
            let decoded = try #require(Base64URL.decode(token))
            #expect(decoded.count == 32)
        }
        let shortest = SecureRandom.token(bytes: 16)
        #expect(try #require(Base64URL.decode(shortest)).count >= 16)
    }
}
