import KetupekCrypto
import Testing

@Suite("Hex and base64url")
struct EncodingTests {
    @Test("hex round-trips, is lowercase, and accepts upper case on input")
    func hex() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.decode("00abff") == [0x00, 0xab, 0xff])
        #expect(Hex.decode("00ABFF") == [0x00, 0xab, 0xff])
        #expect(Hex.encode([]).isEmpty)
        #expect(Hex.decode("") == [])
    }

    @Test("hex rejects odd lengths and other characters")
    func hexInvalid() {
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("ab cd") == nil)
        #expect(Hex.decode("abcg") == nil)
    }

    @Test("base64url uses - and _, has no padding, and round-trips")
    func base64url() {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.decode("-_8") == [0xfb, 0xff])
        #expect(Base64URL.encode([]).isEmpty)
        for count in 0..<40 {
            let bytes = SecureRandom.bytes(count: count)
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test("base64url rejects padding, the standard alphabet and junk")
    func base64urlInvalid() {
        #expect(Base64URL.decode("Zg==") == nil)
        #expect(Base64URL.decode("+/8") == nil)
        #expect(Base64URL.decode("Zg Zg") == nil)
        #expect(Base64URL.decode("Z") == nil)
    }
}
