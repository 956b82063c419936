// MARK: - The cost of evaluation
//
// Shared work (remembered recursive calls, arguments passed on, running sums) must give
// exactly what evaluating everything again gives; the step budget stops runaway work with
// one error; tables and notebooks have a size cap. No test here measures time: the
// budgets are small on purpose, so work that is not shared runs out of them.

import Testing

@testable import ChisoCore

/// Runs `src` with a step budget, sharing work or not.
private func run(_ src: String, maxSteps: Int? = nil, sharing: Bool = true) -> RunResult {
    var options = RunOptions(maxSteps: maxSteps)
    options.sharing = sharing
    return Engine.run(name: "t.chiso", text: src, options: options)
}

/// Every value the report shows, by place: scalars, then each row's periods and total.
private func shownValues(_ r: RunResult) -> [String: [Value]] {
    var out: [String: [Value]] = [:]
    for item in r.report.items {
        switch item {
        case .scalars(let group):
            for s in group { out[s.name] = [s.value] }
        case .table(let t):
            for row in t.rows { out["\(t.name).\(row.name)"] = row.values + [row.total] }
        case .across(let a):
            for row in a.rows { out["\(a.name).\(row.name)"] = row.values + [row.extra] }
        case .heading, .paragraph, .chart:
            continue
        }
    }
    return out
}

/// Notebooks whose functions recurse, shift their arguments or pass them on: each must
/// give the same values and diagnostics whether work is shared or not.
private let sharedWork: [String] = [
    // Remembered: every argument is read first.
    """
    fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)
    fn fact(n) = if n <= 1 then 1 else n * fact(n - 1)
    fn f(n) = if n <= 0 then 1 else f(n - 1) + f(n - 1)
    fn binom(n, k) = if k == 0 or k == n then 1 else binom(n - 1, k - 1) + binom(n - 1, k)
    fn upto(k) = if k <= 0 then t.n else upto(k - 1) + t.n
    fn back(x, n) = if x + n < -100 then 0 else if n <= 0 then x[-1] else back(x, n - 1)
    a = fib(18)
    b = fact(12)
    c = f(12)
    d = binom(14, 6)
    e = fib(-1)
    table t over 2019Q1..2019Q4 {
      n = 3, 5, _, 7
      x = fib(n)
      y = f(n) + period() - period()
      z = upto(3)
      a = 1, 2, 3, 4
      b = 9, 2, 8, 4
      c = back(a, 1) - back(b, 1)
    }
    w = upto(2)
    """,
    // Not remembered: an argument may go unread, or is read in another period.
    """
    fn loop(n, acc) = if n == 0 then acc else loop(n - 1, acc * 2)
    fn acc(x) = if isblank(x[-1]) then x else x + acc(x[-1])
    fn back(x, n) = if n <= 0 then x else back(x[-1], n - 1)
    fn two(x) = x[-1] + x[-1]
    fn again(x) = x[-1] + x[-2] + x[-1] + x[-2]
    fn pass(x) = two(x) + delta(x)
    table t over 2019M01..2020M12 {
      a = 1, 2, _, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
      r = acc(a)
      b = back(a, 3)
      n = two(two(two(two(two(a)))))
      m = again(again(a))
      p = pass(a)
      l = loop(5, a)
    }
    total = back(t.a, 3)
    """,
    // Whole series: lags, period by period, running sums, and errors, blanks and texts in them.
    """
    table t over 2019Q1..2020Q4 {
      a = 1, _, 3, "x", 5, 6, _, 8
      b = 1, 2, 3, 4, 5, 6, 7, 8
      c = 1, 2, 3, 4, 5, 6, 7, 8
      s = cumsum(a)
      u = cumsum(b) + cumsum(c[-1])
      v = cumsum(b / (b - 3))
      w = ytd(b)
    }
    t.w@2020Q1 = cumsum(t.c) * 10
    y = ytd(t.b)
    z = ytd(t.b@2019Q2..2020Q3)
    d = delta(t.b@2019Q2..2020Q3)
    k = cumsum(t.b@2019Q2..2020Q3)
    """,
    // Runaway recursion: the same #NUM! and warnings.
    """
    fn forever(n) = forever(n + 1)
    fn same(n) = same(n)
    fn zf(x) = x[-1] + zf(x)
    fn g(n) = h(n)
    fn h(n) = g(n)
    a = forever(1)
    b = same(2)
    c = g(1)
    table t over 2019..2022 {
      x = 1, 2, 3, 4
      y = zf(x)
    }
    """,
]

@Suite("Evaluation cost")
struct CostTests {
    // MARK: Sharing work changes no result

    @Test("shared work gives the same values and diagnostics as evaluating everything", arguments: sharedWork.indices)
    func sameWithAndWithoutSharing(_ i: Int) {
        let shared = run(sharedWork[i]), plain = run(sharedWork[i], sharing: false)
        #expect(!shownValues(shared).isEmpty)
        #expect(shownValues(shared) == shownValues(plain))
        #expect(messages(shared) == messages(plain))
    }

    @Test("a recursive function is computed once per argument value")
    func rememberedRecursion() {
        // Without sharing, f(60) is 2^61 calls; remembered, 61.
        let r = run("fn f(n) = if n <= 0 then 1 else f(n - 1) + f(n - 1)\nx = f(60)\n", maxSteps: 10_000)
        #expect(value(r, "x") == .number(0x1p60))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        let fib = run("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\nx = fib(70)\n", maxSteps: 10_000)
        #expect(value(fib, "x") == .number(190_392_490_709_135))
    }

    @Test("a call is remembered per period: a row of recursive calls")
    func rememberedPerPeriod() {
        let r = run(
            """
            fn f(n) = if n <= 0 then 1 else f(n - 1) + f(n - 1)
            table t over 2019Q1..2019Q4 {
              n = 10, 20, 30, 40
              x = f(n)
            }
            """, maxSteps: 10_000)
        #expect(rowValues(r, table: "t", row: "x") == values(0x1p10, 0x1p20, 0x1p30, 0x1p40))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("an argument read twice in the same other period is computed once")
    func lagsInsideFunctions() {
        // Each two() reads its argument twice a period back: 2^30 evaluations without sharing.
        let nested = (0..<30).reduce("a") { x, _ in "two(\(x))" }
        let r = run("fn two(x) = x[-1] + x[-1]\ntable t over 2019M01..2021M12 {\n  a = 1\n  b = \(nested)\n}\n", maxSteps: 200_000)
        let b = rowValues(r, table: "t", row: "b")
        #expect(b.count == 36)
        #expect(b.prefix(30).allSatisfy { $0.isBlank })
        #expect(b.suffix(6).allSatisfy { $0 == .number(0x1p30) })
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("an argument passed on shifted is read where it was given, not through every call")
    func passedOnArguments() {
        // A running total by recursion: n calls deep in period n. Through every call
        // between, reading x[-1] at depth k costs k: 600 periods would need 600^3 / 6 steps.
        let r = run(
            """
            fn acc(x) = if isblank(x[-1]) then x else x + acc(x[-1])
            table t over 2000M01..2049M12 {
              a = 1
              b = acc(a)
            }
            """, maxSteps: 15_000_000)
        let b = rowValues(r, table: "t", row: "b")
        #expect(b == (1...600).map { .number(Double($0)) })
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("a running sum in a row adds one period at a time")
    func linearCumsum() {
        // 10,000 periods: quadratic, that is 50 million evaluations of the argument.
        let r = run("table t over 2000M01..2833M04 {\n  a = 1\n  b = cumsum(a)\n}\n", maxSteps: 500_000)
        let b = rowValues(r, table: "t", row: "b")
        #expect(b.count == 10_000)
        #expect(b.last == .number(10_000))
        #expect(b[4_999] == .number(5_000))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("cumsum keeps blanks, the first error and texts as the plain sum does")
    func cumsumValues() {
        let r = run(
            """
            table t over 2019Q1..2020Q2 {
              a = 1, _, 2, 4, 8, 16
              b = 1, 2, 0, 4, 5, 6
              c = 1, "x", 3, 4, 5, 6
              sa = cumsum(a)
              sb = cumsum(b / b)
              sc = cumsum(c)
            }
            """)
        #expect(rowValues(r, table: "t", row: "sa") == values(1, nil, 3, 7, 15, 31))
        #expect(
            rowValues(r, table: "t", row: "sb") == [.number(1), .number(2), .error(.div0), .error(.div0), .error(.div0), .error(.div0)])
        #expect(
            rowValues(r, table: "t", row: "sc") == [.number(1), .text("x"), .error(.value), .error(.value), .error(.value), .error(.value)])
    }

    @Test("ytd of a whole series is its value period by period, once per period")
    func ytdOfASeries() {
        let r = run(
            """
            table t over 2019Q1..2020Q2 {
              n = 1, 2, 3, 4, 5, 6
            }
            a = ytd(t.n@2019Q2..2020Q2)
            big = len(ytd(t.n@2019Q1..(2019Q1 + 9999)))
            """, maxSteps: 2_000_000)
        guard case .series(let s) = value(r, "a") else {
            Issue.record("ytd of a series is not a series")
            return
        }
        #expect(s.values == values(2, 5, 9, 5, 11))
        #expect(value(r, "big") == .number(10_000))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    // MARK: The step budget

    @Test("past the step budget: #NUM!, one error naming the cell and the flag, and the rest fails fast")
    func budget() {
        let r = run(
            """
            fn f(n, a) = if n <= 0 then a else f(n - 1, a) + f(n - 1, a)
            before = f(3, 1)
            table t over 2019..2021 {
              d = 1, 2, 3
              x = f(40, d)
              y = d + 1
            }
            after = f(3, 1)
            """, maxSteps: 20_000)
        #expect(value(r, "before") == .number(8))
        #expect(rowValues(r, table: "t", row: "d") == values(1, 2, 3))
        #expect(rowValues(r, table: "t", row: "x").allSatisfy { $0 == .error(.num) })
        // Nothing is computed after the budget ran out: each of these would take a step.
        #expect(rowValues(r, table: "t", row: "y").allSatisfy { $0 == .error(.num) })
        #expect(value(r, "after") == .error(.num))
        #expect(errors(r).count == 1)
        let d = errors(r).first
        #expect(d?.message == "evaluation stopped in 't.x': the notebook needs more than 20000 steps")
        #expect(d?.help?.contains("--max-steps 80000") == true)
        #expect(d.flatMap { location($0, in: r) }?.line == 5)
        #expect(r.hasErrors)
    }

    @Test("the budget is per evaluation, and the default passes what the largest notebooks need")
    func defaultBudget() {
        let r = run("fn f(n, a) = if n <= 0 then a else f(n - 1, a) + f(n - 1, a)\nx = f(12, 1)\n")
        #expect(value(r, "x") == .number(4096))
        #expect(r.diagnostics.isEmpty)
        let tight = run("fn f(n, a) = if n <= 0 then a else f(n - 1, a) + f(n - 1, a)\nx = f(12, 1)\n", maxSteps: 1_000)
        #expect(value(tight, "x") == .error(.num))
    }

    @Test("the budget error replaces the cell's warning")
    func budgetAfterWarning() {
        // The depth warning comes first; the budget error is the one reported.
        let r = run("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n @ 2)\nx = fib(20)\n", maxSteps: 100_000)
        #expect(value(r, "x") == .error(.num))
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message == "evaluation stopped in 'x': the notebook needs more than 100000 steps")
    }

    @Test("in a session, nothing remembered outlives a change of the function")
    func sessionForgets() {
        func shown(_ outcome: Session.Outcome) -> Value? {
            guard case .scalars(let s)? = outcome.shown.first else { return nil }
            return s.first?.value
        }
        let session = Session()
        #expect(session.submit("fn f(n) = if n <= 0 then 1 else f(n - 1) + f(n - 1)").accepted)
        #expect(session.submit("x = f(20)").accepted)
        #expect(shown(session.submit("f(50)")) == .number(0x1p50))
        #expect(session.submit("fn f(n) = if n <= 0 then 2 else f(n - 1) + f(n - 1)").accepted)
        #expect(shown(session.submit("f(50)")) == .number(0x1p51))
        #expect(shown(session.submit("x")) == .number(0x1p21))
    }

    // MARK: Size caps

    @Test("a table of more than 10,000 periods is an error at its range")
    func periodCap() {
        let r = run("table t over 2000M01..2833M05 {\n  a = cumsum(1)\n}\nx = sum(t.a)\n")
        #expect(errors(r).count == 1)
        let d = errors(r).first
        #expect(d?.message == "the range 2000M01..2833M05 has 10001 periods, more than 10000")
        #expect(d.flatMap { location($0, in: r) }.map { [$0.line, $0.column] } == [1, 14])
        #expect(value(r, "x") == .error(.name))
        let fits = run("table t over 2000M01..2833M04 {\n  a = 1\n}\nx = sum(t.a)\n")
        #expect(value(fits, "x") == .number(10_000))
    }

    @Test("more than 10,000,000 cells is an error at the table that passes the cap")
    func cellCap() {
        let rows = (0..<1000).map { "  r\($0) = 1" }.joined(separator: "\n")
        let r = run("table small over 2019..2020 {\n  a = 1\n}\ntable t over 2000M01..2833M04 {\n\(rows)\n}\n")
        #expect(errors(r).count == 1)
        let d = errors(r).first
        #expect(d?.message == "the table 't' would bring the notebook to 10001003 cells, more than 10000000")
        #expect(d.flatMap { location($0, in: r) }.map { [$0.line, $0.column] } == [4, 14])
        #expect(rowValues(r, table: "small", row: "a") == values(1, 1))
        // Rows added after the table count too.
        let fewer = (0..<999).map { "  r\($0) = 1" }.joined(separator: "\n")
        let after = run("table t over 2000M01..2833M04 {\n\(fewer)\n}\nt.more = 2\n")
        #expect(errors(after).map(\.message) == ["this row would bring the notebook to more than 10000000 cells"])
        #expect(errors(after).first.flatMap { location($0, in: after) }?.line == 1002)
    }

    @Test("concat stops at 1,000,000 bytes with #VALUE! and a warning")
    func textCap() {
        let r = run("fn g(s, n) = if n <= 0 then s else g(concat(s, s), n - 1)\nx = len(g(\"ab\", 40))\ny = len(g(\"ab\", 10))\n")
        #expect(value(r, "x") == .error(.value))
        #expect(value(r, "y") == .number(2048))
        #expect(messages(r) == ["a text longer than 1000000 bytes: the result is #VALUE!"])
    }
}
