import Foundation
import Glibc
import Synchronization

/// Serves a run's metrics at `GET /metrics` over HTTP/1.1, in the format the scraper's
/// `Accept` asks for; every other path is 404. One thread accepts and answers one request per
/// connection (`Connection: close`), never on the bench's event loops.
///
/// A listening socket and a few lines of HTTP, not an HTTP library: the one that fitted
/// (FlyingFox) imports FoundationNetworking, which makes the static `make dist` binary link
/// libcurl, and the tarball promises libpq5 and libsqlite3-0 only.
public final class MetricsServer: Sendable {
    /// Where it listens, `HOST:PORT`, with the port the system chose when asked for port 0.
    public let address: String
    private let socket: Int32
    private let stopping = Mutex(false)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts listening on `listen` (`HOST:PORT`: an IPv4 address, `[IPv6]`, `localhost`, or an
    /// empty host for every interface); throws when the address is taken or not one of those.
    public init(listen: String, metrics: BenchMetrics) throws {
        let target = try Self.socketAddress(listen)
        let fd = Glibc.socket(target.family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.failure(listen) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = target.withSockaddr { bind(fd, $0, $1) == 0 && Glibc.listen(fd, 64) == 0 }
        guard bound else {
            let error = Self.failure(listen)
            close(fd)
            throw error
        }
        socket = fd
        address = target.display(port: Self.boundPort(fd))
        let thread = Thread { [self] in
            serve(metrics)
            stopped.signal()
        }
        thread.name = "seedctl-metrics"
        thread.start()
    }

    deinit { close(socket) }

    /// Stops listening; a request being answered is finished first.
    public func stop() {
        let first = stopping.withLock { flag in
            defer { flag = true }
            return !flag
        }
        if first { stopped.wait() }
    }

    /// Accepts until stopped, waking every 100 ms to look at the flag.
    private func serve(_ metrics: BenchMetrics) {
        while !stopping.withLock({ $0 }) {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let client = accept(socket, nil, nil)
            guard client >= 0 else { continue }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if let request = Self.readRequest(client) {
                Self.write(Self.response(to: request, metrics: metrics), to: client)
            }
            close(client)
        }
    }

    /// The request line and headers (up to the blank line), or nil when the client sent none.
    private static func readRequest(_ client: Int32) -> String? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[..<count]
            if bytes.count >= 4, bytes.suffix(4).elementsEqual([13, 10, 13, 10]) { break }
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// `GET /metrics` → 200 with the exposition; another path → 404; another method → 405.
    static func response(to request: String, metrics: BenchMetrics) -> [UInt8] {
        let lines = request.components(separatedBy: "\r\n")
        let parts = (lines.first ?? "").split(separator: " ")
        let path = parts.count > 1 ? parts[1].split(separator: "?").first.map(String.init) ?? "" : ""
        let accept = lines.dropFirst().first { $0.lowercased().hasPrefix("accept:") }
            .map { String($0.dropFirst("accept:".count)).trimmingCharacters(in: .whitespaces) }
        let (status, contentType, body): (String, String, String)
        if parts.first != "GET" && parts.first != "HEAD" {
            (status, contentType, body) = (
                "405 Method Not Allowed", "text/plain", "only GET /metrics is served here\n"
            )
        } else if path != "/metrics" {
            (status, contentType, body) = ("404 Not Found", "text/plain", "only /metrics is served here\n")
        } else {
            let format = MetricsFormat(accept: accept)
            (status, contentType, body) = ("200 OK", format.contentType, metrics.text(format: format))
        }
        let payload = Array(body.utf8)
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(payload.count)\r\n"
            + "Connection: close\r\n\r\n"
        return Array(head.utf8) + (parts.first == "HEAD" ? [] : payload)
    }

    private static func write(_ bytes: [UInt8], to client: Int32) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    private static func boundPort(_ fd: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    private static func failure(_ listen: String) -> ConfigurationError {
        let reason = String(cString: strerror(errno)).lowercased()
        return ConfigurationError(
            "'--metrics-listen \(listen)': cannot listen there (\(reason)); choose a free port")
    }

    /// `HOST:PORT` as an address to bind.
    static func socketAddress(_ text: String) throws -> ListenAddress {
        let problem = ConfigurationError(
            "'--metrics-listen \(text)' must be HOST:PORT with an IP address, [IPv6], localhost or no host, "
                + "and a port from 0 to 65535, e.g. 127.0.0.1:9464")
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw problem
        }
        let host = String(text[..<colon])
        switch host {
        case "", "0.0.0.0", "*": return ListenAddress(host: "0.0.0.0", port: port, ip6: false)
        case "localhost": return ListenAddress(host: "127.0.0.1", port: port, ip6: false)
        case let bracketed where bracketed.hasPrefix("[") && bracketed.hasSuffix("]"):
            let ip = String(bracketed.dropFirst().dropLast())
            var probe = in6_addr()
            guard inet_pton(AF_INET6, ip, &probe) == 1 else { throw problem }
            return ListenAddress(host: ip, port: port, ip6: true)
        default:
            var probe = in_addr()
            guard inet_pton(AF_INET, host, &probe) == 1 else { throw problem }
            return ListenAddress(host: host, port: port, ip6: false)
        }
    }
}

/// A numeric IPv4 or IPv6 address and a port, checked by `inet_pton`.
struct ListenAddress {
    let host: String
    let port: UInt16
    let ip6: Bool

    var family: Int32 { ip6 ? AF_INET6 : AF_INET }

    /// `HOST:PORT` or `[HOST]:PORT`.
    func display(port bound: UInt16) -> String { ip6 ? "[\(host)]:\(bound)" : "\(host):\(bound)" }

    /// Calls `body` with this address as a `sockaddr` and its length.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        if ip6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            _ = inet_pton(AF_INET6, host, &address.sin6_addr)
            return Self.generic(&address, body)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return Self.generic(&address, body)
    }

    /// A `sockaddr_in` or `sockaddr_in6` seen as the `sockaddr` the socket calls take.
    private static func generic<Address, T>(
        _ address: inout Address, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T
    ) -> T {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<Address>.size))
            }
        }
    }
}
