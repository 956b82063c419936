import Foundation

// MARK: - Charts and sparklines as inline SVG (the HTML page)
//
//   <figure class="chart"><figcaption>Title</figcaption>
//   <svg class="line" viewBox="0 0 720 H" role="img">   (inline SVG needs no namespace)
//     grid lines and the value axis' labels, the periods' labels, then each series
//     (a line chart: polylines broken at gaps and a circle per value; a bar chart: a
//     rect per value, grouped by period), `!` in red under a period with an error,
//     and the legend (more than one series)
//   </svg></figure>
//
// The page stays one file with no script and nothing fetched: the SVG is written into
// it, with presentation attributes only. Text from the notebook (the title, labels)
// is escaped as everywhere in the page and is only ever element content; attributes
// hold numbers and fixed words. The axis is the terminal's (`ChartScale`), so every
// output of a chart shows the same labels. Numbers in attributes are written with '.'
// and at most two decimals.

enum ChartSVG {
    static let width = 720.0
    static let plotTop = 14.0
    static let plotHeight = 240.0
    static let plotRight = 706.0
    /// Series colours (they stay apart in grey print too) and line dashes.
    static let colours = ["#1f4e79", "#c55a11", "#548235", "#7f3f98", "#b8860b", "#595959"]
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "12 4", "4 2 1 2"]
    /// An estimate of a character's width in the labels' 12px font.
    static let charWidth = 6.6

    static func n(_ x: Double) -> String {
        // Coordinates stay near the drawing; the bound keeps `Int` from ever overflowing.
        let r = (Swift.min(Swift.max(x.isFinite ? x : 0, -1e6), 1e6) * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
    }

    static func chart(_ c: Report.Chart, _ locale: DisplayLocale) -> String {
        let scale = ChartScale(c)
        let labels = (0...ChartScale.steps).map { scale.label($0, c.format, locale) }
        let labelWidth = Double(labels.map(DisplayWidth.of).max() ?? 1) * charWidth
        let left = (labelWidth + 14).rounded()
        let plotWidth = plotRight - left
        let bottom = plotTop + plotHeight
        let count = max(1, c.periods.count)
        let band = plotWidth / Double(count)
        let y = { (x: Double) in bottom - scale.fraction(x) * plotHeight }
        let centre = { (i: Int) in left + band * (Double(i) + 0.5) }
        // The legend's rows under the periods' labels.
        var legend: [(x: Double, row: Int, j: Int)] = []
        if c.series.count > 1 {
            var x = left, row = 0
            for (j, s) in c.series.enumerated() {
                let w = 34 + Double(DisplayWidth.of(DisplayWidth.sanitized(s.label))) * charWidth + 18
                if x > left, x + w > plotRight {
                    x = left
                    row += 1
                }
                legend.append((x, row, j))
                x += w
            }
        }
        let legendTop = bottom + 40
        let rowsOfLegend = legend.map(\.row).max().map { $0 + 1 } ?? 0
        let height = legendTop + Double(rowsOfLegend) * 20 + (rowsOfLegend > 0 ? 4 : -16)
        var out = "<figure class=\"chart\">\n<figcaption>\(HTMLRenderer.escape(c.title))</figcaption>\n"
        out += "<svg class=\"\(c.kind.rawValue)\" viewBox=\"0 0 \(n(width)) \(n(height))\""
        out += " width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" font-family=\"inherit\" font-size=\"12\">\n"
        out += "<title>\(HTMLRenderer.escape(c.title))</title>\n"
        // The value axis: a grid line and a label per step.
        for k in 0...ChartScale.steps {
            let yk = y(scale.tick(k))
            let rule = k == 0 ? "#555" : "#d0d0d0"
            out +=
                "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(yk))\" x2=\"\(n(plotRight))\" y2=\"\(n(yk))\" stroke=\"\(rule)\" stroke-width=\"1\" />\n"
            out +=
                "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(yk + 4))\" text-anchor=\"end\" fill=\"#333\">\(HTMLRenderer.escape(labels[k]))</text>\n"
        }
        if scale.low < 0, scale.high > 0 {
            out +=
                "<line class=\"zero\" x1=\"\(n(left))\" y1=\"\(n(y(0)))\" x2=\"\(n(plotRight))\" y2=\"\(n(y(0)))\" stroke=\"#555\" stroke-width=\"1\" />\n"
        }
        // The periods: as table headers label them when they fit, else shorter, else every few (the last always).
        var periodLabels = c.periods.map { $0.label(locale) }
        var widest = Double(periodLabels.map(DisplayWidth.of).max() ?? 0) * charWidth
        if widest + 8 > band {
            periodLabels = c.periods.map { $0.chartLabel(locale) }
            widest = Double(periodLabels.map(DisplayWidth.of).max() ?? 0) * charWidth
        }
        let every = max(1, Int(((widest + 8) / band).rounded(.up)))
        for i in c.periods.indices where (c.periods.count - 1 - i) % every == 0 {
            out +=
                "<text class=\"period\" x=\"\(n(centre(i)))\" y=\"\(n(bottom + 18))\" text-anchor=\"middle\" fill=\"#333\">\(HTMLRenderer.escape(periodLabels[i]))</text>\n"
        }
        switch c.kind {
        case .line:
            for (j, s) in c.series.enumerated() {
                let colour = colours[j % colours.count], dash = dashes[j % dashes.count]
                var run: [String] = []
                func flush() {
                    if run.count > 1 {
                        out +=
                            "<polyline class=\"s\(j)\" points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\""
                        out += dash.isEmpty ? " />\n" : " stroke-dasharray=\"\(dash)\" />\n"
                    }
                    run = []
                }
                for (i, p) in s.points.enumerated() {
                    if let x = p.number { run.append("\(n(centre(i))),\(n(y(x)))") } else { flush() }
                }
                flush()
                for (i, p) in s.points.enumerated() {
                    guard let x = p.number else { continue }
                    out +=
                        "<circle class=\"point s\(j)\" cx=\"\(n(centre(i)))\" cy=\"\(n(y(x)))\" r=\"3.5\" fill=\"\(j % 2 == 0 ? colour : "#fff")\" stroke=\"\(colour)\" stroke-width=\"1.5\" />\n"
                }
            }
        case .bar:
            let k = Double(c.series.count)
            let barWidth = min(40, band * 0.8 / k)
            for (j, s) in c.series.enumerated() {
                for (i, p) in s.points.enumerated() {
                    guard let x = p.number else { continue }
                    let x0 = centre(i) - barWidth * k / 2 + barWidth * Double(j)
                    let top = min(y(x), y(0)), h = abs(y(x) - y(0))
                    out +=
                        "<rect class=\"bar s\(j)\" x=\"\(n(x0))\" y=\"\(n(top))\" width=\"\(n(barWidth))\" height=\"\(n(h))\" fill=\"\(colours[j % colours.count])\" />\n"
                }
            }
        }
        // Errors: a red `!` under their period.
        for i in c.periods.indices where c.series.contains(where: { if case .error = $0.points[i] { true } else { false } }) {
            out +=
                "<text class=\"error\" x=\"\(n(centre(i)))\" y=\"\(n(bottom - 4))\" text-anchor=\"middle\" fill=\"#8a1c1c\" font-weight=\"bold\">!</text>\n"
        }
        for (x, row, j) in legend {
            let ly = legendTop + Double(row) * 20
            let colour = colours[j % colours.count]
            switch c.kind {
            case .line:
                let dash = dashes[j % dashes.count]
                out +=
                    "<line x1=\"\(n(x))\" y1=\"\(n(ly - 4))\" x2=\"\(n(x + 26))\" y2=\"\(n(ly - 4))\" stroke=\"\(colour)\" stroke-width=\"2\""
                out += dash.isEmpty ? " />\n" : " stroke-dasharray=\"\(dash)\" />\n"
                out +=
                    "<circle cx=\"\(n(x + 13))\" cy=\"\(n(ly - 4))\" r=\"3.5\" fill=\"\(j % 2 == 0 ? colour : "#fff")\" stroke=\"\(colour)\" stroke-width=\"1.5\" />\n"
            case .bar:
                out += "<rect x=\"\(n(x + 6))\" y=\"\(n(ly - 11))\" width=\"14\" height=\"12\" fill=\"\(colour)\" />\n"
            }
            out +=
                "<text class=\"legend\" x=\"\(n(x + 32))\" y=\"\(n(ly))\" fill=\"#1b1b1b\">\(HTMLRenderer.escape(c.series[j].label))</text>\n"
        }
        out += "</svg>\n</figure>\n"
        return out
    }

    /// A row's sparkline: a line through its values (broken at gaps), a dot on the last,
    /// a red tick under an error, and the terminal's sparkline as its title. Empty when
    /// the row has no number.
    static func sparkline(_ values: [Value]) -> String {
        guard let levels = Sparkline.levels(values) else { return "" }
        let step = 8.0, h = 20.0
        let w = step * Double(max(1, levels.count - 1)) + 6
        let x = { (i: Int) in 3 + step * Double(i) }
        let y = { (l: Double) in 3 + (1 - l) * (h - 6) }
        var out =
            "<svg class=\"sparkline\" viewBox=\"0 0 \(n(w)) \(n(h))\" width=\"\(n(w))\" height=\"\(n(h))\" role=\"img\">"
        // Its text: the terminal's sparkline (a tooltip, and what a screen reader or a copy reads).
        out += "<title>\(HTMLRenderer.escape(Sparkline.text(values)))</title>"
        var run: [String] = []
        func flush() {
            if run.count > 1 {
                out += "<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"1.5\" />"
            }
            run = []
        }
        var lastDot: (Double, Double)?
        for (i, l) in levels.enumerated() {
            guard let l else {
                flush()
                continue
            }
            if l.isNaN {
                flush()
                out +=
                    "<line class=\"error\" x1=\"\(n(x(i)))\" y1=\"\(n(h - 6))\" x2=\"\(n(x(i)))\" y2=\"\(n(h - 1))\" stroke=\"#8a1c1c\" stroke-width=\"2\" />"
                continue
            }
            run.append("\(n(x(i))),\(n(y(l)))")
            lastDot = (x(i), y(l))
            if i == 0 || levels[i - 1] == nil || levels[i - 1]!.isNaN, i + 1 == levels.count || levels[i + 1] == nil || levels[i + 1]!.isNaN
            {
                // A value alone between gaps: a dot, or it would not show.
                out += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(l)))\" r=\"1.5\" fill=\"#1f4e79\" />"
            }
        }
        flush()
        if let (cx, cy) = lastDot, levels.last.map({ $0 != nil && !$0!.isNaN }) == true {
            out += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"2\" fill=\"#1f4e79\" />"
        }
        return out + "</svg>"
    }
}
