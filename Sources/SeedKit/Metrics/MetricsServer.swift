import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Serves a run's metrics at `GET /metrics` over HTTP (FlyingFox), in the format the
/// scraper's `Accept` asks for; every other path is 404. Started and stopped from synchronous
/// code: the server runs on Swift concurrency's threads, never on the bench's event loops.
public final class MetricsServer: Sendable {
    private let server: HTTPServer
    private let task: Task<Void, any Error>
    /// Where it listens, `HOST:PORT`, with the port the system chose when asked for port 0.
    public let address: String

    /// Starts listening on `listen` (`HOST:PORT`: an IPv4 address, `[IPv6]`, `localhost`, or an
    /// empty host for every interface); throws when the address is taken or not one of those.
    public init(listen: String, metrics: BenchMetrics) throws {
        let server = try HTTPServer(
            address: Self.socketAddress(listen), logger: .disabled, handler: MetricsHandler(metrics: metrics))
        let failure = Mutex<(any Error)?>(nil)
        let ready = DispatchSemaphore(value: 0)
        task = Task {
            do {
                try await server.run()
            } catch {
                failure.withLock { $0 = error }
                ready.signal()
            }
        }
        Task {
            try? await server.waitUntilListening(timeout: 10)
            ready.signal()
        }
        ready.wait()
        if let error = failure.withLock({ $0 }) {
            var reason = "\(error)"
            if case .failed(_, _, let message)? = error as? SocketError { reason = message.lowercased() }
            throw ConfigurationError(
                "'--metrics-listen \(listen)': cannot listen there (\(reason)); choose a free port")
        }
        let bound = Self.blocking { await server.listeningAddress }
        switch bound {
        case .ip4(let host, let port): address = "\(host):\(port)"
        case .ip6(let host, let port): address = "[\(host)]:\(port)"
        default: address = listen
        }
        self.server = server
    }

    /// Stops listening; a scrape in progress gets a second to finish.
    public func stop() {
        let server = server
        Self.blocking { await server.stop(timeout: 1) }
        task.cancel()
    }

    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await body()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        // The task stored a value before signalling.
        guard let value = result.withLock({ $0 }) else { preconditionFailure("task ended without a value") }
        return value
    }

    /// `HOST:PORT` as a socket address.
    static func socketAddress(_ text: String) throws -> any SocketAddress {
        let problem = ConfigurationError(
            "'--metrics-listen \(text)' must be HOST:PORT with an IP address, [IPv6], localhost or no host, "
                + "and a port from 0 to 65535, e.g. 127.0.0.1:9464")
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw problem
        }
        let host = String(text[..<colon])
        do {
            switch host {
            case "", "0.0.0.0", "*": return .inet(port: port)
            case "localhost": return try .inet(ip4: "127.0.0.1", port: port)
            case let bracketed where bracketed.hasPrefix("[") && bracketed.hasSuffix("]"):
                return try .inet6(ip6: String(bracketed.dropFirst().dropLast()), port: port)
            default: return try .inet(ip4: host, port: port)
            }
        } catch {
            throw problem
        }
    }
}

/// Answers `GET /metrics` with the exposition.
private struct MetricsHandler: HTTPHandler {
    let metrics: BenchMetrics

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.path == "/metrics" else {
            return HTTPResponse(statusCode: .notFound, body: Data("only /metrics is served here\n".utf8))
        }
        let format = MetricsFormat(accept: request.headers[HTTPHeader("Accept")])
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: format.contentType],
            body: Data(metrics.text(format: format).utf8))
    }
}
