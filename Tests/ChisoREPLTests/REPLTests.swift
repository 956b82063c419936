// The loop in process, with lines given in advance: multi-line inputs, Ctrl-C, quitting,
// exit codes, problems reported once, and `:save` reproduced by `chiso run`.

import ChisoCore
import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoREPL

/// A REPL fed `lines`, with what it prints captured.
final class Harness {
    let reader: RecordingReader
    let repl: REPL
    private(set) var out = ""
    private(set) var err = ""

    init(_ lines: [LineInput], interactive: Bool = false, colour: Bool = false, locale: DisplayLocale? = nil) {
        reader = RecordingReader(lines, interactive: interactive)
        let box = Box()
        repl = REPL(
            session: Session(locale: locale), reader: reader,
            printer: Printer(writeOut: { box.out += $0 }, writeErr: { box.err += $0 }, colourOut: colour, colourErr: colour))
        self.box = box
    }

    convenience init(_ text: String, interactive: Bool = false, colour: Bool = false) {
        self.init(
            text.split(separator: "\n", omittingEmptySubsequences: false).map { .line(String($0)) }, interactive: interactive,
            colour: colour)
    }

    private let box: Box
    final class Box {
        var out = "", err = ""
    }

    /// Runs to the end; returns the exit code.
    @discardableResult
    func run() -> Int32 {
        let code = repl.run()
        out = box.out
        err = box.err
        return code
    }
}

/// Lines given in advance, remembering which prompt each was read at.
final class RecordingReader: LineReader {
    private var lines: [LineInput]
    let isInteractive: Bool
    private(set) var prompts: [Prompt] = []
    private(set) var closed = false

    init(_ lines: [LineInput], interactive: Bool) {
        self.lines = lines
        isInteractive = interactive
    }

    func read(_ prompt: Prompt) -> LineInput {
        guard !lines.isEmpty else { return .endOfInput }
        prompts.append(prompt)
        return lines.removeFirst()
    }

    func close() { closed = true }
}

@Suite("The loop")
struct REPLTests {
    @Test func aTableContinuesUntilItsClosingBrace() {
        let h = Harness("table t over 2019..2020 {\n  a = 1, 2\n  b = a * 10\n}\nt.b@2020")
        #expect(h.run() == 0)
        #expect(h.reader.prompts == [.primary, .continuation, .continuation, .continuation, .primary])
        #expect(h.out.contains("│ b │   10 │   20 │"))
        #expect(h.out.contains("t.b@2020 = 20\n"))
        #expect(h.err.isEmpty)
    }

    @Test func anOperatorAtTheEndOfALineContinuesIt() {
        let h = Harness("x = 1 +\n  2")
        h.run()
        #expect(h.reader.prompts == [.primary, .continuation])
        #expect(h.out.contains("x = 3\n"))
    }

    @Test func anEmptyLineEndsAnUnfinishedInputWithItsError() {
        let h = Harness("x = (1 +\n\ny = 2")
        #expect(h.run() == REPL.Exit.errors)
        #expect(h.err.contains("error: expected a value"))
        #expect(h.out.contains("y = 2\n"), "the line after the empty one is a new input")
        #expect(!h.repl.session.completions.contains("x"))
    }

    @Test func ctrlCAbandonsTheInputAndKeepsTheSession() {
        let h = Harness(
            [
                .line("x = 7"), .line("table t over 2019..2020 {"), .line("  a = 1, 2"), .interrupted,
                .line("x * 2"), .line("t"),
            ], interactive: true)
        #expect(h.run() == 0, "a person at a terminal saw the error: exit 0")
        #expect(h.reader.prompts == [.primary, .primary, .continuation, .continuation, .primary, .primary])
        #expect(h.out.contains("x * 2 = 14\n"))
        #expect(h.err.contains("unknown name 't'"))
    }

    @Test func quitStopsReading() {
        let h = Harness(":quit\nx = 1")
        #expect(h.run() == 0)
        #expect(h.out.isEmpty)
        #expect(h.reader.closed)
        #expect(!h.repl.session.completions.contains("x"))
    }

    @Test func aScriptWithARefusedInputExits65() {
        #expect(Harness("x = nope").run() == REPL.Exit.errors)
        #expect(Harness(":frob").run() == REPL.Exit.errors)
        #expect(Harness(":show nope").run() == REPL.Exit.errors)
        #expect(Harness("x = 1\nx + 1\n:show x").run() == REPL.Exit.ok)
        #expect(Harness("x = nope", interactive: true).run() == REPL.Exit.ok)
    }

    @Test func aRefusedInputChangesNothing() {
        let h = Harness("a = 1\nb = a + 1\na = b * 2\na")
        h.run()
        #expect(h.err.contains("error: cycle: a -> b -> a"))
        #expect(h.out.hasSuffix("a = 1\n"))
    }

    @Test func aProblemLeftByDeleteIsReportedOnce() {
        let h = Harness("price = 2\nrevenue = price * 3\n:del price\nz = 1\nw = 2\nprice = 4")
        h.run()
        #expect(h.err.components(separatedBy: "unknown name 'price'").count == 2, "reported once: \(h.err)")
        #expect(h.out.contains("revenue  6 → #NAME?"))
        #expect(h.out.contains("revenue  #NAME? → 12"), "defined again, the reader comes back")
    }

    @Test func aFailingCheckIsReportedWhenItStartsFailingAndWhenItHoldsAgain() {
        let h = Harness("x = 5\ncheck x < 10 \"x stays small\"\nx = 20\ny = 1\nx = 3")
        h.run()
        #expect(h.out.contains("check holds\n"))
        #expect(h.err.components(separatedBy: "check failed: x stays small").count == 2, "once, not after y = 1: \(h.err)")
        #expect(h.out.contains("check holds now: x < 10"))
    }

    @Test func changedValuesComeUnderAChangedLineInColourOnATerminal() {
        let plain = Harness("x = 1\ny = x + 1\nx = 2")
        plain.run()
        #expect(plain.out.contains("changed:\n  y  2 → 3\n"))
        let colour = Harness("x = 1\ny = x + 1\nx = 2\nnope", colour: true)
        colour.run()
        #expect(colour.out.contains("\u{1B}[1;33mchanged:\u{1B}[0m\n\u{1B}[33m  y  2 → 3\u{1B}[0m"))
        #expect(colour.err.contains("\u{1B}[1;31merror\u{1B}[0m"))
    }

    @Test func anUnknownNameInACommandGetsADidYouMean() {
        let h = Harness("table dvc over 2019..2020 {\n  received = 1, 2\n}\n:show recieved\n:deps dvc\n:why dvc.received@2030Q9")
        h.run()
        #expect(
            h.err.contains(
                "<stdin>:4:1: error: nothing named 'recieved'\n  4 | :show recieved\n    | ^^^^^^^^^^^^^^ did you mean 'dvc.received'?"))
        #expect(h.err.contains("error: 'dvc' is a table; this command takes a cell or a row"))
        #expect(h.err.contains("error: '2030Q9' is not a period"))
    }

    @Test func theSavedSessionIsWhatChisoRunPrints() throws {
        let dir = try Chiso.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("saved.chiso").path
        let h = Harness(
            """
            locale vi
            ## Báo cáo
            dan_so "Dân số" = 1_290_000
            table dvc "Hồ sơ" over 2019Q1..2019Q2 with total {
              nhan = 60, 48
              gq = 58, 47
            }
            dvc.tl = gq / nhan as percent(1)
            dvc.nhan@2019Q2 = 50
            dan_so = 1_300_000
            fn twice(v) = v * 2
            gap = twice(dvc.nhan@2019Q2 - dvc.gq@2019Q2)
            :save \(path)
            """)
        #expect(h.run() == 0, "\(h.err)")
        #expect(h.out.contains("saved \(path)"))
        let run = try Chiso.run(["run", path], input: "", scratch: dir)
        #expect(run.status == 0)
        // `chiso run` also marks the overridden cell (`50*`) and notes where the override
        // is written; the session's report carries no marks.
        let unmarked = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("* ") }
            .joined(separator: "\n").replacingOccurrences(of: "50*", with: " 50")
        #expect(run.stdout.contains("* nhan Quý II/2019: ghi đè tại \(path):"))
        #expect(unmarked == TerminalRenderer.render(h.repl.session.report))
        #expect(run.stdout.contains("1.300.000"))
        #expect(run.stdout.contains("│ gap │ 6 │"))
    }

    @Test func historyFileFollowsTheEnvironment() {
        #expect(HistoryFile.path(environment: ["HOME": "/home/lan"]) == "/home/lan/.chiso_history")
        #expect(HistoryFile.path(environment: ["HOME": "/home/lan", "CHISO_HISTORY": "/tmp/h"]) == "/tmp/h")
        #expect(HistoryFile.path(environment: ["HOME": "/home/lan", "CHISO_HISTORY": ""]) == nil, "empty: no history file")
        #expect(HistoryFile.path(environment: [:]) == nil)
    }
}
