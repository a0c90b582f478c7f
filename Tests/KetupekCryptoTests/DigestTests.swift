import KetupekCrypto
import Testing

@Suite("SHA-256")
struct DigestTests {
    @Test("SHA-256 of \"abc\" is the FIPS 180-2 test vector")
    func fipsVector() {
        #expect(
            Digest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        #expect(Digest.sha256(Array("abc".utf8)) == Hex.decode(Digest.sha256Hex("abc")))
    }

    @Test("SHA-256 of the empty input")
    func empty() {
        #expect(Digest.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha256([]).count == 32)
    }
}
