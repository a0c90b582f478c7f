import KetupekCore
import Testing

@Suite("Personal data detection")
struct PersonalDataTests {
    @Test(
        "phones, e-mail addresses and NIK numbers are found",
        arguments: [
            ("Hubungi saya di 0812-7345-9021 ya pak", [PersonalData.Kind.phone], ["0812-7345-9021"]),
            ("WA +62 812 7345 9021 terima kasih", [.phone], ["+62 812 7345 9021"]),
            ("nomor 6281273459021", [.phone], ["6281273459021"]),
            ("kantor (0736) 21234 atau 081234567890", [.phone, .phone], ["(0736) 21234", "081234567890"]),
            ("call +44 20 7946 0958 please", [.phone], ["+44 20 7946 0958"]),
            ("email sri.handayani@example.org bisa", [.email], ["sri.handayani@example.org"]),
            ("NIK saya 1771054708900003 belum aktif", [.nik], ["1771054708900003"]),
            ("NIK 1771 0547 0890 0003", [.nik], ["1771 0547 0890 0003"]),
        ])
    func finds(text: String, kinds: [PersonalData.Kind], found: [String]) {
        let matches = PersonalData.find(in: text)
        #expect(matches.map(\.kind) == kinds, "\(text)")
        #expect(matches.map(\.text) == found, "\(text)")
    }

    @Test(
        "ordinary numbers are not personal data",
        arguments: [
            "Tahun 2024 PPDB zonasi 3 km", "jam 10.30 tanggal 12-05-2024", "RT 003 RW 012", "harga Rp 150.000",
            "kode pos 38221", "BPJS kelas 3 naik 35%", "1234567890123456 bukan NIK", "nomor antrean 12345",
        ])
    func ignores(text: String) {
        #expect(PersonalData.find(in: text).isEmpty, "\(text): \(PersonalData.find(in: text))")
    }

    @Test("positions count UTF-16 code units, as browsers do")
    func positions() throws {
        let text = "😀 hubungi 081234567890"
        let match = try #require(PersonalData.find(in: text).first)
        #expect(match.start == 11 && match.length == 12)
        #expect(PersonalData.masked(text) == "😀 hubungi ▇▇▇")
    }
}
