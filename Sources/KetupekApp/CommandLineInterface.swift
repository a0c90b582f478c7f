import Foundation
import KetupekCore

/// What `ketupek` was asked to do, parsed from the command line and environment by a pure function.
public enum KetupekCommand: Equatable, Sendable {
    /// Run the server.
    case serve(Configuration)
    /// Run the server with a demo session fed by the shipped sample comments (`speed` × real time).
    case demo(Configuration, speed: Double)
    /// Add a staff account; the password comes from standard input, or is generated and printed.
    case addUser(
        Configuration, username: String, displayName: String, role: Role, stakeholder: StakeholderID?,
        passwordFromStandardInput: Bool)
    /// Create a bearer token with a role; printed once, stored only as a hash.
    case createToken(Configuration, name: String, role: Role)
    /// Write the published archive as a static site (with `.gz` copies) into a folder.
    case exportSite(Configuration, directory: String)
    case help
    case version

    public static let usage = """
        usage: ketupek <command> [flags]

        commands:
          serve                     run the server
          demo [--speed N]          run the server with a live demo session replaying sample comments
          user add --username NAME --role admin|moderator|stakeholder [--stakeholder ID] [--display-name TEXT]
                   [--password-stdin]
          token create --role moderator|integration|admin --name TEXT
          export-site DIR           write the published archive as a static site (pages + .gz) into DIR
          help | version

        server flags (or environment variables):
          --host ADDRESS            KETUPEK_HOST            default 127.0.0.1
          --port N                  KETUPEK_PORT            default 8080; 0 picks a free port
          --data-dir PATH           KETUPEK_DATA_DIR        default ./data
          --public-dir PATH         KETUPEK_PUBLIC_DIR      default ./Public
          --log-level LEVEL         KETUPEK_LOG_LEVEL       trace … critical, default info
          --max-body-bytes N        KETUPEK_MAX_BODY_BYTES  default 1048576
          --threads N               KETUPEK_THREADS         HTTP worker threads, default 2
          --secure-cookies          KETUPEK_SECURE_COOKIES  mark cookies Secure (behind HTTPS)
          --login-hours N           KETUPEK_LOGIN_HOURS     default 12
          --public-url URL          KETUPEK_PUBLIC_URL      the address citizens use, for the archive's links
        """

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String], environment: [String: String]) throws(CommandLineError)
        -> KetupekCommand
    {
        guard let first = arguments.first else { return .help }
        var rest = Array(arguments.dropFirst())
        switch first {
        case "serve":
            return .serve(try configuration(rest, environment))
        case "demo":
            let speedText = try take("--speed", from: &rest) ?? "1"
            guard let speed = Double(speedText), speed > 0, speed <= 10_000 else {
                throw .invalid("--speed must be a number above 0 (1 = real time)")
            }
            return .demo(try configuration(rest, environment), speed: speed)
        case "user":
            guard rest.first == "add" else { throw .invalid("did you mean: ketupek user add …") }
            rest.removeFirst()
            guard let username = try take("--username", from: &rest) else {
                throw .invalid("user add needs --username")
            }
            let role = try self.role(try take("--role", from: &rest), allowed: Role.staff)
            let display = try take("--display-name", from: &rest) ?? username
            let fromStandardInput = takeSwitch("--password-stdin", from: &rest)
            let stakeholder = try take("--stakeholder", from: &rest).map { (text: String) throws(CommandLineError) in
                guard let id = StakeholderID(parsing: text) else {
                    throw .invalid("--stakeholder needs a stakeholder id")
                }
                return id
            }
            if role == .stakeholder, stakeholder == nil {
                throw .invalid("a stakeholder user needs --stakeholder ID (the agency or person they answer for)")
            }
            return .addUser(
                try configuration(rest, environment), username: username, displayName: display, role: role,
                stakeholder: stakeholder, passwordFromStandardInput: fromStandardInput)
        case "token":
            guard rest.first == "create" else { throw .invalid("did you mean: ketupek token create …") }
            rest.removeFirst()
            let role = try self.role(try take("--role", from: &rest), allowed: [.admin, .moderator, .integration])
            let name = try take("--name", from: &rest) ?? "\(role.rawValue) token"
            return .createToken(try configuration(rest, environment), name: name, role: role)
        case "export-site":
            guard let directory = rest.first, !directory.hasPrefix("--") else {
                throw .invalid("export-site needs a folder: ketupek export-site DIR")
            }
            rest.removeFirst()
            return .exportSite(try configuration(rest, environment), directory: directory)
        case "help", "--help", "-h":
            return .help
        case "version", "--version":
            return .version
        default:
            throw .invalid("unknown command \(first)")
        }
    }

    private static func configuration(_ flags: [String], _ environment: [String: String]) throws(CommandLineError)
        -> Configuration
    {
        do { return try Configuration(arguments: flags, environment: environment) } catch {
            throw .invalid(error.description)
        }
    }

    private static func role(_ name: String?, allowed: Set<Role>) throws(CommandLineError) -> Role {
        let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        guard let name else { throw .invalid("--role is required: \(names)") }
        guard let role = Role(rawValue: name), allowed.contains(role) else {
            throw .invalid("--role \(name) is not one of \(names)")
        }
        return role
    }

    /// Removes `--flag value` or `--flag=value` from `arguments` and returns the value.
    private static func take(_ flag: String, from arguments: inout [String]) throws(CommandLineError) -> String? {
        if let index = arguments.firstIndex(where: { $0.hasPrefix(flag + "=") }) {
            let value = String(arguments[index].dropFirst(flag.count + 1))
            arguments.remove(at: index)
            return value
        }
        guard let index = arguments.firstIndex(of: flag) else { return nil }
        guard index + 1 < arguments.count else { throw .invalid("\(flag) needs a value") }
        let value = arguments[index + 1]
        arguments.removeSubrange(index...(index + 1))
        return value
    }

    private static func takeSwitch(_ flag: String, from arguments: inout [String]) -> Bool {
        guard let index = arguments.firstIndex(of: flag) else { return false }
        arguments.remove(at: index)
        return true
    }
}

/// A command line that cannot be run; the message says what to change.
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
