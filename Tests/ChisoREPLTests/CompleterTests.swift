// What Tab offers, without a terminal: names, rows after a dot, commands, files.

import Testing

@testable import ChisoREPL

@Suite("Completion")
struct CompleterTests {
    let completer = Completer(
        names: { ["dvc", "dvc.received", "dvc.resolved", "dvc.rate", "density", "delta", "per100", "per1000", "population"] },
        listFolder: { folder in
            switch folder {
            case ".": [("notebooks", true), ("README.md", false), ("tour.chiso", false), (".hidden.chiso", false)]
            case "notebooks/": [("tour.chiso", false), ("tour.out", false), ("ha-tinh.chiso", false)]
            default: []
            }
        })

    func complete(_ line: String) -> Completer.Completion {
        // The word is what readline would take: from the last break character on.
        let breaks = Completer.wordBreaks(forLine: line)
        let word = String(line.reversed().prefix { !breaks.contains($0) }.reversed())
        return completer.complete(before: String(line.dropLast(word.count)), word: word)
    }

    @Test func bareRowsInsideTheirBlockAndInARowFormula() {
        var inBlock = completer
        inBlock.openTable = { "dvc" }
        #expect(inBlock.complete(before: "  rate = ", word: "res").candidates == ["resolved"])
        #expect(inBlock.complete(before: "  rate = resolved / ", word: "rec").candidates == ["received"])
        #expect(complete("dvc.rate = resolved / rec").candidates == ["received"], "a row formula outside the block")
        #expect(complete("x = rec").candidates == [], "elsewhere a row needs its table")
        #expect(Completer.blockTable("table dvc \"Hồ sơ\" over 2019Q1..2019Q4 {") == "dvc")
        #expect(Completer.blockTable("x = 1") == nil)
        #expect(Completer.blockRow("  received \"Tiếp nhận\" = 1, 2") == "received")
        #expect(Completer.blockRow("  rate@2019 = 1") == nil, "an override defines no row")
        var typing = completer
        typing.openTable = { "t" }
        typing.openRows = { ["received", "resolved"] }
        #expect(typing.complete(before: "  x = ", word: "reso").candidates == ["resolved"], "a row typed earlier in the block")
    }

    @Test func rowsAfterTheTableAndADot() {
        #expect(complete("dvc.re").candidates == ["dvc.received", "dvc.resolved"])
        #expect(complete("dvc.rec").candidates == ["dvc.received"])
        #expect(complete("x = dvc.").candidates == ["dvc.rate", "dvc.received", "dvc.resolved"])
        #expect(complete("total = sum(dvc.ra").candidates == ["dvc.rate"])
    }

    @Test func namesWithoutRowsUntilADotIsTyped() {
        #expect(complete("d").candidates == ["delta", "density", "dvc"])
        #expect(complete("x = per1").candidates == ["per100", "per1000"])
        #expect(complete("y = 2*po").candidates == ["population"])
        #expect(!complete("d").appendSpace, "a name is often followed by a dot or an operator")
        #expect(complete("ta").candidates == ["table"], "keywords too")
    }

    @Test func everyKeyword() {
        #expect(complete("us").candidates == ["use"], "a `use` statement")
        #expect(complete("table t over 2019..2020 fr").candidates == ["from"], "a table read from a file")
        #expect(complete("x = 1 a").candidates == ["agg", "and", "as"])
        for keyword in [
            "table", "over", "with", "total", "from", "fn", "check", "locale", "use", "as", "agg",
            "if", "then", "else", "and", "or", "not", "true", "false",
        ] {
            #expect(complete(keyword).candidates.contains(keyword), "\(keyword)")
        }
    }

    @Test func commandsAndTheirArguments() {
        #expect(complete(":lo").candidates == [":load", ":locale"])
        #expect(complete(":q").candidates == [":q", ":quit"])
        #expect(complete(":l").appendSpace)
        #expect(complete(":show dvc.ra").candidates == ["dvc.rate"])
        #expect(complete(":why dvc.re").candidates == ["dvc.received", "dvc.resolved"])
        #expect(complete(":locale v").candidates == ["vi"])
        #expect(complete(":show dvc.rate extra").candidates.isEmpty, "only the first argument")
    }

    @Test func filesAfterLoadAndSave() {
        #expect(complete(":load ").candidates == ["notebooks/", "tour.chiso"], "folders and notebooks, no hidden files")
        #expect(complete(":load no").candidates == ["notebooks/"])
        #expect(!complete(":load no").appendSpace, "a folder is followed by what is in it")
        #expect(complete(":load notebooks/").candidates == ["notebooks/ha-tinh.chiso", "notebooks/tour.chiso"])
        #expect(complete(":save notebooks/ha-").candidates == ["notebooks/ha-tinh.chiso"], "a dash does not end a path")
        #expect(complete(":load notebooks/ha-").appendSpace)
        #expect(complete(":load .h").candidates == [".hidden.chiso"])
    }

    @Test func pathsWithSpaces() {
        let spaced = Completer(
            names: { ["use"] },
            listFolder: { folder in
                switch folder {
                case ".": [("Báo cáo", true), ("Báo cáo quý 1.chiso", false), ("so lieu.csv", false), ("note.txt", false)]
                case "Báo cáo/": [("quý 2.chiso", false), ("q 2.xlsx", false)]
                default: []
                }
            })
        func complete(_ line: String) -> Completer.Completion {
            let breaks = Completer.wordBreaks(forLine: line)
            let word = String(line.reversed().prefix { !breaks.contains($0) }.reversed())
            return spaced.complete(before: String(line.dropLast(word.count)), word: word)
        }
        // After :load the argument is the rest of the line, so a name with spaces needs no
        // quotes; readline replaces the word after the last space with the rest of the path.
        #expect(complete(":load Bá").candidates == ["Báo cáo quý 1.chiso", "Báo cáo/"])
        #expect(complete(":load Báo cáo/q").candidates == ["cáo/quý 2.chiso"])
        #expect(complete(":load Báo cáo/q").appendSpace)
        #expect(complete(":save Báo cáo q").candidates == ["quý 1.chiso"])
        #expect(complete(":load Báo c").candidates == ["cáo quý 1.chiso", "cáo/"])
        #expect(Command.parse(":load Báo cáo/quý 2.chiso ") == .success(.load("Báo cáo/quý 2.chiso")))
        // Quoted, a file's name closes the quote; a folder's does not.
        #expect(complete(":load \"Báo cáo q").candidates == ["quý 1.chiso\""])
        #expect(complete(":load \"Bá").candidates == ["\"Báo cáo quý 1.chiso\"", "\"Báo cáo/"])
        #expect(Command.parse(":load \"Báo cáo quý 1.chiso\" ") == .success(.load("Báo cáo quý 1.chiso")))
        // Inside the quotes of `use` (notebooks) and `from` (data files).
        #expect(complete("use \"Báo cáo/").candidates == ["quý 2.chiso\""], "`/` ends a word in an expression")
        #expect(complete("use \"Báo cáo/").appendSpace, "then `as NAME`")
        #expect(complete("use \"Bá").candidates == ["Báo cáo quý 1.chiso\"", "Báo cáo/"])
        #expect(complete("table t over 2019..2020 from \"so").candidates == ["so lieu.csv\""])
        #expect(complete("table t over 2019..2020 from \"Báo cáo/").candidates == ["q 2.xlsx\""])
        #expect(!complete("use \"Báo cáo/").candidates.contains { $0.hasSuffix(".txt\"") })
        #expect(complete("x = \"u").candidates == ["use"], "another string is no path")
        #expect(complete("reuse \"Bá").candidates.isEmpty)
    }

    @Test func wordBreaks() {
        #expect(Completer.wordBreaks(forLine: "  :load x") == Completer.commandBreaks)
        #expect(Completer.wordBreaks(forLine: "x = a-b") == Completer.expressionBreaks)
        #expect(!Completer.expressionBreaks.contains("."))
        #expect(!Completer.expressionBreaks.contains("_"))
    }
}
