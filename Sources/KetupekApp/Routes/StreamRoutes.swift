import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore
import KetupekTelemetry

/// `GET /api/v1/sessions/{slug}/events`: the session's live stream, each role its own view, with replay.
enum StreamRoutes {
    /// Events read from the log per replay page.
    static let replayPage = 200
    /// A replay pauses while more than this is buffered for the client, so a long replay never outgrows the
    /// stream's buffer (which would drop the client before it received anything).
    static let replayHighWater = 256 * 1024

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        routes.add(
            .get, "/api/v1/sessions/{slug}/events", access: .everyone,
            summary: "Server-Sent Events: id = log sequence; Last-Event-ID (or ?lastEventId=) replays what was missed. "
                + "Staff see everything, stakeholders no contact details, the public only public questions.",
            tag: "events", response: "EventStream", responses: [200, 404],
            parameters: [
                .init(name: "lastEventId", description: "replay after this sequence (for clients without headers)")
            ]
        ) { request, principal in
            let session = try SessionRoutes.requireSession(request, context.store)
            let audience = Audience(role: principal?.role)
            let after: EventSequence
            if let text = request.lastEventID {
                guard let value = Int64(text), value >= 0 else {
                    throw APIError.invalid(field: "Last-Event-ID", message: "an event id from this stream")
                }
                after = EventSequence(value)
            } else {
                after = try context.store.latestSequence()
            }
            let stream = EventStream()
            let subscription = Subscription(session: session.id, audience: audience, stream: stream, after: after)
            let hub = context.hub
            // Subscribe first, then replay: events committed meanwhile are held and deduplicated by sequence.
            hub.subscribe(subscription)
            _ = stream.send(raw: Array("retry: 2000\n\n".utf8))
            // The replay runs beside the open stream and ends with it: cancelled when the client goes.
            let replay = Task {
                await Self.replay(
                    session.id, after: after, into: subscription, store: context.store, logger: context.logger)
            }
            stream.onTermination { _ in
                replay.cancel()
                hub.unsubscribe(subscription)
            }
            return Response.eventStream(stream)
        }
    }

    /// Sends a session's events after `after` from the log, page by page, pausing while the client is behind,
    /// then lets the subscription go live. Stops when the stream ends.
    static func replay(
        _ session: SessionID, after: EventSequence, into subscription: Subscription, store: any EventStore,
        logger: Logger
    ) async {
        let stream = subscription.stream
        var cursor = after
        // The public replays old events with each question's text as it is now: a text edited or redacted
        // since (a phone number removed) must not come back through an old event.
        var currentText: [QuestionID: String] = [:]
        do {
            while stream.isOpen, !Task.isCancelled {
                let page = try store.events(in: session, after: cursor, limit: replayPage)
                for logged in page {
                    var shown = logged
                    if subscription.audience == .everyone, let question = logged.event.question, question.state.isPublic
                    {
                        let text = try currentText[question.id] ?? store.question(question.id)?.text ?? question.text
                        currentText[question.id] = text
                        shown.event.question?.text = text
                    }
                    guard subscription.replay(logged.sequence, EventHub.frame(shown, for: subscription.audience)) else {
                        return
                    }
                    cursor = logged.sequence
                }
                if page.count < replayPage { break }
                // Bounded wait for the client to catch up: about a minute, then it is too slow and is dropped.
                for _ in 0..<3_000 where stream.bufferedBytes > replayHighWater && stream.isOpen {
                    try await Task.sleep(for: .milliseconds(20))
                }
                if stream.bufferedBytes > replayHighWater {
                    stream.close()
                    return
                }
            }
            subscription.finishReplay()
        } catch is CancellationError {
        } catch {
            logger.error("event replay failed", ["error": String(describing: error)])
            stream.close()
        }
    }
}
