// Sharing notebooks: imports with overrides, the sandbox's refusals, and CSV data.

import Foundation
import Testing

@testable import ChisoCore

/// A fresh folder with files in it; returns its (real) path.
private func folder(_ files: [String: String]) throws -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-import-\(UUID().uuidString)")
    for (name, text) in files {
        let url = base.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return Sandbox.realPath(base.path) ?? base.path
}

/// Runs `dir/file` with `dir` as the notebook root.
private func run(_ dir: String, _ file: String, root: String? = nil) throws -> RunResult {
    let path = dir + "/" + file
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    return Engine.run(name: path, bytes: bytes, options: RunOptions(root: root ?? dir))
}

private let template = """
    population "Dân số" = 1_000_000
    subscribers = 500_000
    density = per100(subscribers, population)
    _secret = 42
    table dvc over 2019Q1..2019Q2 {
      received = 10, 20
      resolved = 9, 18
      rate = share(resolved, received)
    }
    """

@Suite("Imports")
struct ImportTests {
    @Test func importedNamesAreReachedThroughTheAlias() throws {
        let dir = try folder([
            "prov/template.chiso": template,
            "dept/report.chiso": """
            use "../prov/template.chiso" as t
            d = t.density
            r = t.dvc.rate@2019Q2
            s = sum(t.dvc.received)
            """,
        ])
        let r = try run(dir, "dept/report.chiso")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        #expect(value(r, "d") == .number(50))
        #expect(value(r, "r") == .number(0.9))
        #expect(value(r, "s") == .number(30))
        // Imported notebooks are not printed; only the importer's own items are.
        #expect(r.report.items.count == 1)
    }

    @Test func theDefaultAliasIsTheFileStem() throws {
        let dir = try folder(["dan-so.chiso": "population = 7", "main.chiso": "use \"dan-so.chiso\"\nx = dan_so.population * 2"])
        #expect(value(try run(dir, "main.chiso"), "x") == .number(14))
    }

    @Test func withReplacesDefinitionsAndTwoImportsAreIndependent() throws {
        let dir = try folder([
            "template.chiso": template,
            "main.chiso": """
            mine = 800_000
            use "template.chiso" as a with { population = 2_000_000 }
            use "template.chiso" as b with {
              population = mine
              dvc.received = 30, 40
              dvc.resolved@2019Q2 = 41
            }
            da = a.density
            db = b.density
            ra = a.dvc.rate@2019Q2
            rb = b.dvc.rate@2019Q2
            """,
        ])
        let r = try run(dir, "main.chiso")
        #expect(value(r, "da") == .number(25))
        #expect(value(r, "db") == .number(62.5), "the replacement reads the importer's own cell")
        #expect(value(r, "ra") == .number(0.9))
        #expect(value(r, "rb") == .number(41.0 / 40.0))
        // b's replaced figures break the template's own check; the report says which import.
        #expect(r.diagnostics.isEmpty)
    }

    @Test func aReplacementOfAnUnknownNameIsReported() throws {
        let dir = try folder(["template.chiso": template, "main.chiso": "use \"template.chiso\" as a with { popluation = 1 }\n"])
        let d = try #require(try run(dir, "main.chiso").diagnostics.first)
        #expect(d.message == "template.chiso has no cell 'popluation'")
        #expect(d.help == "did you mean 'population'?")
    }

    @Test func privateNamesAreNotShared() throws {
        let dir = try folder(["template.chiso": template, "main.chiso": "use \"template.chiso\" as a\nx = a._secret\n"])
        let r = try run(dir, "main.chiso")
        #expect(value(r, "x") == .error(.name))
        #expect(r.diagnostics.first?.message == "'_secret' is private to a")
    }

    @Test func importsChainThroughAliases() throws {
        let dir = try folder([
            "template.chiso": template,
            "dept.chiso": "use \"template.chiso\" as mau with { population = 250_000 }",
            "summary.chiso": "use \"dept.chiso\" as d\nx = d.mau.density\ny = d.mau.dvc.received@2019Q1",
        ])
        let r = try run(dir, "summary.chiso")
        #expect(value(r, "x") == .number(200))
        #expect(value(r, "y") == .number(10))
    }

    @Test func functionsOfAnImportedNotebookAreCalledThroughTheAlias() throws {
        let dir = try folder([
            "lib.chiso": "fn ratio(a, b) = a / b as percent(1)\nfn _hidden(a) = a\n",
            "main.chiso": "use \"lib.chiso\" as lib\nr = lib.ratio(1, 4)\nh = lib._hidden(1)\nn = lib.rato(1, 2)\n",
        ])
        let r = try run(dir, "main.chiso")
        #expect(value(r, "r") == .number(0.25))
        #expect(scalar(r, "r")?.format == .percent(decimals: 1), "the function's declared format comes along")
        #expect(value(r, "h") == .error(.name))
        let messages = r.diagnostics.map(\.message)
        #expect(messages == ["'_hidden' is private to lib", "lib has no function 'rato'"])
        #expect(r.diagnostics.last?.help == "did you mean 'ratio'?")
    }

    @Test func diagnosticsInsideAnImportedFileNameThatFile() throws {
        let dir = try folder(["lib/broken.chiso": "x = y + 1\n", "main.chiso": "use \"lib/broken.chiso\" as b\nz = b.x\n"])
        let r = try run(dir, "main.chiso")
        let rendered = DiagnosticRenderer(sources: r.sources).render(r.diagnostics)
        #expect(
            rendered.hasPrefix("lib/broken.chiso:1:5: error: unknown name 'y'")
                || rendered.contains("/lib/broken.chiso:1:5: error: unknown name 'y'"))
        #expect(value(r, "z") == .error(.name))
    }

    @Test func anImportCycleNamesTheFiles() throws {
        let dir = try folder(["a.chiso": "use \"b.chiso\" as b\nx = 1\n", "b.chiso": "use \"a.chiso\" as a\ny = 2\n"])
        let r = try run(dir, "a.chiso")
        let d = try #require(r.diagnostics.first { $0.message.hasPrefix("import cycle") })
        #expect(d.message.hasSuffix("a.chiso -> " + dir + "/b.chiso -> " + dir + "/a.chiso") || d.message.contains("a.chiso -> "))
        #expect(d.message.components(separatedBy: " -> ").count == 3)
        #expect(r.hasErrors)
    }
}

@Suite("The sandbox")
struct SandboxTests {
    @Test(arguments: [
        ("use \"/etc/passwd\" as p", "absolute paths are not allowed"),
        ("use \"../../../etc/hosts\" as p", "leaves the notebook root"),
        ("use \"missing.chiso\" as p", "cannot read 'missing.chiso': no such file"),
        ("use \"link.chiso\" as p", "is a link that points outside the notebook root"),
        ("table t over 2019..2020 from \"/etc/passwd\" { }", "absolute paths are not allowed"),
        ("table t over 2019..2020 from \"../outside.csv\" { }", "leaves the notebook root"),
    ])
    func refusals(_ statement: String, _ expected: String) throws {
        let dir = try folder(["nb/main.chiso": statement + "\nx = 1\n"])
        try FileManager.default.createSymbolicLink(atPath: dir + "/nb/link.chiso", withDestinationPath: "/etc/hostname")
        let r = try run(dir + "/nb", "main.chiso")
        #expect(r.diagnostics.contains { $0.message.contains(expected) }, "\(r.diagnostics.map(\.message))")
        #expect(r.hasErrors)
        #expect(value(r, "x") == .number(1), "the rest of the notebook still runs")
    }

    @Test func theRootIsTheNotebooksOwnFolderWhereverChisoRuns() {
        let cwd = Sandbox.realPath(Sandbox.currentDirectory())!
        // Not the current folder, even when the notebook lies under it.
        #expect(Sandbox(notebookPath: "notebooks/tour.chiso").root == cwd + "/notebooks")
        #expect(Sandbox(notebookPath: "/etc/hostname").root == "/etc")
        #expect(Sandbox(notebookPath: "x.chiso", explicitRoot: "/tmp").root == Sandbox.realPath("/tmp"))
    }

    @Test func aChisoRootFileMarksTheTopOfACollection() throws {
        let dir = try folder(["shared/lib.chiso": "k = 5\n", "dept/q1/report.chiso": "use \"../../shared/lib.chiso\" as lib\nx = lib.k\n"])
        let report = dir + "/dept/q1/report.chiso"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: report)))
        // Without a marker the root is the notebook's folder: the sibling folder is out of reach.
        #expect(Sandbox(notebookPath: report).root == dir + "/dept/q1")
        let refused = Engine.run(name: report, bytes: bytes)
        #expect(refused.diagnostics.map(\.message) == ["'../../shared/lib.chiso' leaves the notebook root (\(dir)/dept/q1)"])
        // The nearest marker above the notebook widens it to the marked folder.
        try Data().write(to: URL(fileURLWithPath: dir + "/chiso.root"))
        #expect(Sandbox(notebookPath: report).root == dir)
        let r = Engine.run(name: report, bytes: bytes)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        #expect(value(r, "x") == .number(5))
        // A nearer marker wins; a folder named chiso.root is no marker.
        try FileManager.default.createDirectory(atPath: dir + "/dept/q1/chiso.root", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: dir + "/dept/chiso.root"))
        #expect(Sandbox(notebookPath: report).root == dir + "/dept")
    }

    @Test func aFileThatDoesNotParseAsANotebookIsNotImportedNorShown() throws {
        let dir = try folder([
            "secret.txt": "token: s3cr3t-value\nuser = admin\n", "main.chiso": "use \"secret.txt\" as s\nx = s.user\ny = 1\n",
        ])
        let r = try run(dir, "main.chiso")
        let d = try #require(r.diagnostics.first)
        #expect(r.diagnostics.count == 1, "what reads it is #NAME? without a second report: \(r.diagnostics.map(\.message))")
        #expect(d.message == "'secret.txt' does not parse as a notebook: 2 syntax errors, the first at line 1, column 6")
        #expect(d.help?.hasPrefix("it is not imported, and its lines are not shown here; run `chiso check ") == true)
        let rendered = DiagnosticRenderer(sources: r.sources).render(r.diagnostics)
        #expect(!rendered.contains("s3cr3t"), "\(rendered)")
        #expect(!rendered.contains("admin"), "\(rendered)")
        #expect(value(r, "x") == .error(.name))
        #expect(value(r, "y") == .number(1))
    }
}

@Suite("One instance per import")
struct ImportInstanceTests {
    /// `depth` files, each importing the next twice (`with` gives each `use` its replacements).
    private func chain(_ depth: Int, with replacements: (String, String)? = nil) throws -> String {
        var files: [String: String] = [:]
        for i in 0..<(depth - 1) {
            let l = replacements.map { " with { k = \($0.0) }" } ?? "", r = replacements.map { " with { k = \($0.1) }" } ?? ""
            files["d\(i).chiso"] = "use \"d\(i + 1).chiso\" as l\(l)\nuse \"d\(i + 1).chiso\" as r\(r)\nk = 0\nv = l.v + r.v\n"
        }
        files["d\(depth - 1).chiso"] = "k = 0\nv = 1\ncheck v == 2 \"the last one\"\n"
        return try folder(files)
    }

    @Test func aFileImportedTwiceWithoutWithIsOneInstance() throws {
        let r = try run(try chain(14), "d0.chiso")
        #expect(value(r, "v") == .number(Double(1 << 13)))
        // The last file's check fails once, not once for each of the 2^13 paths to it.
        #expect(r.failedChecks == 1)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.message == "check failed (imported as l.l.l.l.l.l.l.l.l.l.l.l.l): the last one")
    }

    @Test func fortyLevelsOfDoubleImportsRunAtOnce() throws {
        // 2^39 instances if each import were evaluated on its own.
        let dir = try chain(40)
        let clock = ContinuousClock(), start = clock.now
        let r = try run(dir, "d0.chiso")
        #expect(clock.now - start < .seconds(10))
        #expect(value(r, "v") == .number(Double(1 << 39)))
    }

    @Test func importsWithTheSameWithShareOneInstanceAndDifferentOnesDoNot() throws {
        let dir = try folder([
            "t.chiso": "k = 1\ncheck k == 1 \"k is one\"\n",
            "main.chiso": """
            use "t.chiso" as a with { k = 2 }
            use "t.chiso" as b with { k = 2 }
            use "t.chiso" as c with { k = 3 }
            use "t.chiso" as d
            use "t.chiso" as e
            x = a.k + b.k + c.k + d.k + e.k
            """,
        ])
        let r = try run(dir, "main.chiso")
        #expect(value(r, "x") == .number(2 + 2 + 3 + 1 + 1))
        // a and b are one instance, c another: two failures, not three.
        #expect(r.failedChecks == 2)
        #expect(r.diagnostics.map(\.message) == ["check failed (imported as a): k is one", "check failed (imported as c): k is one"])
    }

    @Test func theSameWithTextInTwoImportersReadsEachImportersNames() throws {
        let dir = try folder([
            "t.chiso": "k = 1\n",
            "x.chiso": "mine = 10\nuse \"t.chiso\" as t with { k = mine }\n",
            "y.chiso": "mine = 20\nuse \"t.chiso\" as t with { k = mine }\n",
            "main.chiso": "use \"x.chiso\" as x\nuse \"y.chiso\" as y\na = x.t.k\nb = y.t.k\n",
        ])
        let r = try run(dir, "main.chiso")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        #expect(value(r, "a") == .number(10))
        #expect(value(r, "b") == .number(20))
    }

    @Test func moreThanAThousandInstancesAreRefusedAtTheUseLine() throws {
        // Different replacements at each level: 2 + 4 + … + 2^11 instances.
        let dir = try chain(12, with: ("1", "2"))
        let clock = ContinuousClock(), start = clock.now
        let r = try run(dir, "d0.chiso")
        #expect(clock.now - start < .seconds(20))
        let refusals = r.diagnostics.filter { $0.message == "too many imported notebooks: more than 1,000 instances" }
        #expect(!refusals.isEmpty)
        // Reported once per `use` line, not once per instance that reaches it.
        #expect(Set(refusals.compactMap(\.span)).count == refusals.count)
        #expect(refusals.count <= 2 * 11)
        #expect(
            refusals.first?.help == "imports of one file with the same `with { … }` share one instance; each different `with` makes another"
        )
        let span = try #require(refusals.first?.span)
        // Imports are declared depth first: the notebook being run gets the error at its own second `use`.
        #expect(r.sources[span.source].name.hasSuffix("/d0.chiso"))
        #expect(r.sources[span.source].location(of: span.start).line == 2)
        #expect(r.hasErrors)
        #expect(value(r, "v") == .error(.name))
    }

    /// Resolves `dir/file` with its imports under smaller limits.
    private func resolve(_ dir: String, _ file: String, limits: Resolver.ImportLimits) throws -> Resolver {
        let path = dir + "/" + file
        var sources = SourceMap(), diagnostics: [Diagnostic] = []
        let id = sources.add(name: path, bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let (tree, _) = Parser.parse(sources[id], id: id)
        let loaded = Imports.load(
            tree, file: path, place: ImportPlace(notebookPath: path, explicitRoot: nil), sources: &sources, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        return Resolver.build(stdlib: [], notebook: loaded, limits: limits).0
    }

    @Test func theLimitsCountInstancesAndTheValuesTheyHold() throws {
        let many = (0..<8).map { "use \"t.chiso\" as a\($0) with { k = \($0) }" }.joined(separator: "\n")
        let dir = try folder([
            "t.chiso": "k = 0\nfn f(x) = x * 2\ntable t over 2019..2020 {\n  r = 1, 2\n}\n", "main.chiso": many + "\nx = a0.k\n",
        ])
        // A cell, a function and a row of two periods and a total: 5 values an instance.
        // The fourth instance finds 15 (more than 12) and is refused, with every later one.
        let byValues = try resolve(dir, "main.chiso", limits: .init(instances: 100, values: 12))
        #expect(
            byValues.diagnostics.map(\.message)
                == Array(repeating: "imports too large: the imported notebooks hold more than 12 values", count: 5))
        #expect(
            byValues.diagnostics.first?.help
                == "a cell or a function counts 1, a row 1 per period; imports of one file with the same `with { … }` share one instance")
        #expect(byValues.program.modules.count == 1 + 3)
        let byInstances = try resolve(dir, "main.chiso", limits: .init(instances: 6, values: 1_000))
        #expect(byInstances.diagnostics.map(\.message) == Array(repeating: "too many imported notebooks: more than 6 instances", count: 2))
        #expect(byInstances.program.modules.count == 1 + 6)
        // Shared instances count once.
        let shared = (0..<8).map { "use \"t.chiso\" as a\($0)" }.joined(separator: "\n")
        let dir2 = try folder(["t.chiso": "k = 0\n", "main.chiso": shared + "\n"])
        let one = try resolve(dir2, "main.chiso", limits: .init(instances: 1, values: 1))
        #expect(one.diagnostics.isEmpty)
        #expect(one.program.modules.count == 2)
    }
}

@Suite("CSV data")
struct DataFileTests {
    private func table(_ csv: [UInt8], locale: String = "vi") throws -> RunResult {
        let dir = try folder(["main.chiso": "locale \(locale)\ntable t over 2019Q1..2019Q3 from \"data.csv\" {\n  sum3 = a + b\n}\n"])
        try Data(csv).write(to: URL(fileURLWithPath: dir + "/data.csv"))
        return try run(dir, "main.chiso")
    }

    @Test func quotedFieldsEmptyFieldsCRLFAndBOM() throws {
        let csv =
            "\u{FEFF}name,label,2019Q1,2019Q2,2019Q3\r\na,\"Tiếp nhận, \"\"mức 3\"\"\",1.445,\"2.048\",\r\nb,,\"31,04%\",,\"6.834,5\"\r\n"
        let r = try table(Array(csv.utf8))
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        let a = try #require(reportRow(r, "t", "a"))
        #expect(a.label == "Tiếp nhận, \"mức 3\"")
        #expect(a.values == [.number(1445), .number(2048), .blank])
        #expect(reportRow(r, "t", "b")?.values == [.number(0.3104), .blank, .number(6834.5)])
        #expect(reportRow(r, "t", "sum3")?.values == [.number(1445.3104), .blank, .blank])
    }

    @Test func semicolonsSeparateFieldsWhenTheHeaderHasNoComma() throws {
        let r = try table(Array("name;label;2019Q1;2019Q2;2019Q3\na;Tiếp nhận;1.445;6.834,5;31,04%\nb;;1;2;3\n".utf8))
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        #expect(reportRow(r, "t", "a")?.values == [.number(1445), .number(6834.5), .number(0.3104)])
    }

    @Test func numbersAreReadInTheNotebooksLocale() throws {
        let r = try table(Array("name,2019Q1,2019Q2,2019Q3\na,\"1,445\",12.5%,-3\nb,1,2,3\n".utf8), locale: "en")
        #expect(reportRow(r, "t", "a")?.values == [.number(1445), .number(0.125), .number(-3)])
    }

    @Test(arguments: ["1.2.3", "12abc", "1,2,3", "--5", "1.44"])
    func aMalformedNumberNamesFileLineAndColumn(_ field: String) throws {
        let r = try table(Array("name,2019Q1,2019Q2,2019Q3\na,1,\"\(field)\",3\nb,1,2,3\n".utf8))
        let d = try #require(r.diagnostics.first)
        #expect(d.message.hasPrefix("'\(field)' is not a number"))
        let rendered = DiagnosticRenderer(sources: r.sources).render(d)
        #expect(rendered.contains("data.csv:2:5: error:"), "\(rendered)")
        #expect(reportRow(r, "t", "a")?.values[1] == .error(.value))
    }

    /// Found by the fuzzer: `chiso check` crashed (index out of range) showing a diagnostic
    /// at the end of a data file whose last line had invalid UTF-8 before it.
    @Test func aPlaceAtTheEndOfALineWithInvalidUTF8IsShown() throws {
        var sources = SourceMap()
        let bytes: [UInt8] = Array("a,".utf8) + [0xE1, 0xBB] + Array(",".utf8)
        let id = sources.add(name: "data.csv", bytes: bytes)
        // An empty last field: its caret stands after the last byte.
        let d = Diagnostic.error(.syntax, "column '' is neither 'label' nor a period", at: SourceSpan(source: id, start: 5, end: 6))
        #expect(
            DiagnosticRenderer(sources: sources).render(d) == """
                data.csv:1:5: error: column '' is neither 'label' nor a period
                  1 | a,\u{FFFD},
                    |     ^

                """)
    }

    @Test func badHeadersAndDuplicateRowsAreReported() throws {
        let r = try table(Array("name,2018Q4,foo,2019Q1\na,1,2,3\na,4,5,6\nb,1,2,3\n".utf8))
        let messages = r.diagnostics.map(\.message)
        #expect(messages.contains("2018Q4 is outside the periods of table 't' (2019Q1..2019Q3)"))
        #expect(messages.contains("column 'foo' is neither 'label' nor a period"))
        #expect(messages.contains("row 'a' is in the data file twice"))
    }
}
