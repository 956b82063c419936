// MARK: - Parser
//
// Precedence, postfix forms, statements and tables, and error recovery: every syntax
// error in a file is reported and the good lines are still parsed.

import Testing

@testable import ChisoCore

/// Parses a whole notebook (on a large stack, as the engine does).
private func parse(_ text: String) -> (tree: SyntaxTree, diagnostics: [Diagnostic], file: SourceFile) {
    let file = SourceFile(name: "t.chiso", text: text)
    let (tree, diagnostics) = LargeStack.run { Parser.parse(file, id: SourceID(raw: 0)) }
    return (tree, diagnostics, file)
}

/// One expression as an S-expression, or the diagnostics' messages when it does not parse.
private func sx(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let file = SourceFile(name: "e", text: text)
    let (expr, diagnostics) = LargeStack.run { Parser.parseExpression(file, id: SourceID(raw: 0)) }
    guard let expr else { return "error: " + diagnostics.map(\.message).joined(separator: "; ") }
    #expect(diagnostics.isEmpty, sourceLocation: sourceLocation)
    return sx(expr)
}

/// A span-free rendering of an expression tree.
private func sx(_ e: Expr) -> String {
    switch e.kind {
    case .number(let n, let percent):
        let s = n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        return percent ? "pct:\(s)" : s
    case .text(let s): return "\"\(s)\""
    case .boolean(let b): return String(b)
    case .blank: return "_"
    case .period(let p): return p.description
    case .name(let n): return n
    case .member(let base, let m): return "(. \(sx(base)) \(m))"
    case .call(let f, let args): return "\(f)(\(args.map(sx).joined(separator: ", ")))"
    case .unary(.negate, let x): return "(neg \(sx(x)))"
    case .unary(.not, let x): return "(not \(sx(x)))"
    case .binary(let op, let a, let b): return "(\(op.rawValue) \(sx(a)) \(sx(b)))"
    case .ifThenElse(let c, let a, let b): return "(if \(sx(c)) \(sx(a)) \(sx(b)))"
    case .offset(let x, let k): return "(offset \(sx(x)) \(sx(k)))"
    case .at(let x, let p, nil): return "(@ \(sx(x)) \(sx(p)))"
    case .at(let x, let p, let q?): return "(@ \(sx(x)) \(sx(p)) \(sx(q)))"
    case .rowRange(let a, let b): return "(.. \(a) \(b))"
    case .invalid: return "<invalid>"
    case .error(let code): return code.rawValue
    }
}

private func cells(_ tree: SyntaxTree) -> [CellDecl] {
    tree.statements.compactMap { if case .cell(let c) = $0 { c } else { nil } }
}

private func tables(_ tree: SyntaxTree) -> [TableDecl] {
    tree.statements.compactMap { if case .table(let t) = $0 { t } else { nil } }
}

private func lines(_ diagnostics: [Diagnostic], _ file: SourceFile) -> [Int] {
    diagnostics.compactMap(\.span).map { file.location(of: $0.start).line }
}

@Suite("Parser")
struct ParserTests {
    // MARK: Precedence

    @Test("multiplication binds tighter than addition; both associate to the left")
    func arithmetic() {
        #expect(sx("1 + 2 * 3") == "(+ 1 (* 2 3))")
        #expect(sx("1 * 2 + 3") == "(+ (* 1 2) 3)")
        #expect(sx("(1 + 2) * 3") == "(* (+ 1 2) 3)")
        #expect(sx("10 - 4 - 3") == "(- (- 10 4) 3)")
        #expect(sx("12 / 3 / 2") == "(/ (/ 12 3) 2)")
        #expect(sx("a / b * 100") == "(* (/ a b) 100)")
    }

    @Test("`-2^2` is -(2^2); a negative literal folds into the number")
    func unaryMinusAndPower() {
        #expect(sx("-2^2") == "(neg (^ 2 2))")
        #expect(sx("-2") == "-2")
        #expect(sx("2^-1") == "(^ 2 -1)")
        #expect(sx("-x") == "(neg x)")
        #expect(sx("- -x") == "(neg (neg x))")
        #expect(sx("+x") == "x")
        #expect(sx("2 * -3") == "(* 2 -3)")
    }

    @Test("comparisons sit below arithmetic and above not/and/or")
    func comparisons() {
        #expect(sx("a + 1 < b * 2") == "(< (+ a 1) (* b 2))")
        #expect(sx("a == b") == "(== a b)")
        #expect(sx("a != b") == "(!= a b)")
        #expect(sx("a <> b") == "(!= a b)")
        #expect(sx("a <= b") == "(<= a b)")
        #expect(sx("a >= b") == "(>= a b)")
        #expect(sx("a > b") == "(> a b)")
    }

    @Test("not binds tighter than and, and tighter than or")
    func logic() {
        #expect(sx("a or b and c") == "(or a (and b c))")
        #expect(sx("a and b or c") == "(or (and a b) c)")
        #expect(sx("not a and b") == "(and (not a) b)")
        #expect(sx("not a == b") == "(not (== a b))")
        #expect(sx("not not a") == "(not (not a))")
        #expect(sx("x > 1 and y < 2 or not z") == "(or (and (> x 1) (< y 2)) (not z))")
    }

    @Test("if … then … else, nested, and with a parenthesised condition")
    func ifThenElse() {
        #expect(sx("if a > 0 then a else 0") == "(if (> a 0) a 0)")
        #expect(sx("if a then 1 else if b then 2 else 3") == "(if a 1 (if b 2 3))")
        #expect(sx("if (a) then 1 else 2") == "(if a 1 2)")
        #expect(sx("1 + (if a then 1 else 2)") == "(+ 1 (if a 1 2))")
    }

    @Test("function-style if(c, a, b) is a call")
    func functionStyleIf() {
        #expect(sx("if(a > 0, a, 0)") == "if((> a 0), a, 0)")
        #expect(sx("if(f(x, y), 1, 2)") == "if(f(x, y), 1, 2)")
    }

    @Test("an if without else is an error")
    func ifWithoutElse() {
        #expect(sx("if a then 1") == "error: expected 'else' (every 'if' needs one)")
        #expect(sx("if a 1 else 2") == "error: expected 'then' after the condition")
    }

    @Test("literals: numbers, percents, text, booleans, blank, periods")
    func literals() {
        #expect(sx("12.5%") == "pct:0.125")
        #expect(sx("\"Tỷ lệ\"") == "\"Tỷ lệ\"")
        #expect(sx("true") == "true")
        #expect(sx("false") == "false")
        #expect(sx("_") == "_")
        #expect(sx("2019Q1") == "2019Q1")
    }

    @Test("calls with no, one and several arguments")
    func calls() {
        #expect(sx("period()") == "period()")
        #expect(sx("delta(received)") == "delta(received)")
        #expect(sx("round(x / y, 2)") == "round((/ x y), 2)")
        #expect(sx("sum(a, b, c)") == "sum(a, b, c)")
    }

    // MARK: Postfix forms

    @Test("offsets, one cell, a sub-series, members")
    func postfix() {
        #expect(sx("x[-1]") == "(offset x -1)")
        #expect(sx("x[-per_year()]") == "(offset x (neg per_year()))")
        #expect(sx("x@2019Q1") == "(@ x 2019Q1)")
        #expect(sx("x@2018Q1..2018Q4") == "(@ x 2018Q1 2018Q4)")
        #expect(sx("x@2020") == "(@ x 2020)")
        #expect(sx("x@2015..2019") == "(@ x 2015 2019)")
        #expect(sx("t.row") == "(. t row)")
        #expect(sx("dvc.received@2019Q1") == "(@ (. dvc received) 2019Q1)")
        #expect(sx("dvc.received[-1]") == "(offset (. dvc received) -1)")
        #expect(sx("x@year_start(period())..period()") == "(@ x year_start(period()) period())")
        #expect(sx("x@(period() - 1)") == "(@ x (- period() 1))")
    }

    @Test("a name or member read at once (before `,`, `)`, an operator, the end) is what the full grammar reads")
    func plainOperands() {
        #expect(
            sx("sum(t.a, b, c.d, true, _, e.f(1), g..h, i[-1], j@2020)")
                == "sum((. t a), b, (. c d), true, _, e.f(1), (.. g h), (offset i -1), (@ j 2020))")
        #expect(sx("a.b + c * d.e / f - g.h ^ 2 == x.y") == "(== (- (+ (. a b) (/ (* c (. d e)) f)) (^ (. g h) 2)) (. x y))")
        #expect(sx("a and b.c or not d") == "(or (and a (. b c)) (not d))")
        #expect(sx("if a then b.c else d") == "(if a (. b c) d)")
        #expect(sx("t.if").hasPrefix("error: 'if' is a reserved word"))
        #expect(sx("sum(a, t.then)").hasPrefix("error: 'then' is a reserved word"))
        // The spans are those of the tokens read: `ab.cd` from its `a` to its `d`.
        let file = SourceFile(name: "e", text: "sum(ab.cd, e)")
        let (expr, _) = LargeStack.run { Parser.parseExpression(file, id: SourceID(raw: 0)) }
        guard case .call(_, let args)? = expr?.kind, args.count == 2 else {
            Issue.record("not a call of two arguments")
            return
        }
        #expect(args[0].span.start == 4 && args[0].span.end == 9)
        if case .member(let base, _) = args[0].kind { #expect(base.span.start == 4 && base.span.end == 6) }
        #expect(args[1].span.start == 11 && args[1].span.end == 12)
    }

    @Test("postfix binds tighter than unary minus and power")
    func postfixPrecedence() {
        #expect(sx("-x[-1]") == "(neg (offset x -1))")
        #expect(sx("x[-1]^2") == "(^ (offset x -1) 2)")
        #expect(sx("a - a[-1]") == "(- a (offset a -1))")
    }

    @Test("a bad period after @ is an error")
    func badAt() {
        #expect(sx("x@y").hasPrefix("error: expected a period after '@'"))
    }

    @Test("`a..b` is a row range")
    func rowRange() {
        #expect(sx("sum(ky_anh..vu_quang)") == "sum((.. ky_anh vu_quang))")
        #expect(sx("a..b") == "(.. a b)")
    }

    // MARK: Statements

    @Test("a scalar cell with a label and a format")
    func cell() {
        let r = parse("density \"Thuê bao /100 dân\" = subscribers / population * 100 as number(1)\n")
        #expect(r.diagnostics.isEmpty)
        let c = cells(r.tree)
        #expect(c.count == 1)
        #expect(c.first?.name.text == "density")
        #expect(c.first?.label == "Thuê bao /100 dân")
        #expect(c.first.map { sx($0.body) } == "(* (/ subscribers population) 100)")
        #expect(c.first?.format?.format == .number(decimals: 1))
        #expect(c.first.map { r.file.text(of: $0.name.span) } == "density")
    }

    @Test("formats: percent(d), number(d), integer, text")
    func formats() {
        let r = parse("a = 1 as percent(1)\nb = 1 as number(2)\nc = 1 as integer\nd = 1 as text\ne = 1\n")
        #expect(r.diagnostics.isEmpty)
        #expect(cells(r.tree).map(\.format?.format) == [.percent(decimals: 1), .number(decimals: 2), .integer, .text, nil])
    }

    @Test("bad formats are errors")
    func badFormats() {
        #expect(parse("a = 1 as money\n").diagnostics.map(\.message) == ["unknown format 'money'"])
        #expect(parse("a = 1 as integer(2)\n").diagnostics.map(\.message) == ["'integer' takes no number of decimals"])
        #expect(parse("a = 1 as number(16)\n").diagnostics.map(\.message) == ["expected a number of decimals from 0 to 15"])
    }

    @Test("headings, locale, functions and checks")
    func otherStatements() {
        let r = parse("## Quý I\nlocale vi\nfn f(a, b) = a + b as percent(1)\ncheck x <= y \"x is at most y\"\n")
        #expect(r.diagnostics.isEmpty)
        #expect(r.tree.statements.count == 4)
        guard r.tree.statements.count == 4 else { return }
        if case .heading(let text, _) = r.tree.statements[0] { #expect(text == "Quý I") } else { Issue.record("not a heading") }
        if case .locale(let l, _) = r.tree.statements[1] { #expect(l == .vi) } else { Issue.record("not a locale") }
        if case .function(let f) = r.tree.statements[2] {
            #expect(f.name.text == "f")
            #expect(f.parameters.map(\.text) == ["a", "b"])
            #expect(sx(f.body) == "(+ a b)")
            #expect(f.format?.format == .percent(decimals: 1))
        } else {
            Issue.record("not a function")
        }
        if case .check(let c) = r.tree.statements[3] {
            #expect(sx(c.condition) == "(<= x y)")
            #expect(c.message == "x is at most y")
        } else {
            Issue.record("not a check")
        }
    }

    @Test("a bad locale is an error")
    func badLocale() {
        #expect(parse("locale fr\n").diagnostics.map(\.message) == ["expected a locale, found 'fr'"])
    }

    @Test("a reserved word cannot be a name")
    func reservedWord() {
        #expect(parse("if = 1\n").diagnostics.map(\.message) == ["'if' is a reserved word and cannot be a name"])
        #expect(parse("fn true(x) = x\n").diagnostics.map(\.message) == ["'true' is a reserved word and cannot be a name"])
    }

    @Test("'=' where '==' is meant is explained")
    func assignInsteadOfEquals() {
        #expect(parse("check a = b\n").diagnostics.map(\.message) == ["'=' defines a name; to compare, write '=='"])
    }

    // MARK: Tables

    @Test("a table with a label, a total, data rows, formula rows, an override and a check")
    func table() {
        let src = """
            table dvc "Hồ sơ DVC" over 2018Q1..2019Q1 with total "Cả kỳ" {
              received "Hồ sơ tiếp nhận" = 20, 35, 41, 52, 60
              units = 1, 2, _, 4, 5% agg last as integer
              rate "Tỷ lệ" = resolved / received as percent(1)
              received@2019Q1 = 61
              check rate <= 1 "at most all"
            }

            """
        let r = parse(src)
        #expect(r.diagnostics.isEmpty)
        let t = tables(r.tree)
        #expect(t.count == 1)
        guard let table = t.first else { return }
        #expect(table.name.text == "dvc")
        #expect(table.label == "Hồ sơ DVC")
        #expect(table.first == period("2018Q1"))
        #expect(table.last == period("2019Q1"))
        #expect(table.totalLabel == "Cả kỳ")
        #expect(table.items.count == 5)
        guard table.items.count == 5 else { return }

        guard case .row(let received) = table.items[0], case .data(let literals) = received.body else {
            Issue.record("the first item is not a data row")
            return
        }
        #expect(received.name.text == "received")
        #expect(received.label == "Hồ sơ tiếp nhận")
        #expect(literals.map(sx) == ["20", "35", "41", "52", "60"])
        #expect(received.aggregation == nil)

        guard case .row(let units) = table.items[1], case .data(let unitValues) = units.body else {
            Issue.record("the second item is not a data row")
            return
        }
        #expect(unitValues.map(sx) == ["1", "2", "_", "4", "pct:0.05"])
        #expect(units.aggregation == .last)
        #expect(units.format?.format == .integer)

        guard case .row(let rate) = table.items[2], case .formula(let formula) = rate.body else {
            Issue.record("the third item is not a formula row")
            return
        }
        #expect(sx(formula) == "(/ resolved received)")
        #expect(rate.format?.format == .percent(decimals: 1))

        guard case .override(let o) = table.items[3] else {
            Issue.record("the fourth item is not an override")
            return
        }
        #expect(o.row.text == "received")
        #expect(o.period == period("2019Q1"))
        #expect(sx(o.body) == "61")

        guard case .check(let c) = table.items[4] else {
            Issue.record("the fifth item is not a check")
            return
        }
        #expect(sx(c.condition) == "(<= rate 1)")
        #expect(c.message == "at most all")
    }

    @Test("`with total` without a label has a total and no label; without it there is no total")
    func totalLabel() {
        let with = tables(parse("table t over 2019..2020 with total {\n  a = 1, 2\n}\n").tree).first
        #expect(with?.hasTotal == true)
        #expect(with.map { $0.totalLabel == nil } == true)
        let labelled = tables(parse("table t over 2019..2020 with total \"Cả kỳ\" {\n  a = 1, 2\n}\n").tree).first
        #expect(labelled?.totalLabel == "Cả kỳ")
        #expect(tables(parse("table t over 2019..2020 {\n  a = 1, 2\n}\n").tree).first?.hasTotal == false)
    }

    @Test("the default total heading follows the locale")
    func totalHeadingByLocale() {
        let src = "table t over 2019..2020 with total {\n  a = 1, 2\n}\n"
        #expect(reportTable(runNotebook(src, locale: .vi), "t")?.totalLabel == "Tổng")
        #expect(reportTable(runNotebook(src, locale: .en), "t")?.totalLabel == "Total")
    }

    @Test("a bare year range is a range of years; half-years and months work too")
    func tableRanges() {
        let t = tables(
            parse(
                """
                table a over 2015..2020 { }
                table b over 2022H1..2023H2 { }
                table c over 2019M01..2019M12 { }

                """
            ).tree)
        #expect(t.map(\.first) == [period("2015"), period("2022H1"), period("2019M01")])
        #expect(t.map(\.last) == [period("2020"), period("2023H2"), period("2019M12")])
        #expect(t.first?.first.granularity == .year)
    }

    @Test("a data row may continue over lines after a comma")
    func dataRowOverLines() {
        let t = tables(parse("table t over 2019..2022 {\n  a = 1, 2,\n      3, 4\n}\n").tree)
        guard case .row(let r)? = t.first?.items.first, case .data(let vs) = r.body else {
            Issue.record("no data row")
            return
        }
        #expect(vs.map(sx) == ["1", "2", "3", "4"])
    }

    @Test("`table.row = …` and `table.row@P = …` outside the block")
    func itemsOutsideTheBlock() {
        let r = parse("dvc.extra \"Thêm\" = received * 2\ndvc.received@2019Q1 = 5\n")
        #expect(r.diagnostics.isEmpty)
        #expect(r.tree.statements.count == 2)
        guard r.tree.statements.count == 2 else { return }
        guard case .tableItem(let t1, .row(let row)) = r.tree.statements[0] else {
            Issue.record("not a row added outside its block: \(r.tree.statements[0])")
            return
        }
        #expect(t1.text == "dvc")
        #expect(row.name.text == "extra")
        #expect(row.label == "Thêm")
        if case .formula(let e) = row.body { #expect(sx(e) == "(* received 2)") } else { Issue.record("not a formula row") }
        guard case .tableItem(let t2, .override(let o)) = r.tree.statements[1] else {
            Issue.record("not an override outside its block")
            return
        }
        #expect(t2.text == "dvc")
        #expect(o.row.text == "received")
        #expect(o.period == period("2019Q1"))
        #expect(sx(o.body) == "5")
    }

    @Test("a table needs 'over' and a period range")
    func tableErrors() {
        #expect(parse("table t { }\n").diagnostics.first?.message == "expected 'over' and the periods of table 't'")
        #expect(parse("table t over x..y { }\n").diagnostics.first?.message.hasPrefix("expected a period") == true)
        #expect(
            parse("table t over 2019..2020 with { }\n").diagnostics.first?.message
                == "expected 'total', 'subtotals' or 'trend' after 'with', found '{'")
        #expect(
            parse("table t over 2019..2020 {\n a = 1, 2 agg median\n}\n").diagnostics.first?.message
                == "expected an aggregation after 'agg', found 'median'")
    }

    // MARK: Error recovery

    @Test("every syntax error in a file is reported and the good lines are still parsed")
    func everyErrorReported() {
        let r = parse(
            """
            a = 1
            b = 2 + * 3
            c = 3
            d = )
            e = 5
            f = 1 as money
            g = 7

            """)
        #expect(r.diagnostics.count == 3)
        #expect(lines(r.diagnostics, r.file) == [2, 4, 6])
        #expect(cells(r.tree).map(\.name.text) == ["a", "c", "e", "g"])
        #expect(r.diagnostics.allSatisfy { $0.kind == .syntax })
    }

    @Test("a broken row does not lose the rest of its table")
    func recoveryInsideTable() {
        let r = parse(
            """
            table t over 2019..2020 {
              a = 1, 2
              b = a * * 2
              c = )
              d = a * 2
            }
            x = 1

            """)
        #expect(r.diagnostics.count == 2)
        #expect(lines(r.diagnostics, r.file) == [3, 4])
        let t = tables(r.tree)
        #expect(t.count == 1)
        let rowNames = t.first?.items.compactMap { if case .row(let row) = $0 { row.name.text } else { nil } }
        #expect(rowNames == ["a", "d"])
        #expect(cells(r.tree).map(\.name.text) == ["x"])
    }

    @Test("an unclosed parenthesis does not swallow the next table")
    func unclosedParenBeforeTable() {
        let r = parse("x = (1\ntable t over 2019..2020 {\n  a = 1, 2\n}\ny = 2\n")
        #expect(r.diagnostics.count == 1)
        #expect(lines(r.diagnostics, r.file) == [1])
        #expect(tables(r.tree).map(\.name.text) == ["t"])
        #expect(cells(r.tree).map(\.name.text) == ["y"])
    }

    @Test("unexpected text after a statement is reported")
    func trailingGarbage() {
        let r = parse("x = 1 y\n")
        #expect(r.diagnostics.map(\.message) == ["expected the end of the line, found 'y'"])
        #expect(r.diagnostics.first?.span?.start == 6)
    }

    @Test("a statement with unexpected text after it does not parse, so it is skipped")
    func trailingGarbageSkipsStatement() {
        let r = parse("x = 1 2\ny = 3\n")
        #expect(r.diagnostics.count == 1)
        #expect(cells(r.tree).map(\.name.text) == ["y"])
        let e = runNotebook("x = 1 2\ny = 3\nz = x + 1\n")
        #expect(scalar(e, "x") == nil)
        #expect(value(e, "z") == .error(.name))
    }

    @Test("10,000 nested parentheses give one 'nested too deeply' diagnostic and no crash")
    func deepNesting() {
        let depth = 10_000
        let text = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "\ny = 2\n"
        let r = parse(text)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message.contains("nested too deeply") == true)
        #expect(cells(r.tree).map(\.name.text) == ["y"])
    }

    @Test("10,000 nested unary operators give one diagnostic and no crash")
    func deepUnary() {
        let r1 = parse("x = " + String(repeating: "-", count: 10_000) + "1\n")
        #expect(r1.diagnostics.count == 1)
        #expect(r1.diagnostics.first?.message.contains("nested too deeply") == true)
        let r2 = parse("x = " + String(repeating: "not ", count: 10_000) + "true\n")
        #expect(r2.diagnostics.count == 1)
        #expect(r2.diagnostics.first?.message.contains("nested too deeply") == true)
    }

    @Test("nesting below the limit parses")
    func moderateNesting() {
        let depth = 100
        let r = parse("x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "\n")
        #expect(r.diagnostics.isEmpty)
        #expect(cells(r.tree).first.map { sx($0.body) } == "1")
    }

    @Test("the engine survives deep nesting and still evaluates the rest")
    func deepNestingThroughEngine() {
        let depth = 10_000
        let r = runNotebook("x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "\ny = 2\n")
        #expect(errors(r).count == 1)
        #expect(errors(r).first?.message.contains("nested too deeply") == true)
        #expect(value(r, "y") == .number(2))
    }

    @Test("a heading inside a table block is an error; the rows around it and the rest still parse")
    func headingInsideTable() {
        let r = parse("table v over 2019..2020 {\n  ## heading\n  a = 1, 2\n  ## more\n}\n## After\nx = 1\n")
        #expect(r.diagnostics.map(\.message) == ["a heading cannot be inside a table block", "a heading cannot be inside a table block"])
        #expect(lines(r.diagnostics, r.file) == [2, 4])
        let rows = tables(r.tree).first?.items.compactMap { if case .row(let row) = $0 { row.name.text } else { nil } }
        #expect(rows == ["a"])
        #expect(cells(r.tree).map(\.name.text) == ["x"])
        // Unclosed: the heading, then the missing '}'.
        let open = parse("table v over 2019..2020 {\n##\n")
        #expect(
            open.diagnostics.map(\.message) == [
                "a heading cannot be inside a table block",
                "expected '}' to close table 'v', found the end of the input",
            ])
        // After a line that continues (a trailing operator), the heading ends the row.
        let cont = parse("table v over 2019..2020 {\n  a = 1 +\n  ## h\n  b = 1, 2\n}\n")
        #expect(cont.diagnostics.map(\.message) == ["expected a value, found a heading", "a heading cannot be inside a table block"])
    }

    @Test("past the error limit the parser stops reading, and says where")
    func parserStopsAtTheLimit() {
        let r = parse(String(repeating: "x = )\n", count: 1_000))
        #expect(r.diagnostics.count == Diagnostic.limit + 1)
        #expect(r.diagnostics.last?.message == "too many errors (\(Diagnostic.limit)); stopped reading at line \(Diagnostic.limit + 1)")
    }

    @Test("a statement of more tokens than the limit is one error, and the next line still parses")
    func statementTooLong() {
        let n = Lexer.maxStatementTokens
        // A call with more arguments than any chain limit: refused as too long, once.
        let r = parse("x = sum(" + Array(repeating: "1", count: n).joined(separator: ", ") + ")\ny = 2\n")
        #expect(r.diagnostics.map(\.message) == ["statement too long (more than \(n) names, numbers and symbols)"])
        #expect(cells(r.tree).map(\.name.text) == ["y"])
        // A chain meets the chain limit first: that is the one error.
        let chain = parse("x = " + Array(repeating: "1", count: n).joined(separator: "+") + "\ny = 2\n")
        #expect(chain.diagnostics.map(\.message) == ["expression too long (more than \(Parser.maxHeight) operations in a chain)"])
        #expect(cells(chain.tree).map(\.name.text) == ["y"])
        // Just under the limit, a long call parses.
        let fits = parse("x = sum(" + Array(repeating: "1", count: n / 2 - 4).joined(separator: ", ") + ")\n")
        #expect(fits.diagnostics.isEmpty)
    }

    /// The number tokens of a source's line `line` (1-based), as the lexer alone reads them.
    private func numberTokens(_ file: SourceFile, line: Int) -> [Token] {
        Lexer.tokenize(file, id: SourceID(raw: 0)).tokens.filter {
            guard case .number = $0.kind else { return false }
            return file.location(of: $0.span.start).line == line
        }
    }

    @Test("a data row's numbers read straight from the bytes are the lexer's tokens: value, percent and place")
    func dataRowFromBytes() {
        // Plain numbers (read from the bytes) among those the lexer reads token by token:
        // beyond 2^53, `_`, `%`, more than 22 decimals, an exponent, a line break after a comma.
        let row =
            "1, 2.5, 0.1 ,3,  9007199254740992, 9007199254740993, 1_000, 12%, 4.00000000000000000000001, 1e3, 2019, 0007,\n"
            + "    8, 1.445,\t6"
        let r = parse("locale vi\ntable t over 2020..2034 {\n  r = \(row)\n  s = 1, 2\n}\n")
        guard let t = tables(r.tree).first, t.items.count == 2, case .row(let rows) = t.items[0], case .data(let literals) = rows.body
        else {
            Issue.record("expected table t with a data row and another row")
            return
        }
        let tokens = numberTokens(r.file, line: 3) + numberTokens(r.file, line: 4)
        #expect(literals.count == 15)
        #expect(literals.map(\.span) == tokens.map(\.span))
        #expect(
            literals.map(\.kind)
                == tokens.map { t -> Expr.Kind in if case .number(let n, let p) = t.kind { .number(n, percent: p) } else { .invalid } })
        // Beyond 2^53: read by the lexer as `Double(text)` reads it (the nearest double).
        #expect(literals[5].kind == .number(9_007_199_254_740_992, percent: false))
        // `1.445` in the middle of the row is still noticed as a Vietnamese thousands group.
        #expect(r.diagnostics.map(\.severity) == [.warning])
        #expect(r.diagnostics.compactMap(\.span).map(r.file.text(of:)) == ["1.445"])
        guard case .row(let s) = t.items[1], case .data(let next) = s.body else {
            Issue.record("expected row s after the data row")
            return
        }
        #expect(next.map(sx) == ["1", "2"])
    }

    @Test("a data row read from the bytes after a percent, and at the statement limit exactly, is the lexer's tokens")
    func dataRowFromBytesEdges() {
        let r = parse("table t over 2020..2022 {\n  r = 5%, 1, 2.5\n}\n")
        guard let t = tables(r.tree).first, case .row(let row) = t.items.first, case .data(let literals) = row.body else {
            Issue.record("expected a data row")
            return
        }
        let tokens = numberTokens(r.file, line: 2)
        #expect(literals.map(\.span) == tokens.map(\.span))
        #expect(literals.map(\.kind) == [.number(0.05, percent: true), .number(1, percent: false), .number(2.5, percent: false)])
        // `r = v, …, v` is 2k + 1 tokens for k values, after the 7 of `table t over 2020..2021 {`
        // (a line break after `{` ends no statement): at most `maxStatementTokens` in all.
        let k = (Lexer.maxStatementTokens - 8) / 2
        for (count, fits) in [(k, true), (k + 1, false)] {
            let text = "table t over 2020..2021 {\n  r = " + Array(repeating: "7", count: count).joined(separator: ", ") + "\n}\n"
            let p = parse(text)
            #expect(p.diagnostics.isEmpty == fits, "\(count) values")
            if fits, case .row(let row)? = tables(p.tree).first?.items.first, case .data(let values) = row.body {
                #expect(values.count == count)
            } else if fits {
                Issue.record("expected a data row of \(count) values")
            }
        }
    }

    @Test("a data row longer than the statement limit is refused at the token the lexer alone refuses")
    func dataRowTooLong() {
        let n = Lexer.maxStatementTokens
        let text =
            "table t over 2020..2021 {\n  r = " + Array(repeating: "7", count: n).joined(separator: ", ") + "\n  s = 1, 2\n}\ny = 2\n"
        let r = parse(text)
        let tooLong = Lexer.tokenize(r.file, id: SourceID(raw: 0)).tokens.first { $0.kind == .tooLong }
        #expect(tooLong != nil)
        #expect(r.diagnostics.map(\.message) == ["statement too long (more than \(n) names, numbers and symbols)"])
        // The parser reads tokens as it needs them: the error points where the rest begins.
        #expect(r.diagnostics.map(\.span?.start) == [tooLong?.span.start])
        #expect(cells(r.tree).map(\.name.text) == ["y"])
    }

    @Test("parseExpression rejects trailing text")
    func expressionTrailing() {
        #expect(sx("1 2") == "error: expected the end of the value, found a number")
        #expect(sx("1 +\n2") == "(+ 1 2)")
    }
}
