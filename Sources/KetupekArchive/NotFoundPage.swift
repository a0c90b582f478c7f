import KetupekCore
import KetupekHTTP

/// The body of the archive's 404 response: what happened and the way back to the index.
struct NotFoundPage {
    var language: Language
    var context: ArchiveContext

    func render() -> [UInt8] {
        let t = { (key: String) in context.text(key, language) }
        let main: Markup = """
                <h1>\(t("archive.not_found.title"))</h1>
                <p>\(t("archive.not_found.text"))</p>
                <p><a href="\(ArchivePaths.index(language))">\(t("archive.not_found.back"))</a></p>
            """
        return ArchiveLayout(
            language: language, context: context, title: t("archive.not_found.title"),
            description: t("archive.not_found.text"), path: nil, indexable: false, main: main
        ).render()
    }
}
