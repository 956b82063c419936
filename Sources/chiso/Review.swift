// Review between departments: `chiso diff`, `chiso why`, `chiso pin`.

import ArgumentParser
import ChisoCore
import Foundation

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case table, md, json
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate two versions of a notebook and list every value that differs.",
        discussion: """
            Each notebook is evaluated on its own (each with its own notebook root). Lists the \
            values that differ cell by cell (old → new, and the change), the names added and \
            removed, tables whose periods changed, and checks that now fail or no longer fail; \
            --formulas adds the definitions whose formula changed, even where the value did not. \
            A change of layout, label or display format is not a difference. Exit 0 when nothing \
            differs, 1 when something does, 65 when either notebook has errors, 66 when one \
            cannot be read.
            """
    )

    @Argument(help: "The old version (.chiso).")
    var old: String

    @Argument(help: "The new version (.chiso).")
    var new: String

    @Option(help: "Output format.")
    var format: DiffFormat = .table

    @Flag(help: "Also list definitions whose formula changed, even where the value did not.")
    var formulas = false

    @Option(help: "Show numbers for readers of this locale (default: the new notebook's).")
    var locale: LocaleOption?

    func run() throws {
        let oldBytes = try Terminal.readNotebook(old)
        let newBytes = try Terminal.readNotebook(new)
        var options = RunOptions(locale: locale?.locale)
        options.snapshot = true
        let before = Engine.run(name: old, bytes: oldBytes, options: options)
        let after = Engine.run(name: new, bytes: newBytes, options: options)
        // A notebook with errors has no values to compare: say what is wrong with it.
        let broken = [(old, before), (new, after)].filter { $0.1.hasErrors }
        if !broken.isEmpty {
            for (file, r) in broken {
                var errors = r
                errors.diagnostics = r.diagnostics.filter { $0.severity == .error && $0.kind != .check }
                Terminal.diagnostics(errors)
                Terminal.error("error: cannot compare: '\(file)' has errors (above); `chiso check \(file)` shows them all\n")
            }
            throw ExitCode(Exit.notebookErrors)
        }
        guard let a = before.snapshot, var b = after.snapshot else { throw ExitCode(Exit.notebookErrors) }
        // A reply written as `use "old.chiso" with { … }`: compare OLD with that import.
        var header = "", alias: String?
        if let i = b.firstImport(of: old) {
            b = b.instance(i, locale: a.locale)
            alias = String(i.prefix.dropLast())
            header = "Comparing \(old) with its import as `\(i.prefix.dropLast())` in \(new) (its `with` lines applied).\n\n"
        }
        let diff = NotebookDiff(old: a, new: b)
        switch format {
        case .table: Terminal.output(header + DiffRenderer.text(diff, formulas: formulas))
        case .md: Terminal.output(header + DiffRenderer.markdown(diff, formulas: formulas))
        case .json: Terminal.output(DiffRenderer.json(diff, formulas: formulas, importedAs: alias))
        }
        throw ExitCode(diff.differs(formulas: formulas) ? Exit.checkFailed : Exit.ok)
    }
}

struct Why: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a value: its formula, the values it reads, and where an amended value came from.",
        discussion: """
            The explanation the REPL's :why gives, for one name of the notebook or of a notebook \
            it imports (du_thao.tt.bao_ht), in one period (name@2022H1) or, for a row, its last. \
            Exit 0; 64 when the name or the period does not fit; 65 when the notebook has errors \
            (the explanation is still printed); 66 when it cannot be read.
            """
    )

    @Argument(help: "The notebook (.chiso).")
    var file: String

    @Argument(help: ArgumentHelp("The value: a cell, table.row or alias.table.row, with @PERIOD for one period.", valueName: "name[@P]"))
    var target: String

    @OptionGroup var locale: LocaleChoice

    @OptionGroup var root: RootChoice

    @Option(help: ArgumentHelp("How many levels of the values read to show (default 3).", valueName: "n"))
    var depth: Int = 3

    func validate() throws {
        if depth < 0 { throw ValidationError("--depth takes a number from 0, not \(depth)") }
    }

    func run() throws {
        _ = try Terminal.readNotebook(file)
        let session = Session(locale: locale.chosen, root: root.root)
        let loaded = session.load(path: file)
        let errors = loaded.diagnostics.filter { $0.severity == .error && $0.kind != .check }
        switch session.why(target, depth: min(depth, 50), command: "") {
        case .explanation(let text):
            Terminal.output(text + "\n")
        case .unknownName(let name, let suggestion):
            Terminal.error("error: \(file) has no cell or row '\(name)'\(suggestion.map { "; did you mean '\($0)'?" } ?? "")\n")
            throw ExitCode(Exit.usage)
        case .badPeriod(let text):
            Terminal.error("error: '\(text)' is not a period: write one such as 2022, 2022H1, 2022Q1 or 2022M01\n")
            throw ExitCode(Exit.usage)
        case .outsideRange(let period, let range):
            Terminal.error("error: \(period) is outside the periods of that row's table (\(range))\n")
            throw ExitCode(Exit.usage)
        case .notARow(let name):
            Terminal.error("error: '\(name)' is a cell: it has one value, not one per period; write \(name) without '@'\n")
            throw ExitCode(Exit.usage)
        }
        if !errors.isEmpty {
            Terminal.error(DiagnosticRenderer(sources: session.sources, colour: Terminal.colour(for: STDERR_FILENO)).render(errors))
            throw ExitCode(Exit.notebookErrors)
        }
    }
}

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Print, or write in place, the pins of every `use` and `from` of a notebook.",
        discussion: """
            A pin (use "x.chiso" as x pinned "sha256:…") makes the notebook run only while the file \
            it names is the one pinned; a notebook's pin covers what it imports and reads too. \
            Without --write, prints each pin; with --write, writes them into the file (adding or \
            refreshing `pinned "…"` after each path, every other byte kept), atomically.
            """
    )

    @Argument(help: "The notebook (.chiso).")
    var file: String

    @Flag(help: "Write the pins into the file (only when that changes it).")
    var write = false

    @OptionGroup var root: RootChoice

    func run() throws {
        let bytes = try Terminal.readNotebook(file)
        let plan = Pins.plan(path: file, bytes: bytes, root: root.root)
        guard plan.errors.isEmpty else {
            Terminal.error(DiagnosticRenderer(sources: plan.sources, colour: Terminal.colour(for: STDERR_FILENO)).render(plan.errors))
            throw ExitCode(Exit.notebookErrors)
        }
        guard write else {
            if plan.entries.isEmpty { return Terminal.output("\(file) imports nothing and reads no data file: nothing to pin.\n") }
            Terminal.output(
                plan.entries.map { e in
                    "line \(e.line): \(e.kind) \"\(e.path)\" pinned \"\(e.hash)\"\(e.unchanged ? "  (as written)" : "")\n"
                }.joined())
            return
        }
        let changed = plan.entries.filter { !$0.unchanged }.count
        guard plan.text != bytes else { return Terminal.output("\(file): every pin is up to date\n") }
        if case .failure(let e) = NotebookFile.writeAtomically(file, plan.text) {
            Terminal.error("error: cannot write '\(e.path)': \(e.reason)\n")
            throw ExitCode(Exit.unreadable)
        }
        Terminal.output("\(file): wrote \(changed) pin\(changed == 1 ? "" : "s")\n")
    }
}
