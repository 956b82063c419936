// MARK: - Operators on values
//
// Errors flow (the left-most wins), then blanks: arithmetic or a comparison with a blank
// is blank, because "no data" is not zero. Series work period by period.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Operations {
    static func unary(_ op: UnaryOp, _ v: Value) -> Value {
        switch (op, v) {
        case (_, .error), (_, .blank): v
        case (.negate, .number(let x)): .number(x == 0 ? 0 : -x)
        case (.not, .bool(let b)): .bool(!b)
        case (_, .series(let s)): .series(s.map { unary(op, $0) })
        default: .error(.value)
        }
    }

    static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.series(let x), .series(let y)):
            return .series(
                Series(
                    range: x.range,
                    values: x.range.indices.map { i in
                        scalar(op, x.values[i], y.value(at: x.range[i]))
                    }))
        case (.series(let x), _):
            return .series(x.map { scalar(op, $0, b) })
        case (_, .series(let y)):
            return .series(y.map { scalar(op, a, $0) })
        default:
            return scalar(op, a, b)
        }
    }

    /// The value a series or single value has in period `p`.
    static func sample(_ v: Value, at p: Period) -> Value {
        if case .series(let s) = v { return s.value(at: p) }
        return v
    }

    static func scalar(_ op: BinaryOp, _ a: Value, _ b: Value) -> Value {
        if case .error = a { return a }
        if case .error = b { return b }
        // false decides `and`, true decides `or`, even next to a blank.
        if op == .and, case .bool(false) = b { return b }
        if op == .or, case .bool(true) = b { return b }
        if case .blank = a { return .blank }
        if case .blank = b { return .blank }
        switch op {
        case .add, .subtract, .multiply, .divide, .power:
            return arithmetic(op, a, b)
        case .and, .or:
            guard case .bool(let x) = a, case .bool(let y) = b else { return .error(.value) }
            return .bool(op == .and ? x && y : x || y)
        case .eq, .ne, .lt, .le, .gt, .ge:
            return compare(op, a, b)
        }
    }

    private static func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.number(x), .number(y)):
            switch op {
            case .add: return .num(Numeric.add(x, y))
            case .subtract: return .num(Numeric.subtract(x, y))
            case .multiply: return .num(x * y)
            case .divide: return y == 0 ? .error(.div0) : .num(x / y)
            case .power:
                if x == 0, y < 0 { return .error(.div0) }
                return .num(pow(x, y))
            default: return .error(.value)
            }
        case let (.period(p), .number(n)) where op == .add || op == .subtract:
            guard Numeric.isWhole(n), abs(n) < 1e9 else { return .error(.value) }
            return .period(p.shifted(by: op == .add ? Int(n.rounded()) : -Int(n.rounded())))
        case let (.number(n), .period(p)) where op == .add:
            guard Numeric.isWhole(n), abs(n) < 1e9 else { return .error(.value) }
            return .period(p.shifted(by: Int(n.rounded())))
        case let (.period(p), .period(q)) where op == .subtract:
            guard p.granularity == q.granularity else { return .error(.value) }
            return .number(Double(p.ordinal - q.ordinal))
        default:
            return .error(.value)
        }
    }

    private static func compare(_ op: BinaryOp, _ a: Value, _ b: Value) -> Value {
        let order: Int?
        switch (a, b) {
        case let (.number(x), .number(y)): order = Numeric.compare(x, y)
        case let (.text(x), .text(y)): order = x == y ? 0 : (x < y ? -1 : 1)
        case let (.bool(x), .bool(y)): order = x == y ? 0 : (op == .eq || op == .ne ? 1 : nil)
        case let (.period(x), .period(y)):
            order =
                x.granularity == y.granularity
                ? (x.ordinal == y.ordinal ? 0 : (x.ordinal < y.ordinal ? -1 : 1)) : (op == .eq || op == .ne ? 1 : nil)
        default:
            order = op == .eq || op == .ne ? 1 : nil
        }
        guard let order else { return .error(.value) }
        switch op {
        case .eq: return .bool(order == 0)
        case .ne: return .bool(order != 0)
        case .lt: return .bool(order < 0)
        case .le: return .bool(order <= 0)
        case .gt: return .bool(order > 0)
        case .ge: return .bool(order >= 0)
        default: return .error(.value)
        }
    }
}

/// Aggregates over many values: blanks are skipped; the first error wins.
enum Aggregate {
    static func total(_ values: [Value], _ aggregation: Aggregation) -> Value {
        // A row of labels or notes has no numeric total.
        if aggregation != .last, values.contains(where: { if case .text = $0 { true } else { false } }),
            values.allSatisfy({ if case .text = $0 { true } else { $0.isBlank } })
        {
            return .blank
        }
        return switch aggregation {
        case .sum: sum(values)
        case .avg: average(values)
        case .min: extreme(values, smallest: true)
        case .max: extreme(values, smallest: false)
        case .last: values.last(where: { !$0.isBlank }) ?? .blank
        }
    }

    /// Numbers among `values`, or the first error / non-number found.
    static func numbers(_ values: [Value]) -> Result<[Double], ErrorCode> {
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for v in values {
            switch v {
            case .number(let x): out.append(x)
            case .blank: continue
            case .error(let e): return .failure(e)
            default: return .failure(.value)
            }
        }
        return .success(out)
    }

    /// The sum; blank when every value is blank ("no data" is not zero).
    static func sum(_ values: [Value]) -> Value {
        switch numbers(values) {
        case .failure(let e): return .error(e)
        case .success(let xs):
            guard !xs.isEmpty else { return .blank }
            return .num(xs.dropFirst().reduce(xs[0], Numeric.add))
        }
    }

    static func average(_ values: [Value]) -> Value {
        switch numbers(values) {
        case .failure(let e): return .error(e)
        case .success(let xs):
            guard !xs.isEmpty else { return .blank }
            return .num(xs.dropFirst().reduce(xs[0], Numeric.add) / Double(xs.count))
        }
    }

    static func extreme(_ values: [Value], smallest: Bool) -> Value {
        switch numbers(values) {
        case .failure(let e): return .error(e)
        case .success(let xs):
            guard let m = smallest ? xs.min() : xs.max() else { return .blank }
            return .number(m)
        }
    }
}
