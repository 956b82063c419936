// MARK: - Finding things
//
// `:list [word]` (what the session defines), the definition of a standard-library
// function for `:show`, `ans` (the last expression), and a warning for `_` (a blank, not
// the last value) where a number is expected.

extension Session {
    /// One name `:list` prints.
    public struct Listed: Sendable, Equatable {
        public enum Kind: String, Sendable { case table, row, cell, function, `import` }
        public var kind: Kind
        /// `dvc`, `dvc.rate`, `population`, `safe_rate(part, whole)`, `tttt`.
        public var name: String
        /// The label, the periods and rows of a table, the path of an import.
        public var detail: String
    }

    /// What the notebook defines (not what it imports), in kind order then by name; with
    /// `word`, only the names or labels that contain it (any case).
    public func listing(_ word: String? = nil) -> [Listed] {
        let p = evaluation.program
        var out: [Listed] = []
        // Tables, each with its rows, by name; a table across notebooks among them, with
        // its columns and period, and its rows as written.
        var tables: [(name: String, listed: [Listed])] = []
        for (name, t) in p.tableByName {
            let table = p.tables[t]
            let rows = table.rows.filter { !p.nodes[$0].isPrivate }
            let range = "\(table.range.start)..\(table.range.last)"
            var listed = [
                Listed(kind: .table, name: name, detail: (table.label.map { "\"\($0)\" " } ?? "") + "\(range), \(rows.count) rows")
            ]
            for id in rows {
                listed.append(Listed(kind: .row, name: p.nodes[id].name, detail: p.nodes[id].label.map { "\"\($0)\"" } ?? ""))
            }
            tables.append((name, listed))
        }
        for a in p.acrossTables {
            let columns = a.columns.map(\.name).joined(separator: ", ")
            var listed = [
                Listed(
                    kind: .table, name: a.name,
                    detail: (a.label.map { "\"\($0)\" " } ?? "") + "across \(columns) at \(a.period), \(a.rows.count) rows")
            ]
            for r in a.rows { listed.append(Listed(kind: .row, name: "\(a.name).\(r.name)", detail: r.label.map { "\"\($0)\"" } ?? "")) }
            tables.append((a.name, listed))
        }
        for table in tables.sorted(by: { $0.name < $1.name }) { out += table.listed }
        for (name, id) in p.scalarByName.sorted(by: { $0.key < $1.key }) where !p.nodes[id].isPrivate {
            out.append(Listed(kind: .cell, name: name, detail: p.nodes[id].label.map { "\"\($0)\"" } ?? ""))
        }
        for (name, f) in p.userFunctionByName.sorted(by: { $0.key < $1.key }) {
            out.append(Listed(kind: .function, name: "\(name)(\(p.functions[f].parameters.joined(separator: ", ")))", detail: ""))
        }
        for e in entries {
            guard case .use(let u) = e.statement else { continue }
            out.append(Listed(kind: .import, name: u.alias?.text ?? Imports.defaultAlias(u.path) ?? u.path, detail: u.path))
        }
        guard let word = word?.lowercased(), !word.isEmpty else { return out }
        return out.filter { $0.name.lowercased().contains(word) || $0.detail.lowercased().contains(word) }
    }

    /// A standard-library function's definition as written, with its comment.
    public func stdlibDefinition(_ name: String) -> String? {
        guard evaluation.program.userFunctionByName[name] == nil else { return nil }
        for tree in stdlib {
            for case .function(let f) in tree.statements where f.name.text == name {
                let file = sources[f.span.source]
                var lines = [file.text(of: f.span)]
                var line = file.location(of: f.span.start).line - 1
                while line >= 1, file.lineText(line).hasPrefix("#"), !file.lineText(line).hasPrefix("##") {
                    lines.insert(file.lineText(line), at: 0)
                    line -= 1
                }
                return "# standard library (\(file.name))\n" + lines.joined(separator: "\n")
            }
        }
        return nil
    }

    // MARK: ans

    /// `ans` in an input, read as the last expression (in brackets); nil when the input has
    /// none, when no expression was evaluated yet, or when the session defines `ans`.
    func replacingAns(in file: SourceFile, id: SourceID) -> String? {
        guard let last = lastExpression, node(named: "ans") == nil, kind(of: "ans") == nil,
            file.text.contains("ans")
        else { return nil }
        let (tokens, _) = Lexer.tokenize(file, id: id)
        var bytes = file.bytes
        var previous: Token.Kind?
        var places: [SourceSpan] = []
        for t in tokens {
            if case .identifier("ans") = t.kind, previous != .dot { places.append(t.span) }
            if t.kind != .newline { previous = t.kind }
        }
        guard !places.isEmpty else { return nil }
        for span in places.reversed() { bytes.replaceSubrange(span.start..<span.end, with: Array("(\(last))".utf8)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: _ is a blank

    /// Warnings for `_` used where a number is expected (`_ + 1`, `_ * 2`, `_` alone typed
    /// as an expression): it is a blank, not the last value.
    static func blankWarnings(_ expr: Expr, alone: Bool) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func warn(_ span: SourceSpan) {
            out.append(
                .warning(
                    .name, "'_' is a blank (no data), not the last value", at: span,
                    help: "the value of the last expression is 'ans'"))
        }
        func walk(_ e: Expr, operand: Bool) {
            switch e.kind {
            case .blank: if operand { warn(e.span) }
            case .binary(let op, let a, let b):
                let arithmetic: Set<BinaryOp> = [.add, .subtract, .multiply, .divide, .power]
                walk(a, operand: arithmetic.contains(op))
                walk(b, operand: arithmetic.contains(op))
            case .unary(let op, let a): walk(a, operand: op == .negate)
            case .member(let a, _): walk(a, operand: false)
            case .call(_, let args): for a in args { walk(a, operand: false) }
            case .ifThenElse(let a, let b, let c):
                walk(a, operand: false)
                walk(b, operand: false)
                walk(c, operand: false)
            case .offset(let a, let b): walk(a, operand: true); walk(b, operand: false)
            case .at(let a, _, _): walk(a, operand: false)
            default: break
            }
        }
        walk(expr, operand: alone)
        return out
    }
}
