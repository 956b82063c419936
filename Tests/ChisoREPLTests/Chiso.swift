// The built `chiso` binary and the package root, for tests that run it as a user does.

import Foundation

enum Chiso {
    /// The package root, found from this file's place.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to the test executable (whatever the build folder), else .build/debug.
    static let binary: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("chiso")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/chiso")
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `chiso ARGS` from the package root with `input` as standard input (a file, so
    /// not a terminal), HOME and CHISO_HISTORY inside `scratch` so the real home is never
    /// touched.
    static func run(_ arguments: [String], input: String, scratch: URL, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = scratch.path
        env["CHISO_HISTORY"] = scratch.appendingPathComponent("history").path
        env.merge(environment) { $1 }
        process.environment = env
        // Files, not pipes: a large output can never fill a pipe and stall the child.
        let id = UUID().uuidString
        let inURL = scratch.appendingPathComponent("\(id).in"), out = scratch.appendingPathComponent("\(id).out"), err = scratch.appendingPathComponent("\(id).err")
        try input.write(to: inURL, atomically: true, encoding: .utf8)
        try Data().write(to: out)
        try Data().write(to: err)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        defer { for u in [inURL, out, err] { try? FileManager.default.removeItem(at: u) } }
        return Output(status: process.terminationStatus,
                      stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
