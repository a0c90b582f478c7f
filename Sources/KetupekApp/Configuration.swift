import Foundation

/// Everything `ketupek serve` needs, from command-line flags over `KETUPEK_*` environment variables over
/// defaults. Built by a pure initialiser, so tests pass dictionaries and never touch the process environment.
public struct Configuration: Sendable, Equatable {
    public var host = "127.0.0.1"
    /// 0 picks any free port.
    public var port = 8080
    /// Folder of the SQLite database (created if missing).
    public var dataDirectory = "data"
    /// Folder of the screens (HTML, CSS, ES modules).
    public var publicDirectory = "Public"
    public var logLevel = "info"
    public var maxBodyBytes = 1 << 20
    public var threads = 2
    /// Marks the login cookie `Secure`; set when served over HTTPS (usually behind a proxy).
    public var secureCookies = false
    /// How long a login lasts.
    public var loginHours = 12
    /// The address citizens reach the server at (`https://tanya.example.go.id`), written into the archive's
    /// links that must be absolute: canonical and OpenGraph URLs, the Atom feed, and the search form of the
    /// exported static site. Unset: `http://HOST:PORT` of this server.
    public var publicURL: String?

    /// A flag's environment twin is `KETUPEK_` + the name in capitals with `_` for `-` (`--data-dir` →
    /// `KETUPEK_DATA_DIR`).
    static let keys: [String] = [
        "host", "port", "data-dir", "public-dir", "log-level", "max-body-bytes", "threads", "secure-cookies",
        "login-hours", "public-url",
    ]

    public init() {}

    /// Reads `arguments` (flags only, the subcommand already removed) over `environment` over defaults.
    ///
    /// - Throws: `ConfigurationError` naming the key for an unknown flag, a missing value or a bad value.
    public init(arguments: [String], environment: [String: String]) throws(ConfigurationError) {
        var values: [String: String] = [:]
        for key in Self.keys {
            let variable = "KETUPEK_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
            if let value = environment[variable] { values[key] = value }
        }
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw .unexpected(argument) }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard Self.keys.contains(name) else { throw .unknownFlag(argument) }
            if value == nil {
                if name == "secure-cookies" {
                    value = "true"
                } else {
                    index += 1
                    guard index < arguments.endIndex else { throw .missingValue(key: name) }
                    value = arguments[index]
                }
            }
            values[name] = value
            index += 1
        }
        try apply(values)
    }

    private mutating func apply(_ values: [String: String]) throws(ConfigurationError) {
        if let host = values["host"] {
            guard !host.isEmpty else { throw .invalid(key: "host", value: host, expected: "an IP address") }
            self.host = host
        }
        if let port = values["port"] { self.port = try Self.integer(port, key: "port", in: 0...65_535) }
        if let data = values["data-dir"] { dataDirectory = data }
        if let folder = values["public-dir"] { publicDirectory = folder }
        if let level = values["log-level"] {
            let known = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard known.contains(level) else {
                throw .invalid(key: "log-level", value: level, expected: known.joined(separator: ", "))
            }
            logLevel = level
        }
        if let bytes = values["max-body-bytes"] {
            maxBodyBytes = try Self.integer(bytes, key: "max-body-bytes", in: 1_024...(64 << 20))
        }
        if let threads = values["threads"] { self.threads = try Self.integer(threads, key: "threads", in: 1...64) }
        if let secure = values["secure-cookies"] {
            guard let flag = Bool(secure) else {
                throw .invalid(key: "secure-cookies", value: secure, expected: "true or false")
            }
            secureCookies = flag
        }
        if let hours = values["login-hours"] { loginHours = try Self.integer(hours, key: "login-hours", in: 1...720) }
        if let url = values["public-url"] {
            var trimmed = url
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            guard let parsed = URLComponents(string: trimmed), ["http", "https"].contains(parsed.scheme ?? ""),
                parsed.host?.isEmpty == false, parsed.query == nil, parsed.fragment == nil
            else { throw .invalid(key: "public-url", value: url, expected: "an http or https URL without query") }
            publicURL = trimmed
        }
    }

    private static func integer(_ text: String, key: String, in range: ClosedRange<Int>) throws(ConfigurationError)
        -> Int
    {
        guard let value = Int(text), range.contains(value) else {
            throw .invalid(
                key: key, value: text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `publicURL`, or this server's own address once it knows its port.
    public func baseURL(port: Int) -> String {
        if let publicURL { return publicURL }
        let host = host.contains(":") ? "[\(host)]" : host
        return "http://\(host):\(port)"
    }

    /// The database file inside the data folder.
    public var databasePath: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("ketupek.sqlite").path
    }
}

/// A configuration value that cannot be used; the message names the key.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case unknownFlag(String)
    case unexpected(String)
    case missingValue(key: String)
    case invalid(key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unknownFlag(let flag): "unknown flag \(flag)"
        case .unexpected(let argument): "unexpected argument \(argument)"
        case .missingValue(let key): "--\(key) needs a value"
        case .invalid(let key, let value, let expected): "\(key): «\(value)» is not valid; expected \(expected)"
        }
    }
}
