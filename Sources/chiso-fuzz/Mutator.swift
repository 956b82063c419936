// MARK: - Deterministic mutations
//
// Input number i of a run with seed s is always the same bytes: its random numbers come
// from (s, i) alone, so any input can be made again on its own (`--only i`), whatever
// ran before it. An input is a seed file with one to four mutations, chosen among what
// breaks parsers and evaluators: flipped bits, lines deleted, doubled, swapped or taken
// from another file, the language's own tokens in the wrong places (`##` in a table,
// `}` too many, `@` and `..` anywhere), deep nesting, long names, huge numbers and
// periods, offsets of a billion periods, CRLF, a BOM and invalid UTF-8.

/// SplitMix64: small, fast, and the same on every platform.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct Mutator {
    /// The seed files: name and bytes.
    let corpus: [(name: String, bytes: [UInt8])]

    /// One made input: its bytes, the seed file it came from and what was done to it.
    struct Input {
        var bytes: [UInt8]
        var base: String
        var steps: [String]
    }

    /// The largest input made (libFuzzer's -max_len in docs/fuzzing.md is the same).
    static let maxSize = 64 << 10

    /// Tokens of the language, and texts that were trouble before (also in fuzz/chiso.dict).
    /// The widest table here has 12,000 periods: one of the 100,000 the language allows
    /// takes about 3 s through the harness in a debug build, more than an input's budget;
    /// libFuzzer (a release build) tries those.
    static let tokens = [
        "table", "over", "with", "total", "from", "fn", "use", "as", "check", "locale", "vi", "en",
        "agg", "last", "first", "sum", "avg", "if", "then", "else", "and", "or", "not", "true", "false",
        "{", "}", "(", ")", "[", "]", ",", ".", "..", "@", "=", "==", "!=", "<>", "<=", ">=", "+", "-",
        "*", "/", "^", "%", "_", "\"", "#", "## ", "\n## heading\n", "\n}\n", "\n{\n", "[-1]", "[1]",
        "[-1000000000]", "@2019Q1", "@2018Q1..2019Q4", "x[-1]", "a..b", "t.x", "t.x@2019Q1",
        "percent(1)", "as percent(2)", "as number(0)", " agg last", " agg sum", "cumsum(", "ytd(",
        "delta(", "growth(", "iferror(", "coalesce(", "round(", "len(", "concat(", "text(", "period()",
        "use \"main.chiso\" as m\n", "use \"data.csv\" as d\n", "use \"quarters.chiso\" as q\n", "use \"mau-bao-cao.chiso\" as mau\n",
        "table t over 2019Q1..2019Q4 {\n", "table t over 2000M01..2999M12 {\n  a = 1\n}\n",
        "fn f(x) = f(x)\n", "fn g(x) = x[-1] + x\n", "check 1 == 2\n", "locale vi\n", "locale en\n",
        "x = y\ny = x\n", "\"\u{1B}[31m\"", "\"<script>\"", "\"&amp;\"", "\u{00A0}", "\u{200B}",
        "Hồ sơ", "Tiếp nhận", "\u{0301}", "😀",
    ]

    static let numbers = [
        "0", "-0", "1e308", "1e309", "-1e308", "4.9e-324", "1e-400", "9007199254740993",
        "123456789012345678901234567890", "1_000_000_000_000_000_000", "99999999999999999999%",
        "0.1", "2.675", "1.", ".5", "1..2", "1__0", "0x10", "1e", "1e+", "100%%", "-.5%",
    ]

    static let periods = [
        "2019Q1", "2019Q4", "2019H2", "2019M12", "2019", "0001M01", "9999Q4", "9999M12", "2019M13",
        "2019Q0", "2019H3", "0000", "2019Q1..2018Q1", "2000M01..2999M12", "1000..9999",
        "2019Q1..2019Q1", "2018Q1..2019M06",
    ]

    static let badUTF8: [[UInt8]] = [
        [0xFF], [0xC3], [0xE1, 0xBB], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xEF, 0xBB, 0xBF], [0x00], [0x0D], [0x1B], [0x7F], [0xC2, 0x85],
    ]

    func input(_ index: Int, seed: UInt64) -> Input {
        var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD134_2543_DE82_EF95))
        let base = Int.random(in: 0..<corpus.count, using: &rng)
        var bytes = corpus[base].bytes
        var steps: [String] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let before = bytes
            let step = mutate(&bytes, &rng)
            // Big inputs only slow the run down: a mutation that makes one is undone.
            if bytes.count > Self.maxSize { bytes = before } else { steps.append(step) }
        }
        return Input(bytes: bytes, base: corpus[base].name, steps: steps)
    }

    // MARK: Mutations

    private func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) -> String {
        var lines = Self.lines(bytes)
        func position() -> Int { bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng) }
        func lineIndex() -> Int { Int.random(in: 0..<max(1, lines.count), using: &rng) }
        /// A place between tokens: after a space, a bracket or an operator, or at a line's start.
        func boundary() -> Int {
            var p = position()
            while p > 0, ![0x20, 0x0A, 0x28, 0x2C, 0x3D, 0x2B, 0x2A, 0x7B].contains(bytes[p - 1]) { p -= 1 }
            return p
        }
        func insert(_ text: [UInt8], at p: Int) { bytes.insert(contentsOf: text, at: min(p, bytes.count)) }

        switch Int.random(in: 0..<19, using: &rng) {
        case 0 where !bytes.isEmpty:
            let i = Int.random(in: 0..<bytes.count, using: &rng), bit = UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            bytes[i] ^= bit
            return "flip bit \(bit) of byte \(i)"
        case 1 where !bytes.isEmpty:
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            let b = Array("{}()[]\"#@.,=_%\n 0".utf8).randomElement(using: &rng)!
            bytes[i] = b
            return "set byte \(i) to \(b)"
        case 2 where !bytes.isEmpty:
            let i = Int.random(in: 0..<bytes.count, using: &rng), n = Int.random(in: 1...16, using: &rng)
            bytes.removeSubrange(i..<min(bytes.count, i + n))
            return "delete \(n) bytes at \(i)"
        case 3 where lines.count > 1:
            let i = lineIndex()
            lines.remove(at: i)
            bytes = Self.join(lines)
            return "delete line \(i + 1)"
        case 4 where !lines.isEmpty:
            let i = lineIndex(), n = [1, 1, 2, 10, 200].randomElement(using: &rng)!
            lines.insert(contentsOf: Array(repeating: lines[i], count: n), at: i)
            bytes = Self.join(lines)
            return "repeat line \(i + 1) \(n) more times"
        case 5 where lines.count > 1:
            let i = lineIndex(), j = lineIndex()
            lines.swapAt(i, j)
            bytes = Self.join(lines)
            return "swap lines \(i + 1) and \(j + 1)"
        case 6:
            let other = corpus.randomElement(using: &rng)!
            let from = Self.lines(other.bytes)
            let k = Int.random(in: 0..<max(1, from.count), using: &rng)
            let n = Int.random(in: 1...8, using: &rng)
            let taken = Array(from[min(k, from.count)..<min(from.count, k + n)])
            let i = lines.isEmpty ? 0 : Int.random(in: 0...lines.count, using: &rng)
            lines.insert(contentsOf: taken, at: i)
            bytes = Self.join(lines)
            return "insert lines \(k + 1)..<\(k + 1 + taken.count) of \(other.name) before line \(i + 1)"
        case 7, 8, 9:
            let token = Self.tokens.randomElement(using: &rng)!
            let p = rng.next() % 2 == 0 ? boundary() : position()
            insert(Array(token.utf8), at: p)
            return "insert \(String(reflecting: token)) at \(p)"
        case 10 where !lines.isEmpty:
            // A token alone on its own line (a heading, a brace, a keyword) inside whatever block is open.
            let token = ["## heading", "##", "}", "{", "table", "fn", "use", "check", "#", "locale", "_", "@", ".."].randomElement(
                using: &rng)!
            let i = Int.random(in: 0...lines.count, using: &rng)
            lines.insert(Array("  \(token)".utf8), at: i)
            bytes = Self.join(lines)
            return "insert line \(String(reflecting: token)) before line \(i + 1)"
        case 11:
            let n = [2, 50, 255, 256, 257, 400].randomElement(using: &rng)!
            let (open, close) = [("(", ")"), ("[", "]"), ("-", ""), ("not ", ""), ("f(", ")"), ("if 1 then ", " else 0")].randomElement(
                using: &rng)!
            let p = boundary()
            var q = p
            while q < bytes.count, bytes[q] != 0x0A { q += 1 }
            let end = Int.random(in: p...q, using: &rng)
            bytes.insert(contentsOf: Array(String(repeating: close, count: n).utf8), at: end)
            bytes.insert(contentsOf: Array(String(repeating: open, count: n).utf8), at: p)
            return "nest \(n) × \(String(reflecting: open)) at \(p)"
        case 12:
            let n = [64, 300, 1000, 2000].randomElement(using: &rng)!
            let letters = Array("abcdefghijklmnopqrstuvwxyz_0123456789".utf8)
            var name = [UInt8.random(in: 0x61...0x7A, using: &rng)]
            for _ in 1..<n { name.append(letters.randomElement(using: &rng)!) }
            insert(name, at: boundary())
            return "insert a name of \(n) characters"
        case 13:
            let number = Self.numbers.randomElement(using: &rng)!
            insert(Array(number.utf8), at: boundary())
            return "insert number \(number)"
        case 14:
            let period = Self.periods.randomElement(using: &rng)!
            insert(Array(period.utf8), at: boundary())
            return "insert period \(period)"
        case 15:
            let bad = Self.badUTF8.randomElement(using: &rng)!
            let p = position()
            insert(bad, at: p)
            return "insert bytes \(bad) at \(p)"
        case 16:
            switch rng.next() % 3 {
            case 0:
                bytes = Self.join(lines, separator: [0x0D, 0x0A])
                return "CRLF line endings"
            case 1:
                bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0)
                return "byte-order mark"
            default:
                bytes = Self.join(lines, separator: [0x0D])
                return "CR line endings"
            }
        case 17 where !bytes.isEmpty:
            let n = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.removeSubrange(n...)
            return "cut after \(n) bytes"
        default:
            // Splice: the first part of this file and the last part of another.
            let other = corpus.randomElement(using: &rng)!
            let cut = position(), from = other.bytes.isEmpty ? 0 : Int.random(in: 0...other.bytes.count, using: &rng)
            bytes = Array(bytes[..<cut]) + other.bytes[from...]
            return "splice \(other.name) from byte \(from) at \(cut)"
        }
    }

    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    static func join(_ lines: [[UInt8]], separator: [UInt8] = [0x0A]) -> [UInt8] {
        Array(lines.joined(separator: separator))
    }
}
