import Foundation

// MARK: - A chart's value axis
//
// The axis every drawing of a chart shares (terminal, SVG): from `low` to `high` in
// `steps` equal steps of a round size (1, 2, 2.5 or 5 times a power of ten), covering every
// number of every series; a bar chart's axis always holds zero, since bars start there,
// and a line chart's lowest value (unless zero) stands above its axis' line.
// Its labels are in the chart's format and the report's locale (`1.500`, `80%`), with
// the decimals the step needs and no more.

struct ChartScale: Equatable {
    var low: Double
    var high: Double
    /// The size of one step between two labels.
    var step: Double
    /// How many steps from `low` to `high`.
    static let steps = 4

    init(_ chart: Report.Chart) {
        let numbers = chart.series.flatMap { $0.points.compactMap(\.number) }
        var lo = numbers.min() ?? 0, hi = numbers.max() ?? 1
        if chart.kind == .bar {
            lo = Swift.min(lo, 0)
            hi = Swift.max(hi, 0)
        }
        if chart.kind == .line, lo != 0, lo < hi {
            // A line's lowest point stands above the axis, not on its line.
            let padded = lo - (hi / 20 - lo / 20)
            if padded.isFinite { lo = padded }
        }
        if lo == hi {
            // One value: an axis around it (or from zero, for a bar of it).
            let d = lo == 0 ? 1 : abs(lo) / 10
            if chart.kind == .bar {
                if lo >= 0 { hi = lo + d } else { lo -= d }
            } else {
                lo -= d
                hi += d
            }
        }
        let raw = hi / Double(Self.steps) - lo / Double(Self.steps)
        // Whole numbers get whole steps (2.5 only from 25 up).
        let whole = numbers.allSatisfy { $0 == $0.rounded() }
        var magnitude = pow(10, (log10(raw)).rounded(.down))
        switch chart.format {
        case .percent, .points: break
        default: if whole { magnitude = Swift.max(magnitude, 1) }
        }
        // A round step is found within a few powers of ten; values near the ends of the
        // doubles (1e308, 1e-320) have none: the axis runs between their own ends.
        for _ in 0..<4 where magnitude.isNormal && (magnitude * 1e3).isFinite {
            for m in [1.0, 2, 2.5, 5] where !(m == 2.5 && whole && magnitude < 10) {
                let step = m * magnitude
                let low = (lo / step + 1e-9).rounded(.down) * step
                if low + Double(Self.steps) * step >= hi - step * 1e-9 {
                    self.low = low
                    self.high = low + Double(Self.steps) * step
                    self.step = step
                    return
                }
            }
            magnitude *= 10
        }
        self.low = lo
        self.high = hi
        self.step = raw
    }

    /// Where `x` is on the axis: 0 at `low`, 1 at `high` (halved first, so that no
    /// difference of two doubles overflows).
    func fraction(_ x: Double) -> Double {
        let f = (x / 2 - low / 2) / (high / 2 - low / 2)
        // Every value is on the axis; rounding at the ends of the doubles stays near it.
        return f.isFinite ? Swift.min(Swift.max(f, -1), 2) : 0.5
    }

    /// The value of label `k` (0: `low`).
    func tick(_ k: Int) -> Double {
        if k == Self.steps { return high }
        let x = low + Double(k) * step
        // Near the ends of the doubles `k * step` alone may overflow: in halves.
        return x.isFinite ? x : (low / 2 + Double(k) * (step / 2)) * 2
    }

    /// The labels' format: the chart's kind of format with the decimals the step needs.
    func labelFormat(_ format: DisplayFormat) -> DisplayFormat {
        let percent: Bool
        switch format {
        case .percent, .points: percent = true
        default: percent = false
        }
        let unit = percent ? step * 100 : step
        let lowUnit = percent ? low * 100 : low
        var decimals = 0
        while decimals < 6 {
            let scale = pow(10, Double(decimals))
            if abs(unit * scale - (unit * scale).rounded()) < 1e-6, abs(lowUnit * scale - (lowUnit * scale).rounded()) < 1e-6 { break }
            decimals += 1
        }
        switch format {
        case .percent: return .percent(decimals: decimals)
        case .points: return .points(decimals: decimals)
        default: return .number(decimals: decimals)
        }
    }

    /// Labels wider than this are written in the general format (`1E+308`): values near
    /// the ends of the doubles would take hundreds of digits, and leave no room to draw.
    static let widestLabel = 20

    /// Label `k` as text.
    func label(_ k: Int, _ format: DisplayFormat, _ locale: DisplayLocale) -> String {
        let text = NumberFormatter.format(tick(k), labelFormat(format), locale)
        guard DisplayWidth.of(text) > Self.widestLabel else { return text }
        return NumberFormatter.format(tick(k), .general, locale)
    }
}

extension Period {
    /// A short label for a chart's axis, where the column header's is too wide:
    /// `Q1/2019`, `T3/2019` (`Q1 2019`, `Mar 2019` in English, already short).
    func chartLabel(_ locale: DisplayLocale) -> String {
        switch (locale, granularity) {
        case (_, .year): "\(year)"
        case (.vi, .half): "6T \(index == 1 ? "đầu" : "cuối")/\(year)"
        case (.vi, .quarter): "Q\(index)/\(year)"
        case (.vi, .month): "T\(index)/\(year)"
        case (.en, _): label(.en)
        }
    }
}
