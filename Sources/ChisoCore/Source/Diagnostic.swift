// MARK: - Diagnostics
//
// A diagnostic is data: what went wrong, where, and what to do. The core library only
// returns them; `DiagnosticRenderer` turns them into text, and the CLI decides where
// the text goes and which exit code follows.

public struct Diagnostic: Error, Equatable, Sendable {
    /// At most this many diagnostics of one source are shown (a line then says how many
    /// more there were); the lexer, the parser and a data file stop reading a source once
    /// they have found this many errors in it, and the resolver stops looking for
    /// suggestions for errors that cannot be among those shown.
    public static let limit = 100

    public enum Severity: String, Sendable { case error, warning }

    /// What kind of problem this is; the command line maps kinds to exit codes.
    public enum Kind: Sendable, Equatable {
        /// The notebook does not parse.
        case syntax
        /// An unknown, duplicate or misused name.
        case name
        /// Definitions that depend on each other.
        case cycle
        /// A problem found while evaluating (recursion too deep, …).
        case evaluation
        /// A `check` that does not hold.
        case check
        /// A file that cannot be read.
        case io
        /// A value given on the command line (`--set`).
        case usage
    }

    /// A secondary place with its own short message ("first defined here").
    public struct Note: Equatable, Sendable {
        public var span: SourceSpan
        public var message: String
        public init(span: SourceSpan, message: String) {
            self.span = span
            self.message = message
        }
    }

    public var severity: Severity
    public var kind: Kind
    public var message: String
    public var span: SourceSpan?
    /// Shown under the caret: what to do ("did you mean 'received'?").
    public var help: String?
    public var notes: [Note]

    public init(
        _ severity: Severity = .error, _ kind: Kind, _ message: String,
        at span: SourceSpan?, help: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.span = span
        self.help = help
        self.notes = notes
    }

    public static func error(_ kind: Kind, _ message: String, at span: SourceSpan?, help: String? = nil, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, kind, message, at: span, help: help, notes: notes)
    }

    public static func warning(_ kind: Kind, _ message: String, at span: SourceSpan?, help: String? = nil, notes: [Note] = []) -> Diagnostic
    {
        Diagnostic(.warning, kind, message, at: span, help: help, notes: notes)
    }
}
