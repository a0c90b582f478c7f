import Foundation
import KetupekSources
import Testing

@Suite("SSE parser")
struct SSEParserTests {
    struct Expected: Decodable {
        struct Event: Decodable {
            let type: String
            let data: String
            let lastEventId: String
        }
        let events: [Event]
        let reconnection_time_ms: Int
        let last_event_id: String
    }

    func parse(_ bytes: [UInt8], chunk: Int) throws -> (events: [SSEEvent], parser: SSEParser) {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            events += try parser.feed(bytes[index..<end])
            index = end
        }
        parser.finish()
        return (events, parser)
    }

    @Test("sse_edge_cases.bin gives exactly the expected dispatches, whole and in every chunk size")
    func edgeCases() throws {
        let bytes = try Fixture.bytes("sse_edge_cases.bin")
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(try Fixture.bytes("sse_edge_cases.expected.json")))
        for chunk in [bytes.count, 1, 2, 3, 5, 7] {
            let (events, parser) = try parse(bytes, chunk: chunk)
            #expect(events.map(\.type) == expected.events.map(\.type), "chunk \(chunk)")
            #expect(events.map(\.data) == expected.events.map(\.data), "chunk \(chunk)")
            #expect(events.map(\.lastEventID) == expected.events.map(\.lastEventId), "chunk \(chunk)")
            #expect(parser.reconnectionTimeMS == expected.reconnection_time_ms)
            #expect(parser.lastEventID == expected.last_event_id)
        }
    }

    @Test("the Facebook live_comments body gives two comments and skips the ping")
    func facebook() throws {
        let (events, _) = try parse(try Fixture.bytes("facebook_live_comments.sse"), chunk: 3)
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.type == "message" })
        #expect(events[1].data.contains("🙏"))
    }

    @Test("a BOM is stripped only at the start; CR at a chunk end and LF at the next start is one line end")
    func bomAndCRLF() throws {
        var parser = SSEParser()
        var events = try parser.feed([0xEF, 0xBB, 0xBF] + Array("data: a\r".utf8))
        events += try parser.feed(Array("\n\r\ndata: \u{FEFF}b\n\n".utf8))
        #expect(events.map(\.data) == ["a", "\u{FEFF}b"])
        #expect(throws: SSEParser.Failure.lineTooLong(limit: 4)) {
            var small = SSEParser(maxLineBytes: 4)
            _ = try small.feed(Array("data: too long".utf8))
        }
    }
}
