// MARK: - Resolver
//
// Names: unknown names become #NAME? with a diagnostic (line, column, suggestion);
// duplicates name both places; rows of other tables; arity; data rows; the order of
// definitions never matters.

import Testing

@testable import ChisoCore

private func only(_ r: RunResult, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
    let e = errors(r)
    #expect(e.count == 1, "expected exactly one error, got \(e.map(\.message))", sourceLocation: sourceLocation)
    return e.first
}

private func noteLocation(_ n: Diagnostic.Note, in r: RunResult) -> [Int] {
    let l = r.sources[n.span.source].location(of: n.span.start)
    return [l.line, l.column]
}

private func at(_ d: Diagnostic?, _ r: RunResult) -> [Int]? {
    d.flatMap { location($0, in: r) }.map { [$0.line, $0.column] }
}

@Suite("Resolver")
struct ResolverTests {
    // MARK: Unknown names

    @Test("an unknown name is #NAME? with its line, column and a suggestion")
    func unknownName() {
        let r = runNotebook(
            """
            table dvc over 2019Q1..2019Q2 {
              received = 20, 35
              rate = 1 / recieved
            }
            """)
        let d = only(r)
        #expect(d?.kind == .name)
        #expect(d?.message == "unknown name 'recieved'")
        #expect(d?.help == "did you mean 'received'?")
        #expect(at(d, r) == [3, 14])
        #expect(d.flatMap { fileName($0, in: r) } == "t.chiso")
        #expect(rowValues(r, table: "dvc", row: "rate") == [.error(.name), .error(.name)])
        #expect(rowValues(r, table: "dvc", row: "received") == values(20, 35))
        #expect(r.hasErrors)
    }

    @Test("the diagnostic renders as file:line:col with the source line and a caret")
    func rendered() {
        let r = runNotebook("table dvc over 2019Q1..2019Q2 {\n  received = 20, 35\n  rate = 1 / recieved\n}\n")
        let text = DiagnosticRenderer(sources: r.sources).render(errors(r))
        #expect(text.contains("t.chiso:3:14: error: unknown name 'recieved'"))
        #expect(text.contains("  rate = 1 / recieved"))
        #expect(text.contains("^^^^^^^^ did you mean 'received'?"))
    }

    @Test("columns count characters, not bytes, and Vietnamese names are suggested")
    func vietnameseColumns() {
        let r = runNotebook("số_hồ_sơ = 5\ntổng = số_hồ_so + 1\n")
        let d = only(r)
        #expect(d?.message == "unknown name 'số_hồ_so'")
        #expect(d?.help == "did you mean 'số_hồ_sơ'?")
        #expect(at(d, r) == [2, 8])
        #expect(value(r, "tổng") == .error(.name))
        #expect(value(r, "số_hồ_sơ") == .number(5))
    }

    @Test("a name written precomposed and with combining marks is one name")
    func normalisedNames() {
        let r = runNotebook("h\u{1ED3}_s\u{01A1} = 5\ny = ho\u{0302}\u{0300}_so\u{031B} * 2\n")
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(value(r, "y") == .number(10))
    }

    @Test("an unknown name stays local: everything else evaluates")
    func unknownIsLocal() {
        let r = runNotebook("a = 1\nb = c + 1\nd = a + 1\ne = b * 2\n")
        #expect(only(r)?.message == "unknown name 'c'")
        #expect(value(r, "a") == .number(1))
        #expect(value(r, "b") == .error(.name))
        #expect(value(r, "d") == .number(2))
        #expect(value(r, "e") == .error(.name))
    }

    @Test("a row named without its table at top level says which table has it")
    func rowWithoutTable() {
        let r = runNotebook("table dvc over 2019..2020 {\n  received = 1, 2\n}\nx = sum(received)\n")
        let d = only(r)
        #expect(d?.message == "unknown name 'received'")
        #expect(d?.help == "'received' is a row of table 'dvc': write dvc.received")
        #expect(value(r, "x") == .error(.name))
    }

    @Test("a table or a function used as a value is an error")
    func wrongKindOfName() {
        let r1 = runNotebook("table dvc over 2019..2020 {\n  received = 1, 2\n}\nx = dvc + 1\n")
        #expect(only(r1)?.message == "'dvc' is a table, not a value")
        let r2 = runNotebook("x = delta + 1\n")
        #expect(only(r2)?.message == "'delta' is a function")
        let r3 = runNotebook("x = sqr(4)\n")
        #expect(only(r3)?.message == "unknown function 'sqr'")
        #expect(only(r3)?.help == "did you mean 'sqrt'?")
        #expect(value(r3, "x") == .error(.name))
    }

    // MARK: Duplicates

    @Test("a name defined twice names both lines")
    func duplicateScalar() {
        let r = runNotebook("a = 1\nb = 2\na = 3\n")
        let d = only(r)
        #expect(d?.kind == .name)
        #expect(d?.message == "'a' is defined twice")
        #expect(at(d, r) == [3, 1])
        #expect(d?.notes.count == 1)
        #expect(d?.notes.first?.message == "first defined here")
        #expect(d?.notes.first.map { noteLocation($0, in: r) } == [1, 1])
        let text = DiagnosticRenderer(sources: r.sources).render(errors(r))
        #expect(text.contains("t.chiso:3:1: error: 'a' is defined twice"))
        #expect(text.contains("t.chiso:1:1: note: first defined here"))
    }

    @Test("a row defined twice in one table names both lines")
    func duplicateRow() {
        let r = runNotebook("table t over 2019..2020 {\n  x = 1, 2\n  x = 3, 4\n}\n")
        let d = only(r)
        #expect(d?.message == "'x' is defined twice")
        #expect(at(d, r) == [3, 3])
        #expect(d?.notes.first.map { noteLocation($0, in: r) } == [2, 3])
    }

    @Test("scalars and tables share one namespace")
    func duplicateTable() {
        let r = runNotebook("t = 1\ntable t over 2019..2020 {\n  x = 1, 2\n}\n")
        let d = only(r)
        #expect(d?.message == "'t' is defined twice")
        #expect(at(d, r) == [2, 7])
        #expect(d?.notes.first.map { noteLocation($0, in: r) } == [1, 1])
    }

    @Test("a function defined twice, or a built-in redefined, is an error")
    func duplicateFunction() {
        let r = runNotebook("fn f(x) = x\nfn f(y) = y * 2\n")
        #expect(only(r)?.message == "'f' is defined twice")
        #expect(at(only(r), r) == [2, 4])
        let b = runNotebook("fn sum(x) = x\n")
        #expect(only(b)?.message == "'sum' is a built-in function and cannot be redefined")
        let p = runNotebook("fn f(x, x) = x\n")
        #expect(only(p)?.message == "the parameter 'x' is named twice")
    }

    @Test("the locale set twice is an error")
    func localeTwice() {
        let r = runNotebook("locale vi\nlocale en\nx = 1\n")
        #expect(only(r)?.message == "the locale is set twice")
        #expect(at(only(r), r) == [2, 1])
    }

    // MARK: Other tables

    @Test("a row of another table is `table.row`")
    func otherTable() {
        let r = runNotebook(
            """
            table a over 2019..2020 {
              x = 1, 2
            }
            table b over 2019..2020 {
              y = a.x * 10
            }
            s = sum(a.x)
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "b", row: "y") == values(10, 20))
        #expect(value(r, "s") == .number(3))
    }

    @Test("an unknown table or row after a dot is reported with a suggestion")
    func unknownMember() {
        let src = "table dvc over 2019..2020 {\n  received = 1, 2\n}\n"
        let r1 = runNotebook(src + "x = dvc.recieved\n")
        #expect(only(r1)?.message == "table 'dvc' has no row 'recieved'")
        #expect(only(r1)?.help == "did you mean 'received'?")
        #expect(at(only(r1), r1) == [4, 9])
        let r2 = runNotebook(src + "x = dcv.received\n")
        #expect(only(r2)?.message == "unknown table 'dcv'")
        #expect(only(r2)?.help == "did you mean 'dvc'?")
        let r3 = runNotebook(src + "s = 1\nx = s.received\n")
        #expect(only(r3)?.message == "'s' is a cell, not a table")
        let r4 = runNotebook(src + "dcv.extra = 1\n")
        #expect(only(r4)?.message == "unknown table 'dcv'")
    }

    // MARK: Arity

    @Test("a built-in called with the wrong number of arguments")
    func builtinArity() {
        let r = runNotebook("a = round(1, 2, 3)\nb = if(true, 1)\nc = period(1)\nd = 5\n")
        #expect(
            messages(r) == [
                "'round' takes 1 to 2 arguments, not 3",
                "'if' takes 3 arguments, not 2",
                "'period' takes 0 arguments, not 1",
            ])
        #expect(value(r, "a").isError)
        #expect(value(r, "b").isError)
        #expect(value(r, "c").isError)
        #expect(value(r, "d") == .number(5))
        #expect(errors(r).allSatisfy { $0.kind == .name })
    }

    @Test("'at least one argument' is worded in the singular")
    func atLeastOne() {
        #expect(messages("a = sum()\n") == ["'sum' takes at least 1 argument, not 0"])
    }

    @Test("user and standard-library functions check their arity")
    func functionArity() {
        let r = runNotebook("fn f(a) = a * 2\nx = f(1, 2)\ny = f(3)\n")
        #expect(only(r)?.message == "'f' takes 1 argument, not 2")
        #expect(only(r)?.help == "f(a)")
        #expect(value(r, "x").isError)
        #expect(value(r, "y") == .number(6))
        let s = runNotebook("table t over 2019..2020 {\n  a = 1, 2\n  d = delta(a, a)\n}\n")
        #expect(only(s)?.message == "'delta' takes 1 argument, not 2")
        #expect(at(only(s), s) == [3, 7])
        let two = runNotebook("x = share(1)\n")
        #expect(only(two)?.message == "'share' takes 2 arguments, not 1")
    }

    // MARK: Rows

    @Test("`agg` on a formula row makes its total the aggregate of its cells (README: a stock's total is its last value)")
    func aggOnFormulaRow() {
        let r = runNotebook(
            """
            table t over 2019..2021 with total {
              received = 10, 20, 30
              resolved = 5, 15, 25
              backlog = coalesce(backlog[-1], 0) + received - resolved agg last
              doubled = received * 2 agg max
              plain = received * 2
            }
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "backlog") == values(5, 10, 15))
        #expect(rowTotal(r, table: "t", row: "backlog") == .number(15))
        #expect(rowTotal(r, table: "t", row: "doubled") == .number(60))
        // Without `agg`: the formula on the totals.
        #expect(rowTotal(r, table: "t", row: "plain") == .number(120))
    }

    @Test("a data row with too few values is reported; its cells are #VALUE!, not guesses")
    func tooFewValues() {
        let r = runNotebook("table t over 2019..2021 {\n  x = 1, 2\n  y = x * 2\n}\n")
        let d = only(r)
        #expect(d?.message == "row 'x' has 2 values but table 't' has 3 periods (2019..2021)")
        #expect(at(d, r) == [2, 7])
        // Which value belongs to which year is unknown: nothing plausible-looking is shown.
        #expect(rowValues(r, table: "t", row: "x") == Array(repeating: .error(.value), count: 3))
        #expect(rowValues(r, table: "t", row: "y") == Array(repeating: .error(.value), count: 3))
    }

    @Test("a data row with too many values is reported")
    func tooManyValues() {
        let r = runNotebook("table t over 2019Q1..2019Q2 {\n  x = 1, 2, 3, 4\n}\n")
        #expect(only(r)?.message == "row 'x' has 4 values but table 't' has 2 periods (2019Q1..2019Q2)")
        #expect(rowValues(r, table: "t", row: "x") == [.error(.value), .error(.value)])
    }

    @Test("a data row holds literals only")
    func nonLiteralInDataRow() {
        let r = runNotebook("table t over 2019..2021 {\n  a = 1, 2, 3\n  x = 1, a + 1, 3\n}\n")
        #expect(only(r)?.message.hasPrefix("a data row holds one literal per period") == true)
        #expect(rowValues(r, table: "t", row: "x") == [.number(1), .error(.value), .number(3)])
    }

    @Test("a one-period table's row holding one literal is a data row")
    func singlePeriodData() {
        let r = runNotebook("table t over 2019..2019 with total {\n  x = 5\n  y = 7 agg last\n}\n")
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(rowValues(r, table: "t", row: "x") == values(5))
        #expect(rowTotal(r, table: "t", row: "y") == .number(7))
    }

    @Test("row ranges: only inside a table, in order, and only aggregated")
    func rowRangeErrors() {
        let table = "table t over 2019..2020 {\n  a = 1, 2\n  b = 3, 4\n"
        #expect(messages(table + "  c = a..b\n}\n") == ["a row range 'a..b' can only be aggregated"])
        #expect(messages(table + "  c = sum(b..a)\n}\n") == ["row 'b' comes after row 'a' in table 't'"])
        #expect(messages(table + "  c = sum(a..z)\n}\n") == ["table 't' has no row 'z'"])
        #expect(messages(table + "}\nx = sum(a..b)\n") == ["a row range 'a..b' can only be used inside a table"])
    }

    @Test("override errors: unknown row, period outside the table, the same cell twice")
    func overrideErrors() {
        let table = "table t over 2019..2020 {\n  x = 1, 2\n"
        #expect(messages(table + "  y@2019 = 5\n}\n") == ["table 't' has no row 'y'"])
        #expect(messages(table + "  x@2021 = 5\n}\n") == ["2021 is outside the periods of table 't' (2019..2020)"])
        #expect(messages(table + "  x@2019 = 5\n  x@2019 = 6\n}\n") == ["the cell x@2019 is overridden twice"])
    }

    @Test("a table's range must run forwards at one granularity")
    func badRanges() {
        #expect(messages("table t over 2019Q2..2019Q1 {\n}\n") == ["the range 2019Q2..2019Q1 runs backwards"])
        #expect(messages("table t over 2019..2019Q4 {\n}\n") == ["the periods 2019 and 2019Q4 are of different kinds"])
    }

    // MARK: Order

    @Test("the order of definitions never matters")
    func orderDoesNotMatter() {
        let r = runNotebook(
            """
            c = b * 2
            t.z = x + 100
            table t over 2019..2020 {
              y = x * c
              x = 1, 2
            }
            b = a + 1
            d = g(2)
            fn g(x) = h(x) + 1
            fn h(x) = x * 10
            a = 1
            """)
        #expect(errors(r).isEmpty, "\(messages(r))")
        #expect(value(r, "c") == .number(4))
        #expect(value(r, "b") == .number(2))
        #expect(value(r, "d") == .number(21))
        #expect(rowValues(r, table: "t", row: "y") == values(4, 8))
        #expect(rowValues(r, table: "t", row: "z") == values(101, 102))
        // Rows added outside the block come after the block's rows.
        #expect(reportTable(r, "t")?.rows.map(\.name) == ["y", "x", "z"])
    }

    @Test("the same notebook in another order gives the same values")
    func permutation() {
        let lines = ["a = 2", "b = a * 3", "c = b + a", "d = c / b"]
        let forward = runNotebook(lines.joined(separator: "\n"))
        let backward = runNotebook(lines.reversed().joined(separator: "\n"))
        for name in ["a", "b", "c", "d"] {
            #expect(value(forward, name) == value(backward, name))
        }
        #expect(value(backward, "d") == .number(8.0 / 6.0))
    }

    // MARK: Privacy and output

    @Test("names starting with _ are not printed but can be used")
    func privateNames() {
        let r = runNotebook("_hidden = 41\nshown = _hidden + 1\ntable t over 2019..2020 {\n  _raw = 1, 2\n  x = _raw * 2\n}\n")
        #expect(errors(r).isEmpty)
        #expect(scalar(r, "_hidden") == nil)
        #expect(value(r, "shown") == .number(42))
        #expect(reportTable(r, "t")?.rows.map(\.name) == ["x"])
        #expect(rowValues(r, table: "t", row: "x") == values(2, 4))
    }

    @Test("headings, scalars and tables are reported in source order")
    func outputOrder() {
        let r = runNotebook("## One\na = 1\nb = 2\n## Two\ntable t over 2019..2020 {\n  x = 1, 2\n}\nc = 3\n")
        #expect(Self.shape(r.report) == ["heading One", "scalars a,b", "heading Two", "table t", "scalars c"])
        let p = runNotebook("a = 1\n> A {a} and\n> {a + 1}.\n>\n> Then {a * 3}.\nb = 2\n")
        #expect(Self.shape(p.report) == ["scalars a", "paragraph A 1 and 2.", "paragraph Then 3.", "scalars b"])
        // A chart stands where it is written, among the other items.
        let charted = runNotebook("a = 1\ntable t over 2019..2020 {\n  x = 1, 2\n}\nchart \"C\" line t.x\nb = 2\n")
        #expect(Self.shape(charted.report) == ["scalars a", "table t", "chart C", "scalars b"])
    }

    /// A report's items in order, each as its kind and name.
    static func shape(_ report: Report) -> [String] {
        report.items.map { item in
            switch item {
            case .heading(let h): "heading \(h)"
            case .scalars(let s): "scalars " + s.map(\.name).joined(separator: ",")
            case .table(let t): "table \(t.name)"
            case .paragraph(let p): "paragraph \(p.text)"
            case .across(let a): "across \(a.name)"
            case .chart(let c): "chart \(c.title)"
            }
        }
    }

    @Test("labels and explicit formats reach the report")
    func labelsAndFormats() {
        let r = runNotebook(
            """
            population "Dân số" = 1_290_000
            table dvc "Hồ sơ" over 2019..2020 with total "Cả kỳ" {
              received "Hồ sơ tiếp nhận" = 20, 35
              rate "Tỷ lệ" = received / 50 as percent(1)
            }
            """)
        #expect(scalar(r, "population")?.label == "Dân số")
        #expect(reportTable(r, "dvc")?.label == "Hồ sơ")
        #expect(reportTable(r, "dvc")?.totalLabel == "Cả kỳ")
        #expect(reportRow(r, "dvc", "received")?.label == "Hồ sơ tiếp nhận")
        #expect(reportRow(r, "dvc", "rate")?.format == .percent(decimals: 1))
        #expect(reportRow(r, "dvc", "received")?.format == .general)
        #expect(reportTable(r, "dvc")?.periods == [period("2019"), period("2020")])
    }

    @Test("a row copying a percent row shows as a percent")
    func inferredFormat() {
        let r = runNotebook("table t over 2019..2020 {\n  p = 10%, 20%\n  q = p\n  r = p + 5%\n  s = p * 2\n}\n")
        #expect(reportRow(r, "t", "p")?.format == .percent(decimals: nil))
        #expect(reportRow(r, "t", "q")?.format == .percent(decimals: nil))
        #expect(reportRow(r, "t", "r")?.format == .percent(decimals: nil))
        #expect(reportRow(r, "t", "s")?.format == .general)
    }

    // MARK: Suggestions

    @Test("suggestions: close names only, swaps count as one edit")
    func suggestions() {
        #expect(Suggest.closest(to: "recieved", in: ["received", "rate"]) == "received")
        #expect(Suggest.closest(to: "x", in: ["received"]) == nil)
        #expect(Suggest.closest(to: "totl", in: ["total", "tota", "other"]) != nil)
        #expect(Suggest.closest(to: "abc", in: ["abc"]) == nil)
        #expect(Suggest.distance(Array("ab"), Array("ba")) == 1)
        #expect(Suggest.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggest.distance(Array(""), Array("abc")) == 3)
        #expect(Suggest.help("a") == "did you mean 'a'?")
        #expect(Suggest.help(nil) == nil)
    }

    @Test("the bounded distance agrees with the full one up to its bound")
    func boundedDistance() {
        // Every pair of words of up to 5 letters over a small alphabet (swaps and repeats included).
        var words: [[Character]] = [[]]
        for _ in 0..<5 { words += words.filter { $0.count == words.last!.count }.flatMap { w in ["a", "b", "c"].map { w + [$0] } } }
        var rows = Suggest.Rows()
        for a in words.prefix(200) {
            for b in words {
                let full = Suggest.distance(a, b)
                for bound in 1...3 {
                    #expect(Suggest.distance(a, b, atMost: bound, &rows) == min(full, bound + 1), "\(String(a)) \(String(b)) \(bound)")
                }
            }
        }
    }

    @Test("suggestions: the same answers for ASCII, accented and mixed names; none for very long names")
    func suggestionsAcrossScripts() {
        #expect(Suggest.closest(to: "Recieved", in: ["received"]) == "received")
        #expect(Suggest.closest(to: "dân_sô", in: ["dân_số", "dan_so_x"]) == "dân_số")
        #expect(Suggest.closest(to: "dan_so", in: ["dân_số"]) == "dân_số")
        #expect(Suggest.closest(to: "dân_số", in: ["dan_so"]) == "dan_so")
        let long = String(repeating: "a", count: Suggest.maxLength + 1)
        #expect(Suggest.closest(to: long, in: [long + "b"]) == nil)
        #expect(
            Suggest.closest(
                to: String(repeating: "a", count: Suggest.maxLength), in: [String(repeating: "a", count: Suggest.maxLength - 1)]) != nil)
    }

    @Test("two thousand unknown names: those that can be shown get suggestions, the rest are still reported")
    func manyUnknownNames() {
        let text = (0..<2_000).map { "value_\($0) = valu_\($0)\n" }.joined()
        let r = runNotebook(text)
        let unknown = errors(r).filter { $0.message.hasPrefix("unknown name 'valu_") }
        #expect(unknown.count == 2_000)
        for (i, d) in unknown.enumerated() {
            // The one after the limit is shown when it is the last: it has its help too.
            #expect(d.help == (i <= Diagnostic.limit ? "did you mean 'value_\(i)'?" : nil), "line \(i + 1)")
        }
    }
}
