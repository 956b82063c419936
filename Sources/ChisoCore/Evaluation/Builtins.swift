// MARK: - Evaluating built-in functions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Evaluator {
    func builtin(_ f: Builtin, _ args: [Code], _ ctx: Context, _ frame: Frame?) -> Value {
        switch f {
        case .sum: return Aggregate.sum(spread(args, ctx, frame))
        case .avg: return Aggregate.average(spread(args, ctx, frame))
        case .min: return Aggregate.extreme(spread(args, ctx, frame), smallest: true)
        case .max: return Aggregate.extreme(spread(args, ctx, frame), smallest: false)
        case .count:
            let values = spread(args, ctx, frame)
            if let e = values.first(where: \.isError) { return e }
            return .number(Double(values.filter { if case .number = $0 { true } else { false } }.count))
        case .first: return spread(args, ctx, frame).first(where: { !$0.isBlank }) ?? .blank
        case .last: return spread(args, ctx, frame).last(where: { !$0.isBlank }) ?? .blank
        case .len:
            // The number of periods of a series, or of characters of a text.
            switch eval(args[0], ctx, frame) {
            case .series(let s): return .number(Double(s.range.count))
            case .text(let t):
                charge(t.utf8.count / 16)
                return .number(Double(t.count))
            case .blank: return .blank
            case .error(let e): return .error(e)
            default: return .error(.value)
            }
        case .cumsum:
            return cumulativeSum(args, ctx, frame)
        case .round, .roundup, .rounddown:
            let mode: Decimal15.Mode = f == .round ? .halfAwayFromZero : (f == .roundup ? .awayFromZero : .towardZero)
            // The left-most error wins: the value is looked at before the digits.
            let x = eval(args[0], ctx, frame)
            if x.isError || x.isBlank { return x }
            let digits: Int
            if args.count > 1 {
                switch Self.integer(eval(args[1], ctx, frame)) {
                case .success(let d): digits = d
                case .failure(let e): return .error(e)
                }
            } else {
                digits = 0
            }
            return numeric(x) { .num(Numeric.round($0, digits, mode: mode)) }
        case .abs:
            return numeric(eval(args[0], ctx, frame)) { .number(Swift.abs($0)) }
        case .sqrt:
            return numeric(eval(args[0], ctx, frame)) { $0 < 0 ? .error(.num) : .num($0.squareRoot()) }
        case .if:
            return choose(eval(args[0], ctx, frame), args[1], args[2], ctx, frame)
        case .iferror, .ifna:
            let v = eval(args[0], ctx, frame)
            let catches: (Value) -> Bool = { value in
                guard case .error(let e) = value else { return false }
                return f == .iferror || e == .na
            }
            if case .series(let s) = v, s.values.contains(where: catches) {
                let alt = eval(args[1], ctx, frame)
                return .series(
                    Series(
                        range: s.range,
                        values: s.range.indices.map { i in
                            catches(s.values[i]) ? Operations.sample(alt, at: s.range[i]) : s.values[i]
                        }))
            }
            return catches(v) ? eval(args[1], ctx, frame) : v
        case .iserror:
            return elementwise(eval(args[0], ctx, frame)) { .bool($0.isError) }
        case .isblank:
            return elementwise(eval(args[0], ctx, frame)) { .bool($0.isBlank) }
        case .coalesce:
            return coalesce(args, ctx, frame)
        case .period:
            switch ctx.mode {
            case .period(let p): return .period(p)
            case .total: return .blank
            case .whole: return .error(.value)
            }
        case .per_year:
            guard let g = granularity(args, ctx, frame) else { return .error(.value) }
            return .number(Double(g.perYear))
        case .year, .half, .quarter, .month:
            return periodPart(f, args, ctx, frame)
        case .year_start:
            let v = eval(args[0], ctx, frame)
            guard case .period(let p) = v else { return v.isError || v.isBlank ? v : .error(.value) }
            return .period(p.yearStart)
        case .first_period, .last_period:
            let v = eval(args[0], ctx, frame)
            guard case .series(let s) = v else { return v.isError ? v : .error(.value) }
            let indices = f == .first_period ? Array(s.values.indices) : s.values.indices.reversed()
            for i in indices where !s.values[i].isBlank { return .period(s.range[i]) }
            return .blank
        case .locale:
            // The notebook's own locale, as text() and concat() use it: never `--locale`.
            return .text(locale.rawValue)
        case .text:
            return elementwise(eval(args[0], ctx, frame)) { v in
                v.isError ? v : .text(CellText.format(v, .text, self.locale))
            }
        case .concat:
            let values = spread(args, ctx, frame)
            if let e = values.first(where: \.isError) { return e }
            var out = ""
            for v in values {
                if case .series(let series) = v { charge(series.values.count) }
                let piece = CellText.format(v, .text, locale)
                guard out.utf8.count + piece.utf8.count <= Self.maxTextBytes else { return textTooLong() }
                out += piece
            }
            charge(out.utf8.count / 16)
            return .text(out)
        }
    }

    /// The arguments' values with series and row ranges spread out.
    private func spread(_ args: [Code], _ ctx: Context, _ frame: Frame?) -> [Value] {
        var out: [Value] = []
        for a in args {
            if case .rows(let ids) = a {
                for id in ids { out.append(row(id, ctx)) }
                continue
            }
            let v = eval(a, ctx, frame)
            if case .series(let s) = v {
                charge(s.values.count)
                out.append(contentsOf: s.values)
            } else {
                out.append(v)
            }
        }
        return out
    }

    /// A function of one number, applied period by period to a series.
    private func numeric(_ v: Value, _ f: (Double) -> Value) -> Value {
        switch v {
        case .number(let x): f(x)
        case .blank, .error: v
        case .series(let s): .series(s.map { numeric($0, f) })
        default: .error(.value)
        }
    }

    private func elementwise(_ v: Value, _ f: (Value) -> Value) -> Value {
        if case .series(let s) = v { return .series(s.map(f)) }
        return f(v)
    }

    /// The first argument that is not blank; with a series, period by period.
    private func coalesce(_ args: [Code], _ ctx: Context, _ frame: Frame?) -> Value {
        var result = Value.blank
        for a in args {
            // Later arguments are evaluated only while something is still blank.
            switch result {
            case .blank: break
            case .series(let s) where s.values.contains(where: \.isBlank): break
            default: return result
            }
            let v: Value
            if case .rows(let ids) = a {
                v = ids.lazy.map { self.row($0, ctx) }.first(where: { !$0.isBlank }) ?? .blank
            } else {
                v = eval(a, ctx, frame)
            }
            switch result {
            case .blank:
                result = v
            case .series(let s):
                result = .series(
                    Series(
                        range: s.range,
                        values: s.range.indices.map { i in
                            s.values[i].isBlank ? Operations.sample(v, at: s.range[i]) : s.values[i]
                        }))
            default:
                return result
            }
        }
        return result
    }

    /// In a table: the sum of x from the first period to this one (blank where x is blank).
    /// Outside: the running sum of a series.
    private func cumulativeSum(_ args: [Code], _ ctx: Context, _ frame: Frame?) -> Value {
        let arg = args[0]
        switch ctx.mode {
        case .period(let p):
            let here = eval(arg, ctx, frame)
            guard case .number = here else { return here }
            guard let range = ctx.range, let end = range.index(of: p) else {
                // Outside a table (`cumsum(t.x)@2019Q1`): the running sum of the whole series, at p.
                var whole = ctx
                whole.mode = .whole
                whole.range = nil
                return Operations.sample(cumulativeSum(args, whole, frame), at: p)
            }
            // In a row's own formula, each period adds to the sum of the one before.
            if sharing, frame == nil, let v = runningSum(args, ctx, range, end, here) { return v }
            var values: [Value] = []
            var at = ctx
            for i in 0...end {
                at.mode = .period(range[i])
                values.append(eval(arg, at, frame))
            }
            return Aggregate.sum(values)
        case .total:
            return eval(arg, ctx, frame)
        case .whole:
            let v = eval(arg, ctx, frame)
            guard case .series(let s) = v else { return v }
            var running: Double?
            var out: [Value] = []
            for x in s.values {
                switch x {
                case .number(let n):
                    running = Numeric.add(running ?? 0, n)
                    out.append(.num(running!))
                case .blank: out.append(.blank)
                case .error: out.append(x); running = .nan
                default: out.append(.error(.value))
                }
            }
            return .series(Series(range: s.range, values: out))
        }
    }

    /// `cumsum` at period `end` of `range`, from the sums kept for this place in the
    /// program: the argument is evaluated once per period, not once per period for every
    /// cell after it. Nil when a limit or a cycle was met on the way (then no sum is kept).
    private func runningSum(_ args: [Code], _ ctx: Context, _ range: PeriodRange, _ end: Int, _ here: Value) -> Value? {
        // The arguments' storage is the place: kept alive (`pin`) while the sums are.
        let key = RunningSumKey(site: args.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }, range: range)
        let sums: RunningSum
        if let s = runningSums[key] {
            sums = s
        } else {
            sums = RunningSum(pin: args)
            runningSums[key] = sums
        }
        var at = ctx
        while sums.folds.count <= end {
            let i = sums.folds.count
            let v: Value
            if i == end {
                v = here
            } else {
                let before = anomalies
                at.mode = .period(range[i])
                v = eval(args[0], at, nil)
                if anomalies != before {
                    runningSums[key] = nil
                    return nil
                }
            }
            // The value's own evaluation may have added this period already.
            if sums.folds.count == i { sums.folds.append((sums.folds.last ?? .empty).adding(v)) }
        }
        return sums.folds[end].value
    }
    /// The granularity of the argument (a period or a series), else of the current period.
    private func granularity(_ args: [Code], _ ctx: Context, _ frame: Frame?) -> Period.Granularity? {
        if let a = args.first {
            switch eval(a, ctx, frame) {
            case .period(let p): return p.granularity
            case .series(let s): return s.range.granularity
            default: break
            }
        }
        if case .period(let p) = ctx.mode { return p.granularity }
        return ctx.range?.granularity
    }

    private func periodPart(_ f: Builtin, _ args: [Code], _ ctx: Context, _ frame: Frame?) -> Value {
        let v: Value
        if let a = args.first {
            v = eval(a, ctx, frame)
        } else {
            switch ctx.mode {
            case .period(let p): v = .period(p)
            case .total: return .blank
            case .whole: return .error(.value)
            }
        }
        guard case .period(let p) = v else { return v.isError || v.isBlank ? v : .error(.value) }
        let part: Period.Granularity
        switch f {
        case .year: return .number(Double(p.year))
        case .half: part = .half
        case .quarter: part = .quarter
        default: part = .month
        }
        // The half of a quarter, the quarter of a month; #VALUE! for the quarter of a year.
        return p.index(in: part).map { .number(Double($0)) } ?? .error(.value)
    }
}

struct RunningSumKey: Hashable {
    var site: UInt
    var range: PeriodRange
}

/// The sums of a `cumsum` from the first period to each one computed so far.
final class RunningSum {
    let pin: [Code]
    var folds: [Fold] = []
    init(pin: [Code]) { self.pin = pin }

    /// `Aggregate.sum` of the values so far, one value at a time.
    enum Fold {
        case empty
        case sum(Double)
        case failed(ErrorCode)

        func adding(_ v: Value) -> Fold {
            switch (self, v) {
            case (.failed, _): self
            case (.empty, .number(let x)): .sum(x)
            case (.sum(let a), .number(let x)): .sum(Numeric.add(a, x))
            case (_, .blank): self
            case (_, .error(let e)): .failed(e)
            default: .failed(.value)
            }
        }

        var value: Value {
            switch self {
            case .empty: .blank
            case .sum(let a): .num(a)
            case .failed(let e): .error(e)
            }
        }
    }
}
