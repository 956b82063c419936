// MARK: - What an input did
//
// The session's answer to an input, a command or `:load`: whether it was accepted, what
// kind of input it was (an expression, or definitions and which), the values it shows,
// the values elsewhere it changed, and its problems. The REPL prints it as it is and
// needs no guess about what the input was.

extension Session {
    /// What one input did.
    public struct Outcome: Sendable {
        /// False when the input was refused (the session did not change).
        public var accepted: Bool
        /// Errors (when refused) and warnings, with places in the input.
        public var diagnostics: [Diagnostic]
        /// An expression's value, or the values of what was defined.
        public var shown: [Report.Item]
        /// Values elsewhere that changed because of the input.
        public var changed: [Report.Item]
        /// The same, one value at a time, with the old value and the new.
        public var changes = Changes()
        /// Plain messages ("defined fn f(x)", "deleted x").
        public var notes: [String]
        /// Checks that do not hold after the input.
        public var failedChecks: [CheckOutcome]
        /// Whether the input was an expression (evaluated, nothing defined).
        public var isExpression = false
        /// What the input defined (nothing for an expression, `:del` or a refused input).
        public var defined = Definitions()
    }

    /// What an input defined, by kind, each in the order written. A name written twice
    /// is listed once, as what it was written as last (a cell `x` then a table `x` is a
    /// table).
    public struct Definitions: Sendable {
        /// A function and its parameters.
        public struct Function: Sendable, Equatable {
            public var name: String
            public var parameters: [String]
        }

        /// `use "path" as alias`.
        public struct Import: Sendable, Equatable {
            public var path: String
            public var alias: String
        }

        /// A row of a table, or one cell of it, written outside the table's block
        /// (`t.r = …`, `t.r@P = …`).
        public struct Row: Sendable, Hashable {
            public var table: String
            public var row: String
        }

        public internal(set) var cells: [String] = []
        public internal(set) var tables: [String] = []
        public internal(set) var rows: [Row] = []
        public internal(set) var functions: [Function] = []
        public internal(set) var imports: [Import] = []
        /// Checks written as statements (`check …`, `t.check …`; not those inside a
        /// table's block), by the place of their condition, as `CheckOutcome.span` says it.
        public internal(set) var checks: [SourceSpan] = []
        /// What is listed, by what it defines (cells and tables share one namespace).
        private var listed: Set<Entry.Key> = []

        public var isEmpty: Bool {
            cells.isEmpty && tables.isEmpty && rows.isEmpty && functions.isEmpty && imports.isEmpty && checks.isEmpty
        }

        /// Room for `n` definitions more (a notebook's), made at once.
        mutating func reserve(_ n: Int) {
            listed.reserveCapacity(listed.count + n)
        }

        mutating func add(cell name: String) {
            unlist(.top(name))
            cells.append(name)
        }

        mutating func add(table name: String) {
            unlist(.top(name))
            tables.append(name)
        }

        mutating func add(_ row: Row) {
            if listed.insert(.row(table: row.table, row: row.row)).inserted { rows.append(row) }
        }

        mutating func add(_ function: Function) {
            unlist(.function(function.name))
            functions.append(function)
        }

        mutating func add(_ use: Import) {
            unlist(.use(use.alias))
            imports.append(use)
        }

        mutating func add(check condition: SourceSpan) {
            checks.append(condition)
        }

        /// Lists `key`, taking out what was listed under it before.
        private mutating func unlist(_ key: Entry.Key) {
            guard !listed.insert(key).inserted else { return }
            switch key {
            case .top(let name):
                cells.removeAll { $0 == name }
                tables.removeAll { $0 == name }
            case .function(let name): functions.removeAll { $0.name == name }
            case .use(let alias): imports.removeAll { $0.alias == alias }
            default: break
            }
        }
    }
}
