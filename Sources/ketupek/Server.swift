import Dispatch
import Foundation
import KetupekApp
import KetupekHTTP
import KetupekTelemetry

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the server until SIGTERM or SIGINT, then shuts down in order and returns the exit code.
enum Server {
    static func run(_ configuration: Configuration, demoSpeed: Double?) async -> Int32 {
        let logger = Logger(
            sink: StandardErrorJSONSink(), level: Logger.Level(name: configuration.logLevel) ?? .info)
        let limits = ResourceLimits.raiseOpenFileLimit()
        logger.debug("open file limit", ["limit.soft": String(limits.soft), "limit.hard": String(limits.hard)])
        let signals = SignalWaiter([SIGTERM, SIGINT])

        let application: Application
        let port: Int
        do {
            application = try Application(configuration: configuration, logger: logger)
            port = try await application.start()
        } catch {
            Console.error("ketupek: cannot start: \(error)")
            return 1
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        Console.out("listening on http://\(host):\(port)")

        if let speed = demoSpeed {
            let replay = DemoReplay(application: application, speed: speed)
            do {
                let password = try await replay.prepare()
                Console.out(
                    """
                    demo session: http://\(host):\(port)/  (session «\(DemoReplay.slug)», comments arriving live)
                    archive: http://\(host):\(port)/archive  (a published example session)
                    moderator login: \(DemoReplay.username) / \(password)
                    """)
            } catch {
                Console.error("ketupek: demo set-up failed: \(error)")
            }
        }

        let received = await signals.next()
        logger.info("shutting down", ["signal": String(received)])
        await application.shutdown()
        return 0
    }
}

/// Turns the first of some signals into an awaitable value (the default action is disabled for them).
final class SignalWaiter {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(_ numbers: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        sources = numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func next() async -> Int32 {
        for await number in stream { return number }
        return 0
    }
}

/// Writes whole lines to standard output (flushed at once, so a parent process sees them) and error.
enum Console {
    static func out(_ text: String) { write(1, text) }
    static func error(_ text: String, newline: Bool = true) { write(2, text, newline: newline) }

    private static func write(_ descriptor: Int32, _ text: String, newline: Bool = true) {
        let line = Array((newline ? text + "\n" : text).utf8)
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
