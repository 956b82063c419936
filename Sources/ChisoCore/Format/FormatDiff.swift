// MARK: - What formatting would change
//
// For `chiso fmt --check`: the file's name and every line that formatting changes, as a
// unified diff with one line of context (both sides of each change, never cut short):
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
//    table dvc "Hồ sơ" over 2019Q1..2019Q4 {

public enum FormatDiff {
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
        out += hunks(old, new, first: first, oldEnd: oldEnd, newEnd: newEnd)
        return out
    }

    /// Every change, as unified-diff hunks with a line of context on each side: the
    /// lines matched by the standard library's shortest edit script, and in each run of
    /// changes the removed lines first, as diff prints them.
    private static func hunks(_ old: [String], _ new: [String], first: Int, oldEnd: Int, newEnd: Int) -> String {
        // Lines are compared as numbers (each line hashed once), so that long equal lines
        // are not compared again and again.
        var ids: [String: Int] = [:]
        func id(_ line: String) -> Int {
            if let known = ids[line] { return known }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = old[first..<oldEnd].map(id), b = new[first..<newEnd].map(id)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in b.difference(from: a) {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // The edit script over the whole files: (mark, old line number, new line number, text).
        typealias Op = (mark: Character, old: Int, new: Int, line: String)
        var ops: [Op] = (0..<first).map { (" ", $0, $0, old[$0]) }
        var i = 0, j = 0
        var run: [Op] = []
        func endRun() {
            ops += run.filter { $0.mark == "-" } + run.filter { $0.mark == "+" }
            run = []
        }
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                run.append(("-", first + i, first + j, old[first + i]))
                i += 1
            } else if j < b.count, inserted.contains(j) {
                run.append(("+", first + i, first + j, new[first + j]))
                j += 1
            } else {
                endRun()
                ops.append((" ", first + i, first + j, old[first + i]))
                i += 1
                j += 1
            }
        }
        endRun()
        for k in 0..<(old.count - oldEnd) { ops.append((" ", oldEnd + k, newEnd + k, old[oldEnd + k])) }
        // Hunks: each change with one line of context, runs closer than that joined.
        let context = 1
        var out = ""
        var k = 0
        while k < ops.count {
            guard ops[k].mark != " " else { k += 1; continue }
            let start = max(0, k - context)
            var end = k
            while end < ops.count {
                if ops[end].mark != " " { end += 1; continue }
                var next = end
                while next < ops.count, ops[next].mark == " ", next - end < 2 * context { next += 1 }
                if next < ops.count, ops[next].mark != " " { end = next } else { break }
            }
            let stop = min(ops.count, end + context)
            let body = ops[start..<stop]
            let oldCount = body.filter { $0.mark != "+" }.count, newCount = body.filter { $0.mark != "-" }.count
            let oldStart = (body.first { $0.mark != "+" }?.old ?? body.first!.old) + (oldCount == 0 ? 0 : 1)
            let newStart = (body.first { $0.mark != "-" }?.new ?? body.first!.new) + (newCount == 0 ? 0 : 1)
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for op in body { out += "\(op.mark)\(DisplayWidth.sanitized(op.line))\n" }
            k = stop
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
