import Dispatch
import Foundation
import KetupekApp
import KetupekTelemetry

#if canImport(Glibc)
    import Glibc
#endif

// The command line: parse, pick the log handler and level, install signal handlers, run, exit code.

let environment = ProcessInfo.processInfo.environment
let command: KetupekCommand
do {
    command = try KetupekCommand.parse(Array(CommandLine.arguments.dropFirst()), environment: environment)
} catch {
    Console.error("ketupek: \(error)\n\n\(KetupekCommand.usage)")
    exit(64)
}

switch command {
case .help:
    Console.out(KetupekCommand.usage)
case .version:
    Console.out("ketupek 0.1.0")
case .serve(let configuration):
    exit(await Server.run(configuration, demoSpeed: nil))
case .demo(let configuration, let speed):
    exit(await Server.run(configuration, demoSpeed: speed))
case .addUser(let configuration, let username, let displayName, let role, let stakeholder, let fromStandardInput):
    do {
        let password = fromStandardInput ? readLine(strippingNewline: true) : nil
        if fromStandardInput, password == nil { throw CommandLineError.invalid("no password on standard input") }
        let generated = try await AdminCommands.addUser(
            configuration, username: username, displayName: displayName, role: role, stakeholder: stakeholder,
            password: password)
        Console.out("added \(role.rawValue) \(username)")
        if let generated { Console.out("password: \(generated)") }
    } catch {
        Console.error("ketupek: \(error)")
        exit(1)
    }
case .createToken(let configuration, let name, let role):
    do {
        let token = try await AdminCommands.createToken(configuration, name: name, role: role)
        Console.out(token)
        Console.error("(shown once; send it as Authorization: Bearer <token>)")
    } catch {
        Console.error("ketupek: \(error)")
        exit(1)
    }
case .exportSite(let configuration, let directory):
    // The bar redraws in place on a terminal; a log or a pipe gets the summary line only.
    let terminal = isatty(2) == 1
    let bar = ProgressBar()
    do {
        let summary = try ArchiveExport.run(configuration, directory: directory) { done, total in
            if terminal { Console.error("\r" + bar.line(done: done, total: total), newline: false) }
        }
        if terminal { Console.error("") }
        Console.out(
            "exported \(summary.files) files (\(summary.bytes) bytes, \(summary.compressedBytes) gzip) to \(directory)")
    } catch {
        if terminal { Console.error("") }
        Console.error("ketupek: \(error)")
        exit(1)
    }
}
