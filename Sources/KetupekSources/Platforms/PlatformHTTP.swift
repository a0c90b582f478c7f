import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP a platform source needs: a GET with the whole body, or a GET whose body streams in chunks.
/// Errors never repeat the URL, which carries the access token.
struct PlatformHTTP: Sendable {
    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: Data

        /// A header by name, case-insensitively.
        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// One piece of a streamed response.
    enum Part: Sendable {
        case head(status: Int, headers: [String: String])
        case bytes([UInt8])
    }

    let timeout: TimeInterval

    init(timeout: TimeInterval = 30) { self.timeout = timeout }

    func get(_ url: URL, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do { (data, response) = try await URLSession.shared.data(for: request) } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw SourceError.transient("network", "the platform could not be reached (\(Self.describe(error)))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw SourceError.transient("network", "the platform's answer was not HTTP")
        }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key)] = String(describing: value) }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    /// Streams the response: first its head, then the body's chunks as they arrive; ends when the server
    /// closes, throws when the connection breaks. Cancelling the consumer cancels the request.
    func stream(_ url: URL, headers: [String: String] = [:]) -> AsyncThrowingStream<Part, any Error> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (stream, continuation) = AsyncThrowingStream.makeStream(
            of: Part.self, bufferingPolicy: .bufferingOldest(4_096))
        let delegate = StreamDelegate(continuation: continuation)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        let task = session.dataTask(with: request)
        continuation.onTermination = { _ in
            task.cancel()
            session.invalidateAndCancel()
        }
        task.resume()
        return stream
    }

    /// The error's description without any URL (which may carry a token).
    static func describe(_ error: any Error) -> String {
        if let error = error as? URLError { return "URLError \(error.code.rawValue)" }
        return String(describing: type(of: error))
    }
}

/// Feeds a streamed response into an `AsyncThrowingStream`. URLSession delegates must be Sendable on Linux;
/// the continuation is thread-safe, and nothing else is kept.
private final class StreamDelegate: NSObject, URLSessionDataDelegate, Sendable {
    let continuation: AsyncThrowingStream<PlatformHTTP.Part, any Error>.Continuation

    init(continuation: AsyncThrowingStream<PlatformHTTP.Part, any Error>.Continuation) {
        self.continuation = continuation
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] { fields[String(describing: key)] = String(describing: value) }
        continuation.yield(.head(status: http?.statusCode ?? 0, headers: fields))
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        // A consumer this far behind (thousands of chunks) has lost the thread: end the stream as broken rather
        // than drop bytes from its middle; the source back-fills what it missed.
        if case .dropped = continuation.yield(.bytes([UInt8](data))) {
            continuation.finish(throwing: SourceError.transient("stream_broken", "the stream outran its reader"))
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error {
            continuation.finish(
                throwing: SourceError.transient(
                    "stream_broken", "the stream broke (\(PlatformHTTP.describe(error)))"))
        } else {
            continuation.finish()
        }
        session.finishTasksAndInvalidate()
    }
}
