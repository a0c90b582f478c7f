import KetupekCore
import KetupekHTTP
import Synchronization

/// The published archive's documents in memory, by URL path, ready to be answered on the HTTP worker thread
/// (both encodings kept, so no request compresses or reads the disk). Filled from the store at start-up and
/// changed by the publisher after each durable write.
final class ArchiveCache: Sendable {
    private let documents = Mutex<[String: CachedDocument]>([:])
    private let site = Mutex<(baseURL: String, notFound: [Language: [UInt8]])>(("", [:]))

    /// Sets the address the pages were rendered for and the archive's 404 page in each language.
    func setSite(baseURL: String, notFound: [Language: [UInt8]]) {
        site.withLock { $0 = (baseURL, notFound) }
    }

    /// The address the archive's absolute links use.
    var baseURL: String { site.withLock { $0.baseURL } }

    /// The body of the archive's 404 page in `language`.
    func notFoundPage(_ language: Language) -> [UInt8] {
        site.withLock { $0.notFound[language] } ?? Array("Not found".utf8)
    }

    /// The document at `path`, if one is published there.
    func document(_ path: String) -> CachedDocument? {
        documents.withLock { $0[path] }
    }

    /// Removes `paths`, then adds `added` (replacing documents at the same paths).
    func update(removing paths: some Sequence<String>, adding added: [String: CachedDocument]) {
        documents.withLock { documents in
            for path in paths { documents[path] = nil }
            documents.merge(added) { _, new in new }
        }
    }

    /// How many documents are held.
    var count: Int { documents.withLock { $0.count } }
}
