// MARK: - Engine
//
// Runs the stages in order: parse → resolve → graph → evaluate → report, for the
// command line (`Engine.run`); the stages after parsing (`Pipeline`) are shared with the
// REPL's `Session`. It returns values and diagnostics; it never prints.

import ChisoStdlib

public struct RunResult: Sendable {
    public var report: Report
    /// Everything found, in source order: syntax, names, cycles, evaluation, failed checks.
    public var diagnostics: [Diagnostic]
    public var checks: [CheckOutcome]
    public var sources: SourceMap
    /// How long each stage took, in order: parse, resolve, graph, evaluate, report.
    public var timings: [(stage: String, seconds: Double)] = []
    /// The report as an Excel workbook with live formulas, when `RunOptions.excel` asks for it.
    public var excel: ExcelWorkbook?
    /// Every public value and formula, when `RunOptions.snapshot` asked for them.
    public var snapshot: ReviewSnapshot?
    /// The program and evaluator, when `RunOptions.keepsWork` asked for them: whoever
    /// holds this decides when they are released (the command line: never, it exits).
    public var work: KeptWork?

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
            options.afterStage?(stage)
            mark = clock.now
        }

        let (stdlibTrees, stdlibErrors) = Pipeline.parseStdlib(into: &sources)
        diagnostics += stdlibErrors

        let id = sources.add(name: name, bytes: bytes)
        var (tree, errors) = Parser.parse(sources[id], id: id)
        diagnostics += errors
        if tree.statements.isEmpty, errors.isEmpty {
            diagnostics.append(
                .warning(
                    .syntax, "the notebook '\(name)' is empty", at: nil,
                    help: "write a definition such as `x = 1` or a table"))
        }
        let assigned = Assignments.apply(options.assignments, to: &tree, sources: &sources)
        diagnostics += assigned.diagnostics
        // The notebooks it imports, read through the sandbox.
        let loaded = Imports.load(
            tree, file: name, place: ImportPlace(notebookPath: name, explicitRoot: options.root),
            sources: &sources, diagnostics: &diagnostics)
        diagnostics += Assignments.apply(assigned.deferred, to: loaded)
        // `loaded` holds the statements now; it lets go of them once they are resolved.
        tree = SyntaxTree(source: id, statements: [])
        lap("parse")

        let evaluation = Pipeline.evaluate(
            stdlib: stdlibTrees, notebook: loaded, locale: options.locale, maxSteps: options.maxSteps, sharing: options.sharing,
            dropSyntax: true, lap: lap)
        // A `--set` that reaches into an import and names nothing there is the command line's error.
        diagnostics += evaluation.diagnostics.map { d in
            guard d.severity == .error, let span = d.span, assigned.sources.contains(span.source) else { return d }
            var usage = d
            usage.kind = .usage
            return usage
        }
        let (evaluator, locale, checks) = (evaluation.evaluator, evaluation.locale, evaluation.checks)
        let report = ReportBuilder.build(evaluator, locale: locale, sources: sources)
        lap("report")
        var result = RunResult(report: report, diagnostics: sorted(diagnostics), checks: checks, sources: sources, timings: timings)
        if options.excel { result.excel = ExcelWriter.workbook(report, evaluator: evaluator) }
        if options.snapshot { result.snapshot = ReviewSnapshot.build(evaluator, sources: sources, checks: checks, displayLocale: locale) }
        if options.keepsWork { result.work = KeptWork(evaluation) }
        return result
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

/// What a run worked with (its program, evaluator and resolver), held opaquely.
public final class KeptWork: @unchecked Sendable {
    private let evaluation: Evaluation
    init(_ evaluation: Evaluation) { self.evaluation = evaluation }
}

// MARK: - The stages after parsing, shared by Engine and Session

/// A program resolved, checked for cycles and evaluated.
struct Evaluation {
    let program: Program
    /// Kept so that a session can change single definitions in place.
    var resolver: Resolver
    let evaluator: Evaluator
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
    static func evaluate(
        stdlib: [SyntaxTree], tree: SyntaxTree, locale override: DisplayLocale?, maxSteps: Int? = nil, lap: (String) -> Void = { _ in }
    ) -> Evaluation {
        evaluate(stdlib: stdlib, notebook: LoadedNotebook(tree: tree, file: ""), locale: override, maxSteps: maxSteps, lap: lap)
    }

    /// Resolves, finds cycles, evaluates and runs the checks of a notebook and its imports.
    static func evaluate(
        stdlib: [SyntaxTree], notebook: LoadedNotebook, locale override: DisplayLocale?, maxSteps: Int? = nil,
        sharing: Bool = true, dropSyntax: Bool = false, lap: (String) -> Void = { _ in }
    ) -> Evaluation {
        var diagnostics: [Diagnostic] = []
        let (built, components) = Resolver.build(stdlib: stdlib, notebook: notebook)
        var resolver = built
        // A run that changes no definition afterwards (`Engine`, not a session) lets go of
        // the syntax before evaluating: less memory held at the peak.
        if dropSyntax {
            notebook.dropSyntax()
            resolver.pending = []
        }
        let program = resolver.program
        diagnostics += resolver.diagnostics
        lap("resolve")

        diagnostics += markCycles(in: components, of: program)
        lap("graph")

        // `--locale` and `:locale` change how values are shown, never what they are: text()
        // and concat() write numbers in the notebook's own locale.
        let locale = override ?? program.locale ?? .en
        let evaluator = Evaluator(
            program: program, locale: program.locale ?? .en, maxSteps: maxSteps ?? Evaluator.defaultMaxSteps, sharing: sharing)
        evaluator.evaluate(components)
        diagnostics += evaluator.issues.sorted { $0.key < $1.key }.map(\.value)
        lap("evaluate")

        let checks = Checks.outcomes(evaluator, locale: locale)
        diagnostics += Checks.diagnostics(checks)
        diagnostics += Paragraphs.diagnostics(evaluator)
        diagnostics += Charts.diagnostics(evaluator)
        return Evaluation(
            program: program, resolver: resolver, evaluator: evaluator, diagnostics: diagnostics, checks: checks, locale: locale)
    }

    /// Reports each loop of unshifted references with its path, and marks its nodes `#CYCLE!`.
    static func markCycles(in components: [[NodeID]], of program: Program) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for component in components
        where component.count > 1 || program.nodes[component[0]].dependencies.contains(where: { $0.node == component[0] }) {
            for cycle in Graph.hardCycles(in: component, program: program) {
                let names = cycle.map { program.nodes[$0].name }
                let notes = cycle.dropFirst().dropLast().map {
                    Diagnostic.Note(span: program.nodes[$0].span, message: "'\(program.nodes[$0].name)' is defined here")
                }
                diagnostics.append(
                    .error(
                        .cycle, "cycle: \(names.joined(separator: " -> "))", at: program.nodes[cycle[0]].span,
                        help: "these cells depend on each other; break the loop", notes: notes))
                for v in cycle { program.nodes[v].onCycle = true }
            }
        }
        return diagnostics
    }
}
