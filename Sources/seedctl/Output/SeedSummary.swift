import Foundation
import SeedKit

/// The closing report of a seed run: a table on a terminal, or JSON.
struct SeedSummary: Encodable {
    let profile: String
    let seed: UInt64
    let part: String
    let target: String
    let seconds: Double
    let tables: [TableLoad]
    /// Connections asked for (`--jobs`); the run is atomic as a whole either way.
    var jobs = 1
    /// What the run said once (`SeedEvent.notice`), e.g. a table loaded with COPY text.
    var notes: [String] = []
    /// Wall-clock seconds of each phase, in order (`SeedPhaseClock`).
    var phases: [SeedPhaseClock.Phase] = []

    var rows: Int { tables.reduce(0) { $0 + $1.rows } }
    var bytes: Int { tables.reduce(0) { $0 + $1.bytes } }

    func print(as format: SeedFormat) {
        if format == .json {
            if let text = try? PrettyJSON.string(self) { Terminal.line(text) }
            return
        }
        let body = tables.map {
            [$0.table, $0.rows.grouped, String(format: "%.2f s", $0.seconds), Int($0.rowsPerSecond).grouped]
        }
        Terminal.line(Terminal.table(["TABLE", "ROWS", "TIME", "ROWS/S"], body))
        let rate = seconds > 0 ? Double(rows) / seconds : 0
        Terminal.line(
            String(
                format:
                    "Seeded %@ rows (%.1f MB) into %@ in %.2f s: %@ rows/s, profile %@, seed %llu, part %@",
                rows.grouped, Double(bytes) / 1e6, target, seconds, Int(rate).grouped, profile, seed, part))
        for note in notes { Terminal.line("Note: \(note).") }
    }

    enum CodingKeys: String, CodingKey {
        case profile, seed, part, target, seconds, tables, rows, bytes, jobs, atomic, notes, phases
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(profile, forKey: .profile)
        try container.encode(seed, forKey: .seed)
        try container.encode(part, forKey: .part)
        try container.encode(target, forKey: .target)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(tables, forKey: .tables)
        try container.encode(rows, forKey: .rows)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(jobs, forKey: .jobs)
        try container.encode("whole run", forKey: .atomic)
        try container.encode(notes, forKey: .notes)
        try container.encode(phases, forKey: .phases)
    }
}
