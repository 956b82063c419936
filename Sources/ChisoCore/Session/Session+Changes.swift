// MARK: - What changed, value by value
//
// Besides the changed values as report items (whole rows), an outcome lists each value
// that changed as one line's worth: its place (`dvc.rate@2019Q1`, `density`,
// `dvc.rate@total`), the old value and the new one, as shown in the session's locale.
// The list holds the values; a line's text is made when it is read (the REPL prints
// ten of what may be thousands), except where the texts must be compared to tell
// whether the value changed as shown.

extension Session {
    /// One value that an input changed.
    public struct Change: Sendable, Equatable {
        /// `cell`, `table.row@P` or `table.row@total`.
        public var place: String
        /// As shown; `(blank)` for a blank, `(none)` when there was no value before.
        public var old: String
        public var new: String
    }

    /// The values an input changed, in order, each made into a `Change` when read.
    public struct Changes: RandomAccessCollection, Sendable {
        struct Item: Sendable {
            /// The node's name.
            var name: String
            /// The value's period (a row's, or a series cell's); nil for a cell and a total.
            var period: Period?
            var total = false
            var old: Value?
            var new: Value
            var format: DisplayFormat
            /// The texts, when they were made to compare them.
            var texts: (old: String, new: String)?

            var place: String {
                if let period { return "\(name)@\(period)" }
                return total ? "\(name)@total" : name
            }
        }

        var items: [Item] = []
        var locale: DisplayLocale = .en

        public init() {}

        init(_ items: [Item], locale: DisplayLocale) {
            self.items = items
            self.locale = locale
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { items.count }

        public subscript(i: Int) -> Change {
            let item = items[i]
            let texts = item.texts ?? (Self.shown(item.old, item.format, locale), Self.shown(item.new, item.format, locale))
            return Change(place: item.place, old: texts.old, new: texts.new)
        }

        /// Without the values whose place is in `places` (what the input shows itself).
        func removing(places: Set<String>) -> Changes {
            guard !places.isEmpty, !items.isEmpty else { return self }
            let names = Set(places.map { $0.split(separator: "@", maxSplits: 1).first.map(String.init) ?? $0 })
            return Changes(items.filter { !names.contains($0.name) || !places.contains($0.place) }, locale: locale)
        }

        static func shown(_ v: Value?, _ format: DisplayFormat, _ locale: DisplayLocale) -> String {
            guard let v else { return "(none)" }
            let text = CellText.format(v, format, locale)
            return text.isEmpty ? "(blank)" : text
        }

        /// Whether two different values are surely shown differently, without writing them:
        /// a number beside a blank or nothing, or two whole numbers each written with every
        /// digit (NumberFormatter).
        static func surelyShownDifferently(_ old: Value?, _ new: Value, _ format: DisplayFormat) -> Bool {
            func whole(_ x: Double) -> Bool { abs(x) <= 9_007_199_254_740_992 && x == x.rounded(.towardZero) }
            switch (old, new) {
            case (nil, .number), (.blank?, .number), (.number?, .blank):
                return true
            case (.number(let x)?, .number(let y)):
                switch format {
                case .general, .text, .number: return whole(x) && whole(y)
                case .percent, .points: return false
                }
            default:
                return false
            }
        }
    }

    /// The values of one node that differ between `before` (nil: it did not exist) and
    /// `after`, period by period; a value that changed beyond the digits shown is not
    /// listed (it would read 5 → 5).
    /// A row of a table `with subtotals` also lists its subtotals that changed, each after
    /// its year's last period (`t.a@2019`), as the table shows them: `subtotals` holds
    /// their values before (nil: none) and after.
    func changes(of id: NodeID, before: [Value]?, after: [Value], subtotals: (before: [Value]?, after: [Value])? = nil) -> [Changes.Item] {
        let p = evaluation.program
        let node = p.nodes[id]
        var out: [Changes.Item] = []
        let format = node.format, locale = self.locale
        func add(_ period: Period?, total: Bool, _ old: Value?, _ new: Value) {
            guard old != new else { return }
            var item = Changes.Item(name: node.name, period: period, total: total, old: old, new: new, format: format)
            if !Changes.surelyShownDifferently(old, new, format) {
                let texts = (Changes.shown(old, format, locale), Changes.shown(new, format, locale))
                guard texts.0 != texts.1 else { return }
                item.texts = texts
            }
            out.append(item)
        }
        if let t = node.table {
            let table = p.tables[t]
            let count = min(table.range.count + (table.hasTotal ? 1 : 0), after.count)
            let years = subtotals == nil ? [] : table.range.subtotalYears
            var y = 0
            for i in 0..<count {
                let old = before.flatMap { i < $0.count ? $0[i] : nil }
                let period = i < table.range.count ? table.range[i] : nil
                add(period, total: period == nil, old, after[i])
                while let subtotals, y < years.count, years[y].after == i {
                    if y < subtotals.after.count {
                        add(years[y].year, total: false, subtotals.before.flatMap { y < $0.count ? $0[y] : nil }, subtotals.after[y])
                    }
                    y += 1
                }
            }
        } else if case .series(let s) = after.first {
            var old: [Value]?
            if let b = before?.first, case .series(let o) = b, o.range == s.range { old = o.values }
            for (i, period) in s.range.enumerated() where i < s.values.count {
                add(period, total: false, old?[i], s.values[i])
            }
        } else if let new = after.first {
            add(nil, total: false, before?.first, new)
        }
        return out
    }
}

extension Session {
    /// Whether node `id` is a row of a table `with subtotals`.
    static func hasSubtotals(_ id: NodeID, in program: Program) -> Bool {
        guard case .row(let t) = program.nodes[id].kind else { return false }
        return program.tables[t].subtotals
    }
}
