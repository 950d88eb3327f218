import Foundation

/// A line chart as inline SVG (title, axes with ticks and units, legend) for the bench report:
/// no script, no font or image to fetch. Only finite numbers are ever written into the markup.
struct SVGChart {
    /// How values map onto an axis.
    enum Scale {
        case linear
        /// Decades; values at or below 0 sit on the axis' floor.
        case log
        /// Percentiles 0…100 on HdrHistogram's log10(1/(1-p)) scale, so 90%, 99%, 99.9% and
        /// 99.99% are equally spaced; 100 (the maximum) sits at the right edge.
        case percentile
    }

    /// One line of the chart.
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
        var width = 2.0
        var dashed = false
        /// Read against the right-hand axis (`rightLabel`) instead of the left one.
        var onRightAxis = false
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var xScale = Scale.linear
    var yScale = Scale.linear
    /// The right-hand axis' label, for series drawn against it.
    var rightLabel: String?
    var series: [Series]
    /// Shown in the plot when no series has a point.
    var emptyMessage = "No data recorded"

    /// Colours that stay apart on white and for most colour-blind readers (Tableau 10, minus grey).
    static let palette = [
        "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#e15759", "#d4a500", "#ff9da7",
    ]

    private static let width = 960.0
    private static let legendWidth = 230.0

    /// The chart as one `<svg>` element.
    func svg() -> String {
        let left = series.filter { !$0.onRightAxis }
        let right = series.filter(\.onRightAxis)
        let xAxis = Axis(scale: xScale, values: series.flatMap { $0.points.map(\.x) })
        let yAxis = Axis(scale: yScale, values: left.flatMap { $0.points.map(\.y) })
        let rightAxis =
            rightLabel == nil ? nil : Axis(scale: .linear, values: right.flatMap { $0.points.map(\.y) })
        let plot = (
            left: 72.0, right: Self.width - Self.legendWidth - (rightAxis == nil ? 24 : 72), top: 48.0,
            bottom: 48 + max(260, Double(series.count) * 18 + 8)
        )
        let height = plot.bottom + 52
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(Self.width)) \(Int(height))" \
            width="\(Int(Self.width))" height="\(Int(height))" role="img" font-family="system-ui, sans-serif" font-size="12">
            <title>\(title.escapedForHTML)</title>
            <text x="\(n(plot.left))" y="26" font-size="16" font-weight="600">\(title.escapedForHTML)</text>

            """
        for tick in yAxis.ticks {
            let y = yAxis.position(tick.value, from: plot.bottom, to: plot.top)
            out += line(plot.left, y, plot.right, y, stroke: "#e3e3e3")
            out += text(plot.left - 6, y + 4, tick.label, anchor: "end")
        }
        for tick in xAxis.ticks {
            let x = xAxis.position(tick.value, from: plot.left, to: plot.right)
            out += line(x, plot.top, x, plot.bottom, stroke: "#e3e3e3")
            out += text(x, plot.bottom + 16, tick.label, anchor: "middle")
        }
        if let rightAxis {
            for tick in rightAxis.ticks {
                out += text(
                    plot.right + 6, rightAxis.position(tick.value, from: plot.bottom, to: plot.top) + 4,
                    tick.label, anchor: "start")
            }
        }
        out += tag(
            "rect", ("x", n(plot.left)), ("y", n(plot.top)), ("width", n(plot.right - plot.left)),
            ("height", n(plot.bottom - plot.top)), ("fill", "none"), ("stroke", "#888"))
        out += text((plot.left + plot.right) / 2, plot.bottom + 38, xLabel, anchor: "middle")
        out += text(
            0, 0, yLabel, anchor: "middle",
            transform: "translate(18 \(n((plot.top + plot.bottom) / 2))) rotate(-90)")
        if let rightLabel {
            out += text(
                0, 0, rightLabel, anchor: "middle",
                transform: "translate(\(n(plot.right + 60)) \(n((plot.top + plot.bottom) / 2))) rotate(90)")
        }

        if series.allSatisfy(\.points.isEmpty) {
            out += text(
                (plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2, emptyMessage, anchor: "middle",
                fill: "#666")
        }
        for item in series where !item.points.isEmpty {
            let axis = item.onRightAxis ? (rightAxis ?? yAxis) : yAxis
            let coordinates = item.points.map {
                (
                    xAxis.position($0.x, from: plot.left, to: plot.right),
                    axis.position($0.y, from: plot.bottom, to: plot.top)
                )
            }
            if coordinates.count == 1, let only = coordinates.first {
                out += tag("circle", ("cx", n(only.0)), ("cy", n(only.1)), ("r", "3"), ("fill", item.color))
            } else {
                out += tag(
                    "polyline", ("fill", "none"), ("stroke", item.color), ("stroke-width", n(item.width)),
                    ("stroke-dasharray", item.dashed ? "6 4" : ""), ("stroke-linejoin", "round"),
                    ("points", coordinates.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")))
            }
        }
        out += legend(x: Self.width - Self.legendWidth + 12, y: plot.top)
        return out + "</svg>"
    }

    private func legend(x: Double, y: Double) -> String {
        var out = ""
        for (index, item) in series.enumerated() {
            let rowY = y + 8 + Double(index) * 18
            let shown = item.name.count > 30 ? item.name.prefix(29) + "…" : item.name
            out += "<g><title>\(item.name.escapedForHTML)</title>"
            out += tag(
                "line", ("x1", n(x)), ("y1", n(rowY)), ("x2", n(x + 22)), ("y2", n(rowY)),
                ("stroke", item.color),
                ("stroke-width", n(item.width + 1)), ("stroke-dasharray", item.dashed ? "6 4" : ""))
            out += text(x + 28, rowY + 4, String(shown), anchor: "start") + "</g>\n"
        }
        return out
    }

    /// `<name a="v"/>`, or `<name a="v">content</name>` with `content` escaped; attribute values
    /// are numbers from `n` or constants, never text from the run; empty ones are left out.
    private func tag(_ name: String, _ attributes: (String, String)..., content: String? = nil) -> String {
        let start = "<\(name)" + attributes.filter { !$0.1.isEmpty }.map { " \($0)=\"\($1)\"" }.joined()
        return start + (content.map { ">\($0.escapedForHTML)</\(name)>\n" } ?? "/>\n")
    }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String) -> String {
        tag("line", ("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)), ("stroke", stroke))
    }

    private func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String, fill: String = "#222",
        transform: String = ""
    ) -> String {
        tag(
            "text", ("x", n(x)), ("y", n(y)), ("text-anchor", anchor), ("fill", fill),
            ("transform", transform),
            content: content)
    }
}

extension SVGChart {
    /// The range an axis shows, in the scale's units (decades for `.log`), and its ticks as values.
    struct Axis {
        let scale: Scale
        let low: Double
        let high: Double
        let ticks: [(value: Double, label: String)]

        /// Right edge of the percentile scale, where the maximum (p100) sits.
        static let percentileEdge = 5.0

        init(scale: Scale, values: [Double]) {
            self.scale = scale
            let values = values.filter(\.isFinite)
            switch scale {
            case .percentile:
                low = 0
                high = Self.percentileEdge
                ticks = [
                    (0, "0%"), (90, "90%"), (99, "99%"), (99.9, "99.9%"), (99.99, "99.99%"), (100, "max"),
                ]
            case .linear:
                let largest = max(0, values.max() ?? 0)
                let top = largest > 0 ? largest : 1
                let step = Self.niceStep(top / 5)
                low = 0
                high = (top / step).rounded(.up) * step
                ticks = stride(from: 0, through: high + step / 2, by: step).map { ($0, Self.label($0)) }
            case .log:
                let positive = values.filter { $0 > 0 }
                let floor = (positive.min().map(log10) ?? -1).rounded(.down)
                let ceiling = max(floor + 1, (positive.max().map(log10) ?? 1).rounded(.up))
                low = floor
                high = ceiling
                let decades = stride(from: floor, through: ceiling, by: 1).map { pow(10, $0) }
                let steps: [Double] = ceiling - floor <= 2 ? [1, 2, 5] : [1]
                ticks = decades.flatMap { decade in steps.map { decade * $0 } }
                    .filter { log10($0) <= ceiling + 1e-9 }
                    .map { ($0, Self.label($0)) }
            }
        }

        /// `value` in the scale's units, clamped to the axis.
        func transform(_ value: Double) -> Double {
            let scaled: Double
            switch scale {
            case .linear: scaled = value
            case .log: scaled = value > 0 ? log10(value) : low
            case .percentile:
                // p100 is infinitely far on this scale: it gets the edge, the rest stay short of it.
                scaled =
                    value >= 100
                    ? Self.percentileEdge : min(Self.percentileEdge - 0.2, log10(100 / (100 - max(0, value))))
            }
            return scaled.isFinite ? min(high, max(low, scaled)) : low
        }

        /// The pixel of `value` between `start` (the axis' low end) and `end`.
        func position(_ value: Double, from start: Double, to end: Double) -> Double {
            let span = high - low
            let fraction = span > 0 ? (transform(value) - low) / span : 0
            return start + fraction * (end - start)
        }

        /// 1, 2 or 5 times a power of ten, at least `raw`.
        static func niceStep(_ raw: Double) -> Double {
            let power = pow(10, log10(raw).rounded(.down))
            return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw * 0.999 } ?? 10 * power
        }

        /// 0.001, 0.5, 20, 1500, 25k, 2M.
        static func label(_ value: Double) -> String {
            if value >= 1e6 { return Threshold.format(value / 1e6) + "M" }
            if value >= 1e4 { return Threshold.format(value / 1e3) + "k" }
            if value > 0, value < 0.001 { return String(format: "%g", value) }
            return Threshold.format(value)
        }
    }
}

/// A coordinate with one decimal; 0 for a non-finite number, which SVG cannot draw.
private func n(_ value: Double) -> String {
    value.isFinite ? String(format: "%.1f", value) : "0"
}

extension String {
    /// The text with `&`, `<`, `>`, `"` and `'` replaced by entities, safe in HTML text and attributes.
    var escapedForHTML: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
