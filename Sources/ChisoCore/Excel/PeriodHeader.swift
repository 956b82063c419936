// MARK: - Period headers as people write them
//
// A workbook's header row names periods the way its author typed them: canonically
// (`2019Q1`), as Vietnamese labels (`Năm 2019`, `Quý I/2019`, `6 tháng đầu năm 2019`,
// `Tháng 3/2019`), as English ones (`Q1 2019`, `H1 2019`, `Mar 2019`), or as the number
// 2019. The text is cut into words (letters, digits) and matched against these forms;
// anything else is not a period.

enum PeriodHeader {
    /// The period a header's text names, or nil.
    static func parse(_ raw: String) -> Period? {
        let text = raw.trimmed(of: " \t\u{00A0}\n\r")
        if let p = Period.parse(text) { return p }
        var words = self.words(text.lowercased())
        // `Quý I năm 2019`, `tháng 3 năm 2019`: the `năm` before a year says nothing more.
        if words.count > 2, words[words.count - 2] == "năm", year(words.last!) != nil,
            !(words.count == 5 && (words[2] == "đầu" || words[2] == "cuối"))
        {
            words.remove(at: words.count - 2)
        }
        switch words.count {
        case 1:
            return year(words[0]).flatMap { Period(.year, year: $0) }
        case 2:
            guard let y = year(words[1]) else { return nil }
            if ["năm", "year", "fy"].contains(words[0]) { return Period(.year, year: y) }
            if let m = months[words[0]] { return Period(.month, year: y, index: m) }
            return nil
        case 3:
            guard let y = year(words[2]) else { return nil }
            let index = number(words[1])
            switch words[0] {
            case "quý", "q", "quarter": return index.flatMap { Period(.quarter, year: y, index: $0) }
            case "h", "half": return index.flatMap { Period(.half, year: y, index: $0) }
            case "tháng", "t", "m", "month": return index.flatMap { Period(.month, year: y, index: $0) }
            default: return nil
            }
        case 5:
            // `6 tháng đầu năm 2019`, `6 tháng cuối năm 2019`.
            guard words[0] == "6", words[1] == "tháng", words[3] == "năm", let y = year(words[4]) else { return nil }
            switch words[2] {
            case "đầu": return Period(.half, year: y, index: 1)
            case "cuối": return Period(.half, year: y, index: 2)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Runs of letters and runs of digits; everything else separates (`Q1/2019` is q, 1, 2019).
    private static func words(_ text: String) -> [String] {
        var out: [String] = [], current = "", digits = false
        for c in text {
            let isDigit = c.isASCII && c.isNumber
            if c.isLetter || isDigit {
                if !current.isEmpty, isDigit != digits {
                    out.append(current)
                    current = ""
                }
                current.append(c)
                digits = isDigit
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
            if out.count > 8 { return [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    private static func year(_ w: String) -> Int? {
        guard w.count == 4, let y = Int(w), (1000...9999).contains(y) else { return nil }
        return y
    }

    /// `3`, `03` or a Roman numeral up to XII.
    private static func number(_ w: String) -> Int? {
        if w.count <= 2, let n = Int(w) { return n }
        return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"].firstIndex(of: w).map { $0 + 1 }
    }

    private static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let short = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let long = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        ]
        for i in 0..<12 {
            m[short[i]] = i + 1
            m[long[i]] = i + 1
        }
        m["sept"] = 9
        return m
    }()
}
