// MARK: - Paragraphs of two versions compared (`chiso diff`)
//
// A paragraph is what the report says, its figures written in: a sentence whose figure
// moved ("tiếp nhận 1.636 hồ sơ" → "1.700 hồ sơ") or whose wording changed is a
// difference a reviewer must see. Paragraphs have no names, so the two versions' lists
// are aligned on the texts that are the same (a longest common subsequence); between two
// such anchors, paragraphs are paired in order as changed, and what is left over is
// added or removed. Only the notebooks' own paragraphs count: an import's are never
// shown, so a diff of an import against its instance compares none.

extension NotebookDiff {
    /// A paragraph that differs: both texts when it changed, one when it was added or removed.
    public struct ParagraphChange: Sendable, Equatable {
        /// Its place, from 1: in the new version, or in the old one for a removed paragraph.
        public var index: Int
        public var old: String?
        public var new: String?
    }

    /// Beyond this many pairs (old × new) the lists are compared place by place instead.
    static let maxParagraphPairs = 1_000_000

    static func paragraphChanges(_ old: [String], _ new: [String]) -> [ParagraphChange] {
        var anchors: [(Int, Int)] = []
        if old.count * new.count <= maxParagraphPairs {
            // Longest common subsequence, from the ends.
            var length = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
            for i in stride(from: old.count - 1, through: 0, by: -1) {
                for j in stride(from: new.count - 1, through: 0, by: -1) {
                    length[i][j] = old[i] == new[j] ? length[i + 1][j + 1] + 1 : max(length[i + 1][j], length[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < old.count, j < new.count {
                if old[i] == new[j] {
                    anchors.append((i, j))
                    i += 1
                    j += 1
                } else if length[i + 1][j] >= length[i][j + 1] {
                    i += 1
                } else {
                    j += 1
                }
            }
        } else {
            for k in 0..<min(old.count, new.count) where old[k] == new[k] { anchors.append((k, k)) }
        }
        anchors.append((old.count, new.count))
        var out: [ParagraphChange] = []
        var i = 0, j = 0
        for (ai, aj) in anchors {
            // The gap before this anchor: pairs in order, then the rest.
            let pairs = min(ai - i, aj - j)
            for k in 0..<pairs { out.append(ParagraphChange(index: j + k + 1, old: old[i + k], new: new[j + k])) }
            for k in (i + pairs)..<ai { out.append(ParagraphChange(index: k + 1, old: old[k], new: nil)) }
            for k in (j + pairs)..<aj { out.append(ParagraphChange(index: k + 1, old: nil, new: new[k])) }
            i = ai + 1
            j = aj + 1
        }
        return out
    }
}

extension DiffRenderer {
    /// `paragraph 2`, `paragraph 3 (added)`, `paragraph 4 of the old version (removed)`.
    static func place(_ p: NotebookDiff.ParagraphChange) -> String {
        switch (p.old, p.new) {
        case (nil, _): "paragraph \(p.index) (added)"
        case (_, nil): "paragraph \(p.index) of the old version (removed)"
        default: "paragraph \(p.index)"
        }
    }

    /// The terminal's block: each paragraph's place, then `- old` and `+ new`.
    static func paragraphsText(_ d: NotebookDiff) -> String {
        let n = d.paragraphs.count
        var out = "\(n) paragraph\(n == 1 ? "" : "s") differ\(n == 1 ? "s" : ""):\n"
        for p in d.paragraphs {
            out += "  \(place(p))\n"
            if let old = p.old { out += "    - \(clean(old))\n" }
            if let new = p.new { out += "    + \(clean(new))\n" }
        }
        return out
    }

    static func paragraphsMarkdown(_ d: NotebookDiff) -> String {
        var out = "**Paragraphs that differ**\n\n"
        for p in d.paragraphs {
            out += "- \(place(p))\n"
            if let old = p.old { out += "  - old: \(MarkdownRenderer.paragraph(old))\n" }
            if let new = p.new { out += "  - new: \(MarkdownRenderer.paragraph(new))\n" }
        }
        return out
    }
}
