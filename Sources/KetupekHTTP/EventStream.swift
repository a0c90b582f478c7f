import CKetupekShims
import CMicroHTTPD
import Foundation
import Synchronization

/// One Server-Sent Events subscriber: a bounded buffer the app writes into and the server drains to the socket.
///
/// Return it from a handler with `Response.eventStream(stream)`, keep it, and `send` events whenever there are
/// some; it is safe to call from any task or thread. When the client cannot keep up and the buffered bytes
/// would exceed the limit, the subscriber is dropped (the stream ends, `send` returns `false`); browsers then
/// reconnect with `Last-Event-ID` and the app replays what they missed. Memory never grows without bound.
///
/// While its buffer is empty the connection is suspended in libmicrohttpd (no polling, no CPU); `send`
/// resumes it. The suspended flag and the resume decision live under the same lock, so no wake-up is lost.
public final class EventStream: Sendable {
    /// Why a stream ended; handed once to the `onTermination` callback.
    public enum Termination: Sendable, Equatable {
        /// The app called `close()`; buffered events were still delivered.
        case closed
        /// The client fell behind by more than the buffer limit.
        case dropped
        /// The connection ended underneath the stream (client left, write failed, timeout, never sent).
        case clientGone
        /// The server shut down; buffered events were still delivered before the end of the stream.
        case shutdown
    }

    struct State {
        var buffer: [UInt8] = []
        var readOffset = 0
        var maxBufferedBytes: Int
        /// False when the limit is the interim default, to be replaced by the server's on `attach`.
        var limitIsExplicit: Bool
        /// Set when the stream must end once the buffer is drained (for `.dropped`, the buffer is discarded).
        var ending: Termination?
        /// Whether the end has been reported to the callback (exactly once).
        var reported: Termination?
        var onTermination: (@Sendable (Termination) -> Void)?
        /// The connection the stream is written to, from `attach` until libmicrohttpd frees the response.
        var connection: MHDConnectionHandle?
        /// True while the content reader has suspended the connection waiting for data.
        var suspended = false
        var detached = false

        var pending: Int { buffer.count - readOffset }

        /// Marks the stream ended for `reason`, returning the callback to run (outside the lock) the first time.
        mutating func end(_ reason: Termination) -> (@Sendable (Termination) -> Void)? {
            if ending == nil { ending = reason }
            guard reported == nil else { return nil }
            reported = reason
            defer { onTermination = nil }
            return onTermination
        }

        /// Resumes the connection if the reader suspended it. Called with the lock held: the flag and the
        /// resume are one step, and MHD_resume_connection never calls back into this stream.
        mutating func wake() {
            guard suspended, let connection else { return }
            suspended = false
            MHD_resume_connection(connection.pointer)
        }
    }

    let state: Mutex<State>

    /// - Parameter maxBufferedBytes: the drop threshold; `nil` takes the server's
    ///   `Configuration.maxBufferedBytesPerStream` once the stream is returned from a handler (1 MiB before).
    public init(maxBufferedBytes: Int? = nil) {
        state = Mutex(
            State(maxBufferedBytes: maxBufferedBytes ?? (1 << 20), limitIsExplicit: maxBufferedBytes != nil))
    }

    /// Sends one event (see `format`). Returns `false` if the stream has ended or was dropped by this send.
    @discardableResult
    public func send(id: String? = nil, event: String? = nil, data: String) -> Bool {
        send(raw: Self.format(id: id, event: event, data: data))
    }

    /// Sends bytes already formatted as SSE (from `format`), so one serialisation can go to many subscribers.
    @discardableResult
    public func send(raw bytes: [UInt8]) -> Bool {
        var callback: (@Sendable (Termination) -> Void)?
        let accepted = state.withLock { state -> Bool in
            guard state.ending == nil, !state.detached else { return false }
            if state.pending + bytes.count > state.maxBufferedBytes {
                state.buffer = []
                state.readOffset = 0
                callback = state.end(.dropped)
                state.wake()
                return false
            }
            state.buffer.append(contentsOf: bytes)
            state.wake()
            return true
        }
        callback?(.dropped)
        return accepted
    }

    /// Sends an SSE comment (`: text`), ignored by clients; keeps proxies from closing an idle stream.
    @discardableResult
    public func comment(_ text: String) -> Bool {
        var out = ""
        for line in Self.lines(text) { out += line.isEmpty ? ":\n" : ": \(line)\n" }
        return send(raw: Array((out + "\n").utf8))
    }

    /// Ends the stream after what is buffered has been written; the client sees a clean end of stream.
    public func close() {
        finish(.closed)
    }

    /// Registers the callback run exactly once when the stream ends for any reason (immediately if it has).
    public func onTermination(_ callback: @escaping @Sendable (Termination) -> Void) {
        let ended = state.withLock { state -> Termination? in
            if let reported = state.reported { return reported }
            state.onTermination = callback
            return nil
        }
        if let ended { callback(ended) }
    }

    /// False once the stream has been closed, dropped or its connection has gone.
    public var isOpen: Bool { state.withLock { $0.ending == nil && !$0.detached } }

    /// Bytes waiting to be written to the socket.
    public var bufferedBytes: Int { state.withLock { $0.pending } }

    /// Formats one event: `id:` and `event:` lines (CR and LF removed), then one `data:` line per line of
    /// `data` (split at CRLF, CR or LF), then the blank line that dispatches it.
    public static func format(id: String? = nil, event: String? = nil, data: String) -> [UInt8] {
        var out = ""
        if let id { out += "id: \(stripLineBreaks(id))\n" }
        if let event { out += "event: \(stripLineBreaks(event))\n" }
        for line in lines(data) { out += "data: \(line)\n" }
        out += "\n"
        return Array(out.utf8)
    }

    private static func stripLineBreaks(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }

    private static func lines(_ text: String) -> [String] {
        text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    // MARK: Server side

    /// Ends the stream for `reason` after draining (or discarding, for `.dropped`) the buffer.
    func finish(_ reason: Termination) {
        let callback = state.withLock { state -> (@Sendable (Termination) -> Void)? in
            guard state.ending == nil, !state.detached else { return nil }
            let callback = state.end(reason)
            state.wake()
            return callback
        }
        callback?(reason)
    }

    /// Binds the stream to the connection it is about to be queued on.
    func attach(_ connection: MHDConnectionHandle, defaultLimit: Int) {
        state.withLock { state in
            state.connection = connection
            if !state.limitIsExplicit { state.maxBufferedBytes = defaultLimit }
        }
    }

    /// The content reader's step, on the connection's MHD worker thread: copy out buffered bytes, end the
    /// stream, or suspend the connection until `send` or `finish` resumes it.
    func read(into destination: UnsafeMutableRawBufferPointer) -> Int {
        state.withLock { state in
            if state.pending > 0 {
                let count = min(state.pending, destination.count)
                state.buffer.withUnsafeBytes { source in
                    destination.copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: source[state.readOffset..<(state.readOffset + count)]))
                }
                state.readOffset += count
                if state.readOffset == state.buffer.count {
                    state.buffer.removeAll(keepingCapacity: state.buffer.capacity <= 64 * 1024)
                    state.readOffset = 0
                } else if state.readOffset >= 64 * 1024 {
                    state.buffer.removeFirst(state.readOffset)
                    state.readOffset = 0
                }
                return count
            }
            switch state.ending {
            case .dropped?: return ketupek_mhd_end_with_error()
            case .some: return ketupek_mhd_end_of_stream()
            case nil:
                guard let connection = state.connection else { return ketupek_mhd_end_with_error() }
                state.suspended = true
                MHD_suspend_connection(connection.pointer)
                return 0
            }
        }
    }

    /// libmicrohttpd has freed the response: the connection is gone or finished with this stream.
    func detach() {
        let callback = state.withLock { state -> (@Sendable (Termination) -> Void)? in
            state.detached = true
            state.connection = nil
            state.suspended = false
            state.buffer = []
            state.readOffset = 0
            return state.end(.clientGone)
        }
        callback?(.clientGone)
    }
}

extension String {
    fileprivate func replacingCRLF() -> String {
        guard unicodeScalars.contains("\r") else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
