// MARK: - Syntax tree
//
// What the parser produces: statements in source order, each with its places. The tree
// is plain data; the resolver turns it into compiled nodes.

public struct Expr: Sendable, Equatable {
    /// Literals and names are held in place; only the cases that hold other expressions
    /// are boxed (a data row's numbers are most of a large notebook: no allocation each).
    public enum Kind: Sendable, Equatable {
        case number(Double, percent: Bool)
        case text(String)
        case boolean(Bool)
        case blank
        case period(Period)
        case name(String)
        /// `base.member` (`dvc.received`).
        indirect case member(Expr, String)
        indirect case call(String, [Expr])
        indirect case unary(UnaryOp, Expr)
        indirect case binary(BinaryOp, Expr, Expr)
        indirect case ifThenElse(Expr, Expr, Expr)
        /// `x[k]`: x shifted by k periods (k is usually negative).
        indirect case offset(Expr, Expr)
        /// `x@P` or `x@P..Q`; the period operands are expressions (usually literals).
        indirect case at(Expr, Expr, Expr?)
        /// `a..b` inside a table: the rows from a to b as written.
        indirect case rowRange(String, String)
        /// A value the lexer could not read (already reported); it evaluates to `#VALUE!`.
        case invalid
        /// A spreadsheet's error value read from a workbook's cell (never written in a notebook).
        case error(ErrorCode)
    }

    public var kind: Kind
    public var span: SourceSpan

    /// `a.b.c` as its names, or nil when the expression is not a chain of names.
    var nameChain: [String]? {
        switch kind {
        case .name(let n): [n]
        case .member(let base, let m): base.nameChain.map { $0 + [m] }
        default: nil
        }
    }
    /// The depth of the tree under this node (a literal is 1).
    public let height: Int

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
        switch kind {
        case .member(let a, _), .unary(_, let a): height = a.height + 1
        case .binary(_, let a, let b), .offset(let a, let b): height = max(a.height, b.height) + 1
        case .ifThenElse(let a, let b, let c): height = max(a.height, b.height, c.height) + 1
        case .at(let a, let b, let c): height = max(a.height, b.height, c?.height ?? 0) + 1
        case .call(_, let args): height = (args.map(\.height).max() ?? 0) + 1
        default: height = 1
        }
    }

    public static func == (a: Expr, b: Expr) -> Bool { a.kind == b.kind && a.span == b.span }
}

public enum UnaryOp: String, Sendable { case negate = "-", not = "not" }

public enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and, or
}

/// A name with the place it was written.
public struct Name: Sendable, Equatable {
    public var text: String
    public var span: SourceSpan
}

/// `as FORMAT`, with its place.
public struct FormatSpec: Sendable, Equatable {
    public var format: DisplayFormat
    public var span: SourceSpan
}

public enum Aggregation: String, Sendable, CaseIterable {
    case sum, last, avg, min, max
}

public struct CellDecl: Sendable, Equatable {
    public var name: Name
    public var label: String?
    public var body: Expr
    public var format: FormatSpec?
    public var span: SourceSpan
}

public struct FunctionDecl: Sendable, Equatable {
    public var name: Name
    public var parameters: [Name]
    public var body: Expr
    public var format: FormatSpec?
    public var span: SourceSpan
}

public struct RowDecl: Sendable, Equatable {
    public enum Body: Sendable, Equatable {
        /// One literal per period: number, percent, text or blank, each with its place.
        case data([Expr])
        case formula(Expr)
    }
    public var name: Name
    public var label: String?
    public var body: Body
    public var aggregation: Aggregation?
    public var format: FormatSpec?
    public var span: SourceSpan
}

/// `row@P = expr` inside a table, or `table.row@P = expr` at top level.
public struct OverrideDecl: Sendable, Equatable {
    public var row: Name
    public var period: Period
    public var periodSpan: SourceSpan
    public var body: Expr
    public var span: SourceSpan
}

public struct CheckDecl: Sendable, Equatable {
    public var condition: Expr
    public var message: String?
    public var span: SourceSpan
}

/// `use "path.chiso" [as alias] [with { name = expr, … }]`.
public struct UseDecl: Sendable, Equatable {
    /// One replaced definition: `name`, `table.row` or `table.row@P`, and its new value(s).
    public struct Override: Sendable, Equatable {
        public var target: [Name]
        public var period: Period?
        /// One expression, or a data row's literals.
        public var values: [Expr]
        public var span: SourceSpan
    }
    public var path: String
    public var pathSpan: SourceSpan
    public var alias: Name?
    public var overrides: [Override]
    public var span: SourceSpan
    /// `pinned "sha256:…"`: the import runs only while its content hash is this.
    public var pin: Pin? = nil
}

/// `pinned "sha256:…"` after a `use` or a table's `from "file"`, with the place of its text.
public struct Pin: Sendable, Equatable {
    public var hash: String
    public var span: SourceSpan
}

public struct TableDecl: Sendable {
    public enum Item: Sendable, Equatable {
        case row(RowDecl)
        case override(OverrideDecl)
        case check(CheckDecl)
    }
    public var name: Name
    public var label: String?
    public var first: Period
    public var last: Period
    public var rangeSpan: SourceSpan
    /// `with total`.
    public var hasTotal: Bool
    /// `with total "Label"`: the label (otherwise the locale's word for total).
    public var totalLabel: String?
    /// `from "data.csv"`: the file its data rows come from, with where that is written.
    public var source: (path: String, span: SourceSpan)?
    /// `from "data.xlsx" sheet "Số liệu"`: the workbook's sheet (the first sheet without one).
    public var sheet: (name: String, span: SourceSpan)? = nil
    public var items: [Item]
    public var span: SourceSpan
    /// `from "data.csv" pinned "sha256:…"`.
    public var sourcePin: Pin? = nil
    /// `with subtotals`: where the word is written (nil without it).
    public var subtotals: SourceSpan? = nil
    /// `with trend`: a column of sparklines after the total.
    public var trend: Bool = false
}

extension TableDecl: Equatable {
    public static func == (a: TableDecl, b: TableDecl) -> Bool {
        a.sourcePin == b.sourcePin && a.subtotals == b.subtotals && a.trend == b.trend && a.name == b.name && a.label == b.label
            && a.first == b.first && a.last == b.last
            && a.rangeSpan == b.rangeSpan
            && a.hasTotal == b.hasTotal && a.totalLabel == b.totalLabel && a.source?.path == b.source?.path
            && a.source?.span == b.source?.span && a.sheet?.name == b.sheet?.name && a.sheet?.span == b.sheet?.span
            && a.items == b.items && a.span == b.span
    }
}

/// A paragraph: consecutive `>` lines, joined with single spaces, with live values
/// `{expr}` or `{expr as format}` in them (`{{` and `}}` are braces).
public struct ParagraphDecl: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        /// `{expr [as format]}`, with the place of the braces.
        case value(Expr, FormatSpec?, braces: SourceSpan)
    }
    public var parts: [Part]
    /// Its `>` lines (a lone `>` around it included).
    public var span: SourceSpan
}

/// `chart "Title" line|bar series, …`: up to `ChartDecl.maxSeries` series drawn over
/// their periods.
public struct ChartDecl: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case line, bar
    }
    /// One series: its expression and the text it is written as (its name in the legend
    /// when it names no labelled row).
    public struct Series: Sendable, Equatable {
        public var expr: Expr
        public var text: String
    }
    /// More series than this are refused: a chart of more is unreadable.
    public static let maxSeries = 6
    public var title: String
    public var kind: Kind
    public var series: [Series]
    public var span: SourceSpan
}

public enum Statement: Sendable, Equatable {
    case heading(String, SourceSpan)
    case locale(DisplayLocale, SourceSpan)
    case cell(CellDecl)
    case function(FunctionDecl)
    case table(TableDecl)
    /// `table.row … = …` at top level: a row (or an override) added to a table.
    case tableItem(table: Name, TableDecl.Item)
    case check(CheckDecl)
    case use(UseDecl)
    case paragraph(ParagraphDecl)
    /// `table name across … at P { … }`: columns that are imported notebooks.
    case across(AcrossDecl)
    case chart(ChartDecl)

    public var span: SourceSpan {
        switch self {
        case .chart(let c): c.span
        case .paragraph(let p): p.span
        case .across(let a): a.span
        case .heading(_, let s), .locale(_, let s): s
        case .cell(let c): c.span
        case .function(let f): f.span
        case .table(let t): t.span
        case .tableItem(_, .row(let r)): r.span
        case .tableItem(_, .override(let o)): o.span
        case .tableItem(_, .check(let c)): c.span
        case .check(let c): c.span
        case .use(let u): u.span
        }
    }
}

/// One parsed source.
public struct SyntaxTree: Sendable {
    public var source: SourceID
    public var statements: [Statement]
    /// Names whose definitions did not parse: their users get `#NAME?` without a
    /// second, misleading "unknown name" report.
    public var brokenNames: Set<String> = []

    public init(source: SourceID, statements: [Statement], brokenNames: Set<String> = []) {
        self.source = source
        self.statements = statements
        self.brokenNames = brokenNames
    }
}

/// `table name "Label" across a "A", b.c "B" at 2019Q1 [with total ["L"] | difference ["L"], transposed] { rows }`:
/// a table whose columns are imported notebooks (by alias), each row a name inside
/// every column's notebook, read at one period.
public struct AcrossDecl: Sendable, Equatable {
    /// A column: an alias or a chain of aliases (`tttt.mau`), with an optional heading.
    public struct Column: Sendable, Equatable {
        public var path: [Name]
        public var label: String?
        public var span: SourceSpan
    }
    /// A row: `table.row` or a cell's name inside each column's notebook, with an
    /// optional label (otherwise the first column's label of it).
    public struct Row: Sendable, Equatable {
        public var path: [Name]
        public var label: String?
        public var span: SourceSpan
    }
    /// `total ["Label"]` or `difference ["Label"]`, with the place of the word.
    public struct Extra: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable { case total, difference }
        public var kind: Kind
        public var label: String?
        public var span: SourceSpan
    }
    public var name: Name
    public var label: String?
    public var columns: [Column]
    public var period: Period
    public var periodSpan: SourceSpan
    public var extra: Extra?
    public var transposed: Bool
    public var rows: [Row]
    public var span: SourceSpan
}
