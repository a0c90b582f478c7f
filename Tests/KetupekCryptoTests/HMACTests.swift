import KetupekCrypto
import Testing

@Suite("HMAC-SHA-256 (RFC 4231)")
struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var message: String
        var expected: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "test case 1: 20-byte key",
            key: [UInt8](repeating: 0x0b, count: 20),
            message: "Hi There",
            expected: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        Vector(
            name: "test case 2: key shorter than the output",
            key: Array("Jefe".utf8),
            message: "what do ya want for nothing?",
            expected: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        Vector(
            name: "test case 6: 131-byte key, larger than the block",
            key: [UInt8](repeating: 0xaa, count: 131),
            message: "Test Using Larger Than Block-Size Key - Hash Key First",
            expected: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
    ]

    @Test("RFC 4231 test vectors", arguments: vectors)
    func rfc4231(vector: Vector) {
        let mac = HMAC.sha256(key: vector.key, message: Array(vector.message.utf8))
        #expect(Hex.encode(mac) == vector.expected)
    }

    @Test("an empty key and message are accepted")
    func emptyKey() {
        #expect(
            Hex.encode(HMAC.sha256(key: [], message: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        )
    }
}
