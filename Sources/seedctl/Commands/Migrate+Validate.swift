import ArgumentParser
import SeedKit

extension SeedCtl.Migrate {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Exit 0 only when every applied migration's file exists unchanged and none is out of order.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var migrations: MigrationOptions

        func run() throws {
            try ExitStatus.reporting {
                let (database, _) = try connection.connect(readOnly: .mustExist)
                let statuses = try migrations.migrator(database).status()
                let problems = statuses.filter(\.state.isProblem)
                for problem in problems {
                    Terminal.error("\(problem.path ?? problem.id): \(explanation(problem.state))")
                }
                guard problems.isEmpty else { throw ExitStatus.checkFailed }
                let applied = statuses.filter(\.state.isApplied).count
                Terminal.line(
                    "ok: \(applied) applied migration(s) match their files; \(statuses.count - applied) pending"
                )
            }
        }

        private func explanation(_ state: MigrationStatus.State) -> String {
            switch state {
            case .changed:
                "changed after it was applied (checksum differs); restore it and put the change in a new migration"
            case .missing: "applied, but its file is gone; restore the file"
            case .outOfOrder:
                "pending, but a later version of its module is applied; renumber it after the applied ones"
            case .failed:
                "a no-transaction migration stopped part-way; fix it and run 'seedctl migrate resume', or undo its work and run 'seedctl migrate repair'"
            case .applied, .pending, .baselined: state.rawValue
            }
        }
    }
}
