// MARK: - Keywords
//
// One list of the language's words (`Keyword`): which cannot be names, and what each
// does to the reading of a line. The parser, lexer, formatter and REPL completion all
// read it.

import Testing

@testable import ChisoCore

@Suite("Keywords")
struct KeywordTests {
    private func parse(_ text: String) -> [String] {
        var sources = SourceMap()
        let id = sources.add(name: "t.chiso", text: text)
        return Parser.parse(sources[id], id: id).1.map(\.message)
    }

    @Test("the reserved words are the statement and expression words")
    func reserved() {
        #expect(
            Parser.reserved == [
                "if", "then", "else", "and", "or", "not", "true", "false", "fn", "table", "check", "locale", "use", "chart",
            ])
    }

    @Test("a reserved word cannot be a name", arguments: Keyword.allCases.filter(\.isReserved))
    func reservedIsRefused(_ keyword: Keyword) {
        #expect(parse("fn f(\(keyword.rawValue)) = 1\n") == ["'\(keyword.rawValue)' is a reserved word and cannot be a name"])
    }

    @Test("the other words are free to use as names", arguments: Keyword.allCases.filter { !$0.isReserved })
    func othersAreNames(_ keyword: Keyword) {
        #expect(parse("\(keyword.rawValue) = 1\nx = \(keyword.rawValue) + 1\nfn f(\(keyword.rawValue)) = 1\n") == [])
    }

    @Test("a line break after and, or, not, then, else continues the statement")
    func continuesLine() {
        #expect(parse("x = true and\n  false\ny = if x then\n 1 else\n 2\n") == [])
        #expect(Keyword.allCases.filter(\.continuesLine) == [.then, .else, .and, .or, .not])
    }

    @Test("a statement word at the start of a line ends a bracket left open above")
    func startsStatement() {
        let messages = parse("x = sum(1,\ntable t over 2019..2020 {\n  a = 1, 2\n}\nuse \"y.chiso\"\n")
        #expect(messages.count == 1, "\(messages)")
        #expect(Keyword.allCases.filter(\.startsStatement) == [.table, .fn, .check, .locale, .use, .chart])
    }
}
