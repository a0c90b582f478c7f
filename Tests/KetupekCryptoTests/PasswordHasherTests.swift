import KetupekCrypto
import Testing

@Suite("Password hashing with Argon2id")
struct PasswordHasherTests {
    let hasher = PasswordHasher()

    @Test("a hashed password verifies")
    func roundTrip() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(hasher.verify("correct horse battery staple", against: encoded))
    }

    @Test("a wrong password is refused")
    func wrongPassword() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(!hasher.verify("Correct horse battery staple", against: encoded))
        #expect(!hasher.verify("", against: encoded))
    }

    @Test("non-ASCII and empty passwords round-trip")
    func unusualPasswords() throws {
        for password in ["", "kata sandi rahasia 🔑", "pässwörd\u{0}after-nul"] {
            let encoded = try hasher.hash(password)
            #expect(hasher.verify(password, against: encoded))
        }
        let withNul = try hasher.hash("abc\u{0}def")
        #expect(!hasher.verify("abc", against: withNul))
    }

    @Test("the encoded string is Argon2id with at least OWASP's cost (m=19456 KiB, t=2)")
    func encodedParameters() throws {
        let encoded = try hasher.hash("s3cret")
        #expect(encoded.hasPrefix("$argon2id$v=19$"))
        let fields = encoded.split(separator: "$")
        #expect(fields.count == 5)
        let cost = Dictionary(
            uniqueKeysWithValues: fields[2].split(separator: ",").compactMap { pair -> (String, Int)? in
                let parts = pair.split(separator: "=")
                guard parts.count == 2, let value = Int(parts[1]) else { return nil }
                return (String(parts[0]), value)
            }
        )
        #expect((cost["m"] ?? 0) >= 19_456)
        #expect((cost["t"] ?? 0) >= 2)
        #expect(cost["p"] == 1)
    }

    @Test("OWASP parameters are the default")
    func owaspDefault() {
        #expect(PasswordHasher().parameters == .owasp)
        #expect(PasswordHasher.Parameters.owasp.opsLimit >= 2)
        #expect(PasswordHasher.Parameters.owasp.memoryLimit >= 19 * 1024 * 1024)
    }

    @Test("two hashes of the same password differ (random salt) and both verify")
    func salted() throws {
        let first = try hasher.hash("same password")
        let second = try hasher.hash("same password")
        #expect(first != second)
        #expect(hasher.verify("same password", against: first))
        #expect(hasher.verify("same password", against: second))
    }

    @Test("malformed encoded strings are refused, not trapped on")
    func malformedEncoded() {
        for encoded in [
            "", "plain", "$argon2id$", "$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB", String(repeating: "x", count: 500),
        ] {
            #expect(!hasher.verify("anything", against: encoded))
        }
    }

    @Test("a fresh hash needs no rehash; cheaper, other-algorithm or malformed ones do")
    func needsRehash() throws {
        let current = try hasher.hash("s3cret")
        #expect(!hasher.needsRehash(current))

        let cheap = PasswordHasher(parameters: .init(opsLimit: 1, memoryLimit: 64 * 1024))
        let weak = try cheap.hash("s3cret")
        #expect(cheap.verify("s3cret", against: weak))
        #expect(hasher.needsRehash(weak))
        #expect(!cheap.needsRehash(weak))

        #expect(hasher.needsRehash("$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA"))
        #expect(hasher.needsRehash("not a hash"))
    }

    @Test("parameters outside libsodium's range are rejected with invalidParameters")
    func invalidParameters() {
        let tooLittleMemory = PasswordHasher(parameters: .init(opsLimit: 2, memoryLimit: 1024))
        #expect(throws: CryptoError.self) { try tooLittleMemory.hash("x") }
        do {
            _ = try PasswordHasher(parameters: .init(opsLimit: 0, memoryLimit: 19 * 1024 * 1024)).hash("x")
            Issue.record("opsLimit 0 was accepted")
        } catch let error as CryptoError {
            #expect(error.code == .invalidParameters)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
