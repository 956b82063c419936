// The session the REPL stands on: definitions one input at a time, redefinition,
// refused inputs that leave no trace, expressions, :del, :save and :load.

import Foundation
import Testing

@testable import ChisoCore

/// The scalars an outcome's items show, by name.
private func scalars(_ items: [Report.Item]) -> [String: Value] {
    var out: [String: Value] = [:]
    for case .scalars(let group) in items { for s in group { out[s.name] = s.value } }
    return out
}

/// The rows an outcome's items show, as "table.row".
private func rows(_ items: [Report.Item]) -> [String: [Value]] {
    var out: [String: [Value]] = [:]
    for case .table(let t) in items { for r in t.rows { out["\(t.name).\(r.name)"] = r.values } }
    return out
}

@Suite("Session")
struct SessionTests {
    @Test func aDefinitionShowsItsValueAndWhatChanged() {
        let s = Session()
        #expect(scalars(s.submit("x = 1").shown) == ["x": .number(1)])
        let y = s.submit("y = x * 2")
        #expect(scalars(y.shown) == ["y": .number(2)])
        #expect(y.changed.isEmpty)
        let again = s.submit("x = 5")
        #expect(again.accepted)
        #expect(scalars(again.shown) == ["x": .number(5)])
        #expect(scalars(again.changed) == ["y": .number(10)])
    }

    /// The fuzzer's sessions run under a small step budget, as `chiso run --max-steps` does.
    @Test func aStepBudgetStopsARunawayFunction() {
        let s = Session(maxSteps: 1_000)
        #expect(s.submit("fn f(n, a) = if n <= 0 then a else f(n - 1, a) + f(n - 1, a)").accepted)
        // Stopped, it is an error: the input is refused, in place as by a rebuild.
        let stopped = ["evaluation stopped in 'x': the notebook needs more than 1000 steps"]
        let o = s.submit("x = f(12, 1)")
        #expect(!o.accepted)
        #expect(o.diagnostics.map(\.message) == stopped)
        #expect(!s.submit("x").accepted, "x was defined")
        let rebuilt = Session(maxSteps: 1_000).submit("fn f(n, a) = if n <= 0 then a else f(n - 1, a) + f(n - 1, a)\nx = f(12, 1)")
        #expect(!rebuilt.accepted)
        #expect(rebuilt.diagnostics.map(\.message) == stopped)
        // Each input has the whole budget again.
        #expect(scalars(s.submit("y = f(3, 1)").shown) == ["y": .number(8)])
        // The default budget is far larger.
        let roomy = Session().submit("fn f(n, a) = if n <= 0 then a else f(n - 1, a) + f(n - 1, a)\nx = f(12, 1)")
        #expect(scalars(roomy.shown)["x"] == .number(4096))
    }

    @Test func anExpressionPrintsItsValueAndDefinesNothing() {
        let s = Session()
        _ = s.submit("x = 20")
        let e = s.submit("x / 8 + 0.5")
        #expect(e.accepted)
        #expect(scalars(e.shown) == ["x / 8 + 0.5": .number(3)])
        #expect(!s.completions.contains("x / 8 + 0.5"))
    }

    @Test func anErrorLeavesTheSessionExactlyAsItWas() {
        let s = Session()
        _ = s.submit("x = 1")
        _ = s.submit("y = x + 1")
        let before = s.notebookText
        for bad in ["z = nope + 1", "x = (1 +", "x = y * 2", "q = 1 2"] {
            let o = s.submit(bad)
            #expect(!o.accepted, "\(bad)")
            #expect(!o.diagnostics.isEmpty, "\(bad)")
            #expect(s.notebookText == before, "\(bad)")
        }
        #expect(!s.completions.contains("z"))
        #expect(scalars(s.submit("y").shown) == ["y": .number(2)])
    }

    @Test func refusalsSayWhereInTheInput() throws {
        let s = Session()
        _ = s.submit("received = 3")
        let o = s.submit("rate = 1 / recieved")
        let d = try #require(o.diagnostics.first)
        #expect(d.message == "unknown name 'recieved'")
        #expect(d.help == "did you mean 'received'?")
        let rendered = DiagnosticRenderer(sources: s.sources).render(d)
        #expect(rendered.hasPrefix("<repl:2>:1:12: error: unknown name 'recieved'"))
    }

    @Test func aCycleIsRefusedWithItsPath() {
        let s = Session()
        _ = s.submit("a = 1")
        _ = s.submit("b = a + 1")
        let o = s.submit("a = b * 2")
        #expect(!o.accepted)
        #expect(o.diagnostics.first?.message == "cycle: a -> b -> a")
        #expect(scalars(s.submit("b").shown) == ["b": .number(2)])
    }

    @Test func aLongerCycleIsRefusedWithItsPathInReadingOrder() {
        let s = Session()
        _ = s.submit("a = 1")
        _ = s.submit("b = a + 1")
        _ = s.submit("c = b + 1")
        let o = s.submit("a = c * 2")
        #expect(!o.accepted)
        #expect(o.diagnostics.map(\.message) == ["cycle: a -> c -> b -> a"])
        #expect(scalars(s.submit("c").shown) == ["c": .number(3)])
    }

    @Test func tablesRowsAndCellsAreRedefined() {
        let s = Session()
        let t = s.submit(
            """
            table dvc over 2019Q1..2019Q3 {
              received = 10, 20, 30
              resolved = 9, 20, 27
              rate = resolved / received
            }
            """)
        #expect(t.accepted)
        #expect(rows(t.shown)["dvc.rate"] == [.number(0.9), .number(1), .number(0.9)])
        _ = s.submit("total = sum(dvc.received)")
        let cell = s.submit("dvc.received@2019Q3 = 27")
        #expect(cell.accepted)
        // The edited cell is shown; what reads it is listed as changed.
        #expect(scalars(cell.shown) == ["dvc.received@2019Q3": .number(27)])
        #expect(rows(cell.changed)["dvc.rate"] == [.number(0.9), .number(1), .number(1)])
        #expect(cell.changes.map(\.place) == ["dvc.rate@2019Q3", "total"])
        #expect(cell.changes.first { $0.place == "dvc.rate@2019Q3" }.map { "\($0.old) → \($0.new)" } == "0.9 → 1")
        #expect(scalars(cell.changed) == ["total": .number(57)])
        let row = s.submit("dvc.late = received - resolved")
        #expect(rows(row.shown)["dvc.late"] == [.number(1), .number(0), .number(0)])
    }

    @Test func rowsOfPrivateTablesAreNotShownAsChanged() {
        let s = Session()
        _ = s.submit("k = 1")
        _ = s.submit("table _t over 2019..2020 {\n  a = k * 2\n}")
        _ = s.submit("x = sum(_t.a)")
        let o = s.submit("k = 5")
        #expect(rows(o.changed).isEmpty)
        #expect(scalars(o.changed) == ["x": .number(20)])
        let table = s.submit("table _t over 2019..2020 {\n  a = k * 3\n}")
        #expect(rows(table.changed).isEmpty)
        #expect(scalars(table.changed) == ["x": .number(30)])
    }

    @Test func deletingMakesReadersNameErrorsUntilRedefined() {
        let s = Session()
        _ = s.submit("x = 2")
        _ = s.submit("y = x * 10")
        let d = s.delete("x")
        #expect(d.accepted)
        #expect(scalars(d.changed) == ["y": .error(.name)])
        let back = s.submit("x = 3")
        #expect(scalars(back.changed) == ["y": .number(30)])
        #expect(!s.delete("nothing").accepted)
    }

    @Test func savedSessionsRunTheSameWithChisoRun() throws {
        let s = Session()
        for input in [
            "locale vi", "## Báo cáo", "dan_so \"Dân số\" = 1_290_000",
            "table dvc \"Hồ sơ\" over 2019Q1..2019Q2 with total {\n  nhan = 60, 48\n  gq = 58, 47\n  tl = gq / nhan as percent(1)\n}",
            "dvc.ton = nhan - gq", "dvc.nhan@2019Q2 = 50", "dan_so = 1_300_000", "check dvc.gq <= dvc.nhan",
        ] {
            #expect(s.submit(input).accepted, "\(input)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("saved.chiso").path
        guard case .success = s.save(to: path) else { Issue.record("save failed"); return }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let run = Engine.run(name: "saved.chiso", bytes: bytes)
        #expect(run.diagnostics.isEmpty)
        // The session's report carries no marks of amended values; the run's does.
        #expect(TerminalRenderer.render(run.report.withoutOrigins) == TerminalRenderer.render(s.report))
        #expect(TerminalRenderer.render(run.report).contains("1.300.000"))
        // And it loads back into a new session.
        let t = Session()
        let loaded = t.load(path: path)
        #expect(loaded.accepted)
        #expect(TerminalRenderer.render(t.report) == TerminalRenderer.render(s.report))
    }

    @Test func loadedEntriesReadTheirTextFromTheFileUntilEdited() throws {
        let text = """
            # Báo cáo quý   (a comment the session keeps)
            locale vi
            ## Dân số
            dan_so "Dân số" = 1_290_000   # người
            table dvc over 2019Q1..2019Q2 {
              nhan = 60, 48
              gq   = 58, 47   # giải quyết
              ton  = nhan - gq
            }
            dvc.nhan@2019Q2 = 50
            check dvc.gq <= dvc.nhan

            """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-entries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("book.chiso").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let s = Session()
        #expect(s.load(path: path).accepted)
        // No entry keeps a copy of its text: each is read from the loaded file.
        #expect(s.entries.allSatisfy { $0.written == nil })
        #expect(s.savedText(for: path).text == text)
        #expect(
            s.entries.map { $0.text(in: s.sources) }.contains(
                "table dvc over 2019Q1..2019Q2 {\n  nhan = 60, 48\n  gq   = 58, 47   # giải quyết\n  ton  = nhan - gq\n}"))
        // A row replaced inside its block, and one taken out: that entry's own text now.
        #expect(s.submit("dvc.gq = 57, 46").accepted)
        #expect(s.submit("dan_so = 1_300_000").accepted)
        #expect(s.delete("dvc.ton").accepted)
        #expect(s.entries.filter { $0.written != nil }.map(\.key) == [.top("dvc")])
        let edited = text.replacingOccurrences(of: "1_290_000", with: "1_300_000")
            .replacingOccurrences(of: "58, 47", with: "57, 46").replacingOccurrences(of: "  ton  = nhan - gq\n", with: "")
        #expect(s.savedText(for: path).text == edited)
        // Undone, the block's text is the file's again.
        _ = s.undo()
        _ = s.undo()
        _ = s.undo()
        #expect(s.savedText(for: path).text == text)
    }

    @Test func savingIntoAMissingFolderFailsWithoutWritingAnything() {
        let s = Session()
        _ = s.submit("x = 1")
        guard case .failure(let e) = s.save(to: "/nonexistent-folder/x.chiso") else {
            Issue.record("saving into a missing folder succeeded")
            return
        }
        #expect(e.reason == "no such file")
    }

    @Test(arguments: [
        ("table t over 2019..2020 {", true), ("x = (1 +", true), ("x = 1 +", true), ("x = round(1,", true),
        ("x = 1", false), ("table t over 2019..2020 { a = 1, 2 }", false), ("dvc", false), ("x = \"(\"", false),
    ])
    func continuationIsNeededWhileSomethingIsOpen(_ input: String, _ more: Bool) {
        #expect(Session.needsMoreInput(input) == more)
    }

    @Test func localeChangesHowValuesAreShown() {
        let s = Session()
        _ = s.submit("x = 1234.5")
        #expect(CellText.format(.number(1234.5), .general, s.locale) == "1,234.5")
        s.setLocale(.vi)
        #expect(s.locale == .vi)
        _ = s.submit("locale en")
        #expect(s.locale == .vi, ":locale wins over a notebook's locale")
    }

    @Test func whyShowsTheFormulaAndItsInputs() throws {
        let s = Session()
        _ = s.submit("table dvc over 2019Q1..2019Q2 {\n  received = 10, 20\n  resolved = 9, 18\n  rate = resolved / received\n}")
        #expect(
            s.why("dvc.rate@2019Q1")
                == .explanation(
                    """
                    dvc.rate@2019Q1 = 0.9   ← resolved / received
                    ├─ dvc.resolved@2019Q1 = 9   ← data
                    └─ dvc.received@2019Q1 = 10   ← data
                    """))
        // Values of other periods that a shift reads are listed with their periods.
        _ = s.submit("dvc.change = received - received[-1]")
        #expect(
            s.why("dvc.change@2019Q2")
                == .explanation(
                    """
                    dvc.change@2019Q2 = 10   ← received - received[-1]
                    ├─ dvc.received@2019Q2 = 20   ← data
                    └─ dvc.received@2019Q1 = 10   ← data
                    """))
        #expect(s.dependencies(of: "dvc.rate") == ["dvc.received", "dvc.resolved"])
        #expect(s.dependents(of: "dvc.received") == ["dvc.change", "dvc.rate"])
        #expect(s.why("nope") == .unknownName("nope", suggestion: nil))
        #expect(s.why("dvc.rate@2020Q1") == .outsideRange("2020Q1", range: "2019Q1..2019Q2"))
        #expect(s.why("dvc.rate@soon") == .badPeriod("soon"))
        _ = s.submit("k = 3")
        #expect(s.why("k@2019Q1") == .notARow("k"))
        #expect(s.why("k@total") == .notARow("k"))
    }
}
