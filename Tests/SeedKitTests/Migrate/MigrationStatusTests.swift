import Foundation
import Testing

@testable import SeedKit

struct MigrationStatusTests {
    private func file(_ module: String, _ version: Int, _ sql: String = "SELECT 1;") -> Migration {
        Migration(
            module: module, version: version, name: "m\(version)",
            path: "postgres/\(module)/\(version)_m\(version).sql",
            data: Data(sql.utf8))
    }

    private func row(_ migration: Migration, checksum: String? = nil) -> Ledger.Entry {
        row(migration.module, migration.version, checksum: checksum ?? migration.checksum)
    }

    private func row(_ module: String, _ version: Int, checksum: String) -> Ledger.Entry {
        Ledger.Entry(
            module: module, version: version, name: "m\(version)", checksum: checksum,
            appliedAt: "2024-05-01T10:00:0\(version).000Z", durationMs: Double(version))
    }

    @Test func comparesFilesWithTheLedger() {
        let design = (1...4).map { file("design", $0) }
        let techSpec = file("tech_spec", 1)
        let ledger = [
            row("patterns", 7, checksum: "gone"), row(design[0]), row(design[2]),
            row(techSpec, checksum: file("tech_spec", 1, "SELECT 2;").checksum),
        ]
        let statuses = MigrationStatus.compare(plan: design + [techSpec], ledger: ledger)
        #expect(
            statuses.map(\.id) == [
                "design/0001", "design/0002", "design/0003", "design/0004", "tech_spec/0001", "patterns/0007",
            ])
        #expect(statuses.map(\.state) == [.applied, .outOfOrder, .applied, .pending, .changed, .missing])
        #expect(
            statuses.map(\.appliedAt) == [
                ledger[1].appliedAt, nil, ledger[2].appliedAt, nil, ledger[3].appliedAt, ledger[0].appliedAt,
            ])
        #expect(statuses.map(\.path) == design.map(\.path) + [techSpec.path, nil])
        #expect(statuses[0].durationMs == 1)
    }

    @Test func outOfOrderOnlyWithinAModule() {
        let plan = [file("design", 1), file("tech_spec", 1)]
        let statuses = MigrationStatus.compare(plan: plan, ledger: [row("design", 5, checksum: "x")])
        #expect(statuses.map(\.state) == [.outOfOrder, .pending, .missing])
    }

    @Test func emptyLedgerLeavesEverythingPending() {
        let plan = [file("design", 1), file("design", 2)]
        #expect(MigrationStatus.compare(plan: plan, ledger: []).map(\.state) == [.pending, .pending])
    }

    @Test(arguments: [
        (MigrationStatus.State.applied, false), (.pending, false), (.changed, true), (.missing, true),
        (.outOfOrder, true),
    ])
    func isProblem(state: MigrationStatus.State, problem: Bool) {
        #expect(state.isProblem == problem)
    }
}
