import CLibPQ
import Foundation

/// Waiting for the server with a deadline. libpq's `PQexec` family waits for ever, and a
/// frozen server (a stopped process, a hung host) keeps the TCP connection open, so neither
/// keepalives nor the server's `statement_timeout` end the wait. Every blocking call sends with
/// `PQsend…` and polls the socket until `answerTimeout`; then the connection is given up.
extension PostgresConnection {
    /// Sends a command with `send` (a `PQsend…` call returning 1 on success) and waits for its
    /// results: the first error, else the last result, as `PQexec` returns them; or the
    /// `COPY` state result. The caller clears the result.
    func exchange(within seconds: Double? = nil, _ send: () -> Int32) throws -> OpaquePointer? {
        if let abandoned { throw abandoned }
        guard send() == 1 else { throw connectionError() }
        let wait = seconds ?? answerTimeout
        let deadline = wait.map { ContinuousClock.now + .seconds($0) }
        var kept: OpaquePointer?
        while true {
            do {
                try waitUntilReadable(deadline, seconds: wait)
            } catch {
                PQclear(kept)
                throw error
            }
            guard let result = PQgetResult(handle) else { break }
            switch PQresultStatus(result) {
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                PQclear(kept)
                return result
            default:
                break
            }
            if let previous = kept, Self.isError(previous) {
                PQclear(result)
            } else {
                PQclear(kept)
                kept = result
            }
        }
        return kept
    }

    private static func isError(_ result: OpaquePointer) -> Bool {
        let status = PQresultStatus(result)
        return status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE
    }

    /// Reads input until libpq has a whole result, or throws when `deadline` passes first.
    private func waitUntilReadable(_ deadline: ContinuousClock.Instant?, seconds: Double?) throws {
        while PQisBusy(handle) == 1 {
            var milliseconds: Int32 = 1000
            if let deadline {
                let remaining = deadline - .now
                guard remaining > .zero else { throw giveUp(after: seconds) }
                milliseconds = Int32(min(1000, max(1, remaining.seconds * 1000)))
            }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, milliseconds) < 0, errno != EINTR { throw connectionError() }
            guard PQconsumeInput(handle) == 1 else { throw connectionError() }
        }
    }

    /// The error for a server that did not answer in time; the connection is unusable after it.
    private func giveUp(after limit: Double?) -> DatabaseError {
        let seconds = limit.map { String(format: "%g s", $0) } ?? "?"
        let error = DatabaseError(
            code: .connectionFailure,
            message:
                "the server at \(displayName) did not answer within \(seconds); it may be stopped, frozen or "
                + "overloaded: check it, or raise --statement-timeout")
        abandoned = error
        return error
    }
}
