// MARK: - Checks
//
// Each `check`'s outcome once the notebook is evaluated: where it fails and, for a
// comparison, the two values it compared; and a failed check as a diagnostic.

/// The outcome of one `check`.
public struct CheckOutcome: Sendable {
    public var span: SourceSpan
    public var message: String?
    /// The import a check of an imported notebook belongs to (`b`), nil for the notebook being run.
    public var module: String?
    /// Empty when the check holds; else where it fails ("2019Q1: false").
    public var failures: [String]
    public var holds: Bool { failures.isEmpty }
}

enum Checks {
    /// Every check's outcome; a failure says where and, for a comparison, the values it
    /// compared (`2019Q2: 21 > 20`), in the display locale and each side's format.
    static func outcomes(_ evaluator: Evaluator, locale: DisplayLocale, only: [NodeID]? = nil) -> [CheckOutcome] {
        let program = evaluator.program
        var out: [CheckOutcome] = []
        for id in only ?? Array(program.nodes.indices) {
            let node = program.nodes[id]
            guard case .check(let t) = node.kind else { continue }
            let compared = Compared(node, evaluator, locale)
            var failures: [String] = []
            if let t {
                let range = program.tables[t].range
                for (i, v) in evaluator.values(of: id).enumerated() {
                    if let why = failure(v, compared?.at(.init(mode: .period(range[i]), range: range), nil)) {
                        failures.append("\(range[i]): \(why)")
                    }
                }
            } else {
                let v = evaluator.value(of: id)
                if case .series(let s) = v {
                    for (i, x) in s.values.enumerated() {
                        if let why = failure(x, compared?.at(.whole, i)) { failures.append("\(s.range[i]): \(why)") }
                    }
                } else if let why = failure(v, compared?.at(.whole, nil)) {
                    failures.append(why)
                }
            }
            let prefix = program.modules[node.module].prefix
            out.append(
                CheckOutcome(
                    span: node.span, message: node.message, module: prefix.isEmpty ? nil : String(prefix.dropLast()), failures: failures))
        }
        return out
    }

    /// The two sides of a check written as a comparison, to show what was compared.
    private struct Compared {
        let op: BinaryOp
        let lhs: Code, rhs: Code
        let evaluator: Evaluator
        let locale: DisplayLocale

        init?(_ node: Node, _ evaluator: Evaluator, _ locale: DisplayLocale) {
            guard case .formula(.binary(let op, let lhs, let rhs)) = node.body,
                [.eq, .ne, .lt, .le, .gt, .ge].contains(op)
            else { return nil }
            (self.op, self.lhs, self.rhs, self.evaluator, self.locale) = (op, lhs, rhs, evaluator, locale)
        }

        /// `21 > 20`: the sides' values where the check failed, with the relation that
        /// holds between them instead (the negation of the check's).
        func at(_ ctx: Evaluator.Context, _ index: Int?) -> String? {
            // Both sides in one format: a row's or cell's, when the other side has none
            // (`hs.rate >= 95%` shows `92,9% < 95,0%`).
            let (fa, fb) = (format(lhs), format(rhs))
            func side(_ code: Code, _ own: DisplayFormat) -> String? {
                var v = evaluator.eval(code, ctx, nil)
                if let index, case .series(let s) = v { v = index < s.values.count ? s.values[index] : .blank }
                if case .series = v { return nil }
                if case .text(let t) = v { return "\"\(t)\"" }
                return CellText.format(v, own == .general ? (fa == .general ? fb : fa) : own, locale)
            }
            guard let a = side(lhs, fa), let b = side(rhs, fb) else { return nil }
            let negated: String =
                switch op {
                case .eq: "≠"
                case .ne: "="
                case .lt: "≥"
                case .le: ">"
                case .gt: "≤"
                case .ge: "<"
                default: op.rawValue
                }
            return "\(a) \(negated) \(b)"
        }

        /// A side that names a cell or row is shown in its format; anything else plainly.
        private func format(_ code: Code) -> DisplayFormat {
            switch code {
            case .scalar(let id), .row(let id): evaluator.program.nodes[id].format
            case .at(let inner, _, _), .offset(let inner, _): format(inner)
            default: .general
            }
        }
    }

    /// A failed check, as a diagnostic: the first few places it fails, then how many more.
    static func diagnostics(_ checks: [CheckOutcome]) -> [Diagnostic] {
        checks.filter { !$0.holds }.map(\.diagnostic)
    }

    /// Why a check's value does not hold, or nil when it holds (true, or blank: no data).
    private static func failure(_ v: Value, _ compared: @autoclosure () -> String?) -> String? {
        switch v {
        case .bool(true), .blank: nil
        case .bool(false): compared() ?? "false"
        case .error(let e): "cannot be evaluated (\(e.rawValue))"
        default: "is \(v.kindName), not true or false"
        }
    }
}
