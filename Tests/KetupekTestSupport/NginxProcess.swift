import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real nginx serving a folder as a static site on a loopback port, configured the way the README
/// suggests for the exported archive: `.gz` files sent as they are (`gzip_static`), folders by `index.html`.
public final class NginxProcess: @unchecked Sendable {
    // @unchecked Sendable: the process handle is used by one test at a time.
    public let process: Process
    public let port: Int
    private let prefix: TemporaryDirectory

    /// The Debian binary (`apt-get install nginx-light`, installed by `.ci/install-deps --tests`).
    public static let binary = "/usr/sbin/nginx"

    /// Starts nginx with `root` as the document root and waits (at most `timeout`) until it accepts connections.
    public init(root: String, timeout: Double = 10) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw TestClientError("nginx is not installed at \(Self.binary): run .ci/install-deps --tests")
        }
        prefix = try TemporaryDirectory("ketupek-nginx")
        port = try Self.freePort()
        let configuration = """
            worker_processes 1;
            daemon off;
            master_process off;
            pid \(prefix.file("nginx.pid"));
            error_log \(prefix.file("error.log")) warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(prefix.path);
                proxy_temp_path \(prefix.path);
                fastcgi_temp_path \(prefix.path);
                uwsgi_temp_path \(prefix.path);
                scgi_temp_path \(prefix.path);
                types {
                    text/html html; text/css css; image/svg+xml svg; application/json json; text/markdown md;
                    text/csv csv; application/atom+xml atom;
                }
                charset utf-8;
                charset_types text/css application/json text/markdown text/csv application/atom+xml;
                gzip_static on;
                server {
                    listen 127.0.0.1:\(port);
                    root \(root);
                    location / { try_files $uri $uri/index.html =404; }
                }
            }
            """
        let file = prefix.file("nginx.conf")
        try configuration.write(toFile: file, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["-p", prefix.path, "-c", file]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if Self.accepts(port) { return }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOfFile: prefix.file("error.log"), encoding: .utf8)) ?? ""
        kill(process.processIdentifier, SIGKILL)
        throw TestClientError("nginx did not start on port \(port): \(log)")
    }

    public var client: TestHTTPClient { TestHTTPClient(port: port) }

    /// Stops nginx and removes its temporary files. SIGKILL: a child of the test process may inherit a signal
    /// mask that blocks SIGTERM, and nginx without a master process never unblocks it.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        prefix.remove()
    }

    /// A port the kernel just handed out (bound, then released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError("socket failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw TestClientError("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
