/// One dispatched Server-Sent Event.
public struct SSEEvent: Sendable, Equatable {
    public var type: String
    public var data: String
    public var lastEventID: String

    public init(type: String, data: String, lastEventID: String) {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}

/// An incremental parser of the `text/event-stream` format (WHATWG HTML §9.2.6), fed bytes as they arrive.
///
/// Accepts CR, LF and CRLF line ends (also a CR at the end of one chunk and LF at the start of the next),
/// strips one BOM at the start of the stream, keeps the last event id across events, and discards an
/// event cut off by the end of the stream. A line longer than `maxLineBytes` is an error (memory bound).
public struct SSEParser: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        case lineTooLong(limit: Int)
    }

    /// The last event id (sent as `Last-Event-ID` on reconnect when not empty).
    public private(set) var lastEventID = ""
    /// The reconnection time the server asked for, in milliseconds.
    public private(set) var reconnectionTimeMS: Int?
    public let maxLineBytes: Int

    private var line: [UInt8] = []
    private var sawCR = false
    private var atStart = true
    private var bomCheck: [UInt8] = []
    private var data = ""
    private var dataSeen = false
    private var eventType = ""
    private var idBuffer = ""

    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds the next bytes; returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            if atStart {
                // Hold back up to three bytes to see whether the stream opens with a BOM (EF BB BF).
                bomCheck.append(byte)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if bomCheck == Array(bom.prefix(bomCheck.count)) {
                    if bomCheck.count < 3 { continue }
                    atStart = false
                    bomCheck = []
                    continue
                }
                atStart = false
                let held = bomCheck
                bomCheck = []
                for held in held { try consume(held, into: &events) }
                continue
            }
            try consume(byte, into: &events)
        }
        return events
    }

    /// The end of the stream: an unfinished event is discarded. Resets for the next response.
    public mutating func finish() {
        line = []
        sawCR = false
        atStart = true
        bomCheck = []
        data = ""
        dataSeen = false
        eventType = ""
    }

    private mutating func consume(_ byte: UInt8, into events: inout [SSEEvent]) throws(Failure) {
        switch byte {
        case 0x0A:
            if sawCR {
                sawCR = false  // the LF of a CRLF
                return
            }
            endLine(into: &events)
        case 0x0D:
            sawCR = true
            endLine(into: &events)
        default:
            sawCR = false
            guard line.count < maxLineBytes else { throw .lineTooLong(limit: maxLineBytes) }
            line.append(byte)
        }
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        let text = String(decoding: line, as: UTF8.self)
        line.removeAll(keepingCapacity: true)
        if text.isEmpty {
            dispatch(into: &events)
            return
        }
        if text.hasPrefix(":") { return }
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "event": eventType = String(value)
        case "data":
            data += value
            data += "\n"
            dataSeen = true
        case "id": if !value.contains("\u{0}") { idBuffer = String(value) }
        case "retry":
            if !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(value) {
                reconnectionTimeMS = number
            }
        default: break
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        lastEventID = idBuffer
        guard dataSeen else {
            data = ""
            eventType = ""
            return
        }
        if data.hasSuffix("\n") { data.removeLast() }
        events.append(SSEEvent(type: eventType.isEmpty ? "message" : eventType, data: data, lastEventID: lastEventID))
        data = ""
        dataSeen = false
        eventType = ""
    }
}
