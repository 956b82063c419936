// The REPL at a real (pseudo-)terminal: line editing, history, completion and Ctrl-C
// through readline, as a person types them. The checks look at what the session did
// with the edited line (its printed value), not at how readline redrew the screen.

#if canImport(Glibc)
import ChisoTestSupport
import Foundation
import Testing

@Suite("REPL at a terminal")
struct TerminalTests {
    /// A terminal session with its own HOME, history file and an empty inputrc.
    struct Setup {
        let scratch: URL
        var history: URL { scratch.appendingPathComponent("history") }

        init() throws {
            scratch = try Chiso.temporaryFolder()
            try Data().write(to: scratch.appendingPathComponent("inputrc"))
        }

        func environment(term: String, colour: Bool = false) -> [String: String] {
            var env = [
                "TERM": term, "HOME": scratch.path, "CHISO_HISTORY": history.path,
                "INPUTRC": scratch.appendingPathComponent("inputrc").path, "LANG": "C.UTF-8",
            ]
            if !colour { env["NO_COLOR"] = "1" }
            return env
        }

        func start(_ arguments: [String] = [], term: String = "dumb", colour: Bool = false) throws -> PseudoTerminal {
            try PseudoTerminal(arguments, environment: environment(term: term, colour: colour))
        }
    }

    static let ctrlA = "\u{01}", ctrlB = "\u{02}", ctrlC = "\u{03}", ctrlD = "\u{04}", ctrlE = "\u{05}", ctrlK = "\u{0B}"
    static let up = "\u{1B}[A"

    @Test("editing, history, completion and Ctrl-C", arguments: ["dumb", "xterm"])
    func editing(term: String) throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        let t = try setup.start(term: term)
        #expect(t.expect("chiso> "), "no prompt: \(t.output)")

        // Line editing: type, go back six characters and kill to the end (Ctrl-K), go to
        // the start (Ctrl-A) and insert, go to the end (Ctrl-E) and append.
        t.type("x = 12 + 999")
        t.type(String(repeating: Self.ctrlB, count: 6) + Self.ctrlK)
        t.type(Self.ctrlA + "big_" + Self.ctrlE + " * 2\r")
        #expect(t.expect("big_x = 24"), "the edited line was not 'big_x = 12 * 2': \(t.output)")
        #expect(t.expect("chiso> "))

        // History: Up recalls the line, which is then changed and run again.
        t.type(Self.up + " + 1\r")
        #expect(t.expect("big_x = 25"), "Up did not recall the last line: \(t.output)")
        #expect(t.expect("chiso> "))

        // A table over several lines, with the continuation prompt.
        t.type("table dvc over 2019Q1..2019Q2 {\r")
        #expect(t.expect("...> "))
        t.type("  received = 10, 20\r")
        #expect(t.expect("...> "))
        t.type("  solved = 9, 20\r")
        #expect(t.expect("...> "))
        t.type("}\r")
        #expect(t.expect("│ solved   │       9 │      20 │"), "the table was not defined: \(t.output)")
        #expect(t.expect("chiso> "))

        // Completion: `dvc.re` + Tab completes the one row it can be.
        t.type("dvc.re\t\r")
        #expect(t.expect("│ received │      10 │      20 │"), "Tab did not complete dvc.re: \(t.output)")
        #expect(t.expect("chiso> "))
        // `dvc.` + Tab Tab lists the rows.
        t.type("dvc.\t\t")
        #expect(t.expect("dvc.received"), "Tab Tab did not list the rows: \(t.output)")
        #expect(t.expect("dvc.solved"))

        // Ctrl-C abandons that line, and a multi-line input half typed; the session keeps
        // its definitions and the table `t` was never defined.
        t.type(Self.ctrlC)
        #expect(t.expect("^C"))
        #expect(t.expect("chiso> "))
        t.type("table t over 2019..2020 {\r")
        #expect(t.expect("...> "))
        t.type("  a = 1, 2\r")
        #expect(t.expect("...> "))
        t.type(Self.ctrlC)
        #expect(t.expect("^C"))
        #expect(t.expect("chiso> "), "no new prompt after Ctrl-C: \(t.output)")
        t.type("big_x + 0\r")
        #expect(t.expect("big_x + 0 = 25"), "the session lost its definitions after Ctrl-C: \(t.output)")
        t.type("t\r")
        #expect(t.expect("error: unknown name 't'"), "the abandoned table was defined: \(t.output)")

        // An error never ends the session.
        #expect(t.expect("chiso> "))
        // The definitions were never saved: the first :quit asks, the second leaves.
        t.type(":quit\r")
        #expect(t.expect("There are unsaved changes"), "\(t.output)")
        t.type(":quit\r")
        #expect(t.finish(within: 5) == 0, "did not exit 0 after :quit: \(t.output)")

        // The history file has the lines, for the next session.
        let history = try String(contentsOf: setup.history, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(history.contains("big_x = 12 * 2"))
        #expect(history.contains("big_x = 12 * 2 + 1"))
        #expect(history.last == ":quit")
    }

    @Test("history comes back in the next session")
    func historyAcrossSessions() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        try "rate = 3 / 4\n".write(to: setup.history, atomically: true, encoding: .utf8)
        let t = try setup.start()
        #expect(t.expect("chiso> "))
        t.type(Self.up + "\r")
        #expect(t.expect("rate = 0.75"), "Up did not recall the line of the last session: \(t.output)")
        #expect(t.expect("chiso> "))
        // Ctrl-R searches the history.
        t.type("y = 1\r")
        #expect(t.expect("chiso> "))
        t.type("\u{12}rate\r")
        #expect(t.expect("rate = 0.75"), "Ctrl-R did not find the line: \(t.output)")
        #expect(t.expect("chiso> "))
        // `y` was never saved: the first Ctrl-D asks, the second leaves.
        t.type(Self.ctrlD)
        #expect(t.expect("There are unsaved changes"), "\(t.output)")
        #expect(t.expect("chiso> "))
        t.type(Self.ctrlD)
        #expect(t.finish(within: 5) == 0, "Ctrl-D did not end the session: \(t.output)")
    }

    @Test("Ctrl-D on a continuation line closes the block; a blank line does not end it")
    func ctrlDInABlock() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        let t = try setup.start()
        #expect(t.expect("chiso> "))
        t.type("table t over 2019..2020 {\r")
        #expect(t.expect("...> "))
        t.type("  a = 1, 2\r")
        #expect(t.expect("...> "))
        t.type("\r")
        #expect(t.expect("...> "), "a blank line ended the block: \(t.output)")
        t.type("  b = a * 3\r")
        #expect(t.expect("...> "))
        t.type(Self.ctrlD)
        #expect(t.expect("│ b │    3 │    6 │"), "Ctrl-D did not close the block: \(t.output)")
        #expect(t.expect("chiso> "), "Ctrl-D ended the session: \(t.output)")
        t.type("t.b@2020 + 1\r")
        #expect(t.expect("t.b@2020 + 1 = 7"), "\(t.output)")
        t.type(":q\r")
        #expect(t.expect("There are unsaved changes"))
        #expect(t.expect("chiso> "))
        t.type(Self.ctrlD)
        #expect(t.finish(within: 5) == 0, "\(t.output)")
    }

    @Test("at 80 columns a wide table keeps its last periods; long output goes through the pager")
    func fitAndPager() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        var env = setup.environment(term: "dumb")
        env["PAGER"] = "sed 's/^/PAGED: /'"
        let t = try PseudoTerminal([], environment: env, columns: 80, rows: 12)
        #expect(t.expect("chiso> "))
        t.type("table t over 2019Q1..2023Q4 with total {\r")
        t.type("  a = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20\r")
        t.type("}\r")
        #expect(t.expect("│   │ … │   Q4 │   Q1 │   Q2 │   Q3 │   Q4 │   Q1 │   Q2 │   Q3 │   Q4 │ Total │"), "\(t.output)")
        #expect(t.expect("│   │ … │ 2021 │ 2022 │ 2022 │ 2022 │ 2022 │ 2023 │ 2023 │ 2023 │ 2023 │       │"), "\(t.output)")
        #expect(t.expect("│ a │ … │   12 │   13 │   14 │   15 │   16 │   17 │   18 │   19 │   20 │   210 │"))
        // The line about the periods left out is broken after its `;`, within the width.
        #expect(
            t.expect("2019Q1..2021Q3 left out to fit 80 columns;\r\n:show t@2019Q3..2021Q3 shows the ones before 2021Q4"), "\(t.output)")
        #expect(t.expect("chiso> "))
        // Every line of the table is within the 80 columns (the typed line is readline's).
        let drawn = t.output.replacingOccurrences(of: "\r", with: "").split(separator: "\n").filter { "┌│├└".contains($0.first ?? " ") }
        #expect(drawn.count == 6)
        for line in drawn { #expect(line.count <= 80, "\(line)") }
        // 12 rows: the 13 lines of :help go through the pager; a short :show does not.
        t.type(":help\r")
        #expect(t.expect("PAGED: Commands:"), "\(t.output)")
        #expect(t.expect("chiso> "))
        t.type(":show t@2020Q1..2020Q2\r")
        #expect(t.expect("│ a │       5 │       6 │"), "\(t.output)")
        #expect(!t.output.contains("PAGED: │ a │       5"))
        t.type(":q\r")
        #expect(t.expect("There are unsaved changes"))
        #expect(t.expect("chiso> "))
        t.type(":q\r")
        #expect(t.finish(within: 5) == 0, "\(t.output)")
    }

    @Test("Tab completes a bare row name inside its table's block")
    func bareRowCompletion() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        let t = try setup.start()
        #expect(t.expect("chiso> "))
        t.type("table t over 2019..2020 {\r")
        #expect(t.expect("...> "))
        t.type("  received = 1, 2\r")
        #expect(t.expect("...> "))
        t.type("  twice = recei\t * 2\r")
        #expect(t.expect("...> "))
        t.type("}\r")
        #expect(t.expect("│ twice    │    2 │    4 │"), "Tab did not complete the row: \(t.output)")
        #expect(t.expect("chiso> "))
        t.type(":q\r")
        #expect(t.expect("There are unsaved changes"))
        #expect(t.expect("chiso> "))
        t.type(":q\r")
        #expect(t.finish(within: 5) == 0, "\(t.output)")
    }

    @Test("a history file that cannot be written is no failure")
    func unwritableHistory() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        var env = setup.environment(term: "dumb")
        env["CHISO_HISTORY"] = setup.scratch.appendingPathComponent("no-such-folder/history").path
        let t = try PseudoTerminal([], environment: env)
        #expect(t.expect("chiso> "))
        t.type("x = 0 + 1\r")
        #expect(t.expect("x = 1"))
        #expect(t.expect("chiso> "))
        t.type(":q\r")
        #expect(t.expect("There are unsaved changes"))
        t.type(":q\r")
        #expect(t.finish(within: 5) == 0, "\(t.output)")
        #expect(!t.output.contains("error"))
    }

    @Test("commands and file names complete")
    func commandCompletion() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        try "n = 41\n".write(to: setup.scratch.appendingPathComponent("budget.chiso"), atomically: true, encoding: .utf8)
        let t = try setup.start()
        #expect(t.expect("chiso> "))
        // `:loa` + Tab → `:load `, then the folder and file name.
        t.type(":loa\t\(setup.scratch.path)/bud\t\r")
        #expect(t.expect("loaded \(setup.scratch.path)/budget.chiso: 1 cell"), "\(t.output)")
        #expect(t.expect("chiso> "))
        t.type(":q\r")
        #expect(t.finish(within: 5) == 0)
    }

    @Test("a path with spaces completes after :load")
    func pathWithSpacesCompletion() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        let folder = setup.scratch.appendingPathComponent("Báo cáo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "n = 41\n".write(to: folder.appendingPathComponent("quý 1.chiso"), atomically: true, encoding: .utf8)
        let t = try setup.start()
        #expect(t.expect("chiso> "))
        // `Bá` + Tab → the folder `Báo cáo/`; `q` + Tab → `quý 1.chiso`, space and all.
        t.type(":load \(setup.scratch.path)/Bá\tq\t\r")
        #expect(t.expect("loaded \(folder.path)/quý 1.chiso: 1 cell"), "\(t.output)")
        #expect(t.expect("chiso> "))
        t.type(":q\r")
        #expect(t.finish(within: 5) == 0)
    }

    @Test("colour on a terminal, none with NO_COLOR")
    func colour() throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(at: setup.scratch) }
        for colour in [true, false] {
            let t = try setup.start(term: "xterm", colour: colour)
            #expect(t.expect("chiso>"))
            t.type("x = 0 + 1\r")
            #expect(t.expect("x = 1"))
            t.type("y = x + 1\r")
            #expect(t.expect("y = 2"))
            t.type("x = 4 + 1\r")
            #expect(t.expect("x = 5"))
            t.type("nope\r")
            #expect(t.expect("unknown name 'nope'"))
            t.type(":q\r")
            #expect(t.expect("There are unsaved changes"))
            t.type(":q\r")
            #expect(t.finish(within: 5) == 0)
            let painted = ["\u{1B}[1;32mchiso>", "\u{1B}[1;33mchanged:", "\u{1B}[1;31merror"]
            for code in painted {
                #expect(t.output.contains(code) == colour, "colour \(colour): \(code.debugDescription)")
            }
        }
    }
}
#endif
