// MARK: - Charts and sparklines drawn with characters
//
// The terminal's chart fits its width (every line, measured in display columns), holds
// at most twelve lines, draws each value on the row its axis gives it, and writes no
// control character from a notebook; the value axis covers every value with round
// steps; the sparkline follows each row from its lowest to its highest value.

import Foundation
import Testing

@testable import ChisoCore

@Suite("Charts")
struct ChartTests {
    static func chart(_ kind: ChartDecl.Kind, _ values: [[Double?]], title: String = "T", labels: [String]? = nil) -> Report.Chart {
        let start = Period(.quarter, year: 2018)!
        let count = values.map(\.count).max() ?? 0
        return Report.Chart(
            title: title, kind: kind, periods: (0..<count).map { start.shifted(by: $0) },
            series: values.enumerated().map { j, v in
                Report.Chart.Series(
                    name: "t.s\(j)", label: labels?[j] ?? "Dãy \(j)", points: v.map { $0.map(Report.Chart.Point.number) ?? .blank },
                    format: .general)
            })
    }

    @Test("every line fits the width, and a chart of one or two series takes at most 12 lines", arguments: [40, 60, 80, 120])
    func fitsTheWidth(_ width: Int) {
        let charts = [
            Self.chart(.line, [[1020, 1250, 1410, 1131, 1636], [980, 1200, 1395, 1100, 1574]]),
            Self.chart(.bar, [[0.961, 0.96, 0.989, 0.973, 0.962]]),
            Self.chart(.bar, [[120, -80, 40, -150], [10, 20, nil, 5]]),
            Self.chart(.line, [(0..<30).map { Double($0 * $0) }]),
        ]
        for c in charts {
            for locale in DisplayLocale.allCases {
                let lines = ChartText.render(c, locale, width: width).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= width }, "\(lines.joined(separator: "\n"))")
                #expect(lines.count <= 12, "\(lines.count) lines")
            }
        }
    }

    @Test("each value of a line is drawn on the row its axis gives it")
    func pointsOnTheirRows() throws {
        let values: [Double] = [0, 10, 20, 30, 40]
        let text = ChartText.render(Self.chart(.line, [values]), .en)
        let lines = text.split(separator: "\n").map(String.init)
        // Axis 0..40: row 0 is 40, each row 5 lower; the axis row (8) is 0.
        #expect(lines[1].hasPrefix("40 ┤"), "\(text)")
        #expect(lines[9].hasPrefix(" 0 └"), "\(text)")
        // The markers, left to right, stand on rows 8, 6, 4, 2, 0 (lines 9, 7, 5, 3, 1).
        var found: [Int] = []
        let columns = lines.map { Array($0) }
        for c in 0..<(columns.map(\.count).max() ?? 0) {
            for (i, line) in columns.enumerated() where c < line.count && line[c] == "●" { found.append(i) }
        }
        #expect(found == [9, 7, 5, 3, 1], "\(text)")
    }

    @Test("the axis covers every value with five round labels; a bar chart's holds zero")
    func scale() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 1...8, using: &rng)
            let magnitude = [0.01, 1, 100, 10_000].randomElement(using: &rng)!
            let values = (0..<count).map { _ in Double.random(in: -3...9, using: &rng) * magnitude }
            for kind in ChartDecl.Kind.allCases {
                let s = ChartScale(Self.chart(kind, [values]))
                #expect(s.low <= values.min()! && s.high >= values.max()!)
                #expect(s.high > s.low)
                if kind == .bar { #expect(s.low <= 0 && s.high >= 0) }
                let mantissa = s.step / pow(10, (log10(s.step)).rounded(.down))
                #expect([1, 2, 2.5, 5, 10].contains { abs($0 - mantissa) < 1e-9 }, "\(s.step)")
            }
        }
        #expect(ChartScale(Self.chart(.bar, [[0.961, 0.96, 0.989]])).label(4, .percent(decimals: 1), .vi) == "100%")
        #expect(ChartScale(Self.chart(.line, [[980, 1636]])).label(2, .general, .vi) == "1.250")
    }

    @Test("a notebook's title and labels reach the chart without control characters; a fence stays closed")
    func hostileText() {
        let c = Self.chart(.line, [[1, 2], [2, 3]], title: "a\u{1B}[31m```b\u{202E}", labels: ["x\u{7}y", "```"])
        for text in [ChartText.render(c, .vi), MarkdownRenderer.chart(c, .vi)] {
            #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x202E })
        }
        let md = MarkdownRenderer.chart(c, .vi)
        #expect(md.hasPrefix("````text\n") && md.hasSuffix("\n````\n"))
    }

    @Test("values at the ends of the doubles, equal values, zeros: drawn within the width, no hang")
    func extremes() {
        // Subnormal doubles near 1e-320, 3e-320 and 2e-320 (literals that small round with a warning).
        let tiny = Double.leastNonzeroMagnitude
        let rows: [[Double?]] = [
            [1.7e308, -1.7e308, 0], [tiny * 2024, tiny * 6072, tiny * 4048], [5, 5, 5], [0, 0, 0], [-5, -5, -5], [nil, 3, nil],
        ]
        for r in rows {
            for kind in ChartDecl.Kind.allCases {
                let c = Self.chart(kind, [r])
                let s = ChartScale(c)
                #expect(s.low.isFinite && s.high.isFinite && s.high > s.low, "\(r) \(kind) \(s)")
                let text = ChartText.render(c, .vi)
                let lines = text.split(separator: "\n")
                #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= 80 })
                // Drawn, not refused for want of room: the axis' labels are short (1,7E+308).
                #expect(text.contains("└") && !text.contains("không vừa"), "\(r) \(kind)\n\(text)")
                for k in 0...ChartScale.steps {
                    #expect(s.tick(k).isFinite, "\(r) \(kind) tick \(k)")
                    #expect(DisplayWidth.of(s.label(k, .general, .vi)) <= ChartScale.widestLabel)
                }
                #expect(!ChartSVG.chart(c, .vi).contains("nan") && !ChartSVG.chart(c, .vi).contains("inf"))
            }
            #expect(Sparkline.text(r.map { $0.map(Value.number) ?? .blank }).count == (r.lastIndex { $0 != nil } ?? -1) + 1)
        }
    }

    @Test("too many periods for the width: a note instead of a chart")
    func tooManyPeriods() {
        let text = ChartText.render(Self.chart(.line, [(0..<200).map(Double.init)]), .en, width: 80)
        #expect(text == "T\n(200 periods do not fit in 80 columns: see --format html or json)\n")
    }

    @Test("a sparkline runs from the row's lowest to its highest; gaps, marks, a flat row, no number")
    func sparkline() {
        #expect(Sparkline.text([.number(1), .number(8), .number(4.5)]) == "▁█▅")
        #expect(Sparkline.text([.number(3), .blank, .error(.div0), .number(3)]) == "▄ !▄")
        #expect(Sparkline.text([.number(1), .number(2), .blank]) == "▁█")
        #expect(Sparkline.text([.text("a"), .blank]) == "")
        // A table over one period has no trend column.
        let t = runNotebook("table t over 2019Q1..2019Q1 with trend {\n  a = 1\n}\n")
        guard case .table(let table) = t.report.items.first else { Issue.record("no table"); return }
        #expect(table.trend && !table.showsTrend)
        #expect(!TerminalRenderer.render(t.report).contains("Trend"))
    }
}
