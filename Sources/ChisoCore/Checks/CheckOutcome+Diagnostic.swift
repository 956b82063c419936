// MARK: - A failed check, worded
//
// The one wording of a failed check, used by `chiso check` (and `run`) and by the REPL:
//
//   error: check failed (imported as b): Số giải quyết không vượt số tiếp nhận
//     = help: 2019Q2: 21 > 20

extension CheckOutcome {
    /// The check as an error: its message, the import it belongs to, and the first few
    /// places it fails, then how many more.
    public var diagnostic: Diagnostic {
        let whereIn = module.map { " (imported as \($0))" } ?? ""
        let what = message.map { "check failed\(whereIn): \($0)" } ?? "check failed\(whereIn)"
        var shown = failures.prefix(5).joined(separator: "; ")
        if failures.count > 5 { shown += "; and \(failures.count - 5) more" }
        return .error(.check, what, at: span, help: shown)
    }
}
