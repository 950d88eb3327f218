import ArgumentParser
import Foundation
import SeedKit

/// The documented exit codes (listed in `seedctl --help` and README.md).
enum ExitStatus {
    static let checkFailed = ExitCode(1)
    static let databaseError = ExitCode(2)
    static let invalidInput = ExitCode(3)
    static let lockTimeout = ExitCode(4)
    static let notReady = ExitCode(5)
    static let thresholdFailed = ExitCode(6)
    static let outputError = ExitCode(7)
    /// Interrupted (SIGINT/SIGTERM), as shells report 128 + SIGINT.
    static let interrupted = ExitCode(130)

    /// Runs `body`; a failure prints one line to standard error and becomes its exit code.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let (message, code) = describe(error)
            Terminal.error(message)
            throw code
        }
    }

    private static func describe(_ error: Error) -> (String, ExitCode) {
        switch error {
        case let error as ConfigurationError:
            return (error.description, invalidInput)
        case let error as ConnectionFailure:
            return (error.description, databaseError)
        case let error as MigrationError:
            switch error.kind {
            case .drift: return (error.description, checkFailed)
            case .statementFailed: return (error.description, databaseError)
            case .lockTimeout: return (error.description, lockTimeout)
            case .unknownTarget, .refused: return (error.description, invalidInput)
            }
        case let error as OutputError:
            return (error.description, outputError)
        case let error as NotReadyError:
            return (error.description, notReady)
        case let error as DatabaseError:
            return (error.description, databaseError)
        case let error as ErrorRateExceeded:
            return (error.description, thresholdFailed)
        default:
            return ("\(error)", ExitCode.failure)
        }
    }
}
