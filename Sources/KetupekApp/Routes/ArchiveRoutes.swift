import Foundation
import KetupekArchive
import KetupekCore
import KetupekHTTP
import KetupekStore

/// The public archive: pre-rendered pages, feeds and formats answered from memory on the HTTP worker thread,
/// search across every published session, and the check moderators run before publishing.
///
/// `/id/archive/…` and `/en/archive/…` are the pages in one language; `/archive/…` picks one by
/// `Accept-Language` (Bahasa Indonesia by default) and also serves the language-neutral formats.
enum ArchiveRoutes {
    /// Cacheable by anyone, but revalidated on every use (a cheap 304), so an unpublished page is gone at once,
    /// from browsers and shared caches alike.
    static let cacheControl = "public, no-cache"
    static let searchPageSize = 20

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let cache = context.archive.cache
        for language in [nil] + Language.allCases {
            let prefix = language.map { "/\($0.rawValue)" } ?? ""
            let serve: ImmediateHandler = { request in
                try respond(to: request, language: language, cache: cache)
            }
            routes.addImmediate(.get, "\(prefix)/archive", summary: "", tag: "", documented: false, serve)
            routes.addImmediate(.get, "\(prefix)/archive/{path...}", summary: "", tag: "", documented: false, serve)
            routes.addPlain(.get, "\(prefix)/archive/search") { request in
                try search(request, language: language, context: context)
            }
        }

        routes.add(
            .get, "/api/v1/sessions/{slug}/archive/check", access: .moderators,
            summary: "Public texts of the would-be transcript that still look like personal data",
            tag: "archive", response: "PersonalDataCheck", responses: [200, 401, 403, 404]
        ) { request, _ in
            let session = try SessionRoutes.requireSession(request, context.store)
            let findings = try await context.archive.findings(for: session)
            return try Response.json(PersonalDataCheck(findings: findings))
        }
    }

    struct PersonalDataCheck: Encodable {
        let findings: [PersonalDataFinding]
    }

    /// A stored document, or the archive's own 404 page in the request's language.
    static func respond(to request: Request, language: Language?, cache: ArchiveCache) throws -> Response {
        var path = request.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        let chosen = language ?? Language.negotiate(choice: nil, acceptLanguage: request.headers["Accept-Language"])
        let stored = language == nil ? ArchivePaths.localized(path, chosen) ?? path : path
        guard let document = cache.document(stored) else {
            var response = Response(status: .notFound, body: .bytes(cache.notFoundPage(chosen)))
            response.headers.set("Content-Type", "text/html; charset=utf-8")
            response.headers.set("Cache-Control", "no-cache")
            response.headers.set("Content-Language", chosen.rawValue)
            return response
        }
        let negotiated = stored != path
        var response = document.response(
            to: request, cacheControl: cacheControl, vary: negotiated ? ["Accept-Language"] : [])
        if document.contentType.hasPrefix("text/html") { response.headers.set("Content-Language", chosen.rawValue) }
        return response
    }

    /// `…/archive/search?q=&stakeholder=&from=&to=&page=`: rendered per request from the full-text index.
    static func search(_ request: Request, language: Language?, context: RouteContext) throws -> Response {
        let chosen = language ?? Language.negotiate(choice: nil, acceptLanguage: request.headers["Accept-Language"])
        let text = String((request.query("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        if !text.isEmpty, !context.searchLimiter.allow(request.remoteAddress) {
            throw APIError.rateLimited(retryAfterSeconds: 5)
        }
        let stakeholder = request.query("stakeholder").flatMap(StakeholderID.init(parsing:))
        let from = request.query("from").flatMap(ArchiveSearch.day)
        let to = request.query("to").flatMap(ArchiveSearch.day)
        let page = min(max(Int(request.query("page") ?? "") ?? 1, 1), 500)
        let results =
            text.isEmpty
            ? ArchiveSearchResults(hits: [], total: 0)
            : try context.archiveStore.searchArchive(
                ArchiveSearchQuery(
                    text: text, stakeholderID: stakeholder, from: from, until: to.map(ArchiveSearch.end),
                    limit: searchPageSize, offset: (page - 1) * searchPageSize))
        let search = ArchiveSearch(
            query: text, stakeholderID: stakeholder, from: from, to: to, page: page, total: results.total,
            results: results.hits.map { hit in
                ArchiveSearchResult(
                    slug: hit.entry.slug, sessionTitle: hit.entry.sessionTitle, questionID: hit.entry.questionID,
                    questionSnippet: hit.questionSnippet, answerSnippet: hit.answerSnippet,
                    stakeholderName: hit.entry.stakeholderName.isEmpty ? nil : hit.entry.stakeholderName,
                    answeredAt: hit.entry.answeredAt)
            },
            stakeholders: try context.store.stakeholders(), pageSize: searchPageSize)
        let body = ArchiveSite.searchPage(
            search, language: chosen,
            context: ArchiveContext(baseURL: context.archive.cache.baseURL, catalogue: context.localization.catalogue))
        var response = Response(status: .ok, body: .bytes(body))
        response.headers.set("Content-Type", "text/html; charset=utf-8")
        response.headers.set("Content-Language", chosen.rawValue)
        response.headers.set("Cache-Control", cacheControl)
        if language == nil { response.headers.set("Vary", "Accept-Language") }
        return response
    }
}
