#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Lexer
//
// UTF-8 bytes to tokens. Newlines are tokens, except where a statement continues: while
// a `(` or `[` is open, or after a binary operator or a comma. Inside `{ }` newlines
// still separate the rows of a table. A BOM and CRLF line endings are accepted; invalid
// UTF-8 is reported once per bad sequence and skipped. Comments are not tokens; on
// request (`keepingComments`, for the formatter) they are collected beside the tokens.
// The parser reads tokens on demand (`token(_:)`), so a file it stops reading is not
// read to its end. A statement of more than `maxStatementTokens` tokens keeps only
// those and one `.tooLong` token for the rest; past `maxErrors` errors reading stops.
// A line whose first character is `>` is prose: one `.prose` token for the whole line
// (unless a `(` or `[` is open and the `>` is indented: then it is the operator).

public struct Lexer {
    private let file: SourceFile
    private let source: SourceID
    private let bytes: [UInt8]
    /// Where reading stops: the end of the bytes, or of the range being read.
    private var limit: Int
    /// Whether this lexer reads a `{…}` inside a paragraph line.
    private var embedded = false
    private var pos = 0
    private var tokens: [Token] = []
    /// Each token's tag, beside it (what the parser tests, without copying the token).
    private var tags: [TokenTag] = []
    private var diagnostics: [Diagnostic] = []
    /// Open `(` and `[`, as a stack of their offsets.
    private var openBrackets: [Int] = []
    /// Whether to collect `# …` comments (they never become tokens).
    private let keepComments: Bool
    private var comments: [Comment] = []
    /// The tag of the last token read, kept or not (see `maxStatementTokens`).
    private var lastTag: TokenTag?
    /// Tokens kept since the last line break that ended a statement.
    private var statementTokens = 0
    /// Whether the rest of the current statement is being read without keeping its tokens.
    private var discarding = false
    /// `exactPowersOfTen`, held here: the data rows' numbers read it without a lazy global's check.
    private let powersOfTen = Lexer.exactPowersOfTen

    /// A `# …` comment: its text from `#` to the end of the line (without the line
    /// ending or trailing spaces), and its place.
    public struct Comment: Sendable, Equatable {
        public var text: String
        public var span: SourceSpan
    }

    public init(file: SourceFile, id: SourceID, keepingComments: Bool = false) {
        self.file = file
        self.source = id
        self.bytes = file.bytes
        self.limit = file.bytes.count
        self.keepComments = keepingComments
    }

    /// A lexer of the bytes in `range` only (a `{…}` of a paragraph): it starts inside a
    /// line, so a `>`, `##` or `#` there is what it is inside a formula, and it ends at
    /// the range's end.
    init(file: SourceFile, id: SourceID, range: Range<Int>) {
        self.init(file: file, id: id)
        self.limit = min(range.upperBound, file.bytes.count)
        self.pos = range.lowerBound
        self.started = true
        self.lineStart = false
        self.embedded = true
    }

    /// All tokens (ending in `.eof`) and every lexical error.
    public static func tokenize(_ file: SourceFile, id: SourceID) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file, id: id)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    /// The same tokens and errors as `tokenize`, and every comment in source order.
    public static func tokenizeKeepingComments(_ file: SourceFile, id: SourceID)
        -> (tokens: [Token], comments: [Comment], diagnostics: [Diagnostic])
    {
        var lexer = Lexer(file: file, id: id, keepingComments: true)
        lexer.run()
        return (lexer.tokens, lexer.comments, lexer.diagnostics)
    }

    /// Past this many errors the file is probably not a notebook: stop reading it.
    static let maxErrors = Diagnostic.limit

    /// A statement of more tokens than this is not kept whole: the rest of it becomes one
    /// `.tooLong` token, which the parser reports. Memory stays proportional to what a
    /// notebook can mean (a chain is refused past `Parser.maxHeight` operations anyway).
    public static let maxStatementTokens = 100_000

    private mutating func run() {
        while !finished { step() }
    }

    // MARK: Reading on demand (the parser)

    /// The input has been read to its end (the last token is `.eof`).
    private var finished = false
    private var started = false
    private var lineStart = true
    /// The index, in the whole token sequence, of `tokens[0]` (earlier ones were dropped).
    private(set) var base = 0
    /// Whether the lexer stopped at `maxErrors` (and said so).
    private(set) var stoppedEarly = false

    /// Token `i` of the whole sequence (reading on as needed; `.eof` past the end).
    /// `i` must not be below `base`.
    mutating func token(_ i: Int) -> Token {
        while i - base >= tokens.count, !finished { step() }
        return tokens[min(i - base, tokens.count - 1)]
    }

    /// The tag of token `i` (as `token(i)`, without copying the token).
    @inline(__always)
    mutating func tag(_ i: Int) -> TokenTag {
        let j = i - base
        if j < tags.count { return tags[j] }
        return readingTag(i)
    }

    /// `tag(i)` of a token not read yet.
    @inline(never)
    private mutating func readingTag(_ i: Int) -> TokenTag {
        while i - base >= tags.count, !finished { step() }
        return tags[min(i - base, tags.count - 1)]
    }

    /// The place of token `i` (as `token(i)`, without copying the token).
    mutating func span(_ i: Int) -> SourceSpan {
        while i - base >= tokens.count, !finished { step() }
        return tokens[min(i - base, tokens.count - 1)].span
    }

    /// Whether token `i` exists (is not past the `.eof`).
    @inline(__always)
    mutating func has(_ i: Int) -> Bool {
        if i - base < tokens.count { return true }
        return reading(i)
    }

    /// `has(i)` of a token not read yet.
    @inline(never)
    private mutating func reading(_ i: Int) -> Bool {
        while i - base >= tokens.count, !finished { step() }
        return i - base < tokens.count
    }

    /// Drops the tokens before index `i` (the parser will not look at them again).
    mutating func drop(before i: Int) {
        let n = min(i - base, tokens.count - 1)
        guard n > 64 else { return }
        tokens.removeFirst(n)
        tags.removeFirst(n)
        base += n
    }

    /// Lexical errors so far.
    var errors: [Diagnostic] { diagnostics }

    /// One step of reading: a blank, a line break, a comment or heading, or a token.
    private mutating func step() {
        if !started {
            started = true
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
            if let nul = Lexer.firstIndex(of: 0, in: bytes, from: 0) {
                error(
                    "this is not a text notebook: it contains a NUL byte", nul,
                    help: "a notebook is UTF-8 text; check that this is the right file")
                add(.eof, limit, limit)
                finished = true
                return
            }
            bidirectionalControls()
        }
        guard pos < limit, diagnostics.count < Self.maxErrors else {
            if pos < limit {
                let line = file.lineIndex(of: pos) + 1
                error("too many errors (\(Self.maxErrors)); stopped reading at line \(line)", pos, help: "is this a Chiso notebook?")
                stoppedEarly = true
            }
            newline()
            add(.eof, pos, pos)
            finished = true
            return
        }
        var b = bytes[pos]
        if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
            // A run of blanks at once (they are a large notebook's most frequent bytes),
            // and what follows it in the same step.
            pos += 1
            while pos < limit, bytes[pos] == UInt8(ascii: " ") || bytes[pos] == UInt8(ascii: "\t") || bytes[pos] == UInt8(ascii: "\r") {
                pos += 1
            }
            guard pos < limit else { return }
            b = bytes[pos]
        }
        if b == UInt8(ascii: "\n") {
            newline()
            lineStart = true
            return
        }
        if b == UInt8(ascii: "#") {
            if lineStart, pos + 1 < limit, bytes[pos + 1] == UInt8(ascii: "#") {
                heading()
            } else {
                let start = pos
                skipToEndOfLine()
                if keepComments { comment(start) }
            }
            return
        }
        if b == UInt8(ascii: ">"), lineStart, !embedded, openBrackets.isEmpty || pos == 0 || bytes[pos - 1] == UInt8(ascii: "\n") {
            openBrackets.removeAll()
            lineStart = false
            return prose()
        }
        lineStart = false
        let before = pos
        scanToken()
        if pos == before {
            // Every token consumes input; should one not, skip a byte rather than loop.
            error("cannot read this character", pos)
            pos += 1
        }
    }

    // MARK: Line structure

    /// What a line starting a statement starts with.
    private static let statementStarts: [[UInt8]] =
        Keyword.allCases.filter(\.startsStatement).map { Array(($0.rawValue + " ").utf8) } + [Array("##".utf8)]

    private mutating func newline() {
        let at = pos
        if pos < limit { pos += 1 }
        if !openBrackets.isEmpty {
            // A statement keyword at the start of the next line means a bracket was
            // left open by mistake: end the statement here so the next one still parses.
            if startsStatement(at: pos) { openBrackets.removeAll() } else { return }
        }
        guard let last = lastTag else { return }
        if last == .newline || last.continuesLine || last == .lbrace { return }
        add(.newline, at, at)
    }

    /// Whether the line starting at `offset` begins, unindented, like a new statement:
    /// a statement keyword (`table`, `fn`, …) and a space, `##`, or `name ["label"] =`.
    private func startsStatement(at offset: Int) -> Bool {
        guard offset < limit else { return true }
        if bytes[offset] == UInt8(ascii: ">") { return true }
        let rest = bytes[offset...]
        for start in Lexer.statementStarts where rest.starts(with: start) {
            return true
        }
        // `name =` or `name "label" =` (but not `name ==`).
        var i = offset
        while i < limit,
            bytes[i] == UInt8(ascii: "_") || (bytes[i] | 0x20 >= 97 && bytes[i] | 0x20 <= 122)
                || (bytes[i] >= 48 && bytes[i] <= 57 && i > offset) || bytes[i] >= 0x80
        {
            i += 1
        }
        guard i > offset else { return false }
        while i < limit, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        if i < limit, bytes[i] == UInt8(ascii: "\"") {
            i += 1
            while i < limit, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\n") { i += 1 }
            i += 1
            while i < limit, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        }
        return i < limit && bytes[i] == UInt8(ascii: "=") && (i + 1 >= limit || bytes[i + 1] != UInt8(ascii: "="))
    }

    /// Moves to the end of the line, reporting any invalid UTF-8 on the way (a notebook is UTF-8 text throughout).
    private mutating func skipToEndOfLine() {
        while pos < limit, bytes[pos] != UInt8(ascii: "\n") {
            if bytes[pos] >= 0x80 {
                guard let (_, length) = decodeScalar(at: pos) else {
                    invalidUTF8()
                    continue
                }
                pos += length
            } else {
                pos += 1
            }
        }
    }

    /// The first index from `start` on of `byte` in `bytes` (`memchr`: the whole notebook is
    /// searched for a NUL and for U+2066's first byte before it is read).
    static func firstIndex(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
    /// make an editor show a line in another order than it is read ("Trojan Source": a
    /// comment that seems to end before code that is really inside it). A notebook comes
    /// from another office and is read by people: each one is an error, wherever it is.
    private mutating func bidirectionalControls() {
        var i = Lexer.firstIndex(of: 0xE2, in: bytes, from: 0) ?? bytes.count
        while i + 2 < bytes.count, diagnostics.count < Self.maxErrors {
            let b1 = bytes[i + 1], b2 = bytes[i + 2]
            if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) {
                let scalar = 0x2000 + (UInt32(b1 & 0x3F) << 6) + UInt32(b2 & 0x3F)
                let code = String(scalar, radix: 16, uppercase: true)
                error(
                    "this line contains U+\(code), a bidirectional control character: editors show the line in another order than Chiso reads it",
                    i, end: i + 3, help: "delete it (Vietnamese text never needs it); if the line came from elsewhere, retype it")
            }
            i = Lexer.firstIndex(of: 0xE2, in: bytes, from: i + 1) ?? bytes.count
        }
    }

    private mutating func heading() {
        let start = pos
        pos += 2
        skipToEndOfLine()
        var text = String(decoding: bytes[(start + 2)..<pos], as: UTF8.self)
        text = text.trimmed(of: " \t\r")
        add(.heading(text), start, pos)
    }

    /// A line of prose: `>` and the rest of the line, as written (trailing spaces dropped).
    /// The `{…}` in it are read by the parser.
    private mutating func prose() {
        let start = pos
        skipToEndOfLine()
        var end = pos
        while end > start + 1,
            bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") || bytes[end - 1] == UInt8(ascii: "\r")
        {
            end -= 1
        }
        add(.prose(String(decoding: bytes[(start + 1)..<end], as: UTF8.self)), start, end)
    }

    private mutating func comment(_ start: Int) {
        var end = pos
        while end > start,
            bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") || bytes[end - 1] == UInt8(ascii: "\r")
        {
            end -= 1
        }
        comments.append(
            Comment(text: String(decoding: bytes[start..<end], as: UTF8.self), span: SourceSpan(source: source, start: start, end: end)))
    }

    // MARK: Tokens

    private mutating func scanToken() {
        let start = pos
        let b = bytes[pos]
        if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { return number() }
        if b == UInt8(ascii: "\"") { return string() }
        if b == UInt8(ascii: "_") || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b >= 0x80 {
            return identifier()
        }
        pos += 1
        func next(_ c: UInt8) -> Bool {
            if pos < limit, bytes[pos] == c { pos += 1; return true }
            return false
        }
        let kind: Token.Kind
        switch b {
        case UInt8(ascii: "("): kind = .lparen; openBrackets.append(start)
        case UInt8(ascii: "["): kind = .lbracket; openBrackets.append(start)
        case UInt8(ascii: ")"), UInt8(ascii: "]"):
            kind = b == UInt8(ascii: ")") ? .rparen : .rbracket
            if !openBrackets.isEmpty { openBrackets.removeLast() }
        case UInt8(ascii: "{"): kind = .lbrace; openBrackets.removeAll()
        case UInt8(ascii: "}"): kind = .rbrace; openBrackets.removeAll()
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: "."): kind = next(UInt8(ascii: ".")) ? .dotdot : .dot
        case UInt8(ascii: "@"): kind = .at
        case UInt8(ascii: "+"): kind = .plus
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: "/"): kind = .slash
        case UInt8(ascii: "^"): kind = .caret
        case UInt8(ascii: "="): kind = next(UInt8(ascii: "=")) ? .eq : .assign
        case UInt8(ascii: "!"):
            guard next(UInt8(ascii: "=")) else {
                return error("unexpected character '!'", start, help: "write '!=' for 'not equal', or 'not x'")
            }
            kind = .ne
        case UInt8(ascii: "<"): kind = next(UInt8(ascii: "=")) ? .le : (next(UInt8(ascii: ">")) ? .ne : .lt)
        case UInt8(ascii: ">"): kind = next(UInt8(ascii: "=")) ? .ge : .gt
        default:
            let shown = b < 0x20 || b == 0x7F ? "U+\(String(format4(b)))" : "'\(Character(Unicode.Scalar(b)))'"
            return error("unexpected character \(shown)", start)
        }
        add(kind, start, pos)
    }

    private mutating func identifier() {
        let (start, limit) = (pos, self.limit)
        // Fast path: an ASCII identifier is its bytes (their hash, for `word`, taken on the way).
        let (end, hash) = bytes.withUnsafeBufferPointer { bytes -> (Int, UInt32) in
            var end = start
            var hash: UInt32 = 2_166_136_261
            while end < limit {
                let b = bytes[end]
                guard b == UInt8(ascii: "_") || (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) else { break }
                hash = (hash ^ UInt32(b)) &* 16_777_619
                end += 1
            }
            return (end, hash)
        }
        if end > start, end == limit || bytes[end] < 0x80 {
            pos = end
            return add(.identifier(word(start, end, hash: hash)), TokenTag(ascii: bytes, start, end), start, end)
        }
        unicodeIdentifier()
    }

    /// The words read so far, by a hash of their bytes (`wordSlots`): where each was first
    /// written and its `String`, made once and shared by every token that spells it.
    private var wordSlots: [Int32] = []
    private var wordStarts: [Int] = []
    private var wordEnds: [Int] = []
    private var words: [String] = []

    /// The `String` of the ASCII word `bytes[start..<end]`: the one made for the first word
    /// that spelled the same, or a new one (remembered, unless its slot is taken).
    /// `hash` is the FNV-1a hash of the bytes.
    private mutating func word(_ start: Int, _ end: Int, hash: UInt32) -> String {
        if wordSlots.isEmpty { wordSlots = Array(repeating: -1, count: 4096) }
        let (slot, found): (Int, Int32) = bytes.withUnsafeBufferPointer { bytes in
            let slot = Int(hash & 4095)
            let k = wordSlots[slot]
            guard k >= 0 else { return (slot, -1) }
            let (s, e) = (wordStarts[Int(k)], wordEnds[Int(k)])
            guard e - s == end - start, memcmp(bytes.baseAddress! + s, bytes.baseAddress! + start, end - start) == 0 else {
                return (slot, -2)
            }
            return (slot, k)
        }
        if found >= 0 { return words[Int(found)] }
        let word = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
        if found == -1 {
            wordSlots[slot] = Int32(words.count)
            words.append(word)
            wordStarts.append(start)
            wordEnds.append(end)
        }
        return word
    }

    /// An identifier with letters beyond ASCII (or an unexpected character where one starts).
    @inline(never)
    private mutating func unicodeIdentifier() {
        let start = pos
        var scalars = String.UnicodeScalarView()
        while pos < limit {
            let b = bytes[pos]
            if b < 0x80 {
                let isWord = b == UInt8(ascii: "_") || (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122)
                guard isWord else { break }
                scalars.append(Unicode.Scalar(b))
                pos += 1
                continue
            }
            guard let (scalar, length) = decodeScalar(at: pos) else {
                if scalars.isEmpty { return invalidUTF8() }
                break
            }
            let p = scalar.properties
            guard
                p.isAlphabetic || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
                    || p.generalCategory == .decimalNumber
            else {
                if scalars.isEmpty {
                    pos += length
                    return error("unexpected character '\(Character(scalar))'", start, end: pos)
                }
                break
            }
            scalars.append(scalar)
            pos += length
        }
        let word = String(scalars)
        add(.identifier(word), TokenTag(word: word), start, pos)
    }

    private mutating func number() {
        let start = pos
        // The number is read in place; its text (without `_`) is made once, at the end.
        var underscores = 0
        func digits() {
            while pos < limit {
                let b = bytes[pos]
                if b >= 48 && b <= 57 {
                    pos += 1
                } else if b == UInt8(ascii: "_"), pos + 1 < limit, bytes[pos + 1] >= 48, bytes[pos + 1] <= 57 {
                    pos += 1; underscores += 1
                } else {
                    break
                }
            }
        }
        digits()
        // A period literal: four digits, then a period letter (H, Q or M) and the index.
        if pos - start - underscores == 4, pos < limit, Period.Granularity(letter: bytes[pos]) != nil {
            var end = pos + 1
            while end < limit, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
            let word = String(decoding: bytes[start..<end], as: UTF8.self)
            if end > pos + 1, !continuesWord(at: end) {
                pos = end
                guard let period = Period.parse(word) else {
                    error("'\(word)' is not a period", start, end: end, help: Period.indicesHelp)
                    return add(.invalid, start, end)
                }
                return add(.period(period), start, end)
            }
        }
        if pos + 1 < limit, bytes[pos] == UInt8(ascii: "."), bytes[pos + 1] >= 48, bytes[pos + 1] <= 57 {
            pos += 1
            digits()
        }
        if pos < limit, bytes[pos] | 0x20 == UInt8(ascii: "e") {
            var look = pos + 1
            if look < limit, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            if look < limit, bytes[look] >= 48, bytes[look] <= 57 {
                pos = look
                digits()
            }
        }
        let numberEnd = pos
        var percent = false
        if pos < limit, bytes[pos] == UInt8(ascii: "%") { percent = true; pos += 1 }
        if continuesWord(at: pos)
            || (pos + 1 < limit && bytes[pos] == UInt8(ascii: ".") && bytes[pos + 1] >= 48 && bytes[pos + 1] <= 57)
        {
            while continuesWord(at: pos)
                || (pos < limit && bytes[pos] == UInt8(ascii: ".") && pos + 1 < limit && bytes[pos + 1] != UInt8(ascii: "."))
            { pos += 1 }
            let word = String(decoding: bytes[start..<pos], as: UTF8.self)
            let help =
                LocaleLiterals.looksLikeThousands(bytes[start..<pos])
                ? "a Vietnamese thousands group? write \(word.replacingOccurrences(of: ".", with: "_")) (in formulas the decimal point is always '.')"
                : "write numbers as 1234, 1_234, 12.5, 1e6 or 12.5% (the decimal point is always '.')"
            error("malformed number '\(word)'", start, end: pos, help: help)
            return add(.invalid, start, pos)
        }
        // In a statement too long to keep, the value is never used.
        if discarding { return add(.number(0, percent: percent), start, pos) }
        let written = bytes[start..<numberEnd]
        if var value = Lexer.exactDecimal(written) {
            if percent { value /= 100 }
            return add(.number(value, percent: percent), start, pos)
        }
        let text =
            underscores == 0
            ? String(decoding: written, as: UTF8.self) : String(decoding: written.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard var value = Double(text), value.isFinite else {
            error("number '\(text)' is too large", start, end: pos, help: "numbers must be below 1.8e308")
            return add(.invalid, start, pos)
        }
        if percent { value /= 100 }
        add(.number(value, percent: percent), start, pos)
    }

    /// Powers of ten a `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { x, _ in x * 10 } }

    /// A number written with digits, `_` and at most one `.` (no exponent), when its
    /// digits make an integer up to 2^53 and it has at most 22 decimals: that integer over
    /// a power of ten, both exact, so one division rounds it as `Double(text)` would
    /// (Clinger's fast path), without making a `String` of it. Otherwise nil.
    private static func exactDecimal(_ written: ArraySlice<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var decimals = 0
        var point = false
        for b in written {
            if b >= 48 && b <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(b &- 48)
                if mantissa > 1 << 53 { return nil }
                if point { decimals += 1 }
            } else if b == UInt8(ascii: "."), !point {
                point = true
            } else if b != UInt8(ascii: "_") {
                return nil
            }
        }
        guard decimals <= 22 else { return nil }
        return Double(mantissa) / exactPowersOfTen[decimals]
    }

    // MARK: Data rows (read for the parser straight from the bytes)

    /// A data row's numbers are most of a large notebook's text. When token `i` is the
    /// last token read and is a number, and the bytes after it are a comma and a number
    /// written plainly (digits and at most one `.`: no `_`, exponent or `%`, at most 2^53
    /// as an integer), this appends token `i`'s literal to `values` and puts that next
    /// number in its place: where the parser would be had it read the comma and the
    /// number as tokens, and the lexer as after reading them (the two count towards
    /// `maxStatementTokens`). It goes on so while the next bytes are `, number`; it stops
    /// when anything else follows (a line break, a comment, an expression), and the
    /// parser then reads on token by token. A literal that reads like a Vietnamese
    /// thousands group (`1.445`) has its place added to `thousandsLike`, as
    /// `Parser.numberLiteral` does.
    mutating func numbersBeforeCommas(at i: Int, into values: inout [Expr], thousandsLike: inout [SourceSpan]) {
        let last = tokens.count - 1
        guard i - base == last, !discarding, tags[last] == .number, diagnostics.count < Self.maxErrors,
            case .number(var value, var percent) = tokens[last].kind
        else { return }
        // Each number read counts two tokens (the comma and itself) towards the statement's.
        let room = (Self.maxStatementTokens - statementTokens) / 2
        guard room > 0 else { return }
        var span = tokens[last].span
        let (bytes, limit, source, powersOfTen) = (self.bytes, self.limit, self.source, self.powersOfTen)
        var p = pos
        let read = bytes.withUnsafeBufferPointer { bytes in
            var read = 0
            while read < room {
                var q = p
                while q < limit, bytes[q] == UInt8(ascii: " ") || bytes[q] == UInt8(ascii: "\t") { q += 1 }
                guard q < limit, bytes[q] == UInt8(ascii: ",") else { break }
                q += 1
                while q < limit, bytes[q] == UInt8(ascii: " ") || bytes[q] == UInt8(ascii: "\t") { q += 1 }
                // Its value as `exactDecimal` makes it: the digits as an integer over a power of ten.
                let start = q
                var mantissa: UInt64 = 0
                var tooLarge = false
                while q < limit, bytes[q] >= 48, bytes[q] <= 57 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[q] &- 48)
                    if mantissa > 1 << 53 { tooLarge = true; break }
                    q += 1
                }
                guard !tooLarge, q > start else { break }
                var decimals = 0
                if q + 1 < limit, bytes[q] == UInt8(ascii: "."), bytes[q + 1] >= 48, bytes[q + 1] <= 57 {
                    q += 1
                    while q < limit, bytes[q] >= 48, bytes[q] <= 57 {
                        mantissa = mantissa &* 10 &+ UInt64(bytes[q] &- 48)
                        if mantissa > 1 << 53 { tooLarge = true; break }
                        decimals += 1
                        q += 1
                    }
                    guard !tooLarge, decimals < powersOfTen.count else { break }
                }
                // What follows ends a number token as well (not a `.`, `%`, `_`, letter or exponent).
                if q < limit {
                    let b = bytes[q]
                    guard
                        b == UInt8(ascii: ",") || b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n")
                            || b == UInt8(ascii: "\r")
                    else { break }
                }
                // The number read before it is a literal of the row, as `Parser.numberLiteral` makes it.
                let whole = value.magnitude >= 0x1p52 || Double(Int64(value)) == value
                if !percent, !whole, LocaleLiterals.looksLikeThousands(bytes, span.start..<span.end) {
                    thousandsLike.append(span)
                }
                values.append(Expr(.number(value, percent: percent), span))
                value = Double(mantissa) / powersOfTen[decimals]
                percent = false
                span = SourceSpan(source: source, start: start, end: q)
                p = q
                read += 1
            }
            return read
        }
        guard read > 0 else { return }
        statementTokens += 2 * read
        pos = p
        tokens[last] = Token(kind: .number(value, percent: false), span: span)
        lastTag = .number
    }

    private func continuesWord(at i: Int) -> Bool {
        guard i < limit else { return false }
        let b = bytes[i]
        return b == UInt8(ascii: "_") || (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) || b >= 0xC0
    }

    private mutating func string() {
        let start = pos
        pos += 1
        var bytesOut: [UInt8] = []
        while pos < limit {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return add(.string(String(decoding: bytesOut, as: UTF8.self)), start, pos)
            }
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\"), pos + 1 < limit {
                let e = bytes[pos + 1]
                switch e {
                case UInt8(ascii: "n"): bytesOut.append(10)
                case UInt8(ascii: "t"): bytesOut.append(9)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytesOut.append(e)
                default:
                    error("unknown escape '\\\(Character(Unicode.Scalar(e)))' in text", pos, end: pos + 2, help: "use \\\" \\\\ \\n or \\t")
                }
                pos += 2
                continue
            }
            if b >= 0x80 {
                guard let (_, length) = decodeScalar(at: pos) else {
                    invalidUTF8()
                    continue
                }
                bytesOut.append(contentsOf: bytes[pos..<(pos + length)])
                pos += length
                continue
            }
            bytesOut.append(b)
            pos += 1
        }
        error("unterminated text", start, end: pos, help: "close it with '\"' on the same line")
        add(.invalid, start, pos)
    }

    // MARK: UTF-8

    private func decodeScalar(at i: Int) -> (Unicode.Scalar, Int)? {
        let b0 = bytes[i]
        let length: Int
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard i + length <= limit else { return nil }
        var it = bytes[i..<(i + length)].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) { return (s, length) }
        return nil
    }

    private mutating func invalidUTF8() {
        let start = pos
        pos += 1
        while pos < limit, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
        error(
            "invalid UTF-8 (byte 0x\(String(bytes[start], radix: 16, uppercase: true)))", start, end: pos,
            help: "save the notebook as UTF-8")
    }

    // MARK: Output

    private mutating func add(_ kind: Token.Kind, _ start: Int, _ end: Int) {
        add(kind, TokenTag(kind), start, end)
    }

    /// `add` with the token's tag already known (a word's, told from its bytes).
    private mutating func add(_ kind: Token.Kind, _ tag: TokenTag, _ start: Int, _ end: Int) {
        lastTag = tag
        if tag == .newline || tag == .eof {
            discarding = false
            statementTokens = 0
        } else if discarding {
            // The statement is too long: its `.tooLong` token now reaches here.
            tokens[tokens.count - 1].span.end = end
            return
        } else if statementTokens >= Self.maxStatementTokens {
            discarding = true
            tokens.append(Token(kind: .tooLong, span: SourceSpan(source: source, start: start, end: end)))
            tags.append(.tooLong)
            return
        }
        statementTokens += 1
        tokens.append(Token(kind: kind, span: SourceSpan(source: source, start: start, end: end)))
        tags.append(tag)
    }

    private mutating func error(_ message: String, _ start: Int, end: Int? = nil, help: String? = nil) {
        diagnostics.append(.error(.syntax, message, at: SourceSpan(source: source, start: start, end: end ?? start + 1), help: help))
    }
}

/// A byte as four hex digits (`0007`), for naming control characters.
private func format4(_ b: UInt8) -> String {
    let hex = String(b, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - hex.count) + hex
}

extension String {
    func trimmed(of set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
