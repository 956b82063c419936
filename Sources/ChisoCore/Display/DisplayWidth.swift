// MARK: - Display width
//
// How many terminal columns a string takes: combining marks take none (so Vietnamese
// written with combining diacritics aligns like precomposed text), East Asian wide
// characters take two.

public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        // Printable ASCII is one column a byte.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        var width = 0
        for scalar in s.unicodeScalars { width += of(scalar) }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(v) { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// `s` safe to write to a terminal or to hand to any program that might: line breaks
    /// and tabs become spaces (line feeds stay with `keepingLineBreaks`), other control
    /// characters (escape sequences from an untrusted notebook) become U+FFFD, and so do
    /// the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069), which reorder the text around them on screen so that what is shown
    /// is not what is there. Every output of text from a notebook goes through here: the
    /// table, Markdown, HTML, CSV and JSON reports, diagnostics and the REPL's lines.
    public static func sanitized(_ s: String, keepingLineBreaks: Bool = false) -> String {
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A where keepingLineBreaks: out.append(u)
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case _ where isUnsafe(u): out.append("\u{FFFD}")
            default: out.append(u)
            }
        }
        return String(out)
    }

    @inline(__always)
    private static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// `s` padded with spaces to `width` columns, on the right (left-aligned) or left.
    public static func pad(_ s: String, to width: Int, alignRight: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return alignRight ? fill + s : s + fill
    }
}
