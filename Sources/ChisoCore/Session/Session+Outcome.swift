// MARK: - What an input did
//
// The session's answer to an input, a command or `:load`: whether it was accepted, the
// values it shows, the values elsewhere it changed, and its problems.

extension Session {
    /// What one input did.
    public struct Outcome: Sendable {
        /// False when the input was refused (the session did not change).
        public var accepted: Bool
        /// Errors (when refused) and warnings, with places in the input.
        public var diagnostics: [Diagnostic]
        /// An expression's value, or the values of what was defined.
        public var shown: [Report.Item]
        /// Values elsewhere that changed because of the input.
        public var changed: [Report.Item]
        /// Plain messages ("defined fn f(x)", "deleted x").
        public var notes: [String]
        /// Checks that do not hold after the input.
        public var failedChecks: [CheckOutcome]
        /// Whether the input was an expression (evaluated, nothing defined).
        public var isExpression = false
    }
}
