// MARK: - Token tags and the lexer's reading in place
//
// The parser tests tokens by their one-byte tag (`Lexer.tag`), a word's tag told from its
// bytes (`TokenTag(ascii:_:_:)`), and shares one `String` per word spelled alike
// (`Lexer.word`): each must say what the token itself says, on every input.

import Foundation
import Testing

@testable import ChisoCore
@testable import ChisoTestSupport

@Suite("Token tags")
struct TokenTagTests {
    /// Words near the keywords: each keyword, its prefixes, longer words, other cases.
    private static var words: [String] {
        var words = ["_", "__", "_a", "a", "x", "t", "D00001", "received", "on_time_rate", "ifx", "tables", "As", "TRUE"]
        for k in Keyword.allCases {
            let w = k.rawValue
            words.append(w)
            words.append(w.uppercased())
            words.append(w + "s")
            words.append("_" + w)
            words.append(String(w.dropLast()))
            words.append(String(w.dropFirst()))
        }
        return words.filter { !$0.isEmpty }
    }

    @Test("a word's tag from its bytes is the tag of its text: keywords, `_`, near misses")
    func asciiTagIsWordTag() {
        for word in Self.words {
            let bytes = Array(("  " + word + " ").utf8)
            #expect(TokenTag(ascii: bytes, 2, bytes.count - 1) == TokenTag(word: word), "\(word)")
        }
        for k in Keyword.allCases {
            #expect(TokenTag(word: k.rawValue).keyword == k)
            #expect(TokenTag(k).keyword == k)
            #expect(TokenTag(k).isReserved == Parser.reserved.contains(k.rawValue))
            #expect(TokenTag(k).continuesLine == Token.Kind.identifier(k.rawValue).continuesLine)
        }
        #expect(TokenTag(word: "_") == .underscore && TokenTag(word: "x") == .identifier)
        #expect(TokenTag.underscore.isWord && TokenTag.identifier.isWord && TokenTag.over.isWord && !TokenTag.comma.isWord)
    }

    @Test("every payload-free kind has the tag of its name, and says alike whether a line continues")
    func kindTags() {
        let kinds: [Token.Kind] = [
            .invalid, .tooLong, .newline, .eof, .lparen, .rparen, .lbracket, .rbracket, .lbrace, .rbrace, .comma, .dot, .dotdot,
            .at, .assign, .plus, .minus, .star, .slash, .caret, .eq, .ne, .lt, .le, .gt, .ge,
        ]
        let tags: [TokenTag] = [
            .invalid, .tooLong, .newline, .eof, .lparen, .rparen, .lbracket, .rbracket, .lbrace, .rbrace, .comma, .dot, .dotdot,
            .at, .assign, .plus, .minus, .star, .slash, .caret, .eq, .ne, .lt, .le, .gt, .ge,
        ]
        #expect(kinds.map { TokenTag($0) } == tags)
        // After an operator, a comma or `=` a line break does not end the statement (the
        // token's kind asks its tag).
        #expect(tags.filter(\.continuesLine) == [.comma, .assign, .plus, .minus, .star, .slash, .caret, .eq, .ne, .lt, .le, .gt, .ge])
        #expect(kinds.filter(\.continuesLine).map { TokenTag($0) } == tags.filter(\.continuesLine))
        #expect(TokenTag(.number(1, percent: false)) == .number && TokenTag(.string("s")) == .string)
        #expect(TokenTag(.heading("h")) == .heading && TokenTag(.prose("p")) == .prose)
    }

    /// Every notebook and fixture of the repository, and inputs that stress the reading.
    private static var sources: [[UInt8]] {
        let paths = Repository.notebooks(in: "notebooks") + Repository.notebooks(in: "Tests/ChisoCoreTests/Fixtures")
        var sources = paths.compactMap { try? Array(Data(contentsOf: Repository.root.appendingPathComponent($0))) }
        sources += [
            "x = a.b + c[-1] * d@2020Q1..2020Q4 / e.f(1, 2)\n_ = _\nif_ = if(a, b, c)\n",
            "table t over 2020..2022 with total {\n  a = 1, 2, 3\n  b = a / a[-1]\n  check a > 0 \"ok\"\n}\n",
            "over = 1\nwith = over + total\nfrom = with and not true or false\n",
            "x = 1\n# comment\n## Heading\n> prose {x}\n",
            "bad = 1.2.3 + \"open\n! ~ \u{1}\n",
            "tên_việt = năm + 1\n",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa = bbbbbbbbbbbbbbbbbbbbbbbbbbb + aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
            "",
        ].map { Array($0.utf8) }
        sources.append([0x78, 0x20, 0x3D, 0x20, 0xFF, 0x0A, 0x79, 0x0A])
        return sources
    }

    @Test("the lexer's tag and place of each token are those of the token it reads, read in any order")
    func lexerTagsMatchTokens() {
        for (n, bytes) in Self.sources.enumerated() {
            let file = SourceFile(name: "t\(n).chiso", bytes: bytes)
            let all = Lexer.tokenize(file, id: SourceID(raw: 0)).tokens
            // Tags first (read on demand), then the tokens: both agree with `tokenize`.
            var lexer = Lexer(file: file, id: SourceID(raw: 0))
            var i = 0
            while lexer.has(i) {
                let tag = lexer.tag(i)
                let span = lexer.span(i)
                let token = lexer.token(i)
                #expect(i < all.count && token == all[i], "source \(n), token \(i)")
                #expect(tag == TokenTag(token.kind), "source \(n), token \(i): \(token.kind)")
                #expect(span == token.span)
                // A word's text is its bytes (every ASCII word is made once and shared).
                if case .identifier(let word) = token.kind {
                    #expect(Array(word.utf8) == Array(bytes[span.start..<span.end]) || bytes[span.start..<span.end].contains { $0 >= 0x80 })
                }
                i += 1
            }
            #expect(i == all.count, "source \(n)")
            #expect(lexer.tag(i + 5) == .eof)
        }
    }

    @Test("many distinct words, more than the table of shared words holds, each read as written")
    func manyWords() {
        let names = (0..<6000).map { "w\($0 * 7919 % 100_003)_\($0)" }
        let text = names.map { "\($0) = 1\n" }.joined()
        let file = SourceFile(name: "w.chiso", text: text + names.joined(separator: " + ") + "\n")
        let words = Lexer.tokenize(file, id: SourceID(raw: 0)).tokens.compactMap(\.identifier)
        #expect(words == names + names)
    }

    @Test("the search for a byte over the whole notebook finds what Array.firstIndex finds")
    func firstIndexOfByte() {
        let bytes: [UInt8] = [1, 0xE2, 3, 0, 0xE2, 5]
        for start in 0...bytes.count + 1 {
            for b: UInt8 in [0, 0xE2, 5, 9] {
                let expected = start < bytes.count ? bytes[start...].firstIndex(of: b) : nil
                #expect(Lexer.firstIndex(of: b, in: bytes, from: start) == expected)
            }
        }
        #expect(Lexer.firstIndex(of: 0, in: [], from: 0) == nil)
    }
}
