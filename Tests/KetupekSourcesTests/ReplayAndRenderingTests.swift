import CZlib
import Foundation
import KetupekCore
import KetupekSources
import Synchronization
import Testing

/// Collects what a source delivers.
final class RecordingSink: SourceSink {
    let batches = Mutex<[SourceBatch]>([])
    let noted = Mutex<[String: String]>([:])
    let failAfter: Int?

    init(failAfter: Int? = nil) { self.failAfter = failAfter }

    func deliver(_ batch: SourceBatch) async throws {
        try batches.withLock { batches in
            if let failAfter, batches.count >= failAfter { throw SourceError.transient("store", "store down") }
            batches.append(batch)
        }
    }

    func note(_ key: String, _ value: String) async { noted.withLock { $0[key] = value } }

    var all: [SourceBatch] { batches.withLock { $0 } }
    var notes: [String: String] { noted.withLock { $0 } }
}

/// Records the waits a source asks for instead of waiting.
final class Waits: Sendable {
    private let list = Mutex<[Duration]>([])
    func record(_ duration: Duration) { list.withLock { $0.append(duration) } }
    var all: [Duration] { list.withLock { $0 } }
}

@Suite("JSONL replay, backoff, QR and PNG")
struct ReplayAndRenderingTests {
    static let file = """
        {"offset_ms": 0, "external_id": "a", "author": "Ani", "text": "Satu?"}
        {"offset_ms": 1000, "external_id": "b", "text": "Dua?", "source": "facebook"}

        {"offset_ms": 2500, "externalID": "c", "text": "Tiga?", "contact": "ani@example.org"}
        """

    @Test("as fast as possible: batches with a checkpoint after each, resumable from any checkpoint")
    func replayFast() async throws {
        let lines = try JSONLReplaySource.parse(Self.file, source: "jsonl")
        #expect(lines.map(\.comment.source) == ["jsonl", "facebook", "jsonl"])
        let source = JSONLReplaySource(lines: lines, pace: .asFastAsPossible, rounds: 2, batchLimit: 2)
        let sink = RecordingSink()
        try await source.run(from: nil, into: sink)
        #expect(sink.all.map { $0.comments.map(\.externalID) } == [["a", "b"], ["c"], ["a-r2", "b-r2"], ["c-r2"]])
        #expect(sink.all.map(\.checkpoint) == ["1:2", "2:0", "2:2", "3:0"])
        // A restart from a stored checkpoint sends only what follows it.
        let resumed = RecordingSink()
        try await source.run(from: "1:2", into: resumed)
        #expect(resumed.all.flatMap { $0.comments.map(\.externalID) } == ["c", "a-r2", "b-r2", "c-r2"])
        // A failed delivery stops the run; the checkpoint of the last stored batch is where it resumes.
        let failing = RecordingSink(failAfter: 1)
        await #expect(throws: SourceError.self) { try await source.run(from: nil, into: failing) }
        #expect(failing.all.last?.checkpoint == "1:2")
    }

    @Test("paced replay sleeps the recorded gaps, scaled by the speed")
    func replayPaced() async throws {
        let lines = try JSONLReplaySource.parse(Self.file, source: "jsonl")
        let slept = Mutex<[Duration]>([])
        let source = JSONLReplaySource(lines: lines, pace: .scaled(1000)) { duration in
            slept.withLock { $0.append(duration) }
            try await Task.sleep(for: duration)
        }
        let sink = RecordingSink()
        try await source.run(from: nil, into: sink)
        #expect(sink.all.flatMap { $0.comments.map(\.externalID) } == ["a", "b", "c"])
        #expect(slept.withLock { $0.allSatisfy { $0 <= .milliseconds(3) } })
        #expect(JSONLReplaySource.Pace(setting: "max") == .asFastAsPossible)
        #expect(JSONLReplaySource.Pace(setting: "4") == .scaled(4))
        #expect(JSONLReplaySource.Pace(setting: "-1") == nil)
        #expect(throws: SourceError.self) { _ = try JSONLReplaySource.parse("{\"text\": 1}", source: "jsonl") }
    }

    @Test("backoff doubles up to the cap, jittered within [half, full]")
    func backoff() {
        let backoff = Backoff(base: .seconds(1), cap: .seconds(30))
        #expect(backoff.delay(afterFailures: 1, unit: 1) == .seconds(1))
        #expect(backoff.delay(afterFailures: 1, unit: 0) == .milliseconds(500))
        #expect(backoff.delay(afterFailures: 4, unit: 1) == .seconds(8))
        #expect(backoff.delay(afterFailures: 10, unit: 1) == .seconds(30))
        #expect(backoff.delay(afterFailures: 1000, unit: 0.5) == .seconds(22.5))
    }

    @Test("the QR code's PNG has valid chunks and CRCs, and its pixels are the modules")
    func png() throws {
        let code = try #require(QRCode("https://ketupek.example/s/ketupek-desember"))
        #expect(code.width >= 21 && (code.width - 17) % 4 == 0)
        let svg = code.svg()
        #expect(svg.hasPrefix("<?xml") && svg.contains("viewBox=\"0 0 \(code.width + 8) \(code.width + 8)\""))
        #expect(PNG.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        let png = code.png(scale: 2, margin: 4)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var chunks: [(String, [UInt8])] = []
        while offset + 12 <= png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let typed = Array(png[(offset + 4)..<(offset + 8 + length)])
            let crc = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(PNG.crc32(typed) == crc)
            chunks.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        #expect(offset == png.count)
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        let side = (code.width + 8) * 2
        #expect(
            chunks[0].1 == [
                0, 0, UInt8(side >> 8), UInt8(side & 0xFF), 0, 0, UInt8(side >> 8), UInt8(side & 0xFF),
                8, 0, 0, 0, 0,
            ])
        var raw = [UInt8](repeating: 0, count: (side + 1) * side)
        var rawSize = uLong(raw.count)
        let idat = chunks[1].1
        #expect(uncompress(&raw, &rawSize, idat, uLong(idat.count)) == Z_OK)
        #expect(Int(rawSize) == (side + 1) * side)
        for y in 0..<code.width {
            for x in 0..<code.width {
                let pixel = raw[((y + 4) * 2) * (side + 1) + 1 + (x + 4) * 2]
                #expect((pixel == 0) == code.isDark(x: x, y: y))
            }
        }
    }
}
