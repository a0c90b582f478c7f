import Dispatch
import Foundation
import KetupekCore
import KetupekHTTP
import Synchronization

/// Fans committed events out to the open streams of each session. Each event is serialised once per audience
/// and the same bytes go to every subscriber of that audience.
final class EventHub: Sendable {
    private let subscribers = Mutex<[SessionID: [ObjectIdentifier: Subscription]]>([:])
    /// Fan-out runs here, in commit order, so serialising events never holds up the writer's next commit.
    private let queue = DispatchQueue(label: "ketupek.event-hub")

    /// Called by the store after each commit (on the writer thread); hands the events to the fan-out queue.
    func publish(_ events: [LoggedEvent]) {
        queue.async { self.fanOut(events) }
    }

    private func fanOut(_ events: [LoggedEvent]) {
        let bySession = Dictionary(grouping: events, by: \.event.sessionID)
        for (session, events) in bySession {
            let targets = subscribers.withLock { Array(($0[session] ?? [:]).values) }
            guard !targets.isEmpty else { continue }
            let audiences = Set(targets.map(\.audience))
            for logged in events {
                var frames: [Audience: [UInt8]] = [:]
                for audience in audiences { frames[audience] = Self.frame(logged, for: audience) }
                for subscription in targets {
                    if let frame = frames[subscription.audience] ?? nil {
                        subscription.deliver(logged.sequence, frame)
                    }
                }
            }
        }
    }

    /// The SSE bytes of `logged` for `audience`, or `nil` when that audience sees nothing of it.
    static func frame(_ logged: LoggedEvent, for audience: Audience) -> [UInt8]? {
        guard let view = EventView.render(logged, for: audience) else { return nil }
        return EventStream.format(
            id: String(logged.sequence.rawValue), event: view.name, data: String(decoding: view.json, as: UTF8.self)
        )
    }

    func subscribe(_ subscription: Subscription) {
        subscribers.withLock { $0[subscription.session, default: [:]][ObjectIdentifier(subscription)] = subscription }
    }

    func unsubscribe(_ subscription: Subscription) {
        subscribers.withLock { $0[subscription.session]?[ObjectIdentifier(subscription)] = nil }
    }

    var subscriberCount: Int { subscribers.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}

/// One open stream's place in the hub. While the stream replays the log, live events are held back and
/// sent after the replay, skipping any the replay already sent, so the client sees every event once, in order.
final class Subscription: Sendable {
    let session: SessionID
    let audience: Audience
    let stream: EventStream
    private struct State {
        var replaying = true
        var held: [(EventSequence, [UInt8])] = []
        var heldBytes = 0
        var lastSent: EventSequence
    }
    private let state: Mutex<State>
    /// Live events held during a replay beyond this are not kept: the stream is closed and the client
    /// reconnects with its last id.
    private let maxHeldBytes: Int

    init(session: SessionID, audience: Audience, stream: EventStream, after: EventSequence, maxHeldBytes: Int = 1 << 20)
    {
        self.session = session
        self.audience = audience
        self.stream = stream
        self.maxHeldBytes = maxHeldBytes
        self.state = Mutex(State(lastSent: after))
    }

    func deliver(_ sequence: EventSequence, _ frame: [UInt8]) {
        let overflow = state.withLock { state -> Bool in
            if state.replaying {
                state.held.append((sequence, frame))
                state.heldBytes += frame.count
                return state.heldBytes > maxHeldBytes
            }
            guard sequence > state.lastSent else { return false }
            state.lastSent = sequence
            return !stream.send(raw: frame)
        }
        if overflow { stream.close() }
    }

    /// Sends one replayed event (called in log order).
    func replay(_ sequence: EventSequence, _ frame: [UInt8]?) -> Bool {
        state.withLock { state in
            guard sequence > state.lastSent else { return true }
            state.lastSent = sequence
            guard let frame else { return true }
            return stream.send(raw: frame)
        }
    }

    /// Ends the replay: sends what arrived meanwhile and goes live.
    func finishReplay() {
        state.withLock { state in
            for (sequence, frame) in state.held where sequence > state.lastSent {
                state.lastSent = sequence
                _ = stream.send(raw: frame)
            }
            state.held = []
            state.heldBytes = 0
            state.replaying = false
        }
    }
}
