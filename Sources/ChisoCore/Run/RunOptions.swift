// MARK: - Run options
//
// What the command line may change about a run without editing the notebook: the
// display locale, `--set` replacements and the root imports must stay under.

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
    /// Evaluation steps allowed (`--max-steps`); nil for the default.
    public var maxSteps: Int?
    public static let defaultMaxSteps = Evaluator.defaultMaxSteps
    /// Also write the report as an Excel workbook with live formulas (`RunResult.excel`).
    public var excel = false
    /// Off only in tests: evaluates without sharing work (see `Evaluator.sharing`).
    var sharing = true
    /// Keep every public value and formula for `chiso diff` (`RunResult.snapshot`).
    public var snapshot = false
    /// For a process that exits once it has printed (the command line): the program and
    /// its values are handed back in `RunResult.work` instead of being released one by
    /// one (millions of them on a large notebook) when the run ends.
    public var keepsWork = false
    /// Called as each stage ends (`parse`, `resolve`, `graph`, `evaluate`, `report`) with
    /// its name, on the thread that runs the stages: the benchmark harness reads the
    /// memory each stage took there.
    public var afterStage: (@Sendable (String) -> Void)?

    public init(locale: DisplayLocale? = nil, assignments: [Assignment] = [], root: String? = nil, maxSteps: Int? = nil) {
        self.locale = locale
        self.assignments = assignments
        self.root = root
        self.maxSteps = maxSteps
    }
}
