// `--set` reaches every row the notebook prints: rows read from a data file, and the
// names of an imported notebook; a target that names nothing is a command-line error
// (64) with did-you-mean.

import ChisoTestSupport
import Foundation
import Testing

@Suite("--set reaches every printed row")
struct SetReachTests {
    /// A department's template with rows from a CSV file, and a summary importing it twice.
    private func folder() throws -> String {
        let main = try Chiso.notebook(
            """
            use "mau.chiso" as sua
            use "mau.chiso" as goc
            table loc over 2022H1..2022H2 from "d.csv" {
              gap_doi = bao_ht * 2
            }
            x = sua.tt.bao_ht@2022H1
            y = goc.tt.bao_ht@2022H1
            z = sua.don_vi
            """, name: "main.chiso")
        let dir = URL(fileURLWithPath: main).deletingLastPathComponent()
        try "name,label,2022H1,2022H2\nbao_ht,Báo HT,80,90\n".write(
            to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try "don_vi = \"Sở\"\ntable tt over 2022H1..2022H2 from \"d.csv\" {\n  to_roi = bao_ht * 2\n}\n"
            .write(to: dir.appendingPathComponent("mau.chiso"), atomically: true, encoding: .utf8)
        return main
    }

    @Test func aRowReadFromACSVFile() throws {
        let path = try folder()
        let cell = try Chiso.run(["run", path, "--format", "csv", "--set", "loc.bao_ht@2022H2=5"])
        #expect(cell.status == 0, "\(cell.stderr)")
        #expect(cell.stdout.contains("loc,bao_ht,Báo HT,80,5") && cell.stdout.contains("loc,gap_doi,,160,10"), "\(cell.stdout)")
        let row = try Chiso.run(["run", path, "--format", "csv", "--set", "loc.bao_ht=1,2"])
        #expect(row.status == 0 && row.stdout.contains("loc,bao_ht,Báo HT,1,2"), "\(row.stdout)\(row.stderr)")
    }

    @Test func aNameOfAnImportActsAsALineOfItsWith() throws {
        let path = try folder()
        let r = try Chiso.run(["run", path, "--format", "csv", "--set", "sua.tt.bao_ht@2022H1=120", "--set", "sua.don_vi=\"Sở TT&TT\""])
        #expect(r.status == 0, "\(r.stderr)")
        // Only that import changes: the other import of the same file keeps its figures.
        #expect(r.stdout.contains("x,,120") && r.stdout.contains("y,,80") && r.stdout.contains("z,,Sở TT&TT"), "\(r.stdout)")
    }

    @Test func aTargetThatNamesNothingIsACommandLineErrorWithDidYouMean() throws {
        let path = try folder()
        let cases: [([String], String)] = [
            (["--set", "sua.tt.bao_htt@2022H1=1"], "did you mean 'bao_ht'?"),
            (["--set", "suaa.tt.bao_ht=1"], "did you mean 'sua'?"),
            (["--set", "loc.bao_htt=1,2"], "did you mean 'bao_ht'?"),
            (["--set", "lok.bao_ht=1"], "did you mean 'loc'?"),
            (["--set", "sua.don_vii=1"], "did you mean 'don_vi'?"),
        ]
        for (arguments, suggestion) in cases {
            let r = try Chiso.run(["run", path] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(suggestion), "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(arguments): nothing else is printed")
        }
    }
}
