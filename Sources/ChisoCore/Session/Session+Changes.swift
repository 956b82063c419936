// MARK: - What changed, value by value
//
// Besides the changed values as report items (whole rows), an outcome lists each value
// that changed as one line's worth: its place (`dvc.rate@2019Q1`, `density`,
// `dvc.rate@total`), the old value and the new one, as shown in the session's locale.

extension Session {
    /// One value that an input changed.
    public struct Change: Sendable, Equatable {
        /// `cell`, `table.row@P` or `table.row@total`.
        public var place: String
        /// As shown; `(blank)` for a blank, `(none)` when there was no value before.
        public var old: String
        public var new: String
    }

    /// The values of one node that differ between `before` (nil: it did not exist) and
    /// `after`, period by period.
    func changes(of id: NodeID, before: [Value]?, after: [Value]) -> [Change] {
        let p = evaluation.program
        let node = p.nodes[id]
        func shown(_ v: Value?) -> String {
            guard let v else { return "(none)" }
            let text = CellText.format(v, node.format, locale)
            return text.isEmpty ? "(blank)" : text
        }
        var places: [String]
        var old: [Value?], new: [Value]
        if let t = node.table {
            let table = p.tables[t]
            places = table.range.map { "\(node.name)@\($0)" }
            if table.hasTotal { places.append("\(node.name)@total") }
            new = after
            old = (0..<after.count).map { i in before.flatMap { i < $0.count ? $0[i] : nil } }
        } else if case .series(let s) = after.first {
            places = s.range.map { "\(node.name)@\($0)" }
            new = s.values
            if let b = before?.first, case .series(let o) = b, o.range == s.range {
                old = o.values
            } else {
                old = s.values.map { _ in nil }
            }
        } else {
            places = [node.name]
            new = Array(after.prefix(1))
            old = [before?.first]
        }
        var out: [Change] = []
        // A value that changed beyond the digits shown is not listed (it would read 5 → 5).
        for i in 0..<min(places.count, new.count) where old[i] != new[i] {
            let change = Change(place: places[i], old: shown(old[i]), new: shown(new[i]))
            if change.old != change.new { out.append(change) }
        }
        return out
    }
}
