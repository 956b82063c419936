// MARK: - Formatter
//
// `chiso fmt`: the canonical layout of a notebook. It changes only spaces, line breaks
// and line endings, never a token, so the notebook means exactly what it meant.
//
// The canonical layout:
//
// * One statement per line: a statement written over several lines is joined into one.
//   (A statement with a comment inside it is kept as written, since joining it would
//   move the comment.)
// * Single spaces around binary operators (`+ - * / ^`, comparisons, `and`, `or`) and
//   around `=`, one after a comma, none inside `( )` and `[ ]`, none before the `(` of a
//   call or the `[` of an offset, none around `.`, `..` and `@`, none after a sign
//   (`-1`, `x * -y`).
// * Numbers, percents, periods, texts, names and operators are written exactly as in
//   the source: `1_290_000` stays `1_290_000`, `12.5%` stays `12.5%`, `<>` stays `<>`.
//   `agg …` and `as …` stay, in the order written.
// * A table: `table name "Label" over P1..P2 [with total "L"] {` on one line, each row,
//   override and check on its own line indented by two spaces, `}` alone on the last line.
// * Alignment, by display width (Vietnamese with precomposed or combining marks and wide
//   characters line up): in a block, the row or cell names are padded to one column,
//   the labels to the next, so that the `=` signs line up; an override (`row@P = …`)
//   spans the name and label columns. The `agg`/`as` tails of a block line up after the
//   widest formula that has one. In a data row each value sits in its period's column,
//   as wide as the widest value of that period in the table: numbers and blanks (`_`)
//   right-aligned, texts left-aligned, the comma right after the value.
//   A block is a table's rows (all of them, across comments and blank lines), or a run
//   of consecutive top-level cells (`name = …`, `table.row = …`, `table.row@P = …`) and
//   the checks among them; a blank line, a comment line, a heading or any other
//   statement ends it. Other statements (`fn`, `locale`, `check`, headings) are not aligned.
// * Comments: a comment on a line of its own stays there (at the indentation of the
//   rows in a table, at the start of the line elsewhere); a comment at the end of a line
//   stays at the end of that line, two spaces after the code, and the end-of-line
//   comments of one block line up in a column. Headings (`## …`) stay where they are.
// * Blank lines stay; several in a row become one; none at the start or end of the file,
//   after a table's `{` or before its `}`. The file ends with exactly one newline, has no
//   byte-order mark and uses LF line endings.
// * A statement the formatter has no layout for is kept exactly as written: `use … with
//   { … }` today, and any statement added to the language later.
//
// Before returning, the formatter reads its own output back and compares the tokens
// and comments with the original; if they ever differ (a bug), it returns the original
// text with only the line endings normalised, rather than a notebook that means
// something else.

public enum Formatter {
    /// Why a notebook was not formatted: its syntax errors.
    public struct SyntaxErrors: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    /// The canonical layout of a notebook, or its syntax errors when it does not parse
    /// (a notebook with errors is never formatted).
    public static func format(_ file: SourceFile, id: SourceID) -> Result<String, SyntaxErrors> {
        let (tree, diagnostics) = Parser.parse(file, id: id)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { return .failure(SyntaxErrors(diagnostics: errors)) }
        return .success(layout(file, id: id, tree: tree).text)
    }

    /// The layout, and whether it was checked to hold the same tokens and comments
    /// (false only if the formatter fell back to the original text).
    static func layout(_ file: SourceFile, id: SourceID, tree: SyntaxTree) -> (text: String, verified: Bool) {
        let (tokens, comments, _) = Lexer.tokenizeKeepingComments(file, id: id)
        let units = UnitReader.read(file: file, tokens: tokens, comments: comments, tree: tree)
        let text = LayoutWriter.write(units)
        if same(file, tokens, comments, SourceFile(name: file.name, text: text), id: id) { return (text, true) }
        return (normalised(file), false)
    }

    // MARK: Checking the result

    /// Whether the formatted text holds the same tokens as the original (its `tokens` and
    /// `comments`), each written the same, the same comments and the same line breaks
    /// between statements. The parser reads only tokens, so it then reads the same notebook.
    static func same(_ a: SourceFile, _ ta: [Token], _ ca: [Lexer.Comment], _ b: SourceFile, id: SourceID) -> Bool {
        let (tb, cb, eb) = Lexer.tokenizeKeepingComments(b, id: id)
        guard eb.isEmpty, ca.count == cb.count, zip(ca, cb).allSatisfy({ $0.text == $1.text }) else { return false }
        let sa = significant(ta), sb = significant(tb)
        guard sa.count == sb.count else { return false }
        for (x, y) in zip(sa, sb) {
            let (tx, ty) = (ta[x], tb[y])
            if tx.kind == .newline || ty.kind == .newline || tx.kind == .eof || ty.kind == .eof {
                guard tx.kind == ty.kind else { return false }
                continue
            }
            guard a.bytes[TokenSpacing.trimmedRange(of: tx, in: a)] == b.bytes[TokenSpacing.trimmedRange(of: ty, in: b)] else {
                return false
            }
        }
        return true
    }

    /// The indices of the tokens that matter. A line break right before a table's `}` is
    /// not one the parser needs (`{ x = 1 }` on one line is the same table).
    private static func significant(_ tokens: [Token]) -> [Int] {
        tokens.indices.filter { i in
            !(tokens[i].kind == .newline && i + 1 < tokens.count && tokens[i + 1].kind == .rbrace)
        }
    }

    /// The text with no byte-order mark, LF line endings and one final newline.
    static func normalised(_ file: SourceFile) -> String {
        var bytes = file.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        for (i, b) in zip(bytes.indices, bytes) {
            if b == UInt8(ascii: "\r"), i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\n") { continue }
            out.append(b)
        }
        while let last = out.last,
            last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r")
        {
            out.removeLast()
        }
        if !out.isEmpty { out.append(UInt8(ascii: "\n")) }
        return String(decoding: out, as: UTF8.self)
    }
}
