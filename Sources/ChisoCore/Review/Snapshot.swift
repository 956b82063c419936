// MARK: - A notebook's values, for comparing two versions
//
// What `chiso diff` compares: every public cell and row of the notebook and of the
// notebooks it imports (under their aliases: `ds.population`), with its values per
// period and its total, its formula as tokens (so that layout never counts as a change),
// the tables' periods, and the checks. Built only when asked for (`RunOptions.snapshot`).

public struct ReviewSnapshot: Sendable {
    public struct Entry: Sendable {
        public enum Kind: String, Sendable {
            case cell, row
        }
        /// `population`, `tt.bao_ht`, `ds.tt.bao_ht`.
        public var name: String
        public var kind: Kind
        /// The table a row belongs to.
        public var table: String?
        public var label: String?
        public var format: DisplayFormat
        /// A cell: one value. A row: one per period of its table.
        public var values: [Value]
        /// A row's total, when its table has a total column.
        public var total: Value?
        /// The formula as written (`data` for a data row), and its cell overrides as
        /// written (period, formula); compared as tokens (`sameDefinition`).
        public var formula: String
        public var overrides: [(period: String, formula: String)] = []

        /// The definition as tokens: `bao_ht + dai; @2022H1 = 100`.
        public var canonical: String {
            CanonicalText.of(formula) + overrides.map { "; @\($0.period) = " + CanonicalText.of($0.formula) }.joined()
        }

        func sameDefinition(as other: Entry) -> Bool {
            if formula == other.formula, overrides.map(\.period) == other.overrides.map(\.period),
                overrides.map(\.formula) == other.overrides.map(\.formula)
            {
                return true
            }
            return canonical == other.canonical
        }
    }

    public struct TableInfo: Sendable {
        public var name: String
        public var label: String?
        public var range: PeriodRange
        public var hasTotal: Bool
    }

    public struct Check: Sendable {
        /// The check's condition (tokens one space apart), its message and its import.
        public var key: String
        /// Where it is written (`file:line`) and its condition as written.
        public var place: String
        public var text: String
        public var failures: [String]
        /// The alias path of the import it belongs to (`i4`), nil for the notebook's own.
        public var module: String?
    }

    /// An imported notebook: its alias path with a dot (`i4.`) and its file as shown.
    public struct Import: Sendable {
        public var prefix: String
        public var file: String
    }

    /// The notebook's own `locale`, if it declares one.
    public var locale: DisplayLocale?
    /// The locale values are shown in.
    public var displayLocale: DisplayLocale
    /// In the program's order: imports' definitions first, then the notebook's.
    public var entries: [Entry]
    public var tables: [String: TableInfo]
    /// User functions by name: parameters and body as tokens.
    public var functions: [String: String]
    public var checks: [Check]
    /// Every imported notebook (instance), in the order they were declared.
    public var imports: [Import] = []
    /// The notebook's paragraphs as shown, values written in; nil for an import's instance
    /// (an import's paragraphs are never evaluated or shown).
    public var paragraphs: [String]? = nil
}

extension ReviewSnapshot {
    static func build(
        _ evaluator: Evaluator, sources: SourceMap, checks: [CheckOutcome], displayLocale: DisplayLocale
    ) -> ReviewSnapshot {
        let p = evaluator.program
        var tables: [String: TableInfo] = [:]
        for t in p.tables where !t.name.split(separator: ".").contains(where: { $0.hasPrefix("_") }) {
            tables[t.name] = TableInfo(name: t.name, label: t.label, range: t.range, hasTotal: t.hasTotal)
        }
        var entries: [Entry] = []
        entries.reserveCapacity(p.nodes.count)
        for (id, node) in p.nodes.enumerated() where !node.isPrivate {
            // As written: most formulas are the same in both versions, and only those that
            // are not are read as tokens (lexing every formula would cost a third of a run).
            let formula = node.formula.map { sources[$0.source].text(of: $0) } ?? "data"
            // A row's cell overrides belong to its definition.
            var overrides: [(period: String, formula: String)] = []
            if case .row(let t) = node.kind {
                for (i, span) in (p.overrideSpans[id] ?? [:]).sorted(by: { $0.key < $1.key }) where node.overrides[i] != nil {
                    overrides.append((p.tables[t].range[i].description, sources[span.source].text(of: span)))
                }
            }
            switch node.kind {
            case .check:
                continue
            case .scalar:
                if node.name.split(separator: ".").contains(where: { $0.hasPrefix("_") }) { continue }
                entries.append(
                    Entry(
                        name: node.name, kind: .cell, table: nil, label: node.label, format: node.format,
                        values: [evaluator.value(of: id)], total: nil, formula: formula))
            case .row(let t):
                let table = p.tables[t]
                guard tables[table.name] != nil else { continue }
                var values = evaluator.values(of: id)
                let total = values.removeLast()
                entries.append(
                    Entry(
                        name: node.name, kind: .row, table: table.name, label: node.label, format: node.format,
                        values: values, total: table.hasTotal ? total : nil, formula: formula, overrides: overrides))
            }
        }
        var functions: [String: String] = [:]
        for f in p.functions where !f.fromStdlib {
            let span = f.definition ?? f.span
            functions[p.modules[f.module].prefix + f.name] = sources[span.source].text(of: span)
        }
        let shownChecks = checks.map { c in
            let text = sources[c.span.source].text(of: c.span)
            let key = (c.module.map { $0 + ": " } ?? "") + CanonicalText.of(c.span, sources) + (c.message.map { " \"\($0)\"" } ?? "")
            return Check(key: key, place: Provenance.place(c.span, sources), text: text, failures: c.failures, module: c.module)
        }
        var paragraphs: [String] = []
        for case .paragraph(let k) in p.output { paragraphs.append(Paragraphs.paragraph(k, evaluator).text) }
        return ReviewSnapshot(
            locale: p.locale, displayLocale: displayLocale, entries: entries, tables: tables, functions: functions, checks: shownChecks,
            imports: p.modules.dropFirst().map { Import(prefix: $0.prefix, file: $0.file) }, paragraphs: paragraphs)
    }

    /// The part of this snapshot that one import makes, under that import's own names (its
    /// prefix taken off): how this notebook evaluates the notebook it imports, `with` and all.
    public func instance(_ i: Import, locale: DisplayLocale?) -> ReviewSnapshot {
        let prefix = i.prefix, alias = String(i.prefix.dropLast())
        func strip(_ name: String) -> String? { name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : nil }
        var out = self
        out.locale = locale
        out.entries = entries.compactMap { e in
            guard let name = strip(e.name) else { return nil }
            var e = e
            e.name = name
            e.table = e.table.flatMap(strip)
            return e
        }
        out.tables = Dictionary(
            uniqueKeysWithValues: tables.compactMap { k, t in
                strip(k).map { name in
                    var t = t
                    t.name = name
                    return (name, t)
                }
            })
        out.functions = Dictionary(uniqueKeysWithValues: functions.compactMap { k, v in strip(k).map { ($0, v) } })
        out.checks = checks.compactMap { c in
            guard let m = c.module, m == alias || m.hasPrefix(prefix) else { return nil }
            var c = c
            c.module = m == alias ? nil : String(m.dropFirst(prefix.count))
            // The key starts with the module's path: `i4: …` becomes `…`, `i4.mau: …` becomes `mau: …`.
            c.key = String(c.key.dropFirst(m == alias ? alias.count + 2 : prefix.count))
            return c
        }
        out.imports = imports.compactMap { im in strip(im.prefix).map { Import(prefix: $0, file: im.file) } }
        out.paragraphs = nil
        return out
    }

    /// The first import of the notebook at `path` (as given on the command line), if this
    /// notebook imports it.
    public func firstImport(of path: String) -> Import? {
        let cwd = Sandbox.currentDirectory()
        guard let wanted = Sandbox.realPath(Sandbox.absolute(path, in: cwd)) else { return nil }
        return imports.first { Sandbox.realPath(Sandbox.absolute($0.file, in: cwd)) == wanted }
    }
}

/// A piece of source as its tokens, one space apart: `a+b` and `a  +  b` read the same,
/// `1_000` and `1000` too, and comments never count.
enum CanonicalText {
    static func of(_ span: SourceSpan, _ sources: SourceMap) -> String {
        of(sources[span.source].text(of: span))
    }

    static func of(_ text: String) -> String {
        let file = SourceFile(name: "", text: text)
        let (tokens, _) = Lexer.tokenize(file, id: SourceID(raw: 0))
        return tokens.compactMap(word).joined(separator: " ")
    }

    /// Whether two pieces of source read the same as tokens.
    static func same(_ a: String, _ b: String) -> Bool { a == b || of(a) == of(b) }

    static func word(_ t: Token) -> String? {
        switch t.kind {
        case .identifier(let s): s
        case .number(let x, let percent): percent ? "\(MachineNumber.text(x * 100))%" : MachineNumber.text(x)
        case .string(let s): "\"\(s)\""
        case .period(let p): p.description
        case .heading(let h): "## \(h)"
        case .prose(let text): "> \(text)"
        case .invalid: "?"
        case .tooLong: "…"
        case .newline, .eof: nil
        case .lparen: "("
        case .rparen: ")"
        case .lbracket: "["
        case .rbracket: "]"
        case .lbrace: "{"
        case .rbrace: "}"
        case .comma: ","
        case .dot: "."
        case .dotdot: ".."
        case .at: "@"
        case .assign: "="
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .caret: "^"
        case .eq: "=="
        case .ne: "!="
        case .lt: "<"
        case .le: "<="
        case .gt: ">"
        case .ge: ">="
        }
    }
}
