// MARK: - Charts in the report
//
// A chart's series as the report draws them. Each series must be a series of numbers
// over periods: one value, text, a series with no number at all, or periods of
// another kind than the first series' are errors at the series, and the chart is drawn
// with the series that are left (none left: it is not drawn). Blanks are gaps; an error
// (or a text among numbers) is a gap with a mark. The axis runs from the earliest
// series' first period to the latest one's last.

enum Charts {
    /// Chart `index` of the program as the report draws it (nil when no series can be
    /// drawn), and the problems of its series.
    static func chart(_ index: Int, _ evaluator: Evaluator) -> (chart: Report.Chart?, problems: [Diagnostic]) {
        let program = evaluator.program
        let decl = program.charts[index]
        var problems: [Diagnostic] = []
        var drawn: [(series: Chart.Series, values: Series)] = []
        for s in decl.series {
            let value = evaluator.value(of: s.node)
            switch value {
            case .error(.name), .error(.cycle):
                // Reported where it is (an unknown name with its suggestion, a cycle).
                continue
            case .series(let values):
                if let first = drawn.first, first.values.range.granularity != values.range.granularity {
                    problems.append(
                        .error(
                            .evaluation,
                            "'\(s.text)' is \(values.range.granularity.adjective) but the chart's first series is \(first.values.range.granularity.adjective): a chart's series have periods of one kind",
                            at: s.span, help: "draw them in two charts"))
                    continue
                }
                let numbers = values.values.contains { if case .number = $0 { true } else { false } }
                if numbers {
                    drawn.append((s, values))
                } else if values.values.contains(where: { if case .text = $0 { true } else { false } }) {
                    problems.append(
                        .error(
                            .evaluation, "'\(s.text)' is text: a chart draws numbers", at: s.span,
                            help: "chart a row of numbers"))
                } else {
                    problems.append(
                        .error(
                            .evaluation, "'\(s.text)' has no numbers to draw: its values are all blank or errors", at: s.span,
                            help: "fill in the figures it reads, or chart another row"))
                }
            default:
                if s.reported { continue }
                let what = if case .text = value { "text" } else { "one value" }
                problems.append(
                    .error(
                        .evaluation, "'\(s.text)' is \(what), not a series over periods: a chart draws rows", at: s.span,
                        help: "chart a row (t.row), a slice of one (t.row@2018Q1..2019Q1) or a cell holding a series"))
            }
        }
        guard let first = drawn.first?.values.range else { return (nil, problems) }
        let start = drawn.map(\.values.range.start.ordinal).min() ?? first.start.ordinal
        let end = drawn.map(\.values.range.last.ordinal).max() ?? first.last.ordinal
        let axis = PeriodRange(start: Period(first.granularity, ordinal: start), count: end - start + 1)
        let series = drawn.map { s, values in
            var points = Array(repeating: Report.Chart.Point.blank, count: axis.count)
            for (k, v) in values.values.enumerated() {
                guard let i = axis.index(of: values.range[k]) else { continue }
                switch v {
                case .number(let x): points[i] = .number(x)
                case .blank: points[i] = .blank
                case .error(let e): points[i] = .error(e)
                default: points[i] = .error(.value)
                }
            }
            let node = program.nodes[s.node]
            return Report.Chart.Series(name: s.text, label: label(s, program) ?? s.text, points: points, format: node.format)
        }
        return (Report.Chart(title: decl.title, kind: decl.kind, periods: Array(axis), series: series), problems)
    }

    /// The label of the row or cell a series names (`dvc.received` → "Hồ sơ tiếp nhận").
    static func label(_ s: Chart.Series, _ program: Program) -> String? {
        guard let names = s.names else { return nil }
        switch names.count {
        case 1: return program.scalarByName[names[0]].flatMap { program.nodes[$0].label }
        case 2:
            guard let t = program.tableByName[names[0]], let id = program.tables[t].rowByName[names[1]] else { return nil }
            return program.nodes[id].label
        default: return nil
        }
    }

    /// The problems of every chart's series (of the charts `include` accepts), in source order.
    static func diagnostics(_ evaluator: Evaluator, where include: (Chart) -> Bool = { _ in true }) -> [Diagnostic] {
        evaluator.program.charts.indices.flatMap { include(evaluator.program.charts[$0]) ? chart($0, evaluator).problems : [] }
    }
}

// MARK: - What an input changed (the REPL)

extension Charts {
    /// Every chart that can be drawn and that `include` accepts, by where it is written, in order.
    static func drawn(_ evaluator: Evaluator, where include: (Chart) -> Bool = { _ in true }) -> [(span: SourceSpan, chart: Report.Chart)] {
        evaluator.program.charts.indices.compactMap { i in
            guard include(evaluator.program.charts[i]) else { return nil }
            return chart(i, evaluator).chart.map { (evaluator.program.charts[i].span, $0) }
        }
    }

    /// The charts of `after` not in `before` (new), and those drawn differently now.
    static func differences(
        before: [(span: SourceSpan, chart: Report.Chart)], after: [(span: SourceSpan, chart: Report.Chart)]
    ) -> (new: [Report.Item], changed: [Report.Item]) {
        let old = Dictionary(before.map { ($0.span, $0.chart) }, uniquingKeysWith: { a, _ in a })
        var new: [Report.Item] = [], changed: [Report.Item] = []
        for (span, c) in after {
            switch old[span] {
            case nil: new.append(.chart(c))
            case let d? where d != c: changed.append(.chart(c))
            default: continue
            }
        }
        return (new, changed)
    }
}
