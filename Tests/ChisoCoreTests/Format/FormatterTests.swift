// MARK: - Formatter
//
// `chiso fmt`: on every notebook of the repository, formatting is idempotent and never
// changes what the notebook prints or reports; on small inputs, the canonical layout
// itself (alignment, comments, headings, blank lines, spacing, untouched literals).

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

/// The canonical layout of `text`, or nil when it does not parse.
private func format(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    format(bytes: Array(text.utf8), sourceLocation: sourceLocation)
}

private func format(bytes: [UInt8], name: String = "t.chiso", sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    var sources = SourceMap()
    let id = sources.add(name: name, bytes: bytes)
    guard case .success(let text) = Formatter.format(sources[id], id: id) else { return nil }
    // The safety net (falling back to the original) must never be needed.
    let (tree, _) = Parser.parse(sources[id], id: id)
    #expect(
        Formatter.layout(sources[id], id: id, tree: tree).verified, "the formatter fell back to the original text",
        sourceLocation: sourceLocation)
    return text
}

/// Every notebook of the repository that the formatter is run on.
private let corpus: [String] = ["notebooks", "docs/examples", "Tests/ChisoCoreTests/Fixtures", "stdlib", "Tests/ChisoCoreTests/stdlib"]
    .flatMap(Repository.notebooks(in:))

private func read(_ path: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent(path)))
}

@Suite("Formatter on the repository's notebooks")
struct FormatterCorpusTests {
    @Test("format(format(x)) == format(x)", arguments: corpus)
    func idempotent(_ path: String) throws {
        guard let once = format(bytes: try read(path), name: path) else { return }  // does not parse
        let twice = try #require(format(once))
        #expect(twice == once, "\(path): formatting the formatted text changes it")
        #expect(once.isEmpty || once.hasSuffix("\n") && !once.hasSuffix("\n\n"))
        #expect(!once.contains("\r") && !once.hasPrefix("\u{FEFF}"))
        #expect(!once.split(separator: "\n").contains { $0.hasSuffix(" ") }, "\(path): a line ends with a space")
    }

    @Test("the formatted notebook prints and reports exactly the same", arguments: corpus)
    func meaningPreserved(_ path: String) throws {
        let bytes = try read(path)
        guard let formatted = format(bytes: bytes, name: path) else { return }
        let before = Engine.run(name: path, bytes: bytes)
        let after = Engine.run(name: path, text: formatted)
        #expect(TerminalRenderer.render(after.report) == TerminalRenderer.render(before.report), "\(path): the report changed")
        #expect(JSONRenderer.render(after.report) == JSONRenderer.render(before.report), "\(path): the JSON report changed")
        #expect(after.diagnostics.map(\.message) == before.diagnostics.map(\.message), "\(path): the diagnostics changed")
        #expect(after.diagnostics.map(\.severity) == before.diagnostics.map(\.severity))
        #expect(after.checks.map(\.failures) == before.checks.map(\.failures))
    }

    @Test("extra spaces and line breaks inside statements do not change the layout", arguments: corpus)
    func layoutIgnoresSpacing(_ path: String) throws {
        let bytes = try read(path)
        guard let canonical = format(bytes: bytes, name: path) else { return }
        for seed in 1...3 {
            let shaken = shake(bytes, seed: UInt64(seed))
            #expect(format(bytes: shaken, name: path) == canonical, "\(path), seed \(seed):\n\(String(decoding: shaken, as: UTF8.self))")
        }
    }

    /// The notebook with random spaces before its tokens, and random line breaks (each
    /// followed by an indentation) where a statement continues: after `(`, `[`, a comma,
    /// an operator or `=`, on lines without a comment. Statements kept verbatim (`use`)
    /// are left as they are.
    private func shake(_ bytes: [UInt8], seed: UInt64) -> [UInt8] {
        let file = SourceFile(name: "t.chiso", bytes: bytes)
        let (tokens, comments, _) = Lexer.tokenizeKeepingComments(file, id: SourceID(raw: 0))
        let tree = Parser.parse(file, id: SourceID(raw: 0)).tree
        let commented = Set(comments.map { file.lineIndex(of: $0.span.start) })
        var verbatim = Set<Int>()
        for unit in UnitReader.read(file: file, tokens: tokens, comments: comments, tree: tree) {
            if case .verbatim = unit.kind { verbatim.formUnion(unit.firstLine...unit.lastLine) }
        }
        var random = SplitMix(seed: seed)
        var out: [UInt8] = []
        var at = 0
        for (i, t) in tokens.enumerated() where t.kind != .newline && t.kind != .eof {
            let line = file.lineIndex(of: t.span.start)
            if verbatim.contains(line) { continue }
            out += bytes[at..<t.span.start]
            out += [UInt8](repeating: UInt8(ascii: " "), count: random.int(3))
            out += bytes[t.span.start..<t.span.end]
            at = t.span.end
            let breaks: Bool
            switch t.kind {
            case .lparen, .lbracket, .comma, .plus, .minus, .star, .slash, .caret, .eq, .ne, .lt, .le, .gt, .ge, .assign: breaks = true
            default: breaks = false
            }
            let next = tokens[i + 1].kind
            if breaks, next != .newline, next != .eof, !commented.contains(line), random.int(3) == 0 {
                out += Array("\n    ".utf8)
            }
        }
        out += bytes[at...]
        return out
    }

    @Test("at least the notebooks, examples and fixtures that parse are formatted")
    func coverage() throws {
        var formatted = 0
        for path in corpus where format(bytes: try read(path), name: path) != nil { formatted += 1 }
        #expect(formatted >= 35)
    }
}

@Suite("Formatter layout")
struct FormatterLayoutTests {
    @Test("a messy table is made tidy: names, labels, = and period columns aligned")
    func messyTable() {
        let messy = """
            table dvc   "Hồ sơ"  over 2018Q1 .. 2018Q4   with total "Cả kỳ"{
            received "Tiếp nhận"=20,35,41,1_052
                resolved= 19,35 , 40,   50
            rate "Tỷ lệ" = resolved/received as percent(1)
               services "Số DVC" = 2_048,_,_,2_010 agg last
            note "Ghi chú" = "đủ", "thiếu", _, "đủ"
              check resolved<=received   "không vượt"
            received@2018Q2=36
            }

            """
        let tidy = """
            table dvc "Hồ sơ" over 2018Q1..2018Q4 with total "Cả kỳ" {
              received "Tiếp nhận" =    20, 35, 41, 1_052
              resolved             =    19, 35, 40,    50
              rate     "Tỷ lệ"     = resolved / received as percent(1)
              services "Số DVC"    = 2_048,  _,  _, 2_010 agg last
              note     "Ghi chú"   = "đủ", "thiếu", _, "đủ"
              check resolved <= received "không vượt"
              received@2018Q2      = 36
            }

            """
        #expect(format(messy) == tidy)
    }

    @Test("a chart is one line, spaced like a formula; a table's with options are separated by ', '")
    func chartAndOptions() {
        let messy =
            "table t over 2019Q1..2019Q2 with total \"T\",trend {\n  a = 1, 2\n}\nchart   \"Hồ sơ\"  line  t.a ,t.a@2019Q1..2019Q2\n"
        let tidy = "table t over 2019Q1..2019Q2 with total \"T\", trend {\n  a = 1, 2\n}\nchart \"Hồ sơ\" line t.a, t.a@2019Q1..2019Q2\n"
        #expect(format(messy) == tidy)
    }

    @Test("a table across notebooks: its first line spaced, its rows indented, their labels in a column")
    func acrossTable() {
        let messy = """
            use "a.chiso" as a
            use "b.chiso" as b
            table   t  "Tổng hợp"   across a "Sở A",
                 b   "Sở B"  at 2019Q1 with total "Toàn tỉnh" ,transposed {
                  hs.tiep_nhan   "Tiếp nhận"
            hs.giai_quyet # không nhãn
              hs.ty_le_dung_han "Tỷ lệ đúng hạn"

               x
            }

            """
        let tidy = """
            use "a.chiso" as a
            use "b.chiso" as b
            table t "Tổng hợp" across a "Sở A", b "Sở B" at 2019Q1 with total "Toàn tỉnh", transposed {
              hs.tiep_nhan      "Tiếp nhận"
              hs.giai_quyet  # không nhãn
              hs.ty_le_dung_han "Tỷ lệ đúng hạn"

              x
            }

            """
        #expect(format(messy) == tidy)
    }

    @Test("Vietnamese labels align by display width, precomposed or combining")
    func vietnameseAlignment() throws {
        // "Tiếp nhận" written with combining marks takes as many columns as precomposed.
        let combining = "Ti\u{0065}\u{0302}\u{0301}p nha\u{0323}\u{0302}n"
        let text = try #require(format("a \"Tiếp nhận\" = 1\nbb \"\(combining) hồ sơ\" = 2\nccc \"Đã giải quyết\" = 3\n"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "a   \"Tiếp nhận\"       = 1",
                "bb  \"\(combining) hồ sơ\" = 2",
                "ccc \"Đã giải quyết\"   = 3",
            ])
        let columns = Set(lines.map { DisplayWidth.of(String($0[..<$0.firstIndex(of: "=")!])) })
        #expect(columns == [22])
    }

    @Test("comments at the end of lines stay there and line up within a block")
    func endOfLineComments() {
        let text = """
            population "Dân số" = 1_290_000 # nguồn: Cục Thống kê
            subscribers "Thuê bao di động" = 1_135_200   # I.1
            density "Mật độ" = per100(subscribers, population) as number(1)
            table t over 2019..2020 {   # năm
              x = 1, 2 # số liệu
              y = x * 2
            }   # hết bảng
            fn f(a) = a + 1    # một hàm

            """
        let expected = """
            population  "Dân số"           = 1_290_000  # nguồn: Cục Thống kê
            subscribers "Thuê bao di động" = 1_135_200  # I.1
            density     "Mật độ"           = per100(subscribers, population) as number(1)
            table t over 2019..2020 {  # năm
              x = 1, 2  # số liệu
              y = x * 2
            }  # hết bảng
            fn f(a) = a + 1  # một hàm

            """
        #expect(format(text) == expected)
    }

    @Test("headings, comment lines and blank lines stay; runs of blank lines become one")
    func headingsAndBlankLines() {
        let text = """


              ## Báo cáo quý I   
            # Nguồn: báo cáo số 25
            locale vi



            a = 1
            bb = 2
            # giữa hai khối
            ccc = 3

            check a < bb
            table t over 2019..2020 {

              # dữ liệu
              x = 1, 2


              y = x
              # cuối bảng

            }


            """
        let expected = """
            ## Báo cáo quý I
            # Nguồn: báo cáo số 25
            locale vi

            a  = 1
            bb = 2
            # giữa hai khối
            ccc = 3

            check a < bb
            table t over 2019..2020 {
              # dữ liệu
              x = 1, 2

              y = x
              # cuối bảng
            }

            """
        #expect(format(text) == expected)
    }

    @Test("checks between cells do not break their block; other statements do")
    func blocks() {
        let text = "a = 1\ncheck a > 0\nlong_name = 2\nfn f(x) = x\nb = 3\nlonger_name \"L\" = 4\n"
        let expected = "a         = 1\ncheck a > 0\nlong_name = 2\nfn f(x) = x\nb               = 3\nlonger_name \"L\" = 4\n"
        #expect(format(text) == expected)
    }

    @Test("overrides and rows outside a table span the name and label columns")
    func overridesAndOutsideRows() {
        let text = "dvc.ton \"Tồn cuối kỳ\" = coalesce(ton[-1],0)+nhan-gq agg last\ndvc.ton@2018Q1=3+nhan-gq\n"
        let expected = "dvc.ton \"Tồn cuối kỳ\" = coalesce(ton[-1], 0) + nhan - gq agg last\ndvc.ton@2018Q1        = 3 + nhan - gq\n"
        #expect(format(text) == expected)
    }

    @Test("formats and aggregations line up: figures apart from formulas")
    func tails() {
        let text = """
            table t over 2019..2020 {
              a = 1_000, 20 agg last
              b = 5%, 7% as percent(1)
              c = a / b as percent(1)
              long_formula = sum(a, b) * 100 as number(2)
            }

            """
        let expected = """
            table t over 2019..2020 {
              a            = 1_000, 20 agg last
              b            =    5%, 7% as percent(1)
              c            = a / b           as percent(1)
              long_formula = sum(a, b) * 100 as number(2)
            }

            """
        #expect(format(text) == expected)
    }

    @Test("spaces: around operators and =, after commas, none inside brackets, none after a sign")
    func spacing() {
        let text = """
            a=1+2*3-4/5^2
            b = f( a ,b )[ -1 ]
            c = dvc . received @ 2018Q1 .. 2018Q4
            d = - a * -b + (- 1)
            e = if ( a >= 1 )then - a else+ a
            g = if( a<>1 , 2 , 3 )
            h = not(a == 1) and a != 2 or a<=3
            i = sum( x..y )

            """
        let expected = """
            a = 1 + 2 * 3 - 4 / 5 ^ 2
            b = f(a, b)[-1]
            c = dvc.received@2018Q1..2018Q4
            d = -a * -b + (-1)
            e = if (a >= 1) then -a else +a
            g = if(a <> 1, 2, 3)
            h = not (a == 1) and a != 2 or a <= 3
            i = sum(x..y)

            """
        #expect(format(text) == expected)
    }

    @Test("literals are written exactly as in the source")
    func literalsUntouched() throws {
        let text = "a = 1_290_000 + 12.5% + 1e6 + 2.50 + 0.1E-3 + 007\nb = \"x\\\"y\\\\z\\t\" \nc = 2019M1 + 2019M01\n"
        let out = try #require(format(text))
        #expect(out == "a = 1_290_000 + 12.5% + 1e6 + 2.50 + 0.1E-3 + 007\nb = \"x\\\"y\\\\z\\t\"\nc = 2019M1 + 2019M01\n")
    }

    @Test("a statement over several lines is joined; one with a comment inside is kept as written")
    func continuationLines() {
        let text = """
            tong "Tổng" = a +
                505 +
                12
            tb = avg(10,
                     20, 30)
            x = f(1,   # the first
                  2)
            table t over 2019..2020 { y = 1, 2 }

            """
        let expected = """
            tong "Tổng" = a + 505 + 12
            tb          = avg(10, 20, 30)
            x = f(1,   # the first
                  2)
            table t over 2019..2020 {
              y = 1, 2
            }

            """
        #expect(format(text) == expected)
    }

    @Test("a byte-order mark and CRLF line endings are dropped")
    func bomAndCRLF() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("x = 1\r\n# c\r\ny \"Nhãn\" = 2\r\n\r\n\r\n".utf8)
        #expect(format(bytes: bytes) == "x = 1\n# c\ny \"Nhãn\" = 2\n")
    }

    @Test("empty and comment-only notebooks")
    func emptyNotebooks() {
        #expect(format("") == "")
        #expect(format("\n\n  \n") == "")
        #expect(format("# only a comment") == "# only a comment\n")
    }

    @Test("a notebook that does not parse is not formatted: its syntax errors come back")
    func syntaxErrors() throws {
        var sources = SourceMap()
        let id = sources.add(name: "t.chiso", text: "a = 1\nb = 3 +* 4\nc = 5 6\n")
        guard case .failure(let errors) = Formatter.format(sources[id], id: id) else {
            Issue.record("a notebook with syntax errors was formatted")
            return
        }
        #expect(errors.diagnostics.count == 2)
        #expect(errors.diagnostics.allSatisfy { $0.kind == .syntax && $0.severity == .error })
    }

    @Test("a notebook with only semantic errors is formatted")
    func semanticErrorsAreFormatted() {
        #expect(format("a  =  recieved\nb=a") == "a = recieved\nb = a\n")
    }
}

@Suite("Formatter pieces")
struct FormatterPieceTests {
    @Test("the lexer keeps comments only when asked, and the tokens are the same")
    func lexerComments() {
        let file = SourceFile(name: "t.chiso", text: "## Heading\nx = 1 # one\n# two \r\ny = \"# not a comment\"\n")
        let id = SourceID(raw: 0)
        let (plain, _) = Lexer.tokenize(file, id: id)
        let (tokens, comments, diagnostics) = Lexer.tokenizeKeepingComments(file, id: id)
        #expect(diagnostics.isEmpty)
        #expect(tokens == plain)
        #expect(comments.map(\.text) == ["# one", "# two"])
        #expect(file.text(of: comments[0].span) == "# one")
    }

    @Test("the safety net tells a change of meaning from a change of layout")
    func sameNotebook() {
        let id = SourceID(raw: 0)
        func same(_ a: String, _ b: String) -> Bool {
            let original = SourceFile(name: "a", text: a)
            let (tokens, comments, _) = Lexer.tokenizeKeepingComments(original, id: id)
            return Formatter.same(original, tokens, comments, SourceFile(name: "b", text: b), id: id)
        }
        #expect(same("x  =  1_000 # c\ntable t over 2019..2020 { y = 1, 2 }", "x = 1_000  # c\ntable t over 2019..2020 {\n  y = 1, 2\n}\n"))
        #expect(same("s = f(1,\n  2) +\n  3", "s = f(1, 2) + 3\n"))
        #expect(!same("x = 1_000", "x = 1000"), "a literal written differently")
        #expect(!same("x = 12.5%", "x = 0.125"))
        #expect(!same("a = 1\nb = 2", "a = 1 b = 2"), "two statements joined")
        #expect(!same("x = 1 # c", "x = 1 # d"), "a comment changed")
        #expect(!same("x = 1 # c", "x = 1"), "a comment lost")
    }

    @Test("the fallback keeps the text, with LF line endings and one final newline")
    func normalised() {
        let file = SourceFile(name: "t", bytes: [0xEF, 0xBB, 0xBF] + Array("x   = 1\r\ny = \"a\rb\"\r\n\r\n\n".utf8))
        #expect(Formatter.normalised(file) == "x   = 1\ny = \"a\rb\"\n")
        #expect(Formatter.normalised(SourceFile(name: "t", text: "")) == "")
    }

    @Test("the check diff is complete: every change, both sides, in separate hunks")
    func diffComplete() {
        // Twelve changed lines (more than a screen once held), then an unchanged stretch,
        // then one more change: all of it shows, each hunk with one line of context.
        let old = (1...12).map { "r\($0) =  \($0)" } + ["# a", "# b", "# c", "z =  0"]
        let new = (1...12).map { "r\($0) = \($0)" } + ["# a", "# b", "# c", "z = 0"]
        let text = FormatDiff.describe(
            name: "t.chiso", original: Array((old.joined(separator: "\n") + "\n").utf8),
            formatted: new.joined(separator: "\n") + "\n")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("-r") }.count == 12 && lines.filter { $0.hasPrefix("+r") }.count == 12, "\(text)")
        #expect(lines.contains("@@ -1,13 +1,13 @@") && lines.contains("@@ -15,2 +15,2 @@"), "\(text)")
        #expect(lines.contains("-z =  0") && lines.contains("+z = 0") && !text.contains("more changes"), "\(text)")
    }

    @Test("applying the check diff's hunks to the file gives the formatted text (random edits)")
    func diffApplies() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<300 {
            let old = (0..<Int(rng.next() % 30)).map { _ in "l\(rng.next() % 6)" }
            var new = old
            for _ in 0..<Int(rng.next() % 6) {
                switch rng.next() % 3 {
                case 0 where !new.isEmpty: new.remove(at: Int(rng.next() % UInt64(new.count)))
                case 1: new.insert("n\(rng.next() % 4)", at: Int(rng.next() % UInt64(new.count + 1)))
                default: if !new.isEmpty { new[Int(rng.next() % UInt64(new.count))] = "c\(rng.next() % 3)" }
                }
            }
            let join = { (l: [String]) in l.isEmpty ? "" : l.joined(separator: "\n") + "\n" }
            let text = FormatDiff.describe(name: "t", original: Array(join(old).utf8), formatted: join(new))
            #expect(apply(text, to: old) == new, "\(old) -> \(new):\n\(text)")
        }
    }

    /// Applies unified-diff hunks as patch(1) would, checking their context and counts.
    private func apply(_ diff: String, to old: [String]) -> [String]? {
        var result: [String] = [], at = 0
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let line = lines.first, !line.hasPrefix("@@") { lines.removeFirst() }
        while let header = lines.first, header.hasPrefix("@@") {
            lines.removeFirst()
            let numbers = header.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count == 4 else { return nil }
            let start = numbers[1] == 0 ? numbers[0] : numbers[0] - 1
            guard start >= at, start <= old.count else { return nil }
            result += old[at..<start]
            at = start
            var oldCount = 0, newCount = 0
            while let l = lines.first, let mark = l.first, mark == " " || mark == "-" || mark == "+" {
                lines.removeFirst()
                let body = String(l.dropFirst())
                if mark != "+" {
                    guard at < old.count, old[at] == body else { return nil }
                    at += 1
                    oldCount += 1
                }
                if mark != "-" { result.append(body); newCount += 1 }
            }
            guard oldCount == numbers[1], newCount == numbers[3] else { return nil }
        }
        return result + old[at...]
    }

    @Test("the check summary names the file and shows the first changed lines")
    func diffSummary() {
        let original = Array("# keep\na = 1\nbb  =  2\n# end\n".utf8)
        let formatted = "# keep\na  = 1\nbb = 2\n# end\n"
        #expect(
            FormatDiff.describe(name: "t.chiso", original: original, formatted: formatted) == """
                t.chiso: not in canonical layout (chiso fmt --write changes it)
                --- t.chiso
                +++ t.chiso (formatted)
                @@ -1,4 +1,4 @@
                 # keep
                -a = 1
                -bb  =  2
                +a  = 1
                +bb = 2
                 # end

                """)
        #expect(FormatDiff.describe(name: "t.chiso", original: Array(formatted.utf8), formatted: formatted) == "")
        #expect(
            FormatDiff.describe(name: "t.chiso", original: Array("x = 1\r\n".utf8), formatted: "x = 1\n")
                == "t.chiso: not in canonical layout (chiso fmt --write changes it)\n  CRLF line endings become LF\n")
    }
}
