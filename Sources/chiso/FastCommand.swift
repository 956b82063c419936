// `chiso run` and `chiso check` with plain arguments, without swift-argument-parser.
//
// Parsing the command line with ArgumentParser costs a one-line notebook three quarters
// of its instructions: its first protocol-conformance and metadata look-ups (`Mirror`,
// casts, mangled names) scan the conformance records of the whole statically linked
// binary, Foundation's included (docs/benchmarks.md). The common command lines are
// recognised here and run straight away; anything else (another command, another
// option, a flag, a repeated option, a value that is not one of the choices, help) goes
// to ArgumentParser as before, so what it says and exits with is unchanged.

import ArgumentParser
import ChisoCore
import Foundation

struct FastCommand {
    enum Command { case run, check }

    var command: Command
    var file: String
    var format: OutputFormat = .table
    var output: String?
    var locale: DisplayLocale?

    /// The command line after the program's name, when it is `run` or `check` with one
    /// notebook and at most one of each of `--format` and `--output` (run) and
    /// `--locale`, each `--name value` or `--name=value`; nil for anything else.
    init?(_ arguments: [String]) {
        guard let first = arguments.first else { return nil }
        switch first {
        case "run": command = .run
        case "check": command = .check
        default: return nil
        }
        var file: String?
        var seen: Set<String> = []
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-") else {
                // One notebook; `help` and the command names are left to ArgumentParser.
                guard file == nil, !argument.isEmpty, !FastCommand.reserved.contains(argument) else { return nil }
                file = argument
                continue
            }
            let name: String
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard let next = rest.popFirst() else { return nil }
                name = argument
                value = next
            }
            guard !value.isEmpty, !value.hasPrefix("-"), seen.insert(name).inserted else { return nil }
            switch (name, command) {
            case ("--format", .run):
                guard let f = OutputFormat(rawValue: value) else { return nil }
                format = f
            case ("--output", .run): output = value
            case ("--locale", _):
                guard let l = LocaleOption(rawValue: value) else { return nil }
                locale = l.locale
            default: return nil
            }
        }
        guard let file else { return nil }
        self.file = file
        // What `Run.validate` refuses is refused by ArgumentParser, with its message.
        if command == .run, (try? Output.validate(format: format, output: output)) == nil { return nil }
    }

    /// Words ArgumentParser may read as a command or a request for help.
    static let reserved: Set<String> = ["help", "repl", "run", "check", "fmt", "diff", "why", "pin"]

    /// Runs the command and exits with its code.
    func main() -> Never {
        do {
            let request = NotebookRequest(file: file, locale: locale)
            switch command {
            case .run:
                try Run.finish(request.evaluate(excel: format == .xlsx, keepingWork: true), file: file, format: format, output: output)
            case .check: try Check.finish(request.evaluate(keepingWork: true))
            }
            Foundation.exit(Exit.ok)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            Chiso.exit(withError: error)
        }
    }
}
