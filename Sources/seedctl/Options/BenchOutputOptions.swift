import ArgumentParser
import Foundation

/// Where `bench` writes its figures besides the summary, and what it compares them with.
struct BenchOutputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write every figure and the run's settings as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(
        help: ArgumentHelp(
            "Write a self-contained HTML page with charts to this file.", valueName: "file.html"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "Compare with an earlier run's --json file; a regression beyond --tolerance exits 6.",
            valueName: "file.json"))
    var baseline: String?

    @Option(
        help: ArgumentHelp("How much worse than --baseline a figure may be, e.g. 10%.", valueName: "percent"))
    var tolerance = Percentage(10)

    @Flag(help: "Print progress every second even when standard error is not a terminal.")
    var progress = false

    func validate() throws {
        guard (0...1000).contains(tolerance.percent) else {
            throw ValidationError("'--tolerance' must be a percentage like 10%")
        }
        // Checked before the run, so a long bench does not end with nowhere to write.
        for (flag, path) in [("--json", json), ("--report", report)] {
            guard let path else { continue }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw ValidationError("'\(flag) \(path)': folder \(folder) does not exist or is not writable")
            }
        }
    }

    /// The files `--json` and `--report` name.
    var files: BenchFiles { BenchFiles(json: json, report: report) }
}
