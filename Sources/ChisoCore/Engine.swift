// MARK: - Engine
//
// Runs the stages in order: parse → resolve → graph → evaluate → report. The file
// runner and the REPL share it. It returns values and diagnostics; it never prints.

import ChisoStdlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--set name=expr`: a definition replaced from outside the notebook.
public struct Assignment: Sendable, Equatable {
    /// `name`, `table.row` or `table.row@P`.
    public var target: String
    public var expression: String

    public init(target: String, expression: String) {
        self.target = target
        self.expression = expression
    }

    /// Parses `name=expr`; nil when there is no `=`.
    public init?(_ text: String) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        target = String(text[..<eq]).trimmed(of: " ")
        expression = String(text[text.index(after: eq)...])
    }
}

public struct RunOptions: Sendable {
    /// Overrides the notebook's `locale`.
    public var locale: DisplayLocale?
    public var assignments: [Assignment]
    /// The notebook root imports must stay under (`--root`); by default the notebook's
    /// own folder, or the nearest folder above it holding a `chiso.root` file.
    public var root: String?

    public init(locale: DisplayLocale? = nil, assignments: [Assignment] = [], root: String? = nil) {
        self.locale = locale
        self.assignments = assignments
        self.root = root
    }
}

/// The outcome of one `check`.
public struct CheckOutcome: Sendable {
    public var span: SourceSpan
    public var message: String?
    /// The import a check of an imported notebook belongs to (`b`), nil for the notebook being run.
    public var module: String?
    /// Empty when the check holds; else where it fails ("2019Q1: false").
    public var failures: [String]
    public var holds: Bool { failures.isEmpty }
}

public struct RunResult: Sendable {
    public var report: Report
    /// Everything found, in source order: syntax, names, cycles, evaluation, failed checks.
    public var diagnostics: [Diagnostic]
    public var checks: [CheckOutcome]
    public var sources: SourceMap
    /// How long each stage took, in order: parse, resolve, graph, evaluate, report.
    public var timings: [(stage: String, seconds: Double)] = []

    /// Errors other than failed checks: the notebook itself is wrong (exit 65).
    public var hasErrors: Bool {
        diagnostics.contains { $0.severity == .error && $0.kind != .check && $0.kind != .usage }
    }

    /// `--set` values that do not fit the notebook (exit 64).
    public var hasUsageErrors: Bool { diagnostics.contains { $0.kind == .usage } }

    public var failedChecks: Int { checks.filter { !$0.holds }.count }
}

public enum Engine {
    /// Reads a notebook's bytes (any bytes: invalid UTF-8 is reported, not trusted), and
    /// evaluates it with the standard library.
    public static func run(name: String, bytes: [UInt8], options: RunOptions = RunOptions()) -> RunResult {
        LargeStack.run { runOnThisThread(name: name, bytes: bytes, options: options) }
    }

    public static func run(name: String, text: String, options: RunOptions = RunOptions()) -> RunResult {
        run(name: name, bytes: Array(text.utf8), options: options)
    }

    private static func runOnThisThread(name: String, bytes: [UInt8], options: RunOptions) -> RunResult {
        var sources = SourceMap()
        var diagnostics: [Diagnostic] = []
        var timings: [(stage: String, seconds: Double)] = []
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ stage: String) {
            let now = clock.now
            let d = now - mark
            timings.append((stage, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
            mark = now
        }

        let (stdlibTrees, stdlibErrors) = Pipeline.parseStdlib(into: &sources)
        diagnostics += stdlibErrors

        let id = sources.add(name: name, bytes: bytes)
        var (tree, errors) = Parser.parse(sources[id], id: id)
        diagnostics += errors
        if tree.statements.isEmpty, errors.isEmpty {
            diagnostics.append(.warning(.syntax, "the notebook '\(name)' is empty", at: nil,
                                        help: "write a definition such as `x = 1` or a table"))
        }
        let assigned = Assignments.apply(options.assignments, to: &tree, sources: &sources)
        diagnostics += assigned.diagnostics
        // The notebooks it imports, read through the sandbox.
        let loaded = Imports.load(tree, file: name, place: ImportPlace(notebookPath: name, explicitRoot: options.root),
                                  sources: &sources, diagnostics: &diagnostics)
        diagnostics += Assignments.apply(assigned.deferred, to: loaded)
        lap("parse")

        let evaluation = Pipeline.evaluate(stdlib: stdlibTrees, notebook: loaded, locale: options.locale, lap: lap)
        // A `--set` that reaches into an import and names nothing there is the command line's error.
        diagnostics += evaluation.diagnostics.map { d in
            guard d.severity == .error, let span = d.span, assigned.sources.contains(span.source) else { return d }
            var usage = d
            usage.kind = .usage
            return usage
        }
        let (evaluator, locale, checks) = (evaluation.evaluator, evaluation.locale, evaluation.checks)
        let report = ReportBuilder.build(evaluator, locale: locale)
        lap("report")
        return RunResult(report: report, diagnostics: sorted(diagnostics), checks: checks, sources: sources, timings: timings)
    }

    /// Diagnostics in the order a reader meets them: by source, then place.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let x = a.element.span, y = b.element.span
            switch (x, y) {
            case let (x?, y?) where x.source != y.source: return x.source.raw < y.source.raw
            case let (x?, y?) where x.start != y.start: return x.start < y.start
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}

// MARK: - The stages after parsing, shared by Engine and Session

/// A program resolved, checked for cycles and evaluated.
struct Evaluation {
    let program: Program
    /// Kept so that a session can change single definitions in place.
    var resolver: Resolver
    let evaluator: Evaluator
    let components: [[NodeID]]
    var diagnostics: [Diagnostic]
    var checks: [CheckOutcome]
    var locale: DisplayLocale
}

enum Pipeline {
    /// The standard library, parsed into `sources`.
    static func parseStdlib(into sources: inout SourceMap) -> ([SyntaxTree], [Diagnostic]) {
        var trees: [SyntaxTree] = [], diagnostics: [Diagnostic] = []
        for file in Stdlib.files {
            let id = sources.add(name: "<stdlib>/\(file.name)", bytes: Array(file.text.utf8))
            let (tree, errors) = Parser.parse(sources[id], id: id)
            diagnostics += errors
            trees.append(tree)
        }
        return (trees, diagnostics)
    }

    /// Resolves, finds cycles, evaluates and runs the checks of one syntax tree (no imports).
    static func evaluate(stdlib: [SyntaxTree], tree: SyntaxTree, locale override: DisplayLocale?, lap: (String) -> Void = { _ in }) -> Evaluation {
        evaluate(stdlib: stdlib, notebook: LoadedNotebook(tree: tree, file: ""), locale: override, lap: lap)
    }

    /// Resolves, finds cycles, evaluates and runs the checks of a notebook and its imports.
    static func evaluate(stdlib: [SyntaxTree], notebook: LoadedNotebook, locale override: DisplayLocale?, lap: (String) -> Void = { _ in }) -> Evaluation {
        var diagnostics: [Diagnostic] = []
        let (resolver, components) = Resolver.build(stdlib: stdlib, notebook: notebook)
        let program = resolver.program
        diagnostics += resolver.diagnostics
        lap("resolve")

        diagnostics += markCycles(in: components, of: program)
        lap("graph")

        // `--locale` and `:locale` change how values are shown, never what they are: text()
        // and concat() write numbers in the notebook's own locale.
        let locale = override ?? program.locale ?? .en
        let evaluator = Evaluator(program: program, locale: program.locale ?? .en)
        evaluator.evaluate(components)
        diagnostics += evaluator.issues.sorted { $0.key < $1.key }.map(\.value)
        lap("evaluate")

        let checks = Checks.outcomes(evaluator, locale: locale)
        diagnostics += Checks.diagnostics(checks)
        return Evaluation(program: program, resolver: resolver, evaluator: evaluator, components: components, diagnostics: diagnostics, checks: checks, locale: locale)
    }

    /// Reports each loop of unshifted references with its path, and marks its nodes `#CYCLE!`.
    static func markCycles(in components: [[NodeID]], of program: Program) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for component in components where component.count > 1 || program.nodes[component[0]].dependencies.contains(where: { $0.node == component[0] }) {
            for cycle in Graph.hardCycles(in: component, program: program) {
                let names = cycle.map { program.nodes[$0].name }
                let notes = cycle.dropFirst().dropLast().map { Diagnostic.Note(span: program.nodes[$0].span, message: "'\(program.nodes[$0].name)' is defined here") }
                diagnostics.append(.error(.cycle, "cycle: \(names.joined(separator: " -> "))", at: program.nodes[cycle[0]].span,
                                          help: "these cells depend on each other; break the loop", notes: notes))
                for v in cycle { program.nodes[v].onCycle = true }
            }
        }
        return diagnostics
    }
}

// MARK: - Checks

enum Checks {
    /// Every check's outcome; a failure says where and, for a comparison, the values it
    /// compared (`2019Q2: 21 > 20`), in the display locale and each side's format.
    static func outcomes(_ evaluator: Evaluator, locale: DisplayLocale, only: [NodeID]? = nil) -> [CheckOutcome] {
        let program = evaluator.program
        var out: [CheckOutcome] = []
        for id in only ?? Array(program.nodes.indices) {
            let node = program.nodes[id]
            guard case .check(let t) = node.kind else { continue }
            let compared = Compared(node, evaluator, locale)
            var failures: [String] = []
            if let t {
                let range = program.tables[t].range
                for (i, v) in evaluator.values(of: id).enumerated() {
                    if let why = failure(v, compared?.at(.init(mode: .period(range[i]), range: range), nil)) {
                        failures.append("\(range[i]): \(why)")
                    }
                }
            } else {
                let v = evaluator.value(of: id)
                if case .series(let s) = v {
                    for (i, x) in s.values.enumerated() {
                        if let why = failure(x, compared?.at(.whole, i)) { failures.append("\(s.range[i]): \(why)") }
                    }
                } else if let why = failure(v, compared?.at(.whole, nil)) {
                    failures.append(why)
                }
            }
            let prefix = program.modules[node.module].prefix
            out.append(CheckOutcome(span: node.span, message: node.message, module: prefix.isEmpty ? nil : String(prefix.dropLast()), failures: failures))
        }
        return out
    }

    /// The two sides of a check written as a comparison, to show what was compared.
    private struct Compared {
        let op: BinaryOp
        let lhs: Code, rhs: Code
        let evaluator: Evaluator
        let locale: DisplayLocale

        init?(_ node: Node, _ evaluator: Evaluator, _ locale: DisplayLocale) {
            guard case .formula(.binary(let op, let lhs, let rhs)) = node.body,
                  [.eq, .ne, .lt, .le, .gt, .ge].contains(op) else { return nil }
            (self.op, self.lhs, self.rhs, self.evaluator, self.locale) = (op, lhs, rhs, evaluator, locale)
        }

        /// `21 > 20`: the sides' values where the check failed, with the relation that
        /// holds between them instead (the negation of the check's).
        func at(_ ctx: Evaluator.Context, _ index: Int?) -> String? {
            // Both sides in one format: a row's or cell's, when the other side has none
            // (`hs.rate >= 95%` shows `92,9% < 95,0%`).
            let (fa, fb) = (format(lhs), format(rhs))
            func side(_ code: Code, _ own: DisplayFormat) -> String? {
                var v = evaluator.eval(code, ctx, nil)
                if let index, case .series(let s) = v { v = index < s.values.count ? s.values[index] : .blank }
                if case .series = v { return nil }
                if case .text(let t) = v { return "\"\(t)\"" }
                return CellText.format(v, own == .general ? (fa == .general ? fb : fa) : own, locale)
            }
            guard let a = side(lhs, fa), let b = side(rhs, fb) else { return nil }
            let negated: String = switch op {
            case .eq: "≠"
            case .ne: "="
            case .lt: "≥"
            case .le: ">"
            case .gt: "≤"
            case .ge: "<"
            default: op.rawValue
            }
            return "\(a) \(negated) \(b)"
        }

        /// A side that names a cell or row is shown in its format; anything else plainly.
        private func format(_ code: Code) -> DisplayFormat {
            switch code {
            case .scalar(let id), .row(let id): evaluator.program.nodes[id].format
            case .at(let inner, _, _), .offset(let inner, _): format(inner)
            default: .general
            }
        }
    }

    /// A failed check, as a diagnostic: the first few places it fails, then how many more.
    static func diagnostics(_ checks: [CheckOutcome]) -> [Diagnostic] {
        checks.filter { !$0.holds }.map(\.diagnostic)
    }

    /// Why a check's value does not hold, or nil when it holds (true, or blank: no data).
    private static func failure(_ v: Value, _ compared: @autoclosure () -> String?) -> String? {
        switch v {
        case .bool(true), .blank: nil
        case .bool(false): compared() ?? "false"
        case .error(let e): "cannot be evaluated (\(e.rawValue))"
        default: "is \(v.kindName), not true or false"
        }
    }
}

// MARK: - Building the report

enum ReportBuilder {
    static func build(_ evaluator: Evaluator, locale: DisplayLocale) -> Report {
        let program = evaluator.program
        var items: [Report.Item] = []
        // Consecutive scalars are shown together; the group is flushed when something else comes.
        var group: [Report.Scalar] = []
        func flush() {
            if !group.isEmpty { items.append(.scalars(group)) }
            group = []
        }
        for item in program.output {
            switch item {
            case .heading(let text):
                flush()
                items.append(.heading(text))
            case .scalar(let id):
                switch scalar(id, evaluator) {
                case .scalars(let s): group += s
                case let item:
                    flush()
                    items.append(item)
                }
            case .table(let t):
                flush()
                if program.tables[t].name.hasPrefix("_") { continue }
                items.append(.table(table(t, evaluator, locale: locale)))
            }
        }
        flush()
        return Report(locale: locale, items: items)
    }

    /// One cell, as a group of one scalar; a cell holding a series is a table of one row.
    static func scalar(_ id: NodeID, _ evaluator: Evaluator) -> Report.Item {
        let node = evaluator.program.nodes[id]
        let value = evaluator.value(of: id)
        if case .series(let s) = value {
            let row = Report.Row(name: node.name, label: node.label, values: s.values, total: .blank, format: node.format)
            return .table(Report.Table(name: node.name, label: node.label, periods: Array(s.range), totalLabel: nil, rows: [row]))
        }
        return .scalars([Report.Scalar(name: node.name, label: node.label, value: value, format: node.format)])
    }

    /// One table with its public rows (all of them, or those `only` names).
    static func table(_ t: Int, _ evaluator: Evaluator, locale: DisplayLocale, only: Set<NodeID>? = nil) -> Report.Table {
        let program = evaluator.program
        let table = program.tables[t]
        let rows = table.rows.filter { !program.nodes[$0].isPrivate && (only?.contains($0) ?? true) }.map { id in
            let node = program.nodes[id]
            var values = evaluator.values(of: id)
            let total = values.removeLast()
            return Report.Row(name: String(node.name.dropFirst(table.name.count + 1)), label: node.label,
                              values: values, total: total, format: node.format)
        }
        return Report.Table(name: table.name, label: table.label, periods: Array(table.range),
                            totalLabel: table.hasTotal ? (table.totalLabel ?? locale.totalText) : nil, rows: rows)
    }
}

// MARK: - Running deep recursion safely

/// Runs work on a thread with a large stack, so deep (but bounded) recursion in the
/// parser and evaluator never overflows whatever thread the caller is on (test runners
/// and Swift concurrency use small stacks). The caller waits for the thread to finish.
public enum LargeStack {
    public static let size = 1 << 30

    public static func run<T>(_ body: () -> T) -> T {
        var result: T?
        withoutActuallyEscaping(body) { body in
            let job = Job { result = body() }
            let context = Unmanaged.passRetained(job).toOpaque()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, size)
            var thread = pthread_t()
            let started = pthread_create(&thread, &attributes, runJob, context)
            pthread_attr_destroy(&attributes)
            if started == 0 {
                pthread_join(thread, nil)
            } else {
                // No thread could be made: run here rather than fail.
                runJob(context)
            }
        }
        return result!
    }
}

/// A unit of work handed to a thread; it drops its closure once run.
private final class Job {
    var work: (() -> Void)?
    init(_ work: @escaping () -> Void) { self.work = work }
}

@discardableResult
private func runJob(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
    job.work?()
    job.work = nil
    return nil
}
