import Foundation
import KetupekCore
import KetupekHTTP
import KetupekStore

/// `/api/v1/rules` and `/api/v1/sessions/{slug}/rules`: the keyword hold and block lists, global and per
/// session. The global lists start as the defaults shipped in `Resources/rules/{id,en}.json`.
enum RuleRoutes {
    /// The shipped default lists of every language, joined.
    static func bundledDefaults() throws -> KeywordRules {
        var rules = KeywordRules()
        for language in Language.allCases {
            guard
                let url = Bundle.module.url(
                    forResource: language.rawValue, withExtension: "json",
                    subdirectory: "Resources/rules")
            else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "rules/\(language.rawValue).json"])
            }
            rules = rules.merging(try JSONCoding.decoder().decode(KeywordRules.self, from: Data(contentsOf: url)))
        }
        return rules
    }

    static func register(into routes: inout RouteTable, _ context: RouteContext) {
        let store = context.store

        routes.add(
            .get, "/api/v1/rules", access: .moderators, summary: "The global keyword hold and block lists",
            tag: "rules", response: "KeywordRules", responses: [200, 401, 403]
        ) { _, _ in
            try Response.json(try store.keywordRules(scope: nil))
        }
        routes.add(
            .put, "/api/v1/rules", access: .admins,
            summary: "Replace the global keyword lists (whole words after folding case, diacritics, digit swaps)",
            tag: "rules", request: "KeywordRules", response: "KeywordRules",
            responses: [200, 400, 401, 403, 422]
        ) { request, principal in
            let rules = try request.decodeJSON(KeywordRulesBody.self).rules()
            try await store.setKeywordRules(rules, scope: nil, by: try SessionRoutes.actor(principal))
            context.logger.info("keyword rules saved", ["scope": "global"])
            return try Response.json(rules)
        }
        routes.add(
            .get, "/api/v1/sessions/{slug}/rules", access: .moderators,
            summary: "A session's own keyword lists (applied with the global ones)", tag: "rules",
            response: "KeywordRules", responses: [200, 401, 403, 404]
        ) { request, _ in
            let session = try SessionRoutes.requireSession(request, store)
            return try Response.json(try store.keywordRules(scope: session.id))
        }
        routes.add(
            .put, "/api/v1/sessions/{slug}/rules", access: .admins, summary: "Replace a session's keyword lists",
            tag: "rules", request: "KeywordRules", response: "KeywordRules",
            responses: [200, 400, 401, 403, 404, 422]
        ) { request, principal in
            let session = try SessionRoutes.requireSession(request, store)
            let rules = try request.decodeJSON(KeywordRulesBody.self).rules()
            try await store.setKeywordRules(rules, scope: session.id, by: try SessionRoutes.actor(principal))
            context.logger.info("keyword rules saved", ["scope": session.slug])
            return try Response.json(rules)
        }
    }
}
