// `--max-steps`: the evaluation budget of `run` and `check`.

import ChisoTestSupport
import Testing

@Suite("Step budget")
struct StepBudgetTests {
    /// About 8,000 calls: within the default budget, past a budget of 1,000 steps.
    static let exponential = "fn f(n, a) = if n <= 0 then a else f(n - 1, a) + f(n - 1, a)\nx = f(12, 1)\ny = 2\n"

    @Test func theDefaultBudgetIsEnough() throws {
        let path = try Chiso.notebook(Self.exponential)
        let r = try Chiso.run(["run", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("│ x │ 4,096 │"))
        #expect(r.stderr == "")
    }

    @Test func pastTheBudgetRunStopsWithOneErrorAndExitsSixtyFive() throws {
        let path = try Chiso.notebook(Self.exponential)
        let r = try Chiso.run(["run", "--max-steps", "1000", path])
        #expect(r.status == 65)
        #expect(r.stdout.contains("│ x │ #NUM! │"))
        #expect(r.stderr.hasPrefix("\(path):2:1: error: evaluation stopped in 'x': the notebook needs more than 1000 steps\n"))
        #expect(r.stderr.contains("allow more steps, for example with --max-steps 4000"))
        #expect(r.stderr.components(separatedBy: "error:").count == 2)
    }

    @Test func checkTakesTheBudgetToo() throws {
        let path = try Chiso.notebook(Self.exponential)
        let r = try Chiso.run(["check", "--max-steps", "1000", path])
        #expect(r.status == 65)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("error: evaluation stopped in 'x'"))
        #expect(try Chiso.run(["check", "--max-steps", "1000000", path]).status == 0)
    }

    @Test func aBudgetThatIsNotAPositiveNumberIsACommandLineError() throws {
        let path = try Chiso.notebook(Self.exponential)
        for bad in ["0", "-5", "many"] {
            let r = try Chiso.run(["run", "--max-steps", bad, path])
            #expect(r.status == 64, "--max-steps \(bad)")
            #expect(r.stdout == "")
            #expect(r.stderr.contains("--max-steps"), "--max-steps \(bad): \(r.stderr)")
        }
    }
}
