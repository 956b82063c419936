// MARK: - Lexer
//
// Numbers, percents, periods, text, identifiers, headings and comments, the line
// structure (where a newline ends a statement), and every lexical error with its place.

import Testing

@testable import ChisoCore

private func lex(bytes: [UInt8]) -> (kinds: [Token.Kind], tokens: [Token], diagnostics: [Diagnostic], file: SourceFile) {
    let file = SourceFile(name: "t.chiso", bytes: bytes)
    let (tokens, diagnostics) = Lexer.tokenize(file, id: SourceID(raw: 0))
    return (tokens.map(\.kind), tokens, diagnostics, file)
}

private func lex(_ text: String) -> (kinds: [Token.Kind], tokens: [Token], diagnostics: [Diagnostic], file: SourceFile) {
    lex(bytes: Array(text.utf8))
}

/// The kinds of the tokens of `text`, asserting it lexes without errors.
private func kinds(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Token.Kind] {
    let r = lex(text)
    #expect(r.diagnostics.isEmpty, "unexpected lexical errors: \(r.diagnostics.map(\.message))", sourceLocation: sourceLocation)
    return r.kinds
}

private func number(_ x: Double, percent: Bool = false) -> Token.Kind { .number(x, percent: percent) }
private func ident(_ s: String) -> Token.Kind { .identifier(s) }

@Suite("Lexer")
struct LexerTests {
    // MARK: Numbers

    @Test("integers, digit separators, decimals and exponents")
    func numbers() {
        #expect(kinds("1234") == [number(1234), .newline, .eof])
        #expect(kinds("1_234") == [number(1234), .newline, .eof])
        #expect(kinds("1_290_000") == [number(1_290_000), .newline, .eof])
        #expect(kinds("12.5") == [number(12.5), .newline, .eof])
        #expect(kinds("1e6") == [number(1_000_000), .newline, .eof])
        #expect(kinds("1E6") == [number(1_000_000), .newline, .eof])
        #expect(kinds("2.5e-3") == [number(0.0025), .newline, .eof])
        #expect(kinds("1e+2") == [number(100), .newline, .eof])
        #expect(kinds("0") == [number(0), .newline, .eof])
    }

    @Test("numbers read without a String are the same doubles as Double(text), bit for bit")
    func numbersMatchDoubleParsing() {
        var generator = SystemRandomNumberGenerator()
        var texts = [
            "0.1", "0.3", "9007199254740992", "9007199254740993", "123456789012345678", "0.0000000000000000000001",
            "0.00000000000000000000001", "1.7976931348623157", "4503599627370497.5", "00012.500", "1_000.25", "99999999999999.99",
        ]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...18, using: &generator)
            var limit: UInt64 = 1
            for _ in 0..<digits { limit *= 10 }
            var text = String(UInt64.random(in: 0..<limit, using: &generator))
            let point = Int.random(in: 0...text.count, using: &generator)
            if point > 0, point < text.count { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            texts.append(text)
        }
        for text in texts {
            guard case .number(let x, percent: false) = kinds(text)[0] else {
                Issue.record("'\(text)' is no number")
                continue
            }
            let expected = Double(text.replacingOccurrences(of: "_", with: ""))!
            #expect(x.bitPattern == expected.bitPattern, "'\(text)'")
        }
    }

    @Test("a percent literal is divided by 100 and flagged")
    func percents() {
        #expect(kinds("12.5%") == [number(0.125, percent: true), .newline, .eof])
        #expect(kinds("1%") == [number(0.01, percent: true), .newline, .eof])
        #expect(kinds("100%") == [number(1, percent: true), .newline, .eof])
        // The flag is what tells a percent apart from the same value written plainly.
        #expect(kinds("0.125") != kinds("12.5%"))
    }

    @Test("the spans of numbers cover their text")
    func numberSpans() {
        let r = lex("x = 1_234.5%")
        #expect(r.diagnostics.isEmpty)
        let n = r.tokens[2]
        #expect(n.kind == number(12.345, percent: true))
        #expect(r.file.text(of: n.span) == "1_234.5%")
    }

    @Test("malformed numbers are reported and become one invalid token", arguments: ["12abc", "1.2.3", "2019Q", "12e", "3x4"])
    func malformedNumbers(_ text: String) {
        let r = lex("x = \(text)\n")
        #expect(r.kinds == [ident("x"), .assign, .invalid, .newline, .eof])
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message == "malformed number '\(text)'")
        #expect(r.diagnostics.first?.kind == .syntax)
        let span = r.diagnostics.first?.span
        #expect(span?.start == 4)
        #expect(span?.end == 4 + text.utf8.count)
    }

    @Test("a number too large for a double is reported and becomes an invalid token")
    func tooLarge() {
        let r = lex("x = 1e400")
        #expect(r.kinds == [ident("x"), .assign, .invalid, .newline, .eof])
        #expect(r.diagnostics.map(\.message) == ["number '1e400' is too large"])
        #expect(r.diagnostics.first?.span?.start == 4)
    }

    @Test("the largest doubles still read")
    func largeButFinite() {
        #expect(kinds("1e308") == [number(1e308), .newline, .eof])
    }

    @Test("`1..5` is a number, a range dots and a number, not a decimal")
    func numberBeforeDotDot() {
        #expect(kinds("2015..2020") == [number(2015), .dotdot, number(2020), .newline, .eof])
    }

    // MARK: Periods

    @Test("quarters, half-years and months are period tokens")
    func periods() {
        #expect(kinds("2019Q1") == [.period(Period(.quarter, year: 2019, index: 1)!), .newline, .eof])
        #expect(kinds("2022H2") == [.period(Period(.half, year: 2022, index: 2)!), .newline, .eof])
        #expect(kinds("2019M01") == [.period(Period(.month, year: 2019, index: 1)!), .newline, .eof])
        #expect(kinds("2019M12") == [.period(Period(.month, year: 2019, index: 12)!), .newline, .eof])
        #expect(kinds("2018Q1..2019Q1") == [.period(period("2018Q1")), .dotdot, .period(period("2019Q1")), .newline, .eof])
    }

    @Test("a bare year is a number (the parser reads it as a year where a period is due)")
    func bareYear() {
        #expect(kinds("2019") == [number(2019), .newline, .eof])
    }

    @Test("an impossible period is an error", arguments: ["2019Q5", "2019Q0", "2019H3", "2019M13", "2019M00"])
    func badPeriod(_ text: String) {
        let r = lex("x@\(text)")
        #expect(r.kinds == [ident("x"), .at, .invalid, .newline, .eof])
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message == "'\(text)' is not a period")
        #expect(r.diagnostics.first?.span?.start == 2)
        #expect(r.diagnostics.first?.span?.end == 2 + text.utf8.count)
    }

    // MARK: Text

    @Test("text literals with escapes")
    func strings() {
        #expect(kinds(#""Hồ sơ tiếp nhận""#) == [.string("Hồ sơ tiếp nhận"), .newline, .eof])
        #expect(kinds(#""a\"b\\c\nd\te""#) == [.string("a\"b\\c\nd\te"), .newline, .eof])
        #expect(kinds(#""""#) == [.string(""), .newline, .eof])
    }

    @Test("an unknown escape is reported")
    func unknownEscape() {
        let r = lex(#"x = "a\qb""#)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message == #"unknown escape '\q' in text"#)
        #expect(r.diagnostics.first?.span?.start == 6)
    }

    @Test("unterminated text is reported and the next line still lexes")
    func unterminated() {
        let r = lex("x = \"abc\ny = 2")
        #expect(r.diagnostics.map(\.message) == ["unterminated text"])
        #expect(r.diagnostics.first?.span?.start == 4)
        #expect(r.kinds == [ident("x"), .assign, .invalid, .newline, ident("y"), .assign, number(2), .newline, .eof])
    }

    // MARK: Identifiers

    @Test("identifiers: ASCII, underscores, digits")
    func identifiers() {
        #expect(kinds("received _private x2 a_b_c") == [ident("received"), ident("_private"), ident("x2"), ident("a_b_c"), .newline, .eof])
    }

    @Test("Vietnamese identifiers, precomposed")
    func vietnamesePrecomposed() {
        #expect(kinds("hồ_sơ = tiếp_nhận") == [ident("hồ_sơ"), .assign, ident("tiếp_nhận"), .newline, .eof])
    }

    @Test("Vietnamese identifiers written with combining marks are one identifier")
    func vietnameseCombining() {
        // h o U+0302 U+0300 _ s o U+031B: "hồ_sơ" in decomposed form.
        let decomposed = "ho\u{0302}\u{0300}_so\u{031B}"
        let r = lex("\(decomposed) = 1")
        #expect(r.diagnostics.isEmpty)
        #expect(r.kinds.count == 5)
        guard case .identifier(let name) = r.kinds.first else {
            Issue.record("expected an identifier, got \(String(describing: r.kinds.first))")
            return
        }
        #expect(Array(name.unicodeScalars) == Array(decomposed.unicodeScalars))
        #expect(r.file.text(of: r.tokens[0].span) == decomposed)
        // Canonically equivalent to the precomposed spelling.
        #expect(name == "hồ_sơ")
    }

    @Test("a stray symbol is reported with its place")
    func strayCharacter() {
        let r = lex("x = 1 $ 2")
        #expect(r.diagnostics.map(\.message) == ["unexpected character '$'"])
        #expect(r.diagnostics.first?.span?.start == 6)
        let bang = lex("x = !y")
        #expect(bang.diagnostics.map(\.message) == ["unexpected character '!'"])
    }

    // MARK: Operators

    @Test("operators and punctuation")
    func operators() {
        #expect(
            kinds("( ) [ ] , . .. @ = + - * / ^ 1") == [
                .lparen, .rparen, .lbracket, .rbracket, .comma, .dot, .dotdot, .at, .assign, .plus, .minus, .star, .slash, .caret,
                number(1), .newline, .eof,
            ])
        #expect(kinds("== != <> < <= > >= 1") == [.eq, .ne, .ne, .lt, .le, .gt, .ge, number(1), .newline, .eof])
        #expect(kinds("{}") == [.lbrace, .rbrace, .newline, .eof])
    }

    // MARK: Headings and comments

    @Test("`##` at the start of a line is a heading, trimmed")
    func heading() {
        #expect(
            kinds("## Dịch vụ công — Quý I/2019  \nx = 1") == [
                .heading("Dịch vụ công — Quý I/2019"), .newline, ident("x"), .assign, number(1), .newline, .eof,
            ])
    }

    @Test("`#` starts a comment that runs to the end of the line")
    func comments() {
        #expect(kinds("# a comment\nx = 1 # trailing\n") == [ident("x"), .assign, number(1), .newline, .eof])
        // `##` after a token is a comment, not a heading.
        #expect(kinds("x = 1 ## not a heading") == [ident("x"), .assign, number(1), .newline, .eof])
    }

    // MARK: Line structure

    @Test("a newline ends a statement")
    func newlines() {
        #expect(kinds("x = 1\ny = 2") == [ident("x"), .assign, number(1), .newline, ident("y"), .assign, number(2), .newline, .eof])
        // Blank lines do not produce empty statements.
        #expect(
            kinds("x = 1\n\n\n\ny = 2\n\n") == [ident("x"), .assign, number(1), .newline, ident("y"), .assign, number(2), .newline, .eof])
    }

    @Test("a BOM and CRLF line endings are accepted")
    func bomAndCRLF() {
        let r = lex(bytes: [0xEF, 0xBB, 0xBF] + Array("x = 1\r\ny = \"a\"\r\n".utf8))
        #expect(r.diagnostics.isEmpty)
        #expect(r.kinds == [ident("x"), .assign, number(1), .newline, ident("y"), .assign, .string("a"), .newline, .eof])
        #expect(r.file.text(of: r.tokens[0].span) == "x")
    }

    @Test("no newline token while ( or [ is open")
    func insideBrackets() {
        #expect(kinds("f(1\n, 2\n)") == [ident("f"), .lparen, number(1), .comma, number(2), .rparen, .newline, .eof])
        #expect(kinds("x[\n-1\n]") == [ident("x"), .lbracket, .minus, number(1), .rbracket, .newline, .eof])
        #expect(kinds("(1\n+ 2)\ny") == [.lparen, number(1), .plus, number(2), .rparen, .newline, ident("y"), .newline, .eof])
    }

    @Test("no newline token after a binary operator or a comma", arguments: ["+", "-", "*", "/", "^", "==", "<", ">=", "and", "or", ","])
    func afterOperator(_ op: String) {
        let r = lex("a \(op)\nb")
        #expect(r.diagnostics.isEmpty)
        #expect(!r.kinds.dropLast(2).contains(.newline), "a newline after '\(op)' must continue the statement: \(r.kinds)")
        #expect(r.kinds.suffix(3) == [ident("b"), .newline, .eof])
    }

    @Test("inside { } newlines still separate the rows of a table")
    func insideBraces() {
        #expect(
            kinds("{\n  a = 1\n  b = 2\n}") == [
                .lbrace, ident("a"), .assign, number(1), .newline, ident("b"), .assign, number(2), .newline, .rbrace, .newline, .eof,
            ])
    }

    @Test("a row inside { } continues after a trailing comma")
    func dataRowOverLines() {
        #expect(
            kinds("{\n  a = 1,\n      2\n}") == [
                .lbrace, ident("a"), .assign, number(1), .comma, number(2), .newline, .rbrace, .newline, .eof,
            ])
    }

    @Test("a ( left open inside { } does not swallow the closing brace")
    func braceClosesParens() {
        let k = kinds("{\n  a = (1\n}\nb = 2")
        #expect(k.contains(.rbrace))
        #expect(k.suffix(5) == [ident("b"), .assign, number(2), .newline, .eof])
    }

    @Test("a statement keyword at the start of a line ends a ( left open by mistake")
    func unclosedParenRecovers() {
        let k = lex("x = (1\ntable t over 2019..2020 { }").kinds
        #expect(k.contains(.newline))
        let firstNewline = k.firstIndex(of: .newline)!
        #expect(k[firstNewline + 1] == ident("table"))
    }

    // MARK: Invalid UTF-8

    @Test("invalid UTF-8 in text is reported with its place and skipped")
    func invalidUTF8InText() {
        let bytes = Array("x = 1\ny = \"a".utf8) + [0xFF] + Array("b\"\n".utf8)
        let r = lex(bytes: bytes)
        #expect(r.diagnostics.count == 1)
        let d = r.diagnostics.first
        #expect(d?.message.contains("invalid UTF-8") == true)
        #expect(d?.message.contains("0xFF") == true)
        #expect(d.flatMap(\.span).map { r.file.location(of: $0.start) }.map { [$0.line, $0.column] } == [2, 7])
        #expect(r.kinds.contains(.string("ab")))
    }

    @Test("invalid UTF-8 where a name is due is reported with its place")
    func invalidUTF8InCode() {
        // A truncated two-byte sequence (0xC3 without its continuation byte).
        let bytes = Array("x = 1\ny = ".utf8) + [0xC3] + Array(" + 1\n".utf8)
        let r = lex(bytes: bytes)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message.contains("invalid UTF-8") == true)
        #expect(r.diagnostics.first?.message.contains("0xC3") == true)
        #expect(r.diagnostics.first.flatMap(\.span).map { r.file.location(of: $0.start) }.map { [$0.line, $0.column] } == [2, 5])
    }

    @Test("each bad sequence is reported once")
    func invalidUTF8Twice() {
        let bytes = Array("x = \"".utf8) + [0xFE] + Array("\"\ny = \"".utf8) + [0x80, 0x80] + Array("\"".utf8)
        let r = lex(bytes: bytes)
        #expect(r.diagnostics.count == 2)
        #expect(r.diagnostics.allSatisfy { $0.message.contains("invalid UTF-8") })
    }

    @Test("invalid UTF-8 in a heading is reported (headings are printed)")
    func invalidUTF8InHeading() {
        let bytes = Array("## Quy".utf8) + [0xFF] + Array(" I\nx = 1\n".utf8)
        let r = lex(bytes: bytes)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message.contains("invalid UTF-8") == true)
        #expect(r.diagnostics.first?.span?.start == 6)
    }

    @Test("invalid UTF-8 in a comment is reported (a notebook is UTF-8 text)")
    func invalidUTF8InComment() {
        let bytes = Array("x = 1 # note ".utf8) + [0xC0, 0xAF] + Array("\n".utf8)
        let r = lex(bytes: bytes)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message.contains("invalid UTF-8") == true)
        #expect(r.diagnostics.first?.span?.start == 13)
    }

    @Test("every lexical error in a file is reported")
    func everyError() {
        let r = lex("a = 12abc\nb = 2019Q5\nc = 1e400\nd = \"x\n")
        #expect(
            r.diagnostics.map(\.message) == [
                "malformed number '12abc'", "'2019Q5' is not a period", "number '1e400' is too large", "unterminated text",
            ])
        #expect(r.diagnostics.compactMap(\.span).map { r.file.location(of: $0.start).line } == [1, 2, 3, 4])
    }
}
