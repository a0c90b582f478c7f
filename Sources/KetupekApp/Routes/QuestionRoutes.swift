import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore

/// Ingest, listing, one question with its history, and moderation commands.
enum QuestionRoutes {
    /// One comment's outcome: compact, since a source sends up to a thousand at once.
    struct IngestResult: Encodable {
        let status: String
        let id: QuestionID
        let state: QuestionState
        let version: Int
    }

    struct IngestResponse: Encodable {
        let created: Int
        let duplicates: Int
        let results: [IngestResult]
    }

    struct QuestionPage: Encodable {
        let questions: [Question]
        /// Pass as `after` for the next page; absent on the last page.
        let nextCursor: String?
        /// The log position the listing is at least as new as: open the event stream after it.
        let sequence: EventSequence
    }

    struct QuestionDetail: Encodable {
        struct Entry: Encodable {
            let sequence: EventSequence
            let kind: EventKind
            let actor: String
            let at: Date
            let state: QuestionState?
            let text: String?
            let detail: EventDetail?
        }
        let question: Question
        let history: [Entry]
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.store

        routes.add(
            .post, "/api/v1/sessions/{slug}/comments", access: .roles([.admin, .moderator, .integration]),
            summary: "Ingest one comment, an array, or {\"comments\": [...]}; idempotent on (source, externalID); "
                + "answered only after the commit",
            tag: "questions", request: "IngestRequest", response: "IngestResponse",
            responses: [200, 201, 400, 401, 403, 404, 409, 413, 415, 422]
        ) { request, principal in
            let body = try request.decodeJSON(IngestBody.self)
            guard !body.comments.isEmpty else { throw APIError.invalid(field: "comments", message: "no comments sent") }
            guard body.comments.count <= IngestBody.maxBatch else {
                throw APIError.invalid(
                    field: "comments",
                    message: "\(body.comments.count) comments; at most \(IngestBody.maxBatch) per request")
            }
            // All or nothing: a batch with one bad comment is refused whole, naming it, and writes nothing.
            for (index, comment) in body.comments.enumerated() {
                do throws(ValidationError) { _ = try comment.validated() } catch {
                    context.ingested.invalid.increment()
                    throw APIError.invalid(
                        field: body.comments.count == 1 ? error.field : "comments[\(index)].\(error.field)",
                        message: error.message)
                }
            }
            let session = try SessionRoutes.requireSession(request, store)
            guard session.acceptingQuestions, session.state == .draft || session.state == .live else {
                throw APIError.notAccepting(slug: session.slug)
            }
            let outcomes = try await store.ingest(
                body.comments, into: session.slug, by: try SessionRoutes.actor(principal))
            var results: [IngestResult] = []
            for outcome in outcomes {
                if case .stored(let question, let created) = outcome {
                    results.append(
                        IngestResult(
                            status: created ? "created" : "duplicate", id: question.id,
                            state: question.state, version: question.version))
                }
            }
            let created = results.filter { $0.status == "created" }.count
            context.ingested.created.increment(by: created)
            context.ingested.duplicate.increment(by: results.count - created)
            return try Response.json(
                IngestResponse(created: created, duplicates: results.count - created, results: results),
                status: created > 0 ? .created : .ok
            )
        }

        routes.add(
            .get, "/api/v1/sessions/{slug}/questions", access: .staff,
            summary: "A page of a session's questions, oldest first", tag: "questions", response: "QuestionPage",
            responses: [200, 401, 404, 422],
            parameters: [
                .init(name: "state", description: "comma-separated states"),
                .init(name: "source", description: "source kind"),
                .init(name: "kind", description: "question or comment"),
                .init(name: "q", description: "text in the question or the author's name"),
                .init(name: "tag", description: "one of the question's tags"),
                .init(name: "starred", description: "true or false"),
                .init(name: "after", description: "cursor from the previous page"),
                .init(name: "limit", description: "1–500, default 100"),
            ]
        ) { request, principal in
            let session = try SessionRoutes.requireSession(request, store)
            let filter = try filter(from: request)
            let limit = try integer(request, "limit", default: 100, range: 1...500)
            let cursor = try request.query("after").flatMap { $0.isEmpty ? nil : $0 }.map { text in
                guard let id = QuestionID(parsing: text) else {
                    throw APIError.invalid(field: "after", message: "not a cursor from a previous page")
                }
                return id
            }
            let sequence = try store.latestSequence()
            var questions = try store.questions(in: session.id, matching: filter, after: cursor, limit: limit + 1)
            let more = questions.count > limit
            if more { questions.removeLast() }
            if principal?.role == .stakeholder { questions = questions.map(withoutContact) }
            return try Response.json(
                QuestionPage(
                    questions: questions, nextCursor: more ? questions.last.map { String($0.id.rawValue) } : nil,
                    sequence: sequence
                ))
        }

        routes.add(
            .get, "/api/v1/questions/{id}", access: .staff, summary: "One question with its history",
            tag: "questions", response: "QuestionDetail", responses: [200, 401, 404]
        ) { request, principal in
            let question = try requireQuestion(request, store)
            let staff = principal?.role != .stakeholder
            let history = try store.history(of: question.id).map { logged in
                QuestionDetail.Entry(
                    sequence: logged.sequence, kind: logged.event.kind, actor: logged.event.actor.name,
                    at: logged.event.at, state: logged.event.question?.state,
                    text: logged.event.question?.text, detail: staff ? logged.event.detail : nil
                )
            }
            return try Response.json(
                QuestionDetail(question: staff ? question : withoutContact(question), history: history))
        }

        routes.add(
            .post, "/api/v1/questions/{id}/commands", access: .staff,
            summary: "Apply a moderation or panel command with the version it was decided on; stale → 409 with the "
                + "current question. Stakeholders may answer and defer the questions assigned to them.",
            tag: "questions", request: "Command", response: "Question", responses: [200, 400, 401, 403, 404, 409, 422]
        ) { request, principal in
            guard let id = QuestionID(parsing: try request.requireParameter("id")) else {
                throw StoreError.notFound("question \(request.parameter("id") ?? "")")
            }
            let body = try request.decodeJSON(CommandBody.self)
            let actor = try SessionRoutes.actor(principal)
            let question =
                if let panel = try body.panelCommand() {
                    try await store.apply(panel, to: id, expectedVersion: body.expectedVersion, by: actor)
                } else {
                    try await store.apply(
                        try body.domainCommand(), to: id, expectedVersion: body.expectedVersion, by: actor)
                }
            context.logger.info("question command", ["question.id": id.description, "command": body.command])
            return try Response.json(question)
        }

        routes.add(
            .post, "/api/v1/sessions/{slug}/commands", access: .moderators,
            summary: "Apply many commands in one transaction; each reported on its own", tag: "questions",
            request: "BulkCommands", response: "BulkResults", responses: [200, 400, 401, 403, 404, 422]
        ) { request, principal in
            struct Result: Encodable {
                let questionID: QuestionID
                let status: String
                let question: Question?
                let error: String?
            }
            let session = try SessionRoutes.requireSession(request, store)
            let body = try request.decodeJSON(BulkBody.self)
            guard (1...1_000).contains(body.commands.count) else {
                throw APIError.invalid(field: "commands", message: "send 1 to 1000 commands")
            }
            let commands = try body.commands.map {
                BulkCommand(
                    questionID: $0.questionID, command: try $0.command.domainCommand(),
                    expectedVersion: $0.command.expectedVersion)
            }
            let outcomes = try await store.apply(commands, in: session.id, by: try SessionRoutes.actor(principal))
            let results = zip(commands, outcomes).map { command, outcome in
                switch outcome {
                case .applied(let question):
                    Result(questionID: command.questionID, status: "applied", question: question, error: nil)
                case .refused(let error):
                    Result(
                        questionID: command.questionID, status: ErrorMapping.map(error).code,
                        question: { if case .staleVersion(_, let current) = error { current } else { nil } }(),
                        error: ErrorMapping.map(error).message)
                case .notFound(let id):
                    Result(
                        questionID: id, status: "not_found", question: nil, error: "No such question in this session.")
                }
            }
            return try Response.json(["results": results])
        }
    }

    static func requireQuestion(_ request: Request, _ store: any EventStore) throws -> Question {
        let text = try request.requireParameter("id")
        guard let id = QuestionID(parsing: text), let question = try store.question(id) else {
            throw StoreError.notFound("question \(text.prefix(20))")
        }
        return question
    }

    static func withoutContact(_ question: Question) -> Question {
        question.withoutPrivateDetails
    }

    static func filter(from request: Request) throws -> QuestionFilter {
        var filter = QuestionFilter()
        if let states = request.query("state"), !states.isEmpty {
            for name in states.split(separator: ",") {
                guard let state = QuestionState(rawValue: String(name)) else {
                    throw APIError.invalid(field: "state", message: "unknown state \(name.prefix(30))")
                }
                filter.states.insert(state)
            }
        }
        filter.source = request.query("source").flatMap { $0.isEmpty ? nil : $0 }
        if let kind = request.query("kind"), !kind.isEmpty {
            guard let value = QuestionKind(rawValue: kind) else {
                throw APIError.invalid(field: "kind", message: "question or comment")
            }
            filter.kind = value
        }
        filter.text = request.query("q").map { String($0.prefix(200)) }
        filter.tag = request.query("tag").flatMap { $0.isEmpty ? nil : String($0.prefix(40)) }
        if let starred = request.query("starred"), !starred.isEmpty {
            guard let value = Bool(starred) else { throw APIError.invalid(field: "starred", message: "true or false") }
            filter.starred = value
        }
        return filter
    }

    static func integer(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.query(name), !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalid(
                field: name, message: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
