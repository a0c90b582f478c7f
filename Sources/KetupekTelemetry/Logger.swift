import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A structured logger: each record is one JSON line with a level, a message and dotted keys.
///
/// Only `main.swift` decides where records go and which level passes; every other module is handed a
/// `Logger` and adds metadata (`logger.with("session.id", id)`). Never log tokens, passwords or contact details.
public struct Logger: Sendable {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The level's name as written in records and accepted on the command line.
        public var name: String { String(describing: self) }

        /// Parses a level name (`debug`, `info`, …); `nil` for anything else.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }
    }

    /// Where records go.
    public let sink: LogSink
    /// Records below this level are dropped before they are formatted.
    public let level: Level
    /// Keys added to every record of this logger.
    public let metadata: [String: String]

    public init(sink: LogSink, level: Level, metadata: [String: String] = [:]) {
        self.sink = sink
        self.level = level
        self.metadata = metadata
    }

    /// A logger that drops everything (for tests and library defaults).
    public static let silent = Logger(sink: DiscardSink(), level: .critical)

    /// A copy with one more metadata key.
    public func with(_ key: String, _ value: some CustomStringConvertible) -> Logger {
        var metadata = self.metadata
        metadata[key] = value.description
        return Logger(sink: sink, level: level, metadata: metadata)
    }

    public func log(_ level: Level, _ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        guard level >= self.level else { return }
        var merged = self.metadata
        for (key, value) in metadata { merged[key] = value }
        sink.write(LogRecord(time: Date(), level: level, message: message(), metadata: merged))
    }

    public func trace(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        log(.trace, message(), metadata)
    }
    public func debug(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        log(.debug, message(), metadata)
    }
    public func info(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        log(.info, message(), metadata)
    }
    public func notice(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        log(.notice, message(), metadata)
    }
    public func warning(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        log(.warning, message(), metadata)
    }
    public func error(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        log(.error, message(), metadata)
    }
}

/// One log record, as handed to a sink.
public struct LogRecord: Sendable {
    public let time: Date
    public let level: Logger.Level
    public let message: String
    public let metadata: [String: String]
}

/// A destination for log records.
public protocol LogSink: Sendable {
    func write(_ record: LogRecord)
}

/// Drops every record.
public struct DiscardSink: LogSink {
    public init() {}
    public func write(_ record: LogRecord) {}
}

/// Writes each record as one JSON line to standard error, in a single `write(2)` so lines never interleave.
public struct StandardErrorJSONSink: LogSink {
    public init() {}

    public func write(_ record: LogRecord) {
        var object: [String: String] = record.metadata
        object["ts"] = record.time.formatted(.iso8601)
        object["level"] = record.level.name
        object["msg"] = record.message
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { buffer in
            _ = Glibc.write(2, buffer.baseAddress, buffer.count)
        }
    }
}

/// Keeps records in memory, for tests that assert on what was (or was not) logged.
public final class MemorySink: LogSink {
    private let records = Mutex<[LogRecord]>([])

    public init() {}

    public func write(_ record: LogRecord) {
        records.withLock { $0.append(record) }
    }

    /// Every record so far, oldest first.
    public var all: [LogRecord] { records.withLock { $0 } }
}
