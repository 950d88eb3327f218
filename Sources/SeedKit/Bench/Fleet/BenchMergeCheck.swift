/// What `bench merge` refuses: results of different catalogs or settings (naming each
/// difference and the files), and segments repeated or missing.
struct BenchMergeCheck {
    let inputs: [BenchMerge.Input]

    init(_ inputs: [BenchMerge.Input]) { self.inputs = inputs }

    func run() throws {
        guard let first = inputs.first else { return }
        for input in inputs.dropFirst() {
            let differences = Self.differences(first.result.settings, input.result.settings)
            guard differences.isEmpty else {
                throw ConfigurationError(
                    "\(input.source) and \(first.source) ran different workloads (\(differences.joined(separator: "; "))); "
                        + "merge only the results of one run's segments, or of runs with the same catalog and settings"
                )
            }
        }
        try checkSegments()
    }

    /// The settings that differ between `a` and `b`, as `clients 10 ≠ 20`; the segment
    /// index, the target and the server are not compared.
    static func differences(_ a: BenchSettings, _ b: BenchSettings) -> [String] {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        let fields: [(String, String, String)] = [
            (
                "catalog", a.catalogDigest.map { String($0.prefix(12)) } ?? a.queries.joined(separator: ","),
                b.catalogDigest.map { String($0.prefix(12)) } ?? b.queries.joined(separator: ",")
            ),
            ("queries", a.queries.joined(separator: ","), b.queries.joined(separator: ",")),
            ("clients", "\(a.clients)", "\(b.clients)"),
            ("connections", "\(a.connections)", "\(b.connections)"),
            ("duration", "\(a.measuredSeconds)s", "\(b.measuredSeconds)s"),
            ("warmup", "\(a.warmup)s", "\(b.warmup)s"),
            ("transactions", text(a.transactions), text(b.transactions)),
            ("think time", "\(a.thinkTime)s", "\(b.thinkTime)s"),
            ("rate", text(a.rate), text(b.rate)),
            (
                "stages", a.stages.map { "\($0.duration)s:\($0.clients)" }.joined(separator: ","),
                b.stages.map { "\($0.duration)s:\($0.clients)" }.joined(separator: ",")
            ),
            ("seed", "\(a.seed)", "\(b.seed)"),
            ("commit writes", "\(a.commitWrites)", "\(b.commitWrites)"),
            ("protocol", (a.queryProtocol ?? .prepared).rawValue, (b.queryProtocol ?? .prepared).rawValue),
            ("segments", text(a.segment?.count), text(b.segment?.count)),
        ]
        return fields.filter { $0.1 != $0.2 }.map { "\($0.0) \($0.1) ≠ \($0.2)" }
    }

    private func checkSegments() throws {
        let segments = inputs.map(\.result.settings.segment)
        guard let count = segments.first??.count else { return }
        var seen: [Int: String] = [:]
        for (input, segment) in zip(inputs, segments) {
            guard let segment else { continue }
            if let other = seen[segment.index] {
                throw ConfigurationError(
                    "\(input.source) and \(other) are both segment \(segment); give each segment's result once"
                )
            }
            seen[segment.index] = input.source
        }
        let missing = (1...count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw ConfigurationError(
                "segment(s) \(names) missing: a merge of --segment results needs all \(count); "
                    + "pass every segment's --json file")
        }
    }
}
