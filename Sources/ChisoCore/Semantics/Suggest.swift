// MARK: - "Did you mean …?"

/// Used by the resolver for diagnostics and by the REPL for what it parses itself (`:lod`).
public enum Suggest {
    /// Names longer than this get no suggestion (a typo is looked for in names people type).
    public static let maxLength = 64

    /// The candidate closest to `name`, if it is close enough to be a likely typo.
    /// Costs a few operations per candidate character: candidates whose length differs by
    /// more than the edits allowed are skipped unread, ASCII names are compared as bytes
    /// without allocating, and the distance is computed only near the diagonal, stopping
    /// once it exceeds the edits allowed.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        guard name.utf8.count <= 4 * maxLength else { return nil }
        let target = Array(name.lowercased())
        guard target.count <= maxLength else { return nil }
        let asciiTarget: [UInt8]? = name.utf8.allSatisfy { $0 < 0x80 } ? Array(name.lowercased().utf8) : nil
        var best: (String, Int)?
        let limit = max(1, min(3, target.count / 3))
        var rows = Rows()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * maxLength)
        for c in candidates where c != name {
            // A character is at least one byte: rule out by bytes first.
            let count = c.utf8.count
            guard count + limit >= target.count, count <= 4 * maxLength else { continue }
            let d: Int
            if let asciiTarget, c.utf8.allSatisfy({ $0 < 0x80 }) {
                guard abs(count - asciiTarget.count) <= limit else { continue }
                bytes.removeAll(keepingCapacity: true)
                for b in c.utf8 { bytes.append(b >= 65 && b <= 90 ? b | 0x20 : b) }
                d = distance(asciiTarget, bytes, atMost: limit, &rows)
            } else {
                let other = Array(c.lowercased())
                guard abs(other.count - target.count) <= limit else { continue }
                d = distance(target, other, atMost: limit, &rows)
            }
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    /// The three rows of the distance table, kept from one candidate to the next.
    struct Rows {
        var before = [Int](), previous = [Int](), current = [Int]()
    }

    /// `distance(a, b)` when it is at most `bound`, else `bound + 1`. Only the band of
    /// width 2 × bound + 1 around the diagonal is computed, and the computation stops at
    /// the first row whose cells all exceed `bound`.
    static func distance<T: Equatable>(_ a: [T], _ b: [T], atMost bound: Int, _ rows: inout Rows) -> Int {
        let big = bound + 1
        if abs(a.count - b.count) > bound { return big }
        if a.isEmpty || b.isEmpty { return min(big, max(a.count, b.count)) }
        if rows.current.count < b.count + 2 {
            rows.before = [Int](repeating: big, count: b.count + 2)
            rows.previous = rows.before
            rows.current = rows.before
        }
        // Row 0, as far as row 1 reads it.
        for j in 0...min(b.count, bound + 1) { rows.previous[j] = min(j, big) }
        for i in 1...a.count {
            let lo = max(1, i - bound), hi = min(b.count, i + bound)
            // The cells just outside the band must read as too far (they hold older rows).
            rows.current[0] = min(i, big)
            if lo - 1 > 0 { rows.current[lo - 1] = big }
            if hi + 1 <= b.count { rows.current[hi + 1] = big }
            var rowMin = rows.current[0]
            if lo <= hi {
                for j in lo...hi {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var v = Swift.min(rows.previous[j] + 1, rows.current[j - 1] + 1, rows.previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        v = Swift.min(v, rows.before[j - 2] + 1)
                    }
                    rows.current[j] = Swift.min(v, big)
                    rowMin = Swift.min(rowMin, rows.current[j])
                }
            }
            if rowMin > bound { return big }
            swap(&rows.before, &rows.previous)
            swap(&rows.previous, &rows.current)
        }
        return rows.previous[b.count]
    }

    /// Edit distance counting a swap of neighbours as one edit (optimal string alignment).
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = Swift.min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }

    public static func help(_ suggestion: String?) -> String? {
        suggestion.map { "did you mean '\($0)'?" }
    }
}
