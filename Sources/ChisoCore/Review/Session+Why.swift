// MARK: - Where an amended value came from, for `:why` and `chiso why`
//
// The explanation itself is the session's (`Session.why`, Session+Inspect.swift), which the
// REPL's `:why` and `chiso why` both print.

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
