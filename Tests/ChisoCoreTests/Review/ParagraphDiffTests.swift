// `chiso diff` compares paragraphs by their text: aligned on the paragraphs that are the
// same, so one inserted paragraph does not make every later one a change.

import Testing

@testable import ChisoCore

private func diff(_ old: String, _ new: String) -> NotebookDiff {
    func snapshot(_ text: String) -> ReviewSnapshot {
        var options = RunOptions()
        options.snapshot = true
        return Engine.run(name: "t.chiso", text: text, options: options).snapshot!
    }
    return NotebookDiff(old: snapshot(old), new: snapshot(new))
}

@Suite("Diff: paragraphs")
struct ParagraphDiffTests {
    @Test func aFigureInAParagraphIsADifference() {
        let d = diff("x = 1\n> Có {x} hồ sơ.\n", "x = 2\n> Có {x} hồ sơ.\n")
        #expect(d.paragraphs == [NotebookDiff.ParagraphChange(index: 1, old: "Có 1 hồ sơ.", new: "Có 2 hồ sơ.")])
        #expect(d.differs(formulas: false))
    }

    @Test func theWordingAloneIsADifferenceAndTheSameTextIsNone() {
        let d = diff("x = 1\n> Có {x} hồ sơ.\n", "x = 1\n> Nhận {x} hồ sơ.\n")
        #expect(d.valueCount == 0)
        #expect(d.paragraphs.count == 1)
        #expect(d.differs(formulas: false))
        #expect(!diff("x = 1\n> Có {x} hồ sơ.\n", "# a comment\nx = 1\n> Có {x} hồ sơ.\n").differs(formulas: false))
    }

    @Test func anInsertedParagraphIsAddedAndTheRestStayMatched() {
        let changes = NotebookDiff.paragraphChanges(["A", "B", "C"], ["A", "X", "B", "C"])
        #expect(changes == [NotebookDiff.ParagraphChange(index: 2, old: nil, new: "X")])
        let removed = NotebookDiff.paragraphChanges(["A", "B", "C"], ["A", "C"])
        #expect(removed == [NotebookDiff.ParagraphChange(index: 2, old: "B", new: nil)])
        let swapped = NotebookDiff.paragraphChanges(["A", "B"], ["A", "Z", "Y"])
        #expect(
            swapped == [
                NotebookDiff.ParagraphChange(index: 2, old: "B", new: "Z"), NotebookDiff.ParagraphChange(index: 3, old: nil, new: "Y"),
            ])
        #expect(NotebookDiff.paragraphChanges([], []).isEmpty)
    }
}
