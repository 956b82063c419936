// MARK: - Documentation of functions
//
// A line of help for every function a notebook can call without defining it: the
// built-ins from their entry in `Builtin.spec`, the standard library's from the comment
// just above each definition in stdlib/*.chiso, so each is written once, where the
// function is.

import ChisoStdlib

public struct FunctionDoc: Sendable, Equatable {
    public var name: String
    /// How a call is written: `round(x, digits)`, `share(part, whole)`.
    public var signature: String
    /// What it returns, in one line.
    public var summary: String
    /// A call (built-ins only; `t.x` is the row `41, _, 60, 48` over 2018Q3..2019Q2):
    /// `sum(t.x)`, `cumsum(x) in a row`.
    public var example: String?
    /// What `chiso run --locale en` prints for the example: `149`.
    public var result: String?

    /// Every built-in, then every standard-library function.
    public static let all: [FunctionDoc] = builtins + stdlib

    /// The help of the built-in or standard-library function `name`.
    public static func named(_ name: String) -> FunctionDoc? {
        all.first { $0.name == name }
    }

    static var builtins: [FunctionDoc] {
        Builtin.allCases.map { f in
            let s = f.spec
            return FunctionDoc(
                name: f.rawValue, signature: s.signature, summary: s.summary,
                example: s.example.call + (s.example.inRow ? " in a row" : ""), result: s.example.result)
        }
    }

    static let stdlib: [FunctionDoc] = Stdlib.files.flatMap { documented(in: SourceFile(name: $0.name, text: $0.text)) }

    /// The functions `file` defines, each with the `#` comment lines just above its
    /// definition joined into one line (empty when there are none).
    static func documented(in file: SourceFile) -> [FunctionDoc] {
        let (tree, _) = Parser.parse(file, id: SourceID(raw: 0))
        return tree.statements.compactMap { statement in
            guard case .function(let f) = statement else { return nil }
            var comment: [String] = []
            var line = file.location(of: f.span.start).line - 1
            while line >= 1 {
                let text = file.lineText(line)
                guard text.hasPrefix("#"), !text.hasPrefix("##") else { break }
                comment.append(String(text.dropFirst().drop { $0 == " " }))
                line -= 1
            }
            let signature = "\(f.name.text)(\(f.parameters.map(\.text).joined(separator: ", ")))"
            return FunctionDoc(name: f.name.text, signature: signature, summary: comment.reversed().joined(separator: " "))
        }
    }
}
