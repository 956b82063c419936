// Trimming without Foundation's character sets, for lines typed at the prompt.

extension StringProtocol {
    /// Without spaces, tabs and line breaks at either end.
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
