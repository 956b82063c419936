// MARK: - Evaluator: calls of user functions
//
// A function's arguments are passed by need: each is evaluated at most once in each
// period it is read in (`x` and `x[-1]` in `delta(x)`). Values are pure, so work is
// shared where that cannot change a result: an argument passed on unchanged or shifted
// (`f(x)`, `f(x[-1])` inside a function) is read where it was first given, not through
// every call between; and a recursive function whose arguments are all evaluated before
// anything else remembers its result for the same argument values in the same period.

extension Evaluator {
    /// A function call's arguments, passed by need.
    final class Frame {
        let function: Int
        /// The argument expressions, evaluated in `parent`.
        let arguments: [Code]
        let parent: Frame?
        let context: Context
        /// Each argument's value in `context`, once evaluated.
        @exclusivity(unchecked) var cache: [Value?]
        /// Where arguments come from when not from their expression in `parent`: passed on
        /// from the caller, or a series' values (nil when every argument is an expression).
        @exclusivity(unchecked) var sources: [Source?]?
        /// Arguments computed in other contexts (`x[-1]` where x is a call).
        @exclusivity(unchecked) var elsewhere: [Elsewhere: Value]?
        /// Set when an argument is read in another context than the call's: its result then
        /// depends on more than the arguments' values, and is not remembered.
        @exclusivity(unchecked) var readElsewhere = false
        /// Set when the call's result is remembered by its arguments' values.
        var remembered = false
        init(function: Int, arguments: [Code], parent: Frame?, context: Context, sources: [Source?]?) {
            self.function = function
            self.arguments = arguments
            self.parent = parent
            self.context = context
            self.cache = Array(repeating: nil, count: arguments.count)
            self.sources = sources
        }
    }

    /// Where an argument comes from, when not from its expression in the caller's frame.
    struct Source {
        /// An argument passed on from the caller (`f(x)` or `f(x[-1])` in a function): it
        /// is argument `index` of `origin`, `shift` periods away (`shifted`: through an
        /// offset, which is blank in a total column).
        var origin: Frame?
        var index = 0
        var shift = 0
        var shifted = false
        /// A whole series given to a function applied period by period: in each period,
        /// the argument is the series' value there.
        var series: Series?
    }

    struct Elsewhere: Hashable {
        var k: Int
        var context: Context
    }

    /// A remembered call: the function, the context and the arguments' values.
    struct CallKey: Hashable {
        var function: Int
        var context: Context
        var arguments: [Argument]

        /// An argument value as a key: numbers by their bits; texts and series are not remembered.
        enum Argument: Hashable {
            case number(UInt64), bool(Bool), blank, error(ErrorCode), period(Period)
            init?(_ v: Value) {
                switch v {
                case .number(let x): self = .number(x.bitPattern)
                case .bool(let b): self = .bool(b)
                case .blank: self = .blank
                case .error(let e): self = .error(e)
                case .period(let p): self = .period(p)
                case .text, .series: return nil
                }
            }

            /// The value the key was made from.
            var value: Value {
                switch self {
                case .number(let bits): .number(Double(bitPattern: bits))
                case .bool(let b): .bool(b)
                case .blank: .blank
                case .error(let e): .error(e)
                case .period(let p): .period(p)
                }
            }
        }
    }

    @inline(__always)
    func call(_ f: Int, _ args: [Code], _ ctx: Context, _ frame: Frame?, series: (k: Int, Series)? = nil) -> Value {
        guard callDepth < Self.maxCallDepth else {
            anomalies += 1
            if let id = current {
                note(
                    id,
                    .warning(
                        .evaluation,
                        "calls of '\(program.functions[f].name)' nested more than \(Self.maxCallDepth) deep: the result is #NUM!",
                        at: program.nodes[id].span,
                        help: "a recursive function needs a case that stops the recursion"))
            }
            return .error(.num)
        }
        // A call costs as much as evaluating a few expressions, and a step per argument.
        steps &-= Self.callSteps + args.count
        var sources: [Source?]?
        if sharing, let frame, !frame.remembered {
            for (k, a) in args.enumerated() {
                guard let s = passedOn(a, frame) else { continue }
                if sources == nil { sources = Array(repeating: nil, count: args.count) }
                sources![k] = s
            }
        }
        if let (k, s) = series {
            if sources == nil { sources = Array(repeating: nil, count: args.count) }
            sources![k] = Source(series: s)
        }
        let callee = Frame(function: f, arguments: args, parent: frame, context: ctx, sources: sources)
        // A recursive function whose arguments are all evaluated first: its result is
        // remembered by their values (in this context), so it is computed once.
        var key: CallKey?
        if f < remembers.count, remembers[f] {
            var values: [CallKey.Argument] = []
            values.reserveCapacity(args.count)
            for k in args.indices {
                guard let v = CallKey.Argument(read(callee, k, ctx)) else { break }
                values.append(v)
            }
            if values.count == args.count {
                let candidate = CallKey(function: f, context: ctx, arguments: values)
                if memoizes[f], let v = remembered[candidate] { return v }
                if let outer = inProgress[candidate], endless(from: frame, to: outer) {
                    return repeated(f, values)
                }
                key = candidate
                callee.remembered = true
            }
        }
        // The same key may be in progress further out (a call between read elsewhere):
        // the outer one is put back when this one ends.
        var outer: Frame?
        if let key { outer = inProgress.updateValue(callee, forKey: key) }
        callDepth += 1
        let before = anomalies
        let v = eval(program.functions[f].body, ctx, callee)
        callDepth -= 1
        if let key {
            inProgress[key] = outer
            if !memoizes[f] {
                // Keys only for cutting repeated calls: nothing is remembered.
            } else if !callee.readElsewhere, anomalies == before {
                if remembered.count >= Self.maxRemembered { remembered = [:] }
                remembered[key] = v
                unremembered[f] -= 1
            } else if callee.readElsewhere {
                // A function whose calls keep reading their arguments elsewhere is not
                // worth remembering: stop trying for it.
                unremembered[f] += 4
                if unremembered[f] > 1000 { memoizes[f] = false }
            }
        }
        return v
    }

    /// Whether a remembered call met again inside itself (`outer`, an ancestor of
    /// `frame`) can never end. Its result depends only on its arguments' values and its
    /// context unless some call between read an argument in another period (then the
    /// inner call may read other values there); with none, the inner call would repeat
    /// the outer one's steps and meet itself again, without end. Calls made from a
    /// remembered call never skip it (`passedOn`), so such a read marks a frame between.
    func endless(from frame: Frame?, to outer: Frame) -> Bool {
        var f = frame
        while let current = f {
            if current.readElsewhere { return false }
            if current === outer { return true }
            f = current.parent
        }
        return false
    }

    /// The result of a call that repeats itself with the same arguments: `#NUM!` and a
    /// warning, at once, rather than nesting to the depth limit.
    func repeated(_ f: Int, _ values: [CallKey.Argument]) -> Value {
        anomalies += 1
        if let id = current {
            let function = program.functions[f]
            let shown = values.map { a -> String in
                let text = CellText.machine(a.value)
                return text.isEmpty ? "_" : text
            }
            note(
                id,
                .warning(
                    .evaluation,
                    "'\(function.name)(\(shown.joined(separator: ", ")))' calls itself with the same arguments: the recursion never ends, and the result is #NUM!",
                    at: program.nodes[id].span,
                    help: "each recursive call of '\(function.name)' needs arguments closer to the case that stops the recursion"))
        }
        return .error(.num)
    }

    /// An argument that passes on one of the caller's own, unchanged or shifted by a
    /// constant (`g(x)`, `g(x[-1])`): read where it was first given, so a chain of such
    /// calls costs one step, not one per call between. A remembered call is never
    /// skipped: its reads in other periods must be seen.
    func passedOn(_ code: Code, _ frame: Frame) -> Source? {
        let j: Int, shift: Int, shifted: Bool
        switch code {
        case .parameter(let k):
            (j, shift, shifted) = (k, 0, false)
        case .offset(.parameter(let k), let by):
            guard let n = Self.constantShift(by) else { return nil }
            (j, shift, shifted) = (k, n, true)
        default:
            return nil
        }
        if let s = frame.sources?[j], let origin = s.origin {
            return Source(origin: origin, index: s.index, shift: s.shift &+ shift, shifted: s.shifted || shifted)
        }
        return Source(origin: frame, index: j, shift: shift, shifted: shifted)
    }

    /// `k` in `x[k]` when it is a whole number written in the source.
    static func constantShift(_ code: Code) -> Int? {
        let v: Value
        switch code {
        case .constant(let c): v = c
        case .unary(.negate, .constant(let c)): v = Operations.unary(.negate, c)
        default: return nil
        }
        guard case .number = v, case .success(let n) = integer(v) else { return nil }
        return n
    }

    /// Argument `k` of a call, read in `ctx`: computed at most once there.
    @inline(__always)
    func read(_ frame: Frame, _ k: Int, _ ctx: Context) -> Value {
        if frame.context == ctx {
            if let v = frame.cache[k] { return v }
            let v = frame.sources == nil ? eval(frame.arguments[k], ctx, frame.parent) : argument(frame, k, ctx)
            frame.cache[k] = v
            return v
        }
        frame.readElsewhere = true
        guard sharing, worthKeeping(frame, k) else {
            return frame.sources == nil ? eval(frame.arguments[k], ctx, frame.parent) : argument(frame, k, ctx)
        }
        let key = Elsewhere(k: k, context: ctx)
        if let v = frame.elsewhere?[key] { return v }
        let v = argument(frame, k, ctx)
        if frame.elsewhere == nil { frame.elsewhere = [:] }
        frame.elsewhere![key] = v
        return v
    }

    /// Whether argument `k`, read in another context, is worth keeping: not when it is
    /// read where it was given (kept there), a series' value, or a cell or a constant.
    @inline(__always)
    func worthKeeping(_ frame: Frame, _ k: Int) -> Bool {
        if frame.sources?[k] != nil { return false }
        switch frame.arguments[k] {
        case .constant, .row, .scalar, .parameter: return false
        default: return true
        }
    }

    /// Computes argument `k` of a call in `ctx`.
    func argument(_ frame: Frame, _ k: Int, _ ctx: Context) -> Value {
        guard let s = frame.sources?[k] else { return eval(frame.arguments[k], ctx, frame.parent) }
        if let origin = s.origin {
            guard s.shifted else { return read(origin, s.index, ctx) }
            switch ctx.mode {
            case .period(let p):
                var at = ctx
                at.mode = .period(p.shifted(by: s.shift))
                return read(origin, s.index, at)
            case .total:
                return .blank
            case .whole:
                // Lags of whole series do not add up (each drops its edge): one at a time.
                return eval(frame.arguments[k], ctx, frame.parent)
            }
        }
        if let series = s.series {
            switch ctx.mode {
            case .period(let p): return series.value(at: p)
            case .total: return .blank
            case .whole: return .series(series)
            }
        }
        return eval(frame.arguments[k], ctx, frame.parent)
    }

    /// The first argument that is a whole series, with its place.
    func firstSeries(_ args: [Code], _ ctx: Context, _ frame: Frame?) -> (Int, Series)? {
        for (k, a) in args.enumerated() {
            if case .series(let s) = eval(a, ctx, frame) { return (k, s) }
        }
        return nil
    }

    /// A call that reads the current period, applied to a whole series: once per period,
    /// with the series' value in that period as its argument.
    func periodByPeriod(_ f: Int, _ args: [Code], _ k: Int, _ series: Series, _ frame: Frame?) -> Value {
        let range = series.range
        var values: [Value] = []
        values.reserveCapacity(range.count)
        for p in range {
            values.append(cellValue(call(f, args, Context(mode: .period(p), range: range), frame, series: (k, series))))
        }
        return .series(Series(range: range, values: values))
    }
}
