// MARK: - Commands
//
// A line that starts with `:` is a command to the REPL, not Chiso: `:load FILE`,
// `:show NAME`, … Parsing is separate from running them (REPL+Commands.swift) so that
// help, completion and the did-you-mean all read the same table.

import ChisoCore

public enum Command: Equatable, Sendable {
    /// `:help`, or `:help NAME` (a function or a command).
    case help(String)
    case list(String)
    case load(String)
    case save(String)
    case show(String)
    case deps(String)
    case rdeps(String)
    case why(String)
    case delete(String)
    case undo
    case changes
    case locale(DisplayLocale)
    case quit

    // MARK: The table

    /// One command as `:help` lists it.
    public struct Spec: Sendable {
        public var name: String
        public var argument: String?
        public var summary: String
        /// Other spellings (`:q`).
        public var aliases: [String] = []
    }

    public static let specs: [Spec] = [
        Spec(name: "help", argument: "[NAME]", summary: "this help; with NAME, a function's or a command's"),
        Spec(name: "list", argument: "[WORD]", summary: "the tables, rows, cells, functions and imports (with WORD: those named so)"),
        Spec(name: "load", argument: "FILE", summary: "add a notebook's definitions to the session"),
        Spec(
            name: "save", argument: "[FILE]",
            summary: "write the notebook, keeping its text (no FILE: the loaded one)"),
        Spec(name: "show", argument: "NAME", summary: "how NAME is defined, and its value"),
        Spec(name: "deps", argument: "NAME", summary: "the cells and rows NAME reads"),
        Spec(name: "rdeps", argument: "NAME", summary: "the cells and rows that read NAME"),
        Spec(name: "why", argument: "NAME[@P]", summary: "the formulas and values behind a value (P: a period, 2019Q1)"),
        Spec(name: "del", argument: "NAME[@P]", summary: "remove a definition, or one cell's override (t.row@2019Q1)"),
        Spec(name: "changes", argument: nil, summary: "every value the last input changed, old → new"),
        Spec(name: "undo", argument: nil, summary: "take back the last definition, :load or :del (again: the one before)"),
        Spec(name: "locale", argument: "vi|en", summary: "show numbers as 1.234,5 (vi) or 1,234.5 (en)"),
        Spec(name: "quit", argument: nil, summary: "leave the REPL (also Ctrl-D)", aliases: ["q"]),
    ]

    /// Every spelling, with its colon, for completion and suggestions.
    public static var spellings: [String] {
        specs.flatMap { [$0.name] + $0.aliases }.map { ":" + $0 }
    }

    // MARK: Parsing

    /// Why a command line was not understood: a message and, when there is one, a hint.
    public struct Problem: Error, Equatable, Sendable {
        public var message: String
        public var help: String?
    }

    /// Parses a line starting with `:`. The argument is the rest of the line, trimmed, with
    /// surrounding quotes removed (`:load "Báo cáo quý 1.chiso"`).
    public static func parse(_ line: String) -> Result<Command, Problem> {
        let body = line.trimmingWhitespace().dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        var argument = String(body.dropFirst(name.count)).trimmingWhitespace()
        if argument.count >= 2, argument.first == "\"", argument.last == "\"" { argument = String(argument.dropFirst().dropLast()) }
        guard let spec = specs.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
            guard !name.isEmpty else {
                return .failure(Problem(message: "a command name follows the ':'", help: "type :help to see the commands"))
            }
            return .failure(
                Problem(
                    message: "unknown command ':\(name)'",
                    help: Suggest.help(Suggest.closest(to: ":" + name, in: spellings)) ?? "type :help to see the commands"))
        }
        let usage = ":\(spec.name)" + (spec.argument.map { " \($0)" } ?? "")
        if spec.argument == nil, !argument.isEmpty {
            return .failure(Problem(message: ":\(spec.name) takes no argument", help: "type \(usage)"))
        }
        if let a = spec.argument, !a.hasPrefix("["), argument.isEmpty {
            return .failure(
                Problem(
                    message:
                        ":\(spec.name) needs \(spec.argument?.hasSuffix("FILE") == true ? "a file name" : spec.argument == "vi|en" ? "a locale" : "a name")",
                    help: "type \(usage)"))
        }
        switch spec.name {
        case "help": return .success(.help(argument))
        case "list": return .success(.list(argument))
        case "load": return .success(.load(argument))
        case "save": return .success(.save(argument))
        case "show": return .success(.show(argument))
        case "deps": return .success(.deps(argument))
        case "rdeps": return .success(.rdeps(argument))
        case "why": return .success(.why(argument))
        case "del": return .success(.delete(argument))
        case "undo": return .success(.undo)
        case "changes": return .success(.changes)
        case "locale":
            guard let locale = DisplayLocale(rawValue: argument) else {
                return .failure(Problem(message: "unknown locale '\(argument)'", help: "type :locale vi or :locale en"))
            }
            return .success(.locale(locale))
        default: return .success(.quit)
        }
    }
}
