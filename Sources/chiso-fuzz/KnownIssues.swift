// MARK: - Known issues
//
// Defects already reported and being fixed on other branches. Each has reproducers in
// `fuzz/known/<id>/` (run by `swift test`, FuzzTests) and, when the mutations meet it
// on their own, a test on the input (`matches`). While an issue's reproducers still
// fail, the fuzzer is run with `--skip-known <id>`: inputs that match are not run (a
// hang costs the whole time budget, and some of these are met every few dozen inputs),
// only counted, and the first one saved. Once the fix is merged its reproducers pass,
// the test stops skipping, and the issue and its folder can be removed: the reproducers
// then move to `fuzz/regressions/`.

struct KnownIssue: Sendable {
    /// The folder of its reproducers under fuzz/known, and the name `--skip-known` takes.
    let id: String
    let description: String
    /// Whether an input would meet it (nil: no mutation has met it).
    let matches: (@Sendable ([UInt8]) -> Bool)?

    static let all: [KnownIssue] = [
        KnownIssue(
            id: "heading-in-block",
            description: "a `## heading` inside a table block loops forever in the parser, taking memory (repro hardening/01, 01b)",
            matches: headingInBlock
        ),
        KnownIssue(
            id: "long-line-diagnostics",
            description: "each diagnostic on a long line renders the whole line: a CSV header of thousands of bad columns takes minutes (repro hardening/08, 17)",
            matches: longLine
        ),
        KnownIssue(
            id: "function-recursion",
            description: "recursive user functions are exponential or cost the whole call cap per cell (repro hardening/02, 03, 03b, 04)",
            matches: doublyRecursive
        ),
        KnownIssue(
            id: "series-quadratic",
            description: "cumsum and ytd over long series are quadratic (repro hardening/05, 05b)",
            matches: nil
        ),
        KnownIssue(
            id: "did-you-mean",
            description: "did-you-mean is quadratic in the length of a name and scans every name (repro hardening/06, 07)",
            matches: nil
        ),
    ]

    static func named(_ id: String) -> KnownIssue? { all.first { $0.id == id } }

    /// A heading (`##` first on a line, after spaces, tabs or CRs) while a `{` is open.
    /// Braces inside texts and comments do not count.
    static func headingInBlock(_ bytes: [UInt8]) -> Bool {
        var depth = 0, i = 0, lineStart = true
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\n"):
                lineStart = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "#"):
                if lineStart, depth > 0, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "#") { return true }
                while i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "\""):
                lineStart = false
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\n") { i += 1 }
                if i < bytes.count, bytes[i] == UInt8(ascii: "\n") { lineStart = true }
            case UInt8(ascii: "{"):
                lineStart = false
                depth += 1
            case UInt8(ascii: "}"):
                lineStart = false
                depth = max(0, depth - 1)
            default:
                lineStart = false
            }
            i += 1
        }
        return false
    }

    /// A function that calls itself twice in its formula (`fn fib(n) = … fib(n - 1) + fib(n - 2)`):
    /// exponential, and each call of it evaluated again at every REPL input that defines it.
    static func doublyRecursive(_ bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            var rest = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            guard rest.starts(with: Array("fn ".utf8)) else { continue }
            rest = rest.dropFirst(3).drop { $0 == UInt8(ascii: " ") }
            let name = rest.prefix { $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: " ") }
            guard !name.isEmpty, let eq = rest.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let call = Array(name) + [UInt8(ascii: "(")]
            var body = rest[rest.index(after: eq)...], calls = 0
            while let i = body.firstRange(of: call) {
                calls += 1
                body = body[i.upperBound...]
            }
            if calls >= 2 { return true }
        }
        return false
    }

    /// A line of more than 2,000 bytes with more than 100 fields (read as a data file, each
    /// field can be an error on that line).
    static func longLine(_ bytes: [UInt8]) -> Bool {
        var length = 0, separators = 0
        for b in bytes {
            if b == UInt8(ascii: "\n") {
                length = 0
                separators = 0
                continue
            }
            length += 1
            if b == UInt8(ascii: ",") || b == UInt8(ascii: ";") { separators += 1 }
            if length > 2000, separators > 100 { return true }
        }
        return false
    }
}
