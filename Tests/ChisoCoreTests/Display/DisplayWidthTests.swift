// MARK: - Display width
//
// Columns line up by display width: combining marks take no column, so Vietnamese with
// combining diacritics aligns like precomposed text; East Asian wide characters take two.

import Testing

@testable import ChisoCore

/// "Hồ sơ tiếp nhận" precomposed (NFC) and decomposed (NFD, base letters + combining marks).
private let precomposed = "H\u{1ED3} s\u{01A1} ti\u{1EBF}p nh\u{1EAD}n"
private let combining = "Ho\u{0302}\u{0300} so\u{031B} tie\u{0302}\u{0301}p nha\u{0323}\u{0302}n"

@Suite("DisplayWidth")
struct DisplayWidthTests {
    @Test("the two spellings are different scalars but the same text")
    func spellings() {
        #expect(Array(precomposed.unicodeScalars) != Array(combining.unicodeScalars))
        #expect(precomposed.unicodeScalars.count == 15)
        #expect(combining.unicodeScalars.count == 22)
        #expect(precomposed == combining)
    }

    @Test("precomposed and combining Vietnamese have the same width")
    func vietnamese() {
        #expect(DisplayWidth.of(precomposed) == 15)
        #expect(DisplayWidth.of(combining) == 15)
        #expect(DisplayWidth.of("Đã giải quyết") == 13)
        #expect(DisplayWidth.of("Tỷ lệ giải quyết") == 16)
    }

    @Test("ASCII is one column a character; the empty string none")
    func ascii() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("2019Q1") == 6)
        #expect(DisplayWidth.of("1,234.5") == 7)
    }

    @Test("CJK, Hangul, full-width forms and emoji are two columns")
    func wide() {
        #expect(DisplayWidth.of("中") == 2)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한") == 2)
        #expect(DisplayWidth.of("\u{FF21}") == 2)  // full-width A
        #expect(DisplayWidth.of("🙂") == 2)
        #expect(DisplayWidth.of("a中b") == 4)
    }

    @Test("combining marks, format characters and controls take no column")
    func zeroWidth() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x0301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x0323)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)  // zero-width joiner
        #expect(DisplayWidth.of("\u{1B}") == 0)
        #expect(DisplayWidth.of("e\u{0301}") == 1)
    }

    @Test("padding by display width, on either side")
    func padding() {
        #expect(DisplayWidth.pad("ab", to: 5) == "ab   ")
        #expect(DisplayWidth.pad("ab", to: 5, alignRight: true) == "   ab")
        #expect(DisplayWidth.pad("e\u{0301}", to: 3) == "e\u{0301}  ")
        #expect(DisplayWidth.pad("中", to: 3) == "中 ")
        #expect(DisplayWidth.pad("toolong", to: 3) == "toolong")
        #expect(DisplayWidth.of(DisplayWidth.pad(combining, to: 20)) == 20)
        #expect(DisplayWidth.of(DisplayWidth.pad(precomposed, to: 20, alignRight: true)) == 20)
    }

    @Test("a printed table lines up with precomposed, combining and wide labels")
    func tableAlignment() {
        let periods = [period("2018Q1"), period("2018Q2")]
        let rows = [
            Report.Row(name: "a", label: precomposed, values: [.number(20), .number(35)], total: .number(55), format: .general),
            Report.Row(name: "b", label: combining, values: [.number(19), .number(1_234_567)], total: .blank, format: .general),
            Report.Row(name: "c", label: "中文", values: [.text("Hà Tĩnh"), .error(.div0)], total: .blank, format: .general),
        ]
        let report = Report(
            locale: .vi,
            items: [
                .table(Report.Table(name: "dvc", label: "Hồ sơ DVC", periods: periods, totalLabel: "Cả kỳ", rows: rows))
            ])
        let text = TerminalRenderer.render(report)
        let boxLines = text.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("│") || $0.hasPrefix("┌") || $0.hasPrefix("├") || $0.hasPrefix("└")
        }
        #expect(boxLines.count == 7)
        let widths = Set(boxLines.map { DisplayWidth.of($0) })
        #expect(widths.count == 1, "every line of the box has the same display width: \(boxLines)")
        // The column separators of every row fall at the same display columns.
        func separatorColumns(_ line: String) -> [Int] {
            var columns: [Int] = [], at = 0
            for ch in line {
                if "│┼┬┴├┤┌┐└┘".contains(ch) { columns.append(at) }
                at += DisplayWidth.of(String(ch))
            }
            return columns
        }
        let columns = Set(boxLines.map(separatorColumns))
        #expect(columns.count == 1, "separators misaligned: \(boxLines)")
        #expect(text.contains("1.234.567"))
        #expect(text.contains("#DIV/0!"))
    }
}
