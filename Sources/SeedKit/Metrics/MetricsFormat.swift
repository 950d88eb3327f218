/// The two exposition formats `/metrics` serves.
public enum MetricsFormat: Sendable, Equatable {
    /// Prometheus text format 0.0.4, what swift-prometheus writes.
    case prometheus
    /// OpenMetrics 1.0 text.
    case openMetrics

    /// The format a scraper's `Accept` header asks for: OpenMetrics when it names
    /// `application/openmetrics-text` with a weight above 0 (Prometheus does, first), else the
    /// Prometheus text format, which every scraper reads.
    public init(accept: String?) {
        let asksForOpenMetrics = (accept ?? "").split(separator: ",").contains { range in
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first?.lowercased() == "application/openmetrics-text" else { return false }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) }
            return (weight ?? 1) > 0
        }
        self = asksForOpenMetrics ? .openMetrics : .prometheus
    }

    /// The response's `Content-Type`.
    public var contentType: String {
        switch self {
        case .prometheus: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }
}
