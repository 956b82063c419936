// The built `chiso` binary run with its home inside a scratch folder, for tests that run
// the REPL as a user does.

import ChisoTestSupport
import Foundation
import Testing

extension Chiso {
    /// Runs `chiso ARGS` from the package root with `input` as standard input (a file, so
    /// not a terminal), HOME and CHISO_HISTORY inside `scratch` so the real home is never
    /// touched.
    static func run(_ arguments: [String], input: String, scratch: URL, environment: [String: String] = [:]) throws -> Output {
        var env = ["HOME": scratch.path, "CHISO_HISTORY": scratch.appendingPathComponent("history").path]
        env.merge(environment) { $1 }
        return try run(arguments, input: input, environment: env)
    }
}
