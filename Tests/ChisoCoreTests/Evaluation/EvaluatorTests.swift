// MARK: - Evaluator
//
// Blank is not zero; errors are values that flow; `if` evaluates only its branch;
// offsets, cells and sub-series; other tables and scalars in a row; the total column;
// periods; recursion limits; `--set`.

import Testing

@testable import ChisoCore

/// The language's own example table (language.md §1).
private let dvc = """
    table dvc "Hồ sơ DVC mức 3, 4" over 2018Q1..2019Q1 with total "Cả kỳ" {
      received "Hồ sơ tiếp nhận"       = 20, 35, 41, 52, 60
      resolved "Đã giải quyết"         = 19, 35, 40, 50, 58
      on_time  "Đúng hạn"              = 19, 34, 40, 49, _
      rate     "Tỷ lệ giải quyết"      = resolved / received      as percent(1)
      qoq      "Tăng so với quý trước" = delta(received)
      growth   "Tăng trưởng"           = growth(received)         as percent(1)
    }

    """

@Suite("Evaluator")
struct EvaluatorTests {
    // MARK: Operators

    @Test("arithmetic precedence in evaluation")
    func precedence() {
        let r = runNotebook(
            """
            a = 1 + 2 * 3
            b = -2^2
            c = (1 + 2) * 3
            d = 10 - 4 - 3
            e = 12 / 3 / 2
            f = 2^-1
            g = 2 * -3
            h = -(2^2) == -2^2
            """)
        #expect(value(r, "a") == .number(7))
        #expect(value(r, "b") == .number(-4))
        #expect(value(r, "c") == .number(9))
        #expect(value(r, "d") == .number(3))
        #expect(value(r, "e") == .number(2))
        #expect(value(r, "f") == .number(0.5))
        #expect(value(r, "g") == .number(-6))
        #expect(value(r, "h") == .bool(true))
    }

    @Test("comparisons and logic")
    func logic() {
        let r = runNotebook(
            """
            a = 1 < 2
            b = 2 <= 1
            c = 1 + 2 == 3
            d = 1 != 1
            e = not false and false
            f = 1 < 2 and 3 < 2 or true
            g = "a" < "b"
            h = "Hà" == "Hà"
            i = 1 == "1"
            j = 1 < "1"
            k = 2019Q1 < 2019Q2
            l = true == true
            """)
        #expect(value(r, "a") == .bool(true))
        #expect(value(r, "b") == .bool(false))
        #expect(value(r, "c") == .bool(true))
        #expect(value(r, "d") == .bool(false))
        #expect(value(r, "e") == .bool(false))
        #expect(value(r, "f") == .bool(true))
        #expect(value(r, "g") == .bool(true))
        #expect(value(r, "h") == .bool(true))
        #expect(value(r, "i") == .bool(false))
        #expect(value(r, "j") == .error(.value))
        #expect(value(r, "k") == .bool(true))
        #expect(value(r, "l") == .bool(true))
    }

    @Test("abs, sqrt, text and concat")
    func simpleBuiltins() {
        let r = runNotebook(
            """
            a = abs(-3)
            b = sqrt(16)
            c = concat("Quý ", 1, "/", 4)
            d = text(12.5)
            e = concat("a", _, "b")
            f = text(2019Q1)
            """)
        #expect(value(r, "a") == .number(3))
        #expect(value(r, "b") == .number(4))
        #expect(value(r, "c") == .text("Quý 1/4"))
        #expect(value(r, "d") == .text("12.5"))
        #expect(value(r, "e") == .text("ab"))
        #expect(value(r, "f") == .text("2019Q1"))
        #expect(value(runNotebook("locale vi\nd = text(12.5)\n"), "d") == .text("12,5"))
    }

    @Test("a number joined into text is not grouped: concat(\"Năm \", 2019) is \"Năm 2019\"")
    func concatYear() {
        #expect(value("a = concat(\"Năm \", 2019)\n", "a") == .text("Năm 2019"))
        #expect(value("locale vi\na = concat(\"Quý I/\", 2019)\n", "a") == .text("Quý I/2019"))
    }

    // MARK: Blank

    @Test("blank is not zero: arithmetic and comparisons with a blank are blank")
    func blankArithmetic() {
        let r = runNotebook(
            """
            a = _ + 1
            b = _ * 0
            c = _ == 0
            d = -_
            e = _
            f = 1 - _
            """)
        for name in ["a", "b", "c", "d", "e", "f"] {
            #expect(value(r, name) == .blank, "\(name)")
        }
    }

    @Test("blank cells in a row: arithmetic gives blank, coalesce gives the default")
    func blankInRows() {
        let r = runNotebook(
            """
            table t over 2019..2021 with total {
              a = 1, _, 3
              b = a + 1
              c = coalesce(a, 0)
              d = a * 0
              e = _, _, _
            }
            """)
        #expect(rowValues(r, table: "t", row: "b") == values(2, nil, 4))
        #expect(rowValues(r, table: "t", row: "c") == values(1, 0, 3))
        #expect(rowValues(r, table: "t", row: "d") == values(0, nil, 0))
        #expect(rowTotal(r, table: "t", row: "a") == .number(4))
        #expect(rowTotal(r, table: "t", row: "e") == .blank)
    }

    @Test("sum, avg, min, max and count skip blanks")
    func aggregatesSkipBlanks() {
        let r = runNotebook(
            """
            table t over 2019..2023 {
              a = 4, _, 2, _, 9
              e = _, _, _, _, _
            }
            s = sum(t.a)
            v = avg(t.a)
            lo = min(t.a)
            hi = max(t.a)
            n = count(t.a)
            se = sum(t.e)
            ve = avg(t.e)
            me = max(t.e)
            ne = count(t.e)
            mixed = sum(1, _, 2)
            """)
        #expect(value(r, "s") == .number(15))
        #expect(value(r, "v") == .number(5))
        #expect(value(r, "lo") == .number(2))
        #expect(value(r, "hi") == .number(9))
        #expect(value(r, "n") == .number(3))
        #expect(value(r, "se") == .blank)
        #expect(value(r, "ve") == .blank)
        #expect(value(r, "me") == .blank)
        #expect(value(r, "ne") == .number(0))
        #expect(value(r, "mixed") == .number(3))
    }

    @Test("coalesce returns the first value that is not blank")
    func coalesce() {
        let r = runNotebook("a = coalesce(_, 0)\nb = coalesce(5, 0)\nc = coalesce(_, _, 7)\nd = coalesce(_, _)\ne = coalesce(1/0, 0)\n")
        #expect(value(r, "a") == .number(0))
        #expect(value(r, "b") == .number(5))
        #expect(value(r, "c") == .number(7))
        #expect(value(r, "d") == .blank)
        #expect(value(r, "e") == .error(.div0))
    }

    @Test("isblank tells a blank from a zero")
    func isblank() {
        let r = runNotebook("a = isblank(_)\nb = isblank(0)\nc = isblank(\"\")\n")
        #expect(value(r, "a") == .bool(true))
        #expect(value(r, "b") == .bool(false))
        #expect(value(r, "c") == .bool(false))
    }

    // MARK: Errors

    @Test("errors are values with spreadsheet codes")
    func errorCodes() {
        let r = runNotebook(
            """
            a = 1 / 0
            b = 0 / 0
            c = 0 ^ -1
            d = sqrt(-1)
            e = "a" + 1
            f = -"a"
            g = not 1
            h = 1 + true
            """)
        #expect(value(r, "a") == .error(.div0))
        #expect(value(r, "b") == .error(.div0))
        #expect(value(r, "c") == .error(.div0))
        #expect(value(r, "d") == .error(.num))
        #expect(value(r, "e") == .error(.value))
        #expect(value(r, "f") == .error(.value))
        #expect(value(r, "g") == .error(.value))
        #expect(value(r, "h") == .error(.value))
        #expect(shown(r, "a") == "#DIV/0!")
        // Errors in cells are values, not diagnostics: the notebook itself is fine.
        #expect(!r.hasErrors)
    }

    @Test("an error flows into everything computed from it; the left-most error wins")
    func errorsFlow() {
        let r = runNotebook(
            """
            a = 1 / 0 + sqrt(-1)
            b = sqrt(-1) + 1 / 0
            c = (1 / 0) * _
            d = _ * (1 / 0)
            e = sum(1, 1 / 0, sqrt(-1))
            f = a + 1
            g = round(a, 2)
            h = concat("x", sqrt(-1))
            i = max(1, "x" + 1, 1 / 0)
            """)
        #expect(value(r, "a") == .error(.div0))
        #expect(value(r, "b") == .error(.num))
        #expect(value(r, "c") == .error(.div0))
        #expect(value(r, "d") == .error(.div0))
        #expect(value(r, "e") == .error(.div0))
        #expect(value(r, "f") == .error(.div0))
        #expect(value(r, "g") == .error(.div0))
        #expect(value(r, "h") == .error(.num))
        #expect(value(r, "i") == .error(.value))
    }

    @Test("an error in one cell of a row stays in that cell")
    func errorsInRows() {
        let r = runNotebook(
            """
            table t over 2019..2021 with total {
              received = 10, 0, 20
              resolved = 5, 0, 10
              rate = resolved / received
              safe = iferror(resolved / received, 0)
              bad = iserror(rate)
            }
            """)
        #expect(rowValues(r, table: "t", row: "rate") == [.number(0.5), .error(.div0), .number(0.5)])
        #expect(rowValues(r, table: "t", row: "safe") == values(0.5, 0, 0.5))
        #expect(rowValues(r, table: "t", row: "bad") == [.bool(false), .bool(true), .bool(false)])
        // The total is the formula on the totals: 15 / 30.
        #expect(rowTotal(r, table: "t", row: "rate") == .number(0.5))
    }

    @Test("iferror, ifna and iserror catch errors")
    func catching() {
        let r = runNotebook(
            """
            a = iferror(1 / 0, 7)
            b = iferror(5, 7)
            c = iferror(sqrt(-1), "none")
            d = ifna(1 / 0, 7)
            e = ifna(5, 7)
            f = iserror(1 / 0)
            g = iserror(1)
            h = iserror(_)
            i = iserror("x")
            j = iferror(_, 7)
            """)
        #expect(value(r, "a") == .number(7))
        #expect(value(r, "b") == .number(5))
        #expect(value(r, "c") == .text("none"))
        #expect(value(r, "d") == .error(.div0))
        #expect(value(r, "e") == .number(5))
        #expect(value(r, "f") == .bool(true))
        #expect(value(r, "g") == .bool(false))
        #expect(value(r, "h") == .bool(false))
        #expect(value(r, "i") == .bool(false))
        #expect(value(r, "j") == .blank)
    }

    // MARK: Laziness

    @Test("if evaluates only its branch")
    func ifIsLazy() {
        let r = runNotebook(
            """
            fn boom(n) = boom(n + 1)
            a = if true then 1 else 1 / 0
            b = if false then 1 / 0 else 2
            c = if true then 1 else boom(0)
            d = if(false, boom(0), 3)
            e = if(1 > 0, 4, boom(0))
            """)
        #expect(value(r, "a") == .number(1))
        #expect(value(r, "b") == .number(2))
        #expect(value(r, "c") == .number(1))
        #expect(value(r, "d") == .number(3))
        #expect(value(r, "e") == .number(4))
        // The untaken branches would recurse without end: they were never evaluated.
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("iferror and ifna evaluate their alternative only when they return it")
    func iferrorIsLazy() {
        let r = runNotebook(
            """
            fn boom(n) = boom(n + 1)
            a = iferror(1, boom(0))
            b = ifna(2, boom(0))
            c = iferror(1 / 0, 3)
            """)
        #expect(value(r, "a") == .number(1))
        #expect(value(r, "b") == .number(2))
        #expect(value(r, "c") == .number(3))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("and / or look at the right side only when the left does not decide")
    func shortCircuit() {
        let r = runNotebook(
            """
            fn boom(n) = boom(n + 1)
            a = false and boom(0)
            b = true or boom(0)
            """)
        #expect(value(r, "a") == .bool(false))
        #expect(value(r, "b") == .bool(true))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("recursion with a base case works because if is lazy")
    func recursion() {
        let r = runNotebook(
            """
            fn fact(n) = if n <= 1 then 1 else n * fact(n - 1)
            fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)
            fn down(n) = if n <= 0 then 0 else 1 + down(n - 1)
            a = fact(10)
            b = fib(15)
            c = down(500)
            """)
        #expect(value(r, "a") == .number(3_628_800))
        #expect(value(r, "b") == .number(610))
        #expect(value(r, "c") == .number(500))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    // MARK: Recursion limits

    @Test("runaway recursion gives #NUM! and a warning, never a crash")
    func runawayRecursion() {
        let r = runNotebook("fn f(n) = f(n + 1)\nx = f(0)\ny = 2\n")
        #expect(value(r, "x") == .error(.num))
        #expect(value(r, "y") == .number(2))
        let d = r.diagnostics.first { $0.kind == .evaluation }
        #expect(d?.severity == .warning)
        #expect(d?.message.contains("'f'") == true)
        #expect(d.flatMap { location($0, in: r) }?.line == 2)
        // The #NUM! is a value like #DIV/0!: it shows in its cell and may be caught.
        #expect(!r.hasErrors)
    }

    @Test("exponential recursion is computed once per argument value, or stops with #NUM! instead of running for hours")
    func exponentialRecursion() {
        let r = runNotebook("fn f(n) = if n == 0 then 0 else f(n - 1) + f(n - 1)\nd = f(60)\nsmall = f(10)\n")
        #expect(value(r, "d") == .number(0))
        #expect(value(r, "small") == .number(0))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        // `a` may go unread, so these calls are not remembered: the step budget stops them.
        let slow = Engine.run(
            name: "t.chiso", text: "fn f(n, a) = if n == 0 then a else f(n - 1, a) + f(n - 1, a)\nd = f(60, 0)\n",
            options: RunOptions(maxSteps: 100_000))
        #expect(value(slow, "d") == .error(.num))
        #expect(slow.diagnostics.contains { $0.severity == .error && $0.message.contains("needs more than 100000 steps") })
    }

    @Test("mutual recursion without end, and recursion past the limit, give error values")
    func deepRecursion() {
        let r = runNotebook(
            """
            fn g(n) = h(n)
            fn h(n) = g(n)
            fn down(n) = if n <= 0 then 0 else 1 + down(n - 1)
            a = g(1)
            b = down(100000)
            c = 3
            """)
        #expect(value(r, "a").isError)
        #expect(value(r, "b").isError)
        #expect(value(r, "c") == .number(3))
        #expect(r.diagnostics.filter { $0.kind == .evaluation }.count == 2)
    }

    @Test("runaway recursion in a row: every cell is an error, one diagnostic for the row")
    func recursionInRow() {
        let r = runNotebook("fn f(n) = f(n + 1)\ntable t over 2019..2021 {\n  a = 1, 2, 3\n  x = f(a)\n}\n")
        #expect(rowValues(r, table: "t", row: "x").allSatisfy { $0.isError })
        #expect(rowValues(r, table: "t", row: "a") == values(1, 2, 3))
        #expect(r.diagnostics.filter { $0.kind == .evaluation }.count == 1)
    }

    // MARK: Offsets and cells

    @Test("x[-1] is the previous period, blank before the first")
    func offsets() {
        let r = runNotebook(
            """
            table t over 2019Q1..2019Q4 {
              a = 1, 2, _, 4
              prev = a[-1]
              back2 = a[-2]
              ahead = a[1]
              far = a[-10]
              via_at = a@(period() - 1)
            }
            """)
        #expect(rowValues(r, table: "t", row: "prev") == values(nil, 1, 2, nil))
        #expect(rowValues(r, table: "t", row: "back2") == values(nil, nil, 1, 2))
        #expect(rowValues(r, table: "t", row: "ahead") == values(2, nil, 4, nil))
        #expect(rowValues(r, table: "t", row: "far") == values(nil, nil, nil, nil))
        #expect(rowValues(r, table: "t", row: "via_at") == values(nil, 1, 2, nil))
    }

    @Test("a non-whole offset is #VALUE!")
    func badOffset() {
        let r = runNotebook("table t over 2019..2020 {\n  a = 1, 2\n  b = a[-0.5]\n}\n")
        #expect(rowValues(r, table: "t", row: "b") == [.error(.value), .error(.value)])
    }

    @Test("x@P is one cell, in a row and in a scalar")
    func oneCell() {
        let r = runNotebook(
            """
            table t over 2019Q1..2019Q3 {
              a = 10, 20, 30
              q1 = a@2019Q1
              outside = a@2018Q4
            }
            s = t.a@2019Q2
            u = t.a@2020Q1
            """)
        #expect(rowValues(r, table: "t", row: "q1") == values(10, 10, 10))
        #expect(rowValues(r, table: "t", row: "outside") == values(nil, nil, nil))
        #expect(value(r, "s") == .number(20))
        #expect(value(r, "u") == .blank)
    }

    @Test("sum(x@P..Q) sums a sub-series")
    func subSeries() {
        let r = runNotebook(
            """
            table t over 2018Q1..2019Q1 {
              a = 1, 2, 3, 4, 5
              running = sum(a@2018Q1..period())
              h1 = sum(a@2018Q1..2018Q2)
            }
            y2018 = sum(t.a@2018Q1..2018Q4)
            avg2018 = avg(t.a@2018Q1..2018Q4)
            part = t.a@2018Q2..2018Q3
            """)
        #expect(value(r, "y2018") == .number(10))
        #expect(value(r, "avg2018") == .number(2.5))
        #expect(value(r, "part") == series("2018Q2", "2018Q3", values(2, 3)))
        #expect(rowValues(r, table: "t", row: "running") == values(1, 3, 6, 10, 15))
        #expect(rowValues(r, table: "t", row: "h1") == values(3, 3, 3, 3, 3))
    }

    // MARK: Other tables and scalars

    @Test("another table's row is blank where that table has no such period, #N/A when it is coarser")
    func crossTable() {
        let r = runNotebook(
            """
            table a over 2019..2020 {
              x = 1, 2
            }
            table b over 2019..2021 {
              y = a.x
              z = a.x[-1]
            }
            table q over 2019Q1..2019Q2 {
              w = a.x
            }
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "b", row: "y") == values(1, 2, nil))
        #expect(rowValues(r, table: "b", row: "z") == values(nil, 1, 2))
        // A yearly row has no value for a quarter (a roll-up goes the other way).
        #expect(rowValues(r, table: "q", row: "w") == [.error(.na), .error(.na)])
    }

    @Test("a table over fewer periods than the one it reads")
    func crossTableSubset() {
        let r = runNotebook(
            """
            table a over 2015..2020 {
              x = 1, 2, 3, 4, 5, 6
            }
            table b over 2018..2019 {
              y = a.x * 10
              prev = a.x[-1]
            }
            """)
        #expect(rowValues(r, table: "b", row: "y") == values(40, 50))
        // Outside b's range but inside a's: a's cell, not a blank.
        #expect(rowValues(r, table: "b", row: "prev") == values(3, 4))
    }

    @Test("a scalar is the same in every period, and in the total")
    func scalarInRow() {
        let r = runNotebook(
            """
            rate = 2
            table t over 2019..2021 with total {
              x = 1, 2, 3
              y = x * rate
              z = rate
            }
            """)
        #expect(rowValues(r, table: "t", row: "y") == values(2, 4, 6))
        #expect(rowValues(r, table: "t", row: "z") == values(2, 2, 2))
        #expect(rowTotal(r, table: "t", row: "y") == .number(12))
        #expect(rowTotal(r, table: "t", row: "z") == .number(2))
    }

    @Test("in a scalar a row is the whole series; arithmetic works period by period")
    func seriesInScalars() {
        let r = runNotebook(
            dvc + """
                total_received = sum(dvc.received)
                doubled = dvc.received * 2
                ok = dvc.resolved <= dvc.received
                n = len(dvc.received)
                firsts = first(dvc.on_time)
                lasts = last(dvc.on_time)
                """)
        #expect(value(r, "total_received") == .number(208))
        #expect(value(r, "doubled") == series("2018Q1", "2019Q1", values(40, 70, 82, 104, 120)))
        #expect(value(r, "ok") == series("2018Q1", "2019Q1", [.bool(true), .bool(true), .bool(true), .bool(true), .bool(true)]))
        #expect(value(r, "n") == .number(5))
        #expect(value(r, "firsts") == .number(19))
        #expect(value(r, "lasts") == .number(49))
    }

    @Test("a series scalar read in a row gives its value in that period")
    func seriesScalarInRow() {
        let r = runNotebook(
            """
            table t over 2019..2021 {
              x = 1, 2, 3
              y = s + 1
            }
            s = t.x * 10
            """)
        #expect(rowValues(r, table: "t", row: "y") == values(11, 21, 31))
    }

    @Test("cumsum: running sum in a row, and of a series")
    func cumsum() {
        let r = runNotebook(
            """
            table t over 2019..2022 {
              a = 1, 2, _, 4
              c = cumsum(a)
            }
            s = cumsum(t.a)
            """)
        #expect(rowValues(r, table: "t", row: "c") == values(1, 3, nil, 7))
        #expect(value(r, "s") == series("2019", "2022", values(1, 3, nil, 7)))
    }

    // MARK: Row ranges and overrides

    @Test("a..b aggregates the rows from a to b as written")
    func rowRanges() {
        let r = runNotebook(
            """
            table t over 2019..2020 with total {
              ky_anh = 1, 2
              huong_son = 10, _
              vu_quang = 100, 200
              other = 1000, 1000
              total "Tổng" = sum(ky_anh..vu_quang)
              mean = avg(ky_anh..vu_quang)
              n = count(ky_anh..vu_quang)
            }
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "total") == values(111, 202))
        #expect(rowValues(r, table: "t", row: "mean") == values(37, 101))
        #expect(rowValues(r, table: "t", row: "n") == values(3, 2))
        #expect(rowTotal(r, table: "t", row: "total") == .number(313))
    }

    @Test("an override replaces one cell; the total follows")
    func overrides() {
        let r = runNotebook(
            """
            table t over 2019..2021 with total {
              a = 1, 2, 3
              b = a * 10
              a@2020 = 5
              b@2019 = 0
            }
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "a") == values(1, 5, 3))
        #expect(rowValues(r, table: "t", row: "b") == values(0, 50, 30))
        #expect(rowTotal(r, table: "t", row: "a") == .number(9))
    }

    @Test("rows and overrides added outside the table's block")
    func outsideTheBlock() {
        let r = runNotebook(
            dvc + """
                dvc.late "Trễ hạn" = resolved - on_time
                dvc.received@2019Q1 = 61
                """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(reportRow(r, "dvc", "late")?.label == "Trễ hạn")
        #expect(rowValues(r, table: "dvc", row: "late") == values(0, 1, 0, 1, nil))
        #expect(rowValues(r, table: "dvc", row: "received") == values(20, 35, 41, 52, 61))
        #expect(reportTable(r, "dvc")?.rows.last?.name == "late")
    }

    // MARK: The total column

    @Test("a data row's total aggregates its cells: sum by default, last, avg, min, max")
    func dataTotals() {
        let r = runNotebook(
            """
            table t over 2019Q1..2019Q4 with total "Cả năm" {
              flow = 1, 2, 3, 4
              units = 5, 6, 7, _ agg last
              mean = 2, 4, _, 6 agg avg
              low = 3, 1, 2, _ agg min
              high = 3, 1, 2, _ agg max
              summed = 1, _, 2, _ agg sum
            }
            """)
        #expect(reportTable(r, "t")?.totalLabel == "Cả năm")
        #expect(rowTotal(r, table: "t", row: "flow") == .number(10))
        #expect(rowTotal(r, table: "t", row: "units") == .number(7))
        #expect(rowTotal(r, table: "t", row: "mean") == .number(4))
        #expect(rowTotal(r, table: "t", row: "low") == .number(1))
        #expect(rowTotal(r, table: "t", row: "high") == .number(3))
        #expect(rowTotal(r, table: "t", row: "summed") == .number(3))
    }

    @Test("a formula row's total is the formula on the totals, not a sum of rates")
    func formulaTotals() {
        let r = runNotebook(dvc)
        #expect(errors(r).isEmpty, "\(messages(r))")
        // Total resolved 202 over total received 208.
        #expect(rowTotal(r, table: "dvc", row: "rate") == .number(202.0 / 208.0))
        #expect(rowTotal(r, table: "dvc", row: "received") == .number(208))
        #expect(rowTotal(r, table: "dvc", row: "resolved") == .number(202))
        #expect(rowTotal(r, table: "dvc", row: "on_time") == .number(142))
        let rate = reportRow(r, "dvc", "rate")
        #expect(rate.map { CellText.format($0.total, $0.format, .vi) } == "97,1%")
    }

    @Test("the total of a formula on a stock row uses the stock's last value")
    func formulaOnLastTotal() {
        let r = runNotebook(
            """
            table t over 2019..2021 with total {
              connected = 10, 20, 30 agg last
              households = 100, 100, 100 agg last
              share = connected / households
            }
            """)
        #expect(rowTotal(r, table: "t", row: "share") == .number(0.3))
    }

    @Test("the language's example table evaluates as written")
    func languageExample() {
        let r = runNotebook(dvc)
        #expect(rowValues(r, table: "dvc", row: "rate") == values(19.0 / 20, 1, 40.0 / 41, 50.0 / 52, 58.0 / 60))
        #expect(rowValues(r, table: "dvc", row: "qoq") == values(nil, 15, 6, 11, 8))
        #expect(rowValues(r, table: "dvc", row: "growth") == values(nil, 0.75, 41.0 / 35 - 1, 52.0 / 41 - 1, 60.0 / 52 - 1))
        #expect(reportRow(r, "dvc", "rate")?.format == .percent(decimals: 1))
        #expect(reportRow(r, "dvc", "rate").map { CellText.format($0.values[0], $0.format, .vi) } == "95,0%")
    }

    // MARK: Periods

    @Test("period(), per_year(), year(), quarter(), half() in a quarterly table")
    func periodsQuarterly() {
        let r = runNotebook(
            """
            table t over 2019Q3..2020Q2 {
              p = period()
              n = per_year()
              y = year()
              k = quarter()
              h = half()
            }
            """)
        #expect(rowValues(r, table: "t", row: "p") == ["2019Q3", "2019Q4", "2020Q1", "2020Q2"].map { .period(period($0)) })
        #expect(rowValues(r, table: "t", row: "n") == values(4, 4, 4, 4))
        #expect(rowValues(r, table: "t", row: "y") == values(2019, 2019, 2020, 2020))
        #expect(rowValues(r, table: "t", row: "k") == values(3, 4, 1, 2))
        #expect(rowValues(r, table: "t", row: "h") == values(2, 2, 1, 1))
    }

    @Test("per_year(), quarter() and month() in monthly and yearly tables")
    func periodsMonthly() {
        let r = runNotebook(
            """
            table m over 2019M11..2020M02 {
              n = per_year()
              k = quarter()
              mo = month()
            }
            table y over 2019..2020 {
              n = per_year()
            }
            table h over 2019H1..2019H2 {
              n = per_year()
            }
            """)
        #expect(rowValues(r, table: "m", row: "n") == values(12, 12, 12, 12))
        #expect(rowValues(r, table: "m", row: "k") == values(4, 4, 1, 1))
        #expect(rowValues(r, table: "m", row: "mo") == values(11, 12, 1, 2))
        #expect(rowValues(r, table: "y", row: "n") == values(1, 1))
        #expect(rowValues(r, table: "h", row: "n") == values(2, 2))
    }

    @Test("period functions on period values, and period arithmetic")
    func periodValues() {
        let r = runNotebook(
            """
            a = year(2019Q3)
            b = quarter(2019M05)
            c = per_year(2019M05)
            d = 2019Q4 + 1
            e = 2020Q1 - 2019Q1
            f = year_start(2019Q3)
            g = quarter(2019)
            """)
        #expect(value(r, "a") == .number(2019))
        #expect(value(r, "b") == .number(2))
        #expect(value(r, "c") == .number(12))
        #expect(value(r, "d") == .period(period("2020Q1")))
        #expect(value(r, "e") == .number(4))
        #expect(value(r, "f") == .period(period("2019Q1")))
        #expect(value(r, "g") == .error(.value))
    }

    // MARK: Checks

    @Test("a check on rows holds in every period where it is not blank")
    func checksHold() {
        let r = runNotebook(
            dvc + "check dvc.resolved <= dvc.received \"resolved cannot exceed received\"\ncheck dvc.on_time <= dvc.resolved\n")
        #expect(r.checks.count == 2)
        #expect(r.checks.allSatisfy { $0.holds })
        #expect(r.failedChecks == 0)
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
    }

    @Test("a failing check names the periods where it fails")
    func checksFail() {
        let r = runNotebook(
            """
            table t over 2019Q1..2019Q3 {
              received = 10, 10, 10
              resolved = 9, 11, _
              check resolved <= received "inside the table"
            }
            check t.resolved <= t.received "resolved cannot exceed received"
            check 1 < 2
            check 1 / 0 > 0 "cannot be evaluated"
            """)
        #expect(r.checks.count == 4)
        #expect(r.failedChecks == 3)
        let failed = r.diagnostics.filter { $0.kind == .check }
        #expect(
            failed.map(\.message).sorted() == [
                "check failed: cannot be evaluated",
                "check failed: inside the table",
                "check failed: resolved cannot exceed received",
            ])
        #expect(failed.first { $0.message.hasSuffix("resolved cannot exceed received") }?.help == "2019Q2: 11 > 10")
        #expect(failed.first { $0.message.hasSuffix("inside the table") }?.help == "2019Q2: 11 > 10")
        #expect(failed.first { $0.message.hasSuffix("cannot be evaluated") }?.help == "cannot be evaluated (#DIV/0!)")
        // A failed check is not an error of the notebook itself.
        #expect(!r.hasErrors)
    }

    // MARK: --set

    private static let inputs = """
        population "Dân số" = 1_290_000
        subscribers = 1_135_200
        density = subscribers / population * 100 as number(1)
        table dvc over 2019Q1..2019Q2 with total {
          received = 20, 35
          resolved = 19, 30
          rate = resolved / received
        }

        """

    @Test("--set replaces a cell's formula; its label and format stay; dependents follow")
    func setScalar() {
        let r = runNotebook(Self.inputs, set: ["population=1_135_200"])
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(value(r, "population") == .number(1_135_200))
        #expect(scalar(r, "population")?.label == "Dân số")
        #expect(value(r, "density") == .number(100))
        #expect(shown(r, "density") == "100.0")
        let e = runNotebook(Self.inputs, set: ["population=subscribers * 2"])
        #expect(value(e, "density") == .number(50))
    }

    @Test("--set replaces a row, or one cell of a row")
    func setRow() {
        let r = runNotebook(Self.inputs, set: ["dvc.received=40"])
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "dvc", row: "received") == values(40, 40))
        #expect(rowValues(r, table: "dvc", row: "rate") == values(19.0 / 40, 30.0 / 40))
        let c = runNotebook(Self.inputs, set: ["dvc.received@2019Q2=50"])
        #expect(c.diagnostics.isEmpty, "\(messages(c))")
        #expect(rowValues(c, table: "dvc", row: "received") == values(20, 50))
        #expect(rowTotal(c, table: "dvc", row: "received") == .number(70))
        #expect(rowValues(c, table: "dvc", row: "rate") == values(19.0 / 20, 30.0 / 50))
    }

    @Test("--set with an unknown target or a bad value is a usage error")
    func setErrors() {
        let r1 = runNotebook(Self.inputs, set: ["popluation=5"])
        #expect(r1.diagnostics.map(\.message) == ["--set: the notebook has no cell 'popluation'"])
        #expect(r1.diagnostics.first?.help == "did you mean 'population'?")
        #expect(r1.hasUsageErrors)
        #expect(!r1.hasErrors)
        #expect(value(r1, "population") == .number(1_290_000))
        let r2 = runNotebook(Self.inputs, set: ["dcv.received=1"])
        #expect(r2.diagnostics.map(\.message) == ["--set: the notebook has no table 'dcv'"])
        let r3 = runNotebook(Self.inputs, set: ["dvc.recieved=1"])
        #expect(r3.diagnostics.map(\.message) == ["--set: table 'dvc' has no row 'recieved'"])
        let r4 = runNotebook(Self.inputs, set: ["dvc.received@2019Q5=1"])
        #expect(r4.diagnostics.map(\.message) == ["'2019Q5' is not a period"])
        let r5 = runNotebook(Self.inputs, set: ["population=1 +"])
        #expect(r5.hasUsageErrors)
        #expect(r5.diagnostics.allSatisfy { $0.kind == .usage })
        #expect(value(r5, "population") == .number(1_290_000))
    }

    @Test("Assignment parses name=expr")
    func assignmentParsing() {
        let a = Assignment("dvc.received@2019Q1=60")
        #expect(a?.target == "dvc.received@2019Q1")
        #expect(a?.expression == "60")
        let b = Assignment("population = 1_300_000")
        #expect(b?.target == "population")
        #expect(b?.expression == " 1_300_000")
        let c = Assignment("x=a==b")
        #expect(c?.target == "x")
        #expect(c?.expression == "a==b")
        #expect(Assignment("population") == nil)
    }

    // MARK: Robustness

    @Test("a long sum of 5,000 terms evaluates")
    func longExpression() {
        let r = runNotebook("x = " + Array(repeating: "1", count: 5_000).joined(separator: " + ") + "\n")
        #expect(errors(r).isEmpty)
        #expect(value(r, "x") == .number(5_000))
    }

    @Test("a chain of 300,000 operators is refused with a clear error, not a crash")
    func tooLongExpression() {
        let r = runNotebook("x = 1" + String(repeating: " - 1", count: 300_000) + "\ny = 2\n")
        #expect(errors(r).count == 1)
        #expect(errors(r).first?.message == "expression too long (more than 10000 operations in a chain)")
        #expect(value(r, "y") == .number(2))
    }

    @Test("an empty notebook is a warning, not an error")
    func emptyNotebook() {
        let r = runNotebook("# only a comment\n")
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.severity == .warning)
        #expect(!r.hasErrors)
        #expect(r.report.items.isEmpty)
    }

    @Test("invalid UTF-8 through the engine: reported with its place, the rest evaluates")
    func invalidUTF8() {
        let bytes = Array("x = 1\ny = \"a".utf8) + [0xFF] + Array("b\"\n".utf8)
        let r = Engine.run(name: "t.chiso", bytes: bytes)
        let d = errors(r)
        #expect(d.count == 1)
        #expect(d.first?.message.contains("invalid UTF-8") == true)
        #expect(d.first.flatMap { location($0, in: r) }.map { [$0.line, $0.column] } == [2, 7])
        #expect(value(r, "x") == .number(1))
    }

    @Test("a BOM and CRLF line endings run like plain LF")
    func bomCRLF() {
        let text = "a = 1\r\ntable t over 2019..2020 {\r\n  x = 1, 2\r\n  y = x * a\r\n}\r\n"
        let r = Engine.run(name: "t.chiso", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(r.diagnostics.isEmpty, "\(messages(r))")
        #expect(value(r, "a") == .number(1))
        #expect(rowValues(r, table: "t", row: "y") == values(1, 2))
    }
}
