// MARK: - The compiled program
//
// Every scalar, row and check is a node of one dependency graph. Names are resolved
// once, into `Code` that refers to nodes, parameters and functions by index: nothing
// is looked up by string while evaluating.

public typealias NodeID = Int

/// An evaluable expression with every name resolved. Only the cases holding other code
/// are boxed: a leaf (a constant, a node, a parameter) is held in place, so compiling a
/// name allocates nothing.
enum Code: Sendable {
    case constant(Value)
    /// A scalar cell.
    case scalar(NodeID)
    /// A row: its cell in the current period, or the whole series outside a table.
    case row(NodeID)
    /// `a..b` inside a table: the rows' cells in the current period (only as an aggregate's argument).
    case rows([NodeID])
    /// A parameter of the enclosing function.
    case parameter(Int)
    /// `x[k]`.
    indirect case offset(Code, Code)
    /// `x@P` and `x@P..Q`.
    indirect case at(Code, Code, Code?)
    indirect case unary(UnaryOp, Code)
    indirect case binary(BinaryOp, Code, Code)
    indirect case ifThenElse(Code, Code, Code)
    case builtin(Builtin, [Code])
    /// A user or standard-library function, by index.
    case call(Int, [Code])
}

/// A node's edge to a node it reads. `shifted` edges (through `[k]` or `@P`) read other
/// periods, so a row may read itself through one; the rest must not form a cycle.
struct Dependency: Hashable, Sendable {
    var node: NodeID
    var shifted: Bool
}

struct Node: Sendable {
    enum Kind: Sendable, Equatable {
        case scalar
        case row(table: Int)
        /// A `check`; inside a table it is evaluated in every period.
        case check(table: Int?)
    }

    enum Body: Sendable {
        case formula(Code)
        /// A data row's literals, one per period.
        case data([Value])
    }

    var kind: Kind
    /// `received` for a scalar, `dvc.received` for a row, `check` for a check; in an
    /// imported notebook, with its alias first (`ds.population`).
    var name: String
    /// The notebook (module) the node is defined in; 0 is the one being run.
    var module = 0
    var label: String?
    /// Where the node's name (a check: its condition) is written.
    var span: SourceSpan
    /// The whole definition (`name "Label" = formula as format`), for showing it.
    var definition: SourceSpan?
    /// Just the formula, for explaining a value.
    var formula: SourceSpan?
    var body: Body
    /// Cell overrides of a row, by period index.
    var overrides: [Int: Code] = [:]
    /// Where the body is written (a formula, or a data row's first value), and whether an
    /// importer's `with { }` replaced it: for saying where a value came from
    /// (`ValueOrigin`; the cells' are `Program.overrideSpans` and `importerCells`, kept
    /// apart so that copying a node while evaluating stays cheap).
    var bodySpan: SourceSpan?
    var replacedByImporter = false
    /// How a row's total is made: a data row sums by default; a formula row, without
    /// `agg`, evaluates its formula on the totals.
    var aggregation: Aggregation?
    var format: DisplayFormat = .general
    var dependencies: [Dependency] = []
    /// `check` message.
    var message: String?
    /// Set when the node lies on a cycle: every value it has is `#CYCLE!`.
    var onCycle = false

    /// `_name` or `table._name`: not printed.
    var isPrivate: Bool {
        // An ASCII name by its bytes (a search by `Character` costs thousands of instructions).
        var afterDot = true, privateHere = false
        for byte in name.utf8 {
            guard byte < 0x80 else { return isPrivateByCharacters }
            if afterDot { privateHere = byte == UInt8(ascii: "_") }
            afterDot = byte == UInt8(ascii: ".")
        }
        return privateHere && !afterDot
    }

    private var isPrivateByCharacters: Bool {
        if let dot = name.lastIndex(of: ".") { return name[name.index(after: dot)...].hasPrefix("_") }
        return name.hasPrefix("_")
    }

    var table: Int? {
        switch kind {
        case .row(let t): t
        case .check(let t): t
        case .scalar: nil
        }
    }
}

struct Table: Sendable {
    var name: String
    var module = 0
    var label: String?
    var range: PeriodRange
    var hasTotal: Bool
    var totalLabel: String?
    var span: SourceSpan
    /// `with subtotals` (not on a table over years): a column after each year.
    var subtotals = false
    /// `with trend`: a sparkline column after the total.
    var trend = false
    /// Rows in display order: the block's rows, then rows added outside it, in source order.
    var rows: [NodeID] = []
    var rowByName: [String: NodeID] = [:]
}

struct Function: Sendable {
    var name: String
    var parameters: [String]
    var body: Code
    var format: DisplayFormat?
    var span: SourceSpan
    /// Whether each parameter is read in the current period somewhere (not only shifted).
    var parameterReadUnshifted: [Bool]
    /// Nodes the body reads directly or through the functions it calls.
    var dependencies: Set<Dependency>
    /// Whether the body reads the current period (`period()`, `ytd`…): called on a whole
    /// series outside a table, such a function is applied period by period.
    var usesPeriod = false
    var fromStdlib: Bool
    var module = 0
    /// The whole definition (`fn name(x) = body`), for comparing two versions of a notebook.
    var definition: SourceSpan? = nil
}

/// One notebook's names: the one being run (module 0) and each one it imports, under
/// its alias. A module's own formulas resolve in its own names; `alias.name` reaches
/// into an imported module's public names.
struct Module: Sendable {
    /// "" for the notebook being run, "ds." for one imported as `ds`, "ds.x." below it.
    var prefix: String
    var scalarByName: [String: NodeID] = [:]
    var tableByName: [String: Int] = [:]
    var userFunctionByName: [String: Int] = [:]
    /// Imported notebooks by alias.
    var imports: [String: Int] = [:]
    /// The file, for messages.
    var file: String = ""
}

/// One thing to print, in source order.
enum OutputItem: Sendable {
    case heading(String)
    case scalar(NodeID)
    case table(Int)
    /// A paragraph, by index in `Program.paragraphs`.
    case paragraph(Int)
    /// A table across imported notebooks, by index in `Program.acrossTables`.
    case across(Int)
    /// A chart, by index in `Program.charts`.
    case chart(Int)
}

/// A chart of the notebook being run: each series a node of its own (private, so never
/// printed as a cell), evaluated like a top-level cell.
struct Chart: Sendable {
    struct Series: Sendable {
        var node: NodeID
        /// The series as written (`dvc.received@2018Q1..2019Q1`).
        var text: String
        /// The names it is written as, when it is a row or cell (sliced or not): its label
        /// is the legend's.
        var names: [String]?
        var span: SourceSpan
        /// Its syntax did not parse, which was reported already.
        var reported: Bool
    }
    var title: String
    var kind: ChartDecl.Kind
    var series: [Series]
    var span: SourceSpan
}

/// A paragraph of the notebook being run: its text and its values, each `{…}` a node
/// of its own (private, so never printed as a cell), evaluated like a top-level cell.
struct Paragraph: Sendable {
    enum Part: Sendable {
        case text(String)
        /// `reported`: its syntax did not parse, which was reported already.
        case value(NodeID, braces: SourceSpan, reported: Bool)
    }
    var parts: [Part]
    var span: SourceSpan

    var nodes: [NodeID] {
        parts.compactMap { if case .value(let id, _, _) = $0 { id } else { nil } }
    }
}

/// One program, shared by the resolver that builds it, the evaluator that reads it and
/// the session that changes it in place (a class, so a change never copies 100,000 nodes).
///
/// The evaluator reads these on every cell. They are only ever touched by the one thread
/// running the pipeline or the session, so the dynamic exclusivity checks Swift would
/// make on each access (about a sixth of evaluation time) are turned off for them.
final class Program {
    @exclusivity(unchecked) var nodes: [Node] = []
    @exclusivity(unchecked) var tables: [Table] = []
    @exclusivity(unchecked) var functions: [Function] = []
    var output: [OutputItem] = []
    var paragraphs: [Paragraph] = []
    var acrossTables: [AcrossTable] = []
    var charts: [Chart] = []
    /// The notebook being run, then every notebook it imports.
    @exclusivity(unchecked) var modules: [Module] = [Module(prefix: "")]
    /// User functions shadow standard-library ones.
    var stdlibFunctionByName: [String: Int] = [:]
    /// Where each row's cell overrides are written, by node and period index; and the cells
    /// an importer's `with { }` overrode (see `ValueOrigin`).
    var overrideSpans: [NodeID: [Int: SourceSpan]] = [:]
    var importerCells: [NodeID: Set<Int>] = [:]

    /// The names of the notebook being run (module 0).
    var scalarByName: [String: NodeID] { modules[0].scalarByName }
    var tableByName: [String: Int] { modules[0].tableByName }
    var userFunctionByName: [String: Int] { modules[0].userFunctionByName }
    var locale: DisplayLocale?
}

// MARK: Reading in place
//
// `program.tables[t].rowByName[n]` copies the whole table out of the array first (its
// name, labels, rows and index retained, then released): the resolver reads a table's
// rows once per name in a formula and per row declared, so it reads them in place.
extension Program {
    /// The row named `name` of table `t`.
    func row(named name: String, inTable t: Int) -> NodeID? {
        tables.withUnsafeBufferPointer { $0[t].rowByName[name] }
    }

    /// The periods of table `t`.
    func range(ofTable t: Int) -> PeriodRange {
        tables.withUnsafeBufferPointer { $0[t].range }
    }

    /// The name of table `t`.
    func name(ofTable t: Int) -> String {
        tables.withUnsafeBufferPointer { $0[t].name }
    }

    /// The table named `name` in module `m` (its own tables, not an import's).
    func table(named name: String, inModule m: Int) -> Int? {
        modules.withUnsafeBufferPointer { $0[m].tableByName[name] }
    }

    /// The cell named `name` in module `m`.
    func scalar(named name: String, inModule m: Int) -> NodeID? {
        modules.withUnsafeBufferPointer { $0[m].scalarByName[name] }
    }

    /// The module module `m` imports as `alias`.
    func module(named alias: String, importedBy m: Int) -> Int? {
        modules.withUnsafeBufferPointer { $0[m].imports[alias] }
    }
}
