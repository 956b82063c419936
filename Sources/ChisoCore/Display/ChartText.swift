// MARK: - Charts drawn with characters
//
//   Hồ sơ tiếp nhận và giải quyết
//   2.000 ┤
//         │                                         ●
//   1.500 ┤                                     ····○
//         │              ●·········●········○···
//   1.000 ┤    ●·········○·········○···
//         │    ○·········
//     500 ┤
//         │
//       0 └────┬─────────┬─────────┬─────────┬────
//           Q1/2018   Q2/2018   Q3/2018   Q4/2018  …
//   ● Hồ sơ tiếp nhận   ○ Hồ sơ giải quyết
//
// Twelve lines at most (a legend of many long labels may wrap): the title, eight rows,
// the axis, the periods and the legend. The value axis has five labels (`ChartScale`),
// in the chart's format and the locale. A line chart marks each value with its series'
// marker (● ○ ■ □ ▲ △) joined by dots; markers of two series falling on one place stand
// side by side (●○), and ◆ marks a place where more than three meet; a bar chart draws
// bars of block characters, one series in eighths of a row (▁▂▃▄▅▆▇█), the others, in
// groups beside it, in shades (▒ ░ ▓ …) to whole rows. Blanks are gaps; an error is a gap
// with `!` on the axis under its period. Only characters every console font has (box
// drawing, blocks, geometric shapes) are used, all one column wide. Periods are
// labelled as table headers are (`Quý I/2019`), shorter where that does not fit
// (`Q1/2019`), and then only every second, third… period, the last always.

enum ChartText {
    /// Rows of the plot above its axis.
    static let rows = 8
    static let markers: [Character] = ["●", "○", "■", "□", "▲", "△"]
    /// Where two series' markers fall on one place.
    static let overlap: Character = "◆"
    static let eighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let shades: [Character] = ["█", "▒", "░", "▓", "▚", "▞"]
    /// Widest band of one period (for a few periods, a chart does not stretch to the width).
    static let maxBand = 12

    /// `chart` in at most `width` columns.
    static func render(_ chart: Report.Chart, _ locale: DisplayLocale, width: Int = 80) -> String {
        var out = TerminalRenderer.wrapped(DisplayWidth.sanitized(chart.title), width: width).map { $0 + "\n" }.joined()
        let scale = ChartScale(chart)
        let labels = (0...ChartScale.steps).map { scale.label($0, chart.format, locale) }
        let labelWidth = labels.map(DisplayWidth.of).max() ?? 1
        let plotWidth = width - labelWidth - 2
        let n = chart.periods.count, k = chart.series.count
        // The least a period needs: a column for a line's point, a bar per series for bars.
        let least = chart.kind == .line ? 1 : k + 1
        guard n > 0, plotWidth >= n * least else {
            let note =
                locale == .vi
                ? "(\(n) kỳ không vừa \(width) cột: xem bản --format html hoặc json)"
                : "(\(n) periods do not fit in \(width) columns: see --format html or json)"
            return out + TerminalRenderer.wrapped(note, width: width).map { $0 + "\n" }.joined()
        }
        let band = min(plotWidth / n, chart.kind == .line ? maxBand : max(maxBand, k * 2 + 2))
        let plot = band * n
        // The grid: `rows` rows and the axis under them.
        var grid = Array(repeating: Array(repeating: Character(" "), count: plot), count: rows + 1)
        grid[rows] = Array(repeating: "─", count: plot)
        let centre = { (i: Int) in i * band + band / 2 }
        switch chart.kind {
        case .line: drawLines(chart, scale, centre, &grid)
        case .bar: drawBars(chart, scale, band: band, &grid)
        }
        // Errors: `!` on the axis under their period.
        var errors: [String] = []
        for i in chart.periods.indices {
            for s in chart.series {
                if case .error(let e) = s.points[i] {
                    grid[rows][centre(i)] = "!"
                    if !errors.contains(e.rawValue) { errors.append(e.rawValue) }
                }
            }
        }
        for r in 0...rows {
            let labelled = r % 2 == 0
            let label = labelled ? labels[ChartScale.steps - r / 2] : ""
            let edge = r == rows ? "└" : labelled ? "┤" : "│"
            var line = String(grid[r])
            while line.last == " " { line.removeLast() }
            out += DisplayWidth.pad(label, to: labelWidth, alignRight: true) + " " + edge + line + "\n"
        }
        out += String(repeating: " ", count: labelWidth + 2) + periodLine(chart.periods, locale, band: band, room: plotWidth) + "\n"
        var legend: [String] = []
        if k > 1 {
            for (j, s) in chart.series.enumerated() {
                let mark = chart.kind == .line ? markers[j] : shades[j]
                legend.append("\(mark) \(DisplayWidth.sanitized(s.label))")
            }
            if chart.kind == .line, grid.contains(where: { $0.contains(overlap) }) {
                legend.append("\(overlap) " + (locale == .vi ? "trùng nhau" : "same place"))
            }
        }
        if !errors.isEmpty { legend.append("! " + (locale == .vi ? "lỗi " : "error ") + errors.joined(separator: ", ")) }
        out += lines(legend, width: width)
        return out
    }

    /// The legend's entries three spaces apart, on as many lines as the width needs (an
    /// entry wider than the width wrapped on its own).
    static func lines(_ entries: [String], width: Int) -> String {
        var out = "", line = "", lineWidth = 0
        for entry in entries {
            let w = DisplayWidth.of(entry)
            if lineWidth > 0, lineWidth + 3 + w > width {
                out += line + "\n"
                line = ""
                lineWidth = 0
            }
            if w > width {
                out += TerminalRenderer.wrapped(entry, width: width).map { $0 + "\n" }.joined()
                continue
            }
            line += (lineWidth > 0 ? "   " : "") + entry
            lineWidth += (lineWidth > 0 ? 3 : 0) + w
        }
        return line.isEmpty ? out : out + line + "\n"
    }

    /// The row (0 at the top, `rows` on the axis) of a value.
    static func row(_ x: Double, _ scale: ChartScale) -> Int {
        let r = Int((Double(rows) * (1 - scale.fraction(x))).rounded())
        return min(max(r, 0), rows)
    }

    /// Each series' points and the dots joining consecutive ones (not across a gap).
    static func drawLines(_ chart: Report.Chart, _ scale: ChartScale, _ centre: (Int) -> Int, _ grid: inout [[Character]]) {
        var owner: [[Int?]] = grid.map { $0.map { _ in nil } }
        for (j, s) in chart.series.enumerated() {
            for i in s.points.indices.dropLast() {
                guard let a = s.points[i].number, let b = s.points[i + 1].number else { continue }
                let x0 = centre(i), x1 = centre(i + 1)
                let ya = Double(rows) * (1 - scale.fraction(a)), yb = Double(rows) * (1 - scale.fraction(b))
                for x in (x0 + 1)..<x1 {
                    let y = Int((ya + (yb - ya) * Double(x - x0) / Double(x1 - x0)).rounded())
                    // On the axis, its line shows the way.
                    let r = min(max(y, 0), rows)
                    if grid[r][x] == " " { grid[r][x] = "·" }
                }
            }
            for i in s.points.indices {
                guard let x = s.points[i].number else { continue }
                let r = row(x, scale), c = centre(i)
                // Where another series' marker is, beside it (right, then left), else ◆.
                if let place = [c, c + 1, c - 1].first(where: { $0 >= 0 && $0 < grid[r].count && owner[r][$0] == nil }) {
                    grid[r][place] = markers[j]
                    owner[r][place] = j
                } else {
                    grid[r][c] = overlap
                }
            }
        }
        // A tick on the axis under each period, where they stand apart.
        if centre(1) - centre(0) > 1 {
            for i in chart.periods.indices where grid[rows][centre(i)] == "─" { grid[rows][centre(i)] = "┬" }
        }
    }

    /// Bars from zero, grouped by period: series 0 in eighths of a row, the others in
    /// shades to whole rows (upward from zero, or downward for a negative value).
    static func drawBars(_ chart: Report.Chart, _ scale: ChartScale, band: Int, _ grid: inout [[Character]]) {
        let k = chart.series.count
        let barWidth = max(1, min(k == 1 ? 5 : 2, (band - 1) / k))
        let group = barWidth * k
        // Zero, as an edge between rows (0: the top of the plot, `rows`: the axis).
        let zero = Double(rows) * (1 - scale.fraction(0))
        for i in chart.periods.indices {
            let left = i * band + (band - group) / 2
            for (j, s) in chart.series.enumerated() {
                guard let x = s.points[i].number else { continue }
                let top = Double(rows) * (1 - scale.fraction(x))
                for r in 0..<rows {
                    let cell: Character
                    if x >= 0 {
                        // The part of row r (from r to r + 1) between `top` and `zero`.
                        let filled = min(Double(r + 1), zero) - max(Double(r), top)
                        guard filled > 0 else { continue }
                        if j == 0 {
                            let e = Int((filled * 8).rounded())
                            guard e > 0 else { continue }
                            cell = eighths[min(e, 8)]
                        } else {
                            guard filled >= 0.5 else { continue }
                            cell = shades[j]
                        }
                    } else {
                        let filled = min(Double(r + 1), top) - max(Double(r), zero)
                        guard filled >= 0.5 else { continue }
                        cell = shades[j]
                    }
                    for c in 0..<barWidth { grid[r][left + j * barWidth + c] = cell }
                }
            }
        }
    }

    /// The periods' labels under the axis, centred under their period: as table headers
    /// label them when they fit, else shorter, else every few periods (the last always).
    static func periodLine(_ periods: [Period], _ locale: DisplayLocale, band: Int, room: Int) -> String {
        var labels = periods.map { $0.label(locale) }
        var widest = labels.map(DisplayWidth.of).max() ?? 0
        if widest + 1 > band {
            labels = periods.map { $0.chartLabel(locale) }
            widest = labels.map(DisplayWidth.of).max() ?? 0
        }
        let every = max(1, (widest + 1 + band - 1) / band)
        var line: [Character] = Array(repeating: " ", count: room)
        var end = 0
        for i in periods.indices where (periods.count - 1 - i) % every == 0 {
            // Period labels are the program's own words, one column a character.
            let text = Array(labels[i])
            let start = max(end, min(i * band + band / 2 - (text.count - 1) / 2, room - text.count))
            guard start >= 0, start + text.count <= room else { continue }
            for (c, ch) in text.enumerated() { line[start + c] = ch }
            end = start + text.count + 1
        }
        var s = String(line)
        while s.last == " " { s.removeLast() }
        return s
    }
}
