// MARK: - Helpers shared by the unit tests
//
// Most behaviour is tested end to end: a small notebook goes through `Engine.run` and
// the test reads the report (scalars and table rows as `Value`s) and the diagnostics.

import Testing

@testable import ChisoCore

// MARK: Running notebooks

/// Runs `src` as the notebook `t.chiso`, optionally with `--set`-style assignments (`name=expr`).
func runNotebook(_ src: String, locale: DisplayLocale? = nil, set: [String] = []) -> RunResult {
    let assignments = set.map { text -> Assignment in
        guard let a = Assignment(text) else { fatalError("bad test assignment '\(text)'") }
        return a
    }
    return Engine.run(name: "t.chiso", text: src, options: RunOptions(locale: locale, assignments: assignments))
}

/// The printed scalar `name`, if the report has one. A cell holding a series is
/// reported as a table of one row; it is returned here with its series as the value.
func scalar(_ r: RunResult, _ name: String) -> Report.Scalar? {
    for item in r.report.items {
        switch item {
        case .scalars(let group):
            if let s = group.first(where: { $0.name == name }) { return s }
        case .table(let t) where t.name == name && t.rows.count == 1 && t.rows[0].name == name:
            let row = t.rows[0]
            let range = PeriodRange(start: t.periods[0], count: t.periods.count)
            return Report.Scalar(name: name, label: row.label, value: .series(Series(range: range, values: row.values)), format: row.format)
        default:
            continue
        }
    }
    return nil
}

/// The printed table `name`, if the report has one.
func reportTable(_ r: RunResult, _ name: String) -> Report.Table? {
    for item in r.report.items {
        if case .table(let t) = item, t.name == name { return t }
    }
    return nil
}

/// The printed row `table.row`, if the report has one.
func reportRow(_ r: RunResult, _ table: String, _ row: String) -> Report.Row? {
    reportTable(r, table)?.rows.first { $0.name == row }
}

/// The value of the public scalar `name` (a recorded issue, and a marker text, when there is none).
func value(_ r: RunResult, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Value {
    guard let s = scalar(r, name) else {
        Issue.record("the report has no scalar '\(name)'", sourceLocation: sourceLocation)
        return .text("<no scalar '\(name)'>")
    }
    return s.value
}

func value(_ src: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Value {
    value(runNotebook(src), name, sourceLocation: sourceLocation)
}

/// The values of `table.row`, one per period (without the total).
func rowValues(_ r: RunResult, table: String, row: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Value] {
    guard let found = reportRow(r, table, row) else {
        Issue.record("the report has no row '\(table).\(row)'", sourceLocation: sourceLocation)
        return []
    }
    return found.values
}

func rowValues(_ src: String, table: String, row: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Value] {
    rowValues(runNotebook(src), table: table, row: row, sourceLocation: sourceLocation)
}

/// The total-column value of `table.row`.
func rowTotal(_ r: RunResult, table: String, row: String, sourceLocation: SourceLocation = #_sourceLocation) -> Value {
    guard let found = reportRow(r, table, row) else {
        Issue.record("the report has no row '\(table).\(row)'", sourceLocation: sourceLocation)
        return .text("<no row>")
    }
    return found.total
}

func rowTotal(_ src: String, table: String, row: String, sourceLocation: SourceLocation = #_sourceLocation) -> Value {
    rowTotal(runNotebook(src), table: table, row: row, sourceLocation: sourceLocation)
}

/// The text a scalar is shown as, in the report's locale and the scalar's format.
func shown(_ r: RunResult, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    guard let s = scalar(r, name) else {
        Issue.record("the report has no scalar '\(name)'", sourceLocation: sourceLocation)
        return "<no scalar '\(name)'>"
    }
    return CellText.format(s.value, s.format, r.report.locale)
}

func shown(_ src: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    shown(runNotebook(src), name, sourceLocation: sourceLocation)
}

// MARK: Diagnostics

/// Every diagnostic's message, in the order the engine reports them.
func messages(_ r: RunResult) -> [String] { r.diagnostics.map(\.message) }

func messages(_ src: String) -> [String] { messages(runNotebook(src)) }

/// Only the errors (no warnings).
func errors(_ r: RunResult) -> [Diagnostic] { r.diagnostics.filter { $0.severity == .error } }

/// The 1-based line and column where a diagnostic points.
func location(_ d: Diagnostic, in r: RunResult) -> (line: Int, column: Int)? {
    guard let span = d.span else { return nil }
    return r.sources[span.source].location(of: span.start)
}

/// The file name of the source a diagnostic points into.
func fileName(_ d: Diagnostic, in r: RunResult) -> String? {
    d.span.map { r.sources[$0.source].name }
}

// MARK: Values

/// The exact double inside a number value.
func num(_ v: Value) -> Double? {
    if case .number(let x) = v { return x }
    return nil
}

/// A period from its source form (`2019Q1`); traps on a typo in a test.
func period(_ text: String) -> Period {
    guard let p = Period.parse(text) else { fatalError("bad test period '\(text)'") }
    return p
}

/// Numbers, `nil` standing for a blank: `values(1, nil, 3)`.
func values(_ xs: Double?...) -> [Value] {
    xs.map { $0.map(Value.number) ?? .blank }
}

/// A series value over `first..last`.
func series(_ first: String, _ last: String, _ vs: [Value]) -> Value {
    .series(Series(range: PeriodRange(period(first), period(last))!, values: vs))
}

// MARK: Sessions

/// What `chiso run` prints for the session's notebook, without the marks of amended
/// values (a session's report carries none): what the session must print after any change.
func freshRendering(of session: Session) -> String {
    TerminalRenderer.render(Engine.run(name: "fresh.chiso", text: session.notebookText).report.withoutOrigins)
}
