// MARK: - Two versions of a notebook compared
//
// `chiso diff OLD NEW` evaluates both and compares what they compute, never how they are
// written or shown: values cell by cell (numbers to 15 significant digits, as `==`
// does), the names each defines, the periods of each table, which checks fail, and (on
// request) the formulas as tokens. A display format, a label, a comment or the layout
// changing is not a difference; what a paragraph says is (ParagraphDiff.swift).

public struct NotebookDiff: Sendable {
    /// One value that differs: `tt.bao_ht@2022H1  80 → 100  (+20)`.
    public struct Change: Sendable {
        public var name: String
        /// The period (`2022H1`), `total` for a row's total, nil for a cell.
        public var period: String?
        public var old: Value
        public var new: Value
        public var oldFormat: DisplayFormat
        public var newFormat: DisplayFormat

        /// `tt.bao_ht@2022H1`.
        public var target: String { period.map { "\(name)@\($0)" } ?? name }

        /// new − old, when both are numbers.
        public var delta: Double? {
            guard case .number(let a) = old, case .number(let b) = new else { return nil }
            return MachineNumber.value(b - a)
        }
    }

    /// The changes of one table (nil: the cells outside tables), in the new notebook's order.
    public struct Group: Sendable {
        public var table: String?
        public var label: String?
        public var changes: [Change]
    }

    /// A name that is a table in one version and a cell in the other.
    public struct KindChange: Sendable {
        public var name: String
        public var old: String
        public var new: String
    }

    public struct RangeChange: Sendable {
        public var table: String
        public var old: PeriodRange
        public var new: PeriodRange
    }

    public struct FormulaChange: Sendable {
        public var name: String
        public var old: String
        public var new: String
    }

    public var oldLocale: DisplayLocale?
    public var newLocale: DisplayLocale?
    /// The locale values are shown in.
    public var locale: DisplayLocale
    public var groups: [Group] = []
    public var added: [String] = []
    public var removed: [String] = []
    public var kinds: [KindChange] = []
    public var ranges: [RangeChange] = []
    /// Every definition whose formula changed; shown only with `--formulas`.
    public var formulas: [FormulaChange] = []
    /// Checks that fail in the new version and did not in the old.
    public var newlyFailing: [ReviewSnapshot.Check] = []
    /// Checks that failed in the old version and hold in the new one (or are gone from it).
    public var noLongerFailing: [(check: ReviewSnapshot.Check, removed: Bool)] = []

    /// Paragraphs whose text differs (see ParagraphDiff.swift).
    public var paragraphs: [ParagraphChange] = []

    public var valueCount: Int { groups.reduce(0) { $0 + $1.changes.count } }

    /// Whether anything differs that is shown (formulas only when asked for).
    public func differs(formulas withFormulas: Bool) -> Bool {
        valueCount > 0 || !added.isEmpty || !removed.isEmpty || !kinds.isEmpty || !ranges.isEmpty || oldLocale != newLocale
            || !newlyFailing.isEmpty || !noLongerFailing.isEmpty || (withFormulas && !formulas.isEmpty) || !paragraphs.isEmpty
    }

    public init(old: ReviewSnapshot, new: ReviewSnapshot) {
        oldLocale = old.locale
        newLocale = new.locale
        locale = new.displayLocale

        // Names that changed kind (a table became a cell, or back) are reported once, as that.
        let oldCells = Set(old.entries.lazy.filter { $0.kind == .cell }.map(\.name))
        let newCells = Set(new.entries.lazy.filter { $0.kind == .cell }.map(\.name))
        var retyped = Set<String>()
        for name in old.tables.keys.sorted() where newCells.contains(name) {
            kinds.append(KindChange(name: name, old: "a table", new: "a cell"))
            retyped.insert(name)
        }
        for name in new.tables.keys.sorted() where oldCells.contains(name) {
            kinds.append(KindChange(name: name, old: "a cell", new: "a table"))
            retyped.insert(name)
        }
        func isRetyped(_ e: ReviewSnapshot.Entry) -> Bool { retyped.contains(e.table ?? e.name) }

        for (name, n) in new.tables.sorted(by: { $0.key < $1.key }) {
            if let o = old.tables[name], o.range != n.range { ranges.append(RangeChange(table: name, old: o.range, new: n.range)) }
        }

        var oldByName: [String: ReviewSnapshot.Entry] = [:]
        oldByName.reserveCapacity(old.entries.count)
        for e in old.entries { oldByName[e.name] = e }
        var newNames = Set<String>()
        newNames.reserveCapacity(new.entries.count)
        var groupIndex: [String: Int] = [:]
        for e in new.entries {
            newNames.insert(e.name)
            guard let o = oldByName[e.name] else {
                if !isRetyped(e) { added.append(e.name) }
                continue
            }
            if !o.sameDefinition(as: e) { formulas.append(FormulaChange(name: e.name, old: o.canonical, new: e.canonical)) }
            guard o.kind == e.kind else { continue }
            var changes: [Change] = []
            func compare(_ a: Value, _ b: Value, _ period: String?) {
                if a != b {
                    changes.append(Change(name: e.name, period: period, old: a, new: b, oldFormat: o.format, newFormat: e.format))
                }
            }
            if e.kind == .cell {
                compare(o.values[0], e.values[0], nil)
            } else if let t = e.table, let nt = new.tables[t], let ot = old.tables[o.table ?? t] {
                for (i, p) in nt.range.enumerated() {
                    guard let j = ot.range.index(of: p) else { continue }
                    compare(o.values[j], e.values[i], p.description)
                }
                if let a = o.total, let b = e.total { compare(a, b, "total") }
            }
            guard !changes.isEmpty else { continue }
            let key = e.table ?? ""
            if let g = groupIndex[key] {
                groups[g].changes += changes
            } else {
                groupIndex[key] = groups.count
                groups.append(Group(table: e.table, label: e.table.flatMap { new.tables[$0]?.label }, changes: changes))
            }
        }
        removed = old.entries.lazy.filter { !newNames.contains($0.name) && !isRetyped($0) }.map(\.name)
        if let a = old.paragraphs, let b = new.paragraphs { paragraphs = Self.paragraphChanges(a, b) }

        for (name, body) in new.functions.sorted(by: { $0.key < $1.key }) {
            if let before = old.functions[name], !CanonicalText.same(before, body) {
                formulas.append(FormulaChange(name: name, old: CanonicalText.of(before), new: CanonicalText.of(body)))
            }
        }
        added += new.functions.keys.filter { old.functions[$0] == nil }.sorted()
        removed += old.functions.keys.filter { new.functions[$0] == nil }.sorted()

        var oldChecks: [String: ReviewSnapshot.Check] = [:]
        for c in old.checks where oldChecks[c.key] == nil || !c.failures.isEmpty { oldChecks[c.key] = c }
        var newChecks: [String: ReviewSnapshot.Check] = [:]
        for c in new.checks where newChecks[c.key] == nil || !c.failures.isEmpty { newChecks[c.key] = c }
        for c in new.checks where !c.failures.isEmpty && (oldChecks[c.key]?.failures.isEmpty ?? true) {
            if !newlyFailing.contains(where: { $0.key == c.key }) { newlyFailing.append(c) }
        }
        for c in old.checks where !c.failures.isEmpty && (newChecks[c.key]?.failures.isEmpty ?? true) {
            if !noLongerFailing.contains(where: { $0.check.key == c.key }) { noLongerFailing.append((c, newChecks[c.key] == nil)) }
        }
    }
}
