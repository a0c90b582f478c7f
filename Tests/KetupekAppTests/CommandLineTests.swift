import KetupekApp
import KetupekCore
import Testing

@Suite("Configuration and command line")
struct CommandLineTests {
    @Test("flags win over environment variables, which win over defaults")
    func precedence() throws {
        let defaults = try Configuration(arguments: [], environment: [:])
        #expect(defaults == Configuration())
        let fromEnvironment = try Configuration(
            arguments: [], environment: ["KETUPEK_PORT": "9000", "KETUPEK_DATA_DIR": "/srv/k"])
        #expect(fromEnvironment.port == 9000 && fromEnvironment.dataDirectory == "/srv/k")
        let fromFlags = try Configuration(
            arguments: ["--port", "0", "--data-dir=/tmp/x", "--secure-cookies"],
            environment: ["KETUPEK_PORT": "9000"])
        #expect(fromFlags.port == 0 && fromFlags.dataDirectory == "/tmp/x" && fromFlags.secureCookies)
    }

    @Test("the public URL: trailing slashes dropped; unset, the server's own address")
    func publicURL() throws {
        let set = try Configuration(arguments: ["--public-url", "https://tanya.example.go.id/"], environment: [:])
        #expect(set.baseURL(port: 1) == "https://tanya.example.go.id")
        var local = Configuration()
        #expect(local.baseURL(port: 8123) == "http://127.0.0.1:8123")
        local.host = "::1"
        #expect(local.baseURL(port: 8123) == "http://[::1]:8123")
    }

    @Test("the export progress bar fills in proportion, clamped")
    func progressBar() {
        let bar = ProgressBar(width: 10)
        #expect(bar.line(done: 0, total: 4) == "[----------]   0%  0/4")
        #expect(bar.line(done: 1, total: 4) == "[##--------]  25%  1/4")
        #expect(bar.line(done: 4, total: 4) == "[##########] 100%  4/4")
        #expect(bar.line(done: 9, total: 4) == "[##########] 100%  9/4")
    }

    @Test(
        "a bad value names its key",
        arguments: [
            (["--port", "70000"], "port"), (["--port"], "port"), (["--threads", "zero"], "threads"),
            (["--log-level", "loud"], "log-level"), (["--colour", "red"], "--colour"),
            (["--public-url", "ftp://x"], "public-url"), (["--public-url", "https://x/?a=1"], "public-url"),
        ])
    func badValues(arguments: [String], key: String) {
        do {
            _ = try Configuration(arguments: arguments, environment: [:])
            Issue.record("accepted \(arguments)")
        } catch {
            #expect(error.description.contains(key), "\(error)")
        }
    }

    @Test("commands parse with their own flags")
    func commands() throws {
        #expect(
            try KetupekCommand.parse(["serve", "--port", "0"], environment: [:])
                == .serve(
                    {
                        var configuration = Configuration()
                        configuration.port = 0
                        return configuration
                    }()))
        #expect(
            try KetupekCommand.parse(["token", "create", "--role", "moderator"], environment: [:])
                == .createToken(Configuration(), name: "moderator token", role: .moderator))
        #expect(
            try KetupekCommand.parse(["demo", "--speed", "4"], environment: [:]) == .demo(Configuration(), speed: 4))
        #expect(throws: CommandLineError.self) {
            try KetupekCommand.parse(["user", "add", "--role", "admin"], environment: [:])
        }
        #expect(throws: CommandLineError.self) {
            try KetupekCommand.parse(["token", "create", "--role", "stakeholder"], environment: [:])
        }
        #expect(throws: CommandLineError.self) { try KetupekCommand.parse(["launch"], environment: [:]) }
        #expect(
            try KetupekCommand.parse(["export-site", "site", "--data-dir", "d"], environment: [:])
                == .exportSite(
                    {
                        var configuration = Configuration()
                        configuration.dataDirectory = "d"
                        return configuration
                    }(), directory: "site"))
        #expect(throws: CommandLineError.self) { try KetupekCommand.parse(["export-site"], environment: [:]) }
    }
}
