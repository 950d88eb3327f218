/// Prometheus text format rewritten as OpenMetrics 1.0 text. swift-prometheus writes only the
/// Prometheus format; the two differ, for what it writes, in two points: an OpenMetrics counter
/// family is named without `_total` in its `# HELP`/`# TYPE` lines (its samples keep it), and
/// the exposition ends with `# EOF`. Samples, labels, escaping and histograms are the same.
struct OpenMetricsText {
    let text: String

    init(prometheus: String) {
        let lines = prometheus.split(separator: "\n", omittingEmptySubsequences: true)
        let counters = Set(
            lines.compactMap { line -> Substring? in
                let words = line.split(separator: " ")
                return words.count == 4 && words[0] == "#" && words[1] == "TYPE" && words[3] == "counter"
                    ? words[2] : nil
            })
        var output = ""
        output.reserveCapacity(prometheus.utf8.count + 16)
        for line in lines {
            let words = line.split(separator: " ", maxSplits: 3)
            if words.count >= 3, words[0] == "#", words[1] == "TYPE" || words[1] == "HELP",
                counters.contains(words[2]), words[2].hasSuffix("_total")
            {
                output += "# \(words[1]) \(words[2].dropLast("_total".count))"
                if words.count == 4 { output += " \(words[3])" }
            } else {
                output += line
            }
            output += "\n"
        }
        text = output + "# EOF\n"
    }
}
