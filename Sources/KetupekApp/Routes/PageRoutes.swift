import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore

/// The landing page, the message catalogues for the screens, and the static files of `Public/`.
enum PageRoutes {
    /// Folders of `Public/` served as they are.
    static let staticFolders = ["css", "js", "img", "fonts"]

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let files = FileServer(root: URL(fileURLWithPath: context.configuration.publicDirectory))
        for folder in staticFolders {
            routes.addPlain(.get, "/\(folder)/{path...}") { request in
                try await files.respond(to: request, path: "\(folder)/\(request.parameter("path") ?? "")")
            }
        }
        routes.addPlain(.get, "/favicon.ico") { request in try await files.respond(to: request, path: "img/favicon.svg")
        }

        // The screens of a session: each one static page whose script reads the slug from the path and signs in.
        let screens = [
            "/admin/panel/{slug}": "admin-panel.html",  // stakeholders, panel membership, the overlay link
            "/publish/{slug}": "publish.html",  // the personal-data check, then publish or unpublish
            "/panel/{slug}": "panel.html",  // a stakeholder's queue, or the host's view of every queue
            "/moderate/{slug}": "moderate.html",  // the moderator console
        ]
        for (pattern, file) in screens {
            routes.addPlain(.get, pattern) { request in
                var response = try await files.respond(to: request, path: file)
                response.headers.set("Cache-Control", "no-cache")
                return response
            }
        }

        routes.addImmediate(.get, "/i18n/{language}", summary: "", tag: "", documented: false) { request in
            let name = request.parameter("language") ?? ""
            guard name.hasSuffix(".json"), let language = Language(rawValue: String(name.dropLast(5))),
                let bytes = context.localization.files[language]
            else { throw HTTPError.notFound() }
            var response = Response(status: .ok, body: .bytes(bytes))
            response.headers.set("Content-Type", "application/json; charset=utf-8")
            response.headers.set("Cache-Control", "no-cache")
            return response
        }

        routes.addPlain(.get, "/") { request in
            let language = Localization.language(of: request)
            // Read before the counts: the page's stream resumes after it, so no change between is missed.
            let sequence = try context.store.latestSequence()
            let sessions = try context.store.sessions().filter { $0.state != .draft }
            var counts: [SessionID: [QuestionState: Int]] = [:]
            for session in sessions { counts[session.id] = try context.store.questionCounts(in: session.id) }
            var response = Response.html(
                LandingPage(
                    language: language, catalogue: context.localization.catalogue, sessions: sessions, counts: counts,
                    sequence: sequence
                ).render())
            response.headers.set("Cache-Control", "no-cache")
            if let choice = request.query("lang"), Language(rawValue: choice) != nil {
                response.headers.add(
                    "Set-Cookie", "\(Localization.cookie)=\(choice); Path=/; Max-Age=31536000; SameSite=Lax")
            }
            return response
        }
    }
}

/// The landing page at `/`: the sessions with live counts, built as `Markup` so every text is escaped.
struct LandingPage {
    let language: Language
    let catalogue: MessageCatalogue
    let sessions: [Session]
    let counts: [SessionID: [QuestionState: Int]]
    /// The log position the counts reflect.
    let sequence: EventSequence

    func t(_ key: String) -> String { catalogue.text(key, language) }

    func item(_ session: Session) -> Markup {
        let count = counts[session.id] ?? [:]
        let received = count.values.reduce(0, +)
        let approved = QuestionState.allCases.filter(\.isPublic).reduce(0) { $0 + (count[$1] ?? 0) }
        let state = session.state.rawValue
        return """
            <li class="session" data-slug="\(session.slug)" data-state="\(state)">
              <h3>\(session.title)</h3>
              <p class="state state-\(state)">\(t("session.state.\(state)"))</p>
              <p class="description">\(session.description)</p>
              \(session.state == .published
                  ? "<p><a href=\"/\(language.rawValue)/archive/\(session.slug)\">\(t("home.read_transcript"))</a></p>" as Markup
                  : "")
              <dl class="counts">
                <div><dt>\(t("home.received"))</dt><dd data-count="received">\(received)</dd></div>
                <div><dt>\(t("home.approved"))</dt><dd data-count="approved">\(approved)</dd></div>
                <div><dt>\(t("home.answered"))</dt><dd data-count="answered">\(count[.answered] ?? 0)</dd></div>
              </dl>
            </li>

            """
    }

    func render() -> String {
        let other = t("language.other")
        let list: Markup =
            sessions.isEmpty
            ? "<p class=\"empty\">\(t("home.empty"))</p>"
            : "<ul class=\"sessions\">\n\(sessions.map(item))</ul>"
        let page: Markup = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>\(t("app.name")) — \(t("home.title"))</title>
              <link rel="stylesheet" href="/css/site.css">
              <script type="module" src="/js/home.js"></script>
            </head>
            <body>
              <header class="site">
                <strong class="brand">\(t("app.name"))</strong>
                <a href="/\(language.rawValue)/archive">\(t("home.archive"))</a>
                <a class="language" href="/?lang=\(other)" hreflang="\(other)">\(t("language.switch"))</a>
              </header>
              <main data-sequence="\(sequence.rawValue)">
                <p class="tagline">\(t("app.tagline"))</p>
                <h1>\(t("home.title"))</h1>
                \(list)
                <p class="hint">\(t("home.live_updates"))</p>
              </main>
              <footer class="site">
                <a href="/api/v1/openapi.json">\(t("footer.api"))</a> · <a href="/healthz">\(t("footer.health"))</a>
              </footer>
            </body>
            </html>

            """
        return page.html
    }
}
