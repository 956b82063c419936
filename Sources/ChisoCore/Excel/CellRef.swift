// MARK: - A1 cell references

/// A cell's place on a sheet, 1-based (`B7` is column 2, row 7).
struct CellRef: Hashable, Comparable {
    var row: Int
    var column: Int

    /// Excel's largest sheet: 1,048,576 rows of 16,384 columns (`XFD`).
    static let maxRow = 1_048_576
    static let maxColumn = 16_384

    init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `B7` (also `$B$7`); nil for anything else or a cell off the sheet.
    init?(_ text: String) {
        var column = 0, row = 0, letters = 0, digits = 0
        for b in text.utf8 where b != UInt8(ascii: "$") {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(b - 64)
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(b - 96)
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(b - 48)
                digits += 1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, (1...Self.maxRow).contains(row), (1...Self.maxColumn).contains(column) else { return nil }
        self.init(row: row, column: column)
    }

    /// `B`, `AA`, `XFD`.
    static func columnName(_ column: Int) -> String {
        var n = column, name: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            name.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(name)
    }

    /// `B7`.
    var name: String { Self.columnName(column) + String(row) }

    static func < (a: CellRef, b: CellRef) -> Bool { (a.row, a.column) < (b.row, b.column) }
}
