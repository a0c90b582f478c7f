import Foundation
import KetupekCore
import KetupekHTTP
import KetupekSources

/// The admin sources screen at `/admin/sources/{slug}`: a page shell; `/js/sources.js` signs in (cookie),
/// lists the session's sources with their state, last error and counters, and adds, starts, stops and
/// removes them through the API. The page itself holds no data beyond the session's slug and title.
struct SourcesPage {
    let language: Language
    let catalogue: MessageCatalogue
    let session: Session

    func t(_ key: String) -> String { catalogue.text(key, language) }

    func render() -> String {
        let kinds: [Markup] = SourceKind.allCases.filter { $0 != .form }
            .map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }
        let page: Markup = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>\(t("app.name")) — \(t("sources.title"))</title>
              <link rel="stylesheet" href="/css/site.css">
              <script type="module" src="/js/sources.js"></script>
            </head>
            <body>
              <header class="site"><strong class="brand">\(t("app.name"))</strong></header>
              <main class="sources-page" data-slug="\(session.slug)">
                <h1>\(t("sources.title")) — \(session.title)</h1>
                <form id="login" class="ask" hidden>
                  <label for="username">\(t("sources.username"))</label><input id="username" autocomplete="username">
                  <label for="password">\(t("sources.password"))</label>
                  <input id="password" type="password" autocomplete="current-password">
                  <button type="submit">\(t("sources.sign_in"))</button>
                </form>
                <p id="status" class="form-error" role="alert"></p>
                <section id="sources" hidden>
                  <table class="sources">
                    <thead><tr><th>\(t("sources.name"))</th><th>\(t("sources.kind"))</th><th>\(t("sources.state"))</th>
                    <th>\(t("sources.counters"))</th><th>\(t("sources.last_error"))</th><th></th></tr></thead>
                    <tbody></tbody>
                  </table>
                  <p id="hook" class="hint" hidden></p>
                  <form id="configure" class="ask" hidden>
                    <h2>\(t("sources.configure"))</h2>
                    <label for="configure-name">\(t("sources.name"))</label>
                    <input id="configure-name" maxlength="100">
                    <label for="configure-settings">\(t("sources.settings_change"))</label>
                    <textarea id="configure-settings" rows="4"></textarea>
                    <button type="submit">\(t("sources.save"))</button>
                  </form>
                  <h2>\(t("sources.add"))</h2>
                  <form id="add" class="ask">
                    <label for="kind">\(t("sources.kind"))</label><select id="kind">\(kinds)</select>
                    <label for="name">\(t("sources.name"))</label><input id="name" maxlength="100">
                    <label for="settings">\(t("sources.settings"))</label>
                    <textarea id="settings" rows="4" placeholder="key=value"></textarea>
                    <button type="submit">\(t("sources.add"))</button>
                  </form>
                </section>
              </main>
            </body>
            </html>

            """
        return page.html
    }
}
