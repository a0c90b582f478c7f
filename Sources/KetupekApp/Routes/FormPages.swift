import Foundation
import KetupekCore
import KetupekHTTP

/// The public ask form at `/s/{slug}`: question, optional name, optional contact with its consent line.
struct AskPage {
    let language: Language
    let catalogue: MessageCatalogue
    let session: Session
    let accepting: Bool
    /// A catalogue key explaining why the last attempt was refused.
    var error: String?
    /// What the citizen typed, kept when the form is shown again.
    var values: [String: String] = [:]

    init(language: Language, catalogue: MessageCatalogue, session: Session, accepting: Bool) {
        self.language = language
        self.catalogue = catalogue
        self.session = session
        self.accepting = accepting
    }

    func t(_ key: String) -> String { catalogue.text(key, language) }
    func value(_ name: String) -> String { values[name] ?? "" }

    func render() -> String {
        let slug = session.slug
        let body: Markup
        if accepting {
            let error: Markup = self.error.map { "<p class=\"form-error\" role=\"alert\">\(t($0))</p>" } ?? ""
            body = """
                \(error)
                <form class="ask" method="post" action="/s/\(slug)/ask?lang=\(language.rawValue)">
                  <label for="question">\(t("ask.question"))</label>
                  <textarea id="question" name="question" required maxlength="\(IncomingComment.Limits.text)" \
                rows="5">\(value("question"))</textarea>
                  <label for="name">\(t("ask.name"))</label>
                  <input id="name" name="name" maxlength="\(IncomingComment.Limits.author)" autocomplete="name" \
                value="\(value("name"))">
                  <label for="contact">\(t("ask.contact"))</label>
                  <input id="contact" name="contact" maxlength="\(IncomingComment.Limits.contact)" \
                value="\(value("contact"))">
                  <label class="consent"><input type="checkbox" name="consent" value="yes"> \(t("ask.consent"))</label>
                  <button type="submit">\(t("ask.submit"))</button>
                </form>
                """
        } else {
            body = "<p class=\"closed\" role=\"status\">\(t("ask.closed"))</p>"
        }
        let page: Markup = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>\(t("ask.title")) — \(session.title)</title>
              <link rel="stylesheet" href="/css/site.css">
              <script type="module" src="/js/live.js"></script>
            </head>
            <body>
              <header class="site">
                <strong class="brand">\(t("app.name"))</strong>
                <a class="language" href="/s/\(slug)?lang=\(t("language.other"))">\
            \(t("language.switch"))</a>
              </header>
              <main class="ask-page">
                <h1>\(session.title)</h1>
                <p class="description">\(session.description)</p>
                <h2>\(t("ask.title"))</h2>
                \(body)
                <p class="qr"><img src="/s/\(slug)/qr.svg" alt="\(t("ask.qr"))" width="160" height="160"></p>
                <!-- The session's public questions, live, with votes (js/live.js; the form works without it). -->
                <section class="live" data-live-questions data-slug="\(slug)" aria-live="polite"></section>
              </main>
            </body>
            </html>

            """
        return page.html
    }
}

/// The receipt page at `/r/{code}`: the question's state in the citizen's words (never a rejection reason),
/// and the answer once given.
struct ReceiptPage {
    let language: Language
    let catalogue: MessageCatalogue
    let code: String?
    let question: Question?
    let session: Session?
    let answer: String?

    func t(_ key: String) -> String { catalogue.text(key, language) }

    /// What a citizen is told about each state: held looks like pending, merged and rejected alike.
    static func publicState(_ state: QuestionState) -> String {
        switch state {
        case .pending, .held: "received"
        case .approved, .deferred: "approved"
        case .onAir: "on_air"
        case .answered: "answered"
        case .rejected, .merged: "not_selected"
        }
    }

    func render() -> String {
        var main: Markup
        if let question, let session, let code {
            let state = Self.publicState(question.state)
            main = """
                <h1>\(t("receipt.title"))</h1>
                <p class="session">\(session.title)</p>
                <p>\(t("receipt.code")) <code class="receipt-code">\(code)</code></p>
                <blockquote class="question">\(question.text)</blockquote>
                <p class="state receipt-state" data-state="\(state)">\(t("receipt.state.\(state)"))</p>
                <p class="hint">\(t("receipt.keep"))</p>
                """
            if let answer {
                main = "\(main)\n<h2>\(t("receipt.answer"))</h2>\n<p class=\"answer\">\(answer)</p>"
            }
        } else {
            main = "<h1>\(t("receipt.title"))</h1>\n<p class=\"empty\">\(t("receipt.unknown"))</p>"
        }
        let page: Markup = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="robots" content="noindex">
              <title>\(t("app.name")) — \(t("receipt.title"))</title>
              <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
              <header class="site"><strong class="brand">\(t("app.name"))</strong></header>
              <main class="receipt-page">
                \(main)
              </main>
            </body>
            </html>

            """
        return page.html
    }
}
