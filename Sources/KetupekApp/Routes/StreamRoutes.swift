import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore

/// `GET /api/v1/sessions/{slug}/events`: the session's live stream, each role its own view, with replay.
enum StreamRoutes {
    /// Events read from the log per replay page, and the most pages one connection replays before it must
    /// reconnect (bounded work per request).
    static let replayPage = 500
    static let maxReplayPages = 200

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        routes.add(
            .get, "/api/v1/sessions/{slug}/events", access: .everyone,
            summary: "Server-Sent Events: id = log sequence; Last-Event-ID (or ?lastEventId=) replays what was missed. "
                + "Staff see everything, stakeholders no contact details, the public only public questions.",
            tag: "events", response: "EventStream", responses: [200, 404],
            parameters: [.init(name: "lastEventId", description: "replay after this sequence (for clients without headers)")]
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
            stream.onTermination { _ in hub.unsubscribe(subscription) }
            // Subscribe first, then replay: events committed meanwhile are held and deduplicated by sequence.
            hub.subscribe(subscription)
            _ = stream.send(raw: Array("retry: 2000\n\n".utf8))
            var cursor = after
            // The public replays old events with each question's text as it is now: a text edited or redacted
            // since (a phone number removed) must not come back through an old event.
            var currentText: [QuestionID: String] = [:]
            replay: for _ in 0..<maxReplayPages {
                let page = try context.store.events(in: session.id, after: cursor, limit: replayPage)
                for logged in page {
                    var shown = logged
                    if audience == .everyone, let question = logged.event.question, question.state.isPublic {
                        let text = try currentText[question.id] ?? context.store.question(question.id)?.text ?? question.text
                        currentText[question.id] = text
                        shown.event.question?.text = text
                    }
                    guard subscription.replay(logged.sequence, EventHub.frame(shown, for: audience)) else { break replay }
                    cursor = logged.sequence
                }
                if page.count < replayPage { break }
            }
            subscription.finishReplay()
            return Response.eventStream(stream)
        }
    }
}
