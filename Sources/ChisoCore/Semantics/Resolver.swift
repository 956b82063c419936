// MARK: - Resolver
//
// Syntax trees to a `Program`: declares every name (reporting duplicates with both
// places), compiles every expression into `Code` with its dependencies, and gives each
// node its display format. Unknown names become `#NAME?` with a diagnostic and a
// suggestion; the rest of the notebook is unaffected.
//
// This file holds the resolver's state and the order of its passes; each pass is an
// extension in a file of its own: Resolver+Imports (modules, instances, `with { … }`),
// Resolver+Declarations, Resolver+Names (what a name in a formula means),
// Resolver+Compile, Resolver+Formats, and Resolver+Redefine (a session's change to one
// definition in place).

struct Resolver {
    let program: Program

    init(program: Program = Program()) {
        self.program = program
    }
    var diagnostics: [Diagnostic] = []

    /// The syntax behind each node, kept until everything is declared.
    enum Pending {
        case scalar(CellDecl)
        case row(RowDecl)
        case check(CheckDecl)
    }
    var pending: [Pending] = []
    var explicitFormat: [DisplayFormat?] = []
    var overrideDecls: [(table: Int, OverrideDecl)] = []
    /// Each override's formula by row and period index, compiled with the row's other code.
    var overrideSyntax: [NodeID: [Int: Expr]] = [:]
    var functionDecls: [FunctionDecl] = []
    var topLevelSpans: [String: SourceSpan] = [:]
    /// Whether diagnostics are kept (not while functions are compiled again and again).
    var emitting = true
    /// Names whose definitions did not parse (their users are `#NAME?` without a second report).
    var brokenNames: Set<String> = []
    /// Names some formula asked for that did not exist (`x`, `t`, `t.r`, a function).
    var unresolvedNames: Set<String> = []
    /// Where each override was written, by row and period index (for duplicate reports).
    var overrideSpans: [NodeID: [Int: SourceSpan]] = [:]
    /// The module (notebook) being declared: 0 is the one being run.
    var current = 0
    /// Formulas given by an importer's `with { … }`: compiled in the importer's names.
    var importerScope: [NodeID: Int] = [:]
    var importerOverride: [NodeID: [Int: Int]] = [:]
    /// Cells of every table so far (a row has one per period and its total).
    var cellCount = 0

    var limits = ImportLimits()
    /// Values declared so far, counted as `ImportLimits.values` counts them.
    var declaredValues = 0
    var instances: [Instance: Int] = [:]
    /// `use` lines already reported as over the limit (an imported file is declared once per instance).
    var refusedImports: Set<SourceSpan> = []

    /// Where `compileNode` gathers what a formula reads (kept, emptied, between nodes).
    var dependencyBuffer: [Dependency] = []

    /// Each node's display format while formats are inferred.
    var formatStates: [FormatState] = []

    // MARK: Entry point

    /// Resolves the standard library's functions and one notebook into a program, with its
    /// nodes' strongly connected components in evaluation order (see `Graph`).
    static func resolve(stdlib: [SyntaxTree], notebook: SyntaxTree) -> (Program, [Diagnostic], [[NodeID]]) {
        let (r, components) = build(stdlib: stdlib, notebook: LoadedNotebook(tree: notebook, file: ""))
        return (r.program, r.diagnostics, components)
    }

    /// Resolves a notebook with the notebooks it imports (see `Imports.load`), keeping the
    /// resolver so that a session can change single definitions later.
    static func build(stdlib: [SyntaxTree], notebook: LoadedNotebook, limits: ImportLimits = ImportLimits()) -> (Resolver, [[NodeID]]) {
        var r = Resolver()
        r.limits = limits
        for tree in stdlib { r.declareStdlib(tree) }
        r.declareModule(notebook, module: 0)
        r.compileFunctions()
        r.compileNodes()
        r.checkAcrossTotals()
        let components = Graph.components(of: r.program)
        r.inferFormats(in: components)
        return (r, components)
    }

    /// The names of the module being declared start with this ("" for the notebook being run).
    var prefix: String { program.modules[current].prefix }

    mutating func report(_ d: Diagnostic) {
        if emitting { diagnostics.append(d) }
    }
}
