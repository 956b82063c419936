// Parsing `:` commands: every command, its argument, and the errors a typo gets.

import ChisoCore
import Testing

@testable import ChisoREPL

@Suite("Commands")
struct CommandTests {
    @Test(arguments: [
        (":help", Command.help("")), (":help delta", .help("delta")), (":list", .list("")), (":list dvc", .list("dvc")),
        (":undo", .undo), (":changes", .changes), (":del t.a@2019", .delete("t.a@2019")), (":save", .save("")), (":quit", .quit),
        (":q", .quit), ("  :q  ", .quit),
        (":load notebooks/tour.chiso", .load("notebooks/tour.chiso")),
        (":save \"Báo cáo quý 1.chiso\"", .save("Báo cáo quý 1.chiso")),
        (":show dvc.rate", .show("dvc.rate")), (":deps x", .deps("x")), (":rdeps x", .rdeps("x")),
        (":why dvc.rate@2019Q1", .why("dvc.rate@2019Q1")), (":del t.a", .delete("t.a")),
        (":locale vi", .locale(.vi)), (":locale en", .locale(.en)),
    ])
    func parses(_ line: String, _ command: Command) throws {
        #expect(try Command.parse(line).get() == command)
    }

    @Test func anUnknownCommandGetsADidYouMean() {
        guard case .failure(let p) = Command.parse(":lod x.chiso") else { Issue.record("parsed"); return }
        #expect(p.message == "unknown command ':lod'")
        #expect(p.help == "did you mean ':load'?")
        guard case .failure(let far) = Command.parse(":frobnicate") else { Issue.record("parsed"); return }
        #expect(far.help == "type :help to see the commands")
    }

    @Test(arguments: [
        (":show", ":show needs a name"), (":load", ":load needs a file name"), (":locale", ":locale needs a locale"),
        (":quit now", ":quit takes no argument"), (":undo me", ":undo takes no argument"),
        (":locale fr", "unknown locale 'fr'"), (":", "a command name follows the ':'"),
    ])
    func badArgumentsAreErrors(_ line: String, _ message: String) {
        guard case .failure(let p) = Command.parse(line) else { Issue.record("\(line) parsed"); return }
        #expect(p.message == message)
    }

    @Test func everyCommandOfTheDesignIsThere() {
        for name in ["help", "list", "load", "save", "show", "deps", "rdeps", "why", "del", "undo", "changes", "locale", "quit", "q"] {
            #expect(Command.spellings.contains(":" + name), "\(name)")
        }
    }

    @Test func suggestionsCountASwapAsOneEdit() {
        #expect(Suggest.distance(Array("recieved"), Array("received")) == 1)
        #expect(Suggest.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggest.closest(to: "recieved", in: ["received", "resolved"]) == "received")
        #expect(Suggest.closest(to: "zzz", in: ["received"]) == nil)
    }
}
