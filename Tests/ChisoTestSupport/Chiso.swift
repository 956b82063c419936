// The built `chiso` binary, run as a user runs it: arguments, a working folder, an
// environment, standard input, and what it printed on stdout and stderr.

import Foundation
import Testing

public enum Chiso {
    /// The binary next to the test executable (whatever the build folder), else .build/debug.
    public static let binary: URL = {
        let testBinary = URL(
            fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("chiso")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/chiso")
    }()

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `chiso ARGS` in `folder` (the package root unless told otherwise).
    /// - `input`: standard input, from a file (so not a terminal); none at all when nil.
    /// - `environment`: added to this process's environment.
    /// - `prelude`: shell code run first (umask, ulimit), the binary then exec'd by the shell.
    /// - `stderrPipe`: stderr into a pipe rather than a file (a file size limit does not
    ///   apply to pipes).
    /// - `timeout`: a run still going after this many seconds is killed and reported.
    /// Output goes to files, not pipes: a large output can never fill a pipe and stall the child.
    public static func run(
        _ arguments: [String], in folder: URL = Repository.root, input: String? = nil,
        environment: [String: String] = [:], prelude: String = "", stderrPipe: Bool = false,
        timeout: Double? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Output {
        let process = Process()
        if prelude.isEmpty {
            process.executableURL = binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", prelude + "; exec \"$0\" \"$@\"", binary.path] + arguments
        }
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env

        let io = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: io) }
        let inURL = io.appendingPathComponent("in"), out = io.appendingPathComponent("out"), err = io.appendingPathComponent("err")
        if let input {
            try input.write(to: inURL, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try Data().write(to: out)
        try Data().write(to: err)
        process.standardOutput = try FileHandle(forWritingTo: out)
        let pipe = Pipe()
        process.standardError = stderrPipe ? pipe : try FileHandle(forWritingTo: err)
        try process.run()
        if let timeout {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                Issue.record(
                    "chiso \(arguments.joined(separator: " ")) was still running after \(timeout) s", sourceLocation: sourceLocation)
            }
        }
        process.waitUntilExit()
        let stderr =
            stderrPipe
            ? String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            : try String(contentsOf: err, encoding: .utf8)
        return Output(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8), stderr: stderr)
    }

    /// A fresh temporary folder (its real path, links resolved), removed by the caller.
    public static func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.resolvingSymlinksInPath()
    }

    /// Writes a notebook into a fresh temporary folder and returns its path.
    public static func notebook(_ text: String, name: String = "t.chiso") throws -> String {
        let url = try temporaryFolder().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// A command line split into words as a shell splits it: on spaces, 'single-quoted'
    /// words kept whole.
    public static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quoted = false
        for c in line {
            if c == "'" { quoted.toggle(); continue }
            if c == " ", !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
