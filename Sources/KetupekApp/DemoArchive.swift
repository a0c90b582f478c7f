import Foundation
import KetupekCore
import KetupekStore

/// The demo's published example: an earlier session whose questions were answered on air (one promised for
/// later), so `/archive` has a transcript to read, search and export on the demo's first start.
struct DemoArchive: Sendable {
    static let slug = "demo-arsip"

    let application: Application

    /// (stakeholder, asker, question, answer — `nil` for an answer promised by a due date).
    static let questions: [(String, String, String, String?)] = [
        (
            "BPJS Kesehatan", "Siti Aminah",
            "Kartu BPJS Kesehatan saya nonaktif karena menunggak iuran. Bagaimana cara mengaktifkannya kembali?",
            "Lunasi tunggakan lewat Mobile JKN atau kantor cabang; kartu aktif kembali paling lambat 1×24 jam."
        ),
        (
            "Dinas Dukcapil", "",
            "Apakah KTP elektronik yang rusak bisa diganti tanpa surat pengantar RT/RW?",
            "Bisa. Bawa KTP yang rusak ke kantor Dukcapil atau Mal Pelayanan Publik; tidak perlu surat pengantar."
        ),
        (
            "Dinas Pendidikan", "Budi",
            "Bagaimana jalur zonasi PPDB SMP tahun ini menghitung jarak rumah ke sekolah?",
            "Jarak diukur dari titik koordinat di Kartu Keluarga ke sekolah, lewat peta di laman PPDB."
        ),
        (
            "BPJS Kesehatan", "Rina",
            "Is the BPJS class 3 contribution going up next year?",
            "No change is planned: class 3 stays at Rp 42,000, part of it paid by the government."
        ),
        (
            "Dinas PUPR", "Agus Salim",
            "Jalan di depan SD Negeri 12 berlubang sejak tiga bulan. Kapan diperbaiki?",
            nil
        ),
    ]

    /// Creates and publishes the example session once; does nothing when it exists.
    func prepare() async throws {
        let store = application.store
        guard try store.session(slug: Self.slug) == nil else { return }
        let system = Actor(role: .admin, userID: nil, name: "demo")
        let start = application.now().addingTimeInterval(-50 * 60)
        _ = try await store.createSession(
            SessionDraft(
                slug: Self.slug, title: "Ketupek Demo — Konsultasi November",
                description: "Contoh arsip: pertanyaan warga yang sudah dijawab instansi dalam siaran langsung.",
                language: .id, videoURL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", broadcastStart: start
            ), by: system)
        _ = try await store.changeSessionState(slug: Self.slug, to: .live, by: system)
        var stakeholders: [String: StakeholderID] = [:]
        for name in Set(Self.questions.map(\.0)).sorted() {
            if let existing = try store.stakeholders().first(where: { $0.name == name }) {
                stakeholders[name] = existing.id
            } else {
                stakeholders[name] = try await store.createStakeholder(StakeholderDraft(name: name)).id
            }
        }
        _ = try await store.setPanel(of: Self.slug, to: Array(stakeholders.values).sorted())
        let comments = Self.questions.enumerated().map { index, item in
            IncomingComment(source: "form", externalID: "arsip-\(index)", author: item.1, text: item.2)
        }
        let outcomes = try await store.ingest(comments, into: Self.slug, by: system)
        for (outcome, item) in zip(outcomes, Self.questions) {
            guard case .stored(var question, _) = outcome else { continue }
            question = try await store.apply(.approve, to: question.id, expectedVersion: question.version, by: system)
            question = try await store.apply(
                .assign(stakeholders[item.0], priority: nil), to: question.id, expectedVersion: question.version,
                by: system)
            let command: PanelCommand =
                item.3.map { .answer(summary: $0) }
                ?? .deferAnswer(until: application.now().addingTimeInterval(14 * 86_400), note: nil)
            _ = try await store.apply(command, to: question.id, expectedVersion: question.version, by: system)
        }
        _ = try await store.changeSessionState(slug: Self.slug, to: .ended, by: system)
        let published = try await store.changeSessionState(slug: Self.slug, to: .published, by: system)
        try await application.archive.refresh(published.id)
    }
}
