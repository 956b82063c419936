// MARK: - What formatting would change
//
// For `chiso fmt --check`: the file's name and the first lines that formatting changes,
// in the style of a unified diff:
//
//   notebooks/q1.chiso: not in canonical layout (chiso fmt --write changes it)
//   --- notebooks/q1.chiso
//   +++ notebooks/q1.chiso (formatted)
//   @@ -7,4 +7,4 @@
//    # Scalar cells
//   -population "Dân số" = 1_290_000
//   -subscribers "Thuê bao di động"    = 1_135_200
//   +population  "Dân số"           = 1_290_000
//   +subscribers "Thuê bao di động" = 1_135_200
//   … more changes after line 9

public enum FormatDiff {
    /// How many lines of each side are shown at most.
    static let maxLines = 6

    /// A short description of how `formatted` differs from the file's `original` bytes
    /// (empty when they are the same).
    public static func describe(name: String, original: [UInt8], formatted: String) -> String {
        guard original != Array(formatted.utf8) else { return "" }
        var out = "\(name): not in canonical layout (chiso fmt --write changes it)\n"
        var notes: [String] = []
        if original.starts(with: [0xEF, 0xBB, 0xBF]) { notes.append("the byte-order mark is removed") }
        if original.contains(UInt8(ascii: "\r")) { notes.append("CRLF line endings become LF") }
        let old = lines(original), new = lines(Array(formatted.utf8))
        var first = 0
        while first < old.count, first < new.count, old[first] == new[first] { first += 1 }
        var oldEnd = old.count, newEnd = new.count
        while oldEnd > first, newEnd > first, old[oldEnd - 1] == new[newEnd - 1] {
            oldEnd -= 1
            newEnd -= 1
        }
        if first == oldEnd && first == newEnd {
            if notes.isEmpty { notes.append("a newline is added at the end of the file") }
            return out + notes.map { "  \($0)\n" }.joined()
        }
        for note in notes { out += "  \(note)\n" }
        out += "--- \(name)\n+++ \(name) (formatted)\n"
        out += hunk(old, new, first: first, oldEnd: oldEnd, newEnd: newEnd)
        return out
    }

    /// The first changes as one unified-diff hunk, lines matched by a longest common
    /// subsequence over a window of the file, with a line of context on each side.
    private static func hunk(_ old: [String], _ new: [String], first: Int, oldEnd: Int, newEnd: Int) -> String {
        let window = 200
        // Lines are compared as numbers (each line hashed once), so that long equal lines
        // are not compared again for every pair.
        var ids: [String: Int] = [:]
        func id(_ line: String) -> Int {
            if let known = ids[line] { return known }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = old[first..<min(oldEnd, first + window)].map(id), b = new[first..<min(newEnd, first + window)].map(id)
        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var ops: [(mark: Character, line: String)] = []
        if first > 0 { ops.append((" ", old[first - 1])) }
        var i = 0, j = 0, changed = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                ops.append((" ", old[first + i]))
                i += 1
                j += 1
                if changed >= maxLines { break }
            } else if changed >= 2 * maxLines {
                break
            } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                ops.append(("-", old[first + i]))
                i += 1
                changed += 1
            } else {
                ops.append(("+", new[first + j]))
                j += 1
                changed += 1
            }
        }
        if i == a.count, j == b.count, ops.last?.mark != " ", first + i < old.count {
            ops.append((" ", old[first + i]))
        }
        // In each run of changes, the removed lines come first, as diff prints them.
        var ordered: [(mark: Character, line: String)] = []
        var run: [(mark: Character, line: String)] = []
        func endRun() {
            ordered += run.filter { $0.mark == "-" } + run.filter { $0.mark == "+" }
            run = []
        }
        for op in ops {
            if op.mark == " " {
                endRun()
                ordered.append(op)
            } else {
                run.append(op)
            }
        }
        endRun()
        let oldCount = ordered.filter { $0.mark != "+" }.count, newCount = ordered.filter { $0.mark != "-" }.count
        let start = max(first, 1)
        var out = "@@ -\(start),\(oldCount) +\(start),\(newCount) @@\n"
        for op in ordered { out += "\(op.mark)\(DisplayWidth.sanitized(op.line))\n" }
        if first + i < oldEnd || first + j < newEnd {
            out += "… more changes after line \(first + i)\n"
        }
        return out
    }

    /// The lines of a text, without a BOM, line endings or a final empty line.
    private static func lines(_ bytes: [UInt8]) -> [String] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var result = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line -> String in
            var l = line
            if l.last == UInt8(ascii: "\r") { l = l.dropLast() }
            return String(decoding: l, as: UTF8.self)
        }
        if result.last == "" { result.removeLast() }
        return result
    }
}
