// Serves GET /events as an idle SSE stream (one comment on open) and prints the bound port.
// Usage: sse-idle-server [heartbeat-seconds]
import Foundation
import KetupekHTTP
import KetupekTelemetry

let heartbeat = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 15
_ = ResourceLimits.raiseOpenFileLimit()
var router = Router()
router.add(.get, "/events", openIdleStream)
router.add(.get, "/hello", hello)
var configuration = HTTPServer.Configuration()
configuration.heartbeatInterval = .seconds(heartbeat)
configuration.connectionLimit = 10_000
let server = HTTPServer(configuration: configuration, router: router)
let port = try server.start()
print("listening on http://127.0.0.1:\(port)")
fflush(nil)
while true { sleep(3_600) }
