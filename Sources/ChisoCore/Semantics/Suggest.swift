// MARK: - "Did you mean …?"

/// Used by the resolver for diagnostics and by the REPL for what it parses itself (`:lod`).
public enum Suggest {
    /// The candidate closest to `name`, if it is close enough to be a likely typo.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        var best: (String, Int)?
        let limit = max(1, min(3, target.count / 3))
        for c in candidates where c != name && abs(c.count - target.count) <= limit {
            let d = distance(target, Array(c.lowercased()))
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
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
