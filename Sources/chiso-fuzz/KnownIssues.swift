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

    /// Open issues. Fixed and moved to fuzz/regressions: a heading in a table block, diagnostics
    /// on long lines, quadratic series functions, did-you-mean.
    static let all: [KnownIssue] = [
        KnownIssue(
            id: "function-recursion",
            description:
                "runaway recursion in user functions is stopped by the step budget, but only after seconds of work: in the debug build the harness runs, more than its 3 s of CPU per input (repro hardening/03, 03b, 04; a release `chiso run` ends in 2-5 s)",
            matches: doublyRecursive
        )
    ]

    static func named(_ id: String) -> KnownIssue? { all.first { $0.id == id } }

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
}
