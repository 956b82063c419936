// Command lines against golden files. Each `Cases/NAME.cmd` holds one command line (what
// follows `chiso`; 'single quotes' keep a word with spaces whole), run from the package
// root: the binary must print exactly `NAME.out` on stdout and `NAME.err` on stderr (each
// absent when empty), and exit with the code of its `# expect exit: N` line (0 when not
// given). Other lines starting with `#` say what the case shows. Notebooks made for the
// cases sit beside them in `Cases/`.
//
// `RECORD=1 swift test --filter CommandCaseTests` rewrites the golden files and fails, so
// every recording is reviewed before it is committed.

import ChisoTestSupport
import Foundation
import Testing

struct CommandCase: CustomTestStringConvertible, Sendable {
    let name: String
    var testDescription: String { name }

    static let folder = Repository.root.appendingPathComponent("Tests/ChisoCLITests/Cases")

    static var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

    static let all: [CommandCase] = files.filter { $0.hasSuffix(".cmd") }.map { CommandCase(name: String($0.dropLast(4))) }

    func url(_ ext: String) -> URL { Self.folder.appendingPathComponent("\(name).\(ext)") }

    /// The lines of `NAME.cmd` that are not comments: the command line, alone.
    func commandLines() throws -> [String] {
        try String(contentsOf: url("cmd"), encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// The exit code the case expects: its `# expect exit: N` line, else 0; nil when unreadable.
    func expectedStatus() throws -> Int32? {
        let text = try String(contentsOf: url("cmd"), encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("# expect exit:") {
            return Int32(line.dropFirst("# expect exit:".count).trimmingCharacters(in: .whitespaces))
        }
        return 0
    }
}

@Suite("Command-line cases")
struct CommandCaseTests {
    @Test("a command line prints exactly its golden files and exits as expected", arguments: CommandCase.all)
    func command(_ c: CommandCase) throws {
        let lines = try c.commandLines()
        try #require(lines.count == 1, "\(c.name).cmd must hold exactly one command line, not \(lines.count)")
        let status = try #require(try c.expectedStatus(), "\(c.name).cmd: '# expect exit:' takes a number")
        let r = try Chiso.run(Chiso.words(lines[0]))
        try Golden.check(
            c.name,
            [
                .absentWhenEmpty(r.stdout, c.url("out"), "stdout of chiso \(lines[0]) differs from \(c.name).out"),
                .absentWhenEmpty(r.stderr, c.url("err"), "stderr of chiso \(lines[0]) differs from \(c.name).err"),
            ])
        #expect(r.status == status, "chiso \(lines[0]) exited \(r.status), not \(status)")
    }

    @Test("every file in Cases/ belongs to a case")
    func everyFileBelongsToACase() throws {
        #expect(CommandCase.all.count >= 15)
        let names = Set(CommandCase.all.map(\.name))
        let commands = try CommandCase.all.flatMap { try $0.commandLines() }.joined(separator: "\n")
        for file in CommandCase.files where !file.hasSuffix(".cmd") {
            if file.hasSuffix(".out") || file.hasSuffix(".err") {
                #expect(names.contains(String(file.dropLast(4))), "\(file) has no .cmd")
            } else {
                #expect(commands.contains("Cases/\(file)"), "\(file) is named by no case")
            }
        }
    }
}
