// MARK: - `chiso why`: the REPL's `:why`, headless
//
// The explanation is the session's own (`Session.explain`, which `:why` prints); this
// adds what a command line needs: names of imported notebooks (`du_thao.tt.bao_ht`), and
// a reason when the name or the period does not fit, for an exit code.

extension Session {
    public enum WhyAnswer: Equatable, Sendable {
        case explanation(String)
        /// No cell or row has that name; the closest one, if any.
        case unknownName(String, suggestion: String?)
        case badPeriod(String)
        /// The period is not one of the row's table.
        case outsideRange(String, range: String)
    }

    /// `chiso why FILE name[@P]`: the formula behind a value, the values it reads, and where
    /// an amended value came from; through imports.
    public func whyAnswer(_ target: String, depth: Int = 3) -> WhyAnswer {
        var name = target, period: Period?, total = false
        if let at = target.firstIndex(of: "@") {
            name = String(target[..<at])
            let text = String(target[target.index(after: at)...])
            if text.lowercased() == "total" {
                total = true
            } else {
                guard let p = Period.parse(text) else { return .badPeriod(text) }
                period = p
            }
        }
        let program = evaluation.program
        let id =
            node(named: name)
            ?? program.nodes.indices.first { program.nodes[$0].name == name && program.nodes[$0].kind != .check(table: nil) }
        guard let id, !program.nodes[id].isCheck else {
            let names = program.nodes.lazy.filter { !$0.isCheck && !$0.isPrivate }.map(\.name)
            return .unknownName(name, suggestion: Suggest.closest(to: name, in: names))
        }
        if let period, case .row(let t) = program.nodes[id].kind, program.tables[t].range.index(of: period) == nil {
            return .outsideRange(period.description, range: program.tables[t].range.description)
        }
        // The cell explained: the period asked for, the total, or a row's last period (as `:why`).
        var index = 0
        var note: String?
        if case .row(let t) = program.nodes[id].kind {
            let range = program.tables[t].range
            if total {
                index = range.count
            } else if let period {
                index = range.index(of: period) ?? 0
            } else {
                index = range.count - 1
                note = "(\(name) in its last period, \(range.last); \(name)@P explains another, \(name)@total its total)"
            }
        } else if total {
            return .badPeriod("total")
        }
        var lines: [String] = []
        explain(id, index, prefix: "", childPrefix: "", depth: depth, into: &lines, seen: [])
        if let note { lines.append(note) }
        return .explanation(lines.joined(separator: "\n"))
    }
}

extension Node {
    var isCheck: Bool { if case .check = kind { true } else { false } }
}

extension Provenance {
    /// What `:why` says of an amended value instead of its formula: where it was set and
    /// what it was set to (`set by a `with` line at gop-y.chiso:9: 100`); nil when its own
    /// definition made it. Only the node's own amendment: the cells it reads are explained
    /// on their own lines.
    static func explanation(of id: NodeID, period: Period?, in program: Program, sources: SourceMap) -> String? {
        let node = program.nodes[id]
        var i = 0
        if case .row(let t) = node.kind {
            let range = program.tables[t].range
            guard let k = range.index(of: period ?? range.last) else { return nil }
            i = k
        }
        let span: SourceSpan
        if node.overrides[i] != nil, let s = program.overrideSpans[id]?[i] {
            span = s
        } else if let s = node.bodySpan, node.replacedByImporter || sources[s.source].name.hasPrefix("--set ") {
            span = s
        } else {
            return nil
        }
        guard let origin = origin(of: id, at: i, in: program, sources: sources) else { return nil }
        return "\(origin.description): \(sources[span.source].text(of: span))"
    }
}
