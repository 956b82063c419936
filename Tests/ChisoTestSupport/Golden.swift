// Golden files: what a test produced must equal, byte for byte, a file committed beside
// its input. `RECORD=1 swift test` rewrites the files instead and fails the test, so that
// every recording is reviewed before it is committed.

import Foundation
import Testing

public enum Golden {
    /// Whether this run records golden files rather than comparing with them.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD"] == "1" }

    /// One golden file: the text produced, where its expected copy lives, and what a
    /// difference is called in the failure.
    public struct File {
        var actual: String
        var url: URL
        var absentWhenEmpty: Bool
        var difference: String

        /// A file that must exist (`NAME.out` of a notebook).
        public static func required(_ actual: String, _ url: URL, _ difference: String) -> File {
            File(actual: actual, url: url, absentWhenEmpty: false, difference: difference)
        }

        /// A file that is absent when nothing is expected (`NAME.err` with no diagnostics).
        public static func absentWhenEmpty(_ actual: String, _ url: URL, _ difference: String) -> File {
            File(actual: actual, url: url, absentWhenEmpty: true, difference: difference)
        }
    }

    /// Compares each file with its golden copy or, under `RECORD=1`, writes them (removing
    /// those absent when empty) and records an issue naming `name`, so the recording fails
    /// the run and is reviewed.
    public static func check(_ name: String, _ files: [File], sourceLocation: SourceLocation = #_sourceLocation) throws {
        if isRecording {
            for file in files {
                if file.absentWhenEmpty, file.actual.isEmpty {
                    try? FileManager.default.removeItem(at: file.url)
                } else {
                    try file.actual.write(to: file.url, atomically: true, encoding: .utf8)
                }
            }
            Issue.record("recorded \(name): review the files, then run again without RECORD=1", sourceLocation: sourceLocation)
            return
        }
        for file in files {
            let expected =
                file.absentWhenEmpty
                ? (try? String(contentsOf: file.url, encoding: .utf8)) ?? ""
                : try String(contentsOf: file.url, encoding: .utf8)
            #expect(file.actual == expected, "\(file.difference)", sourceLocation: sourceLocation)
        }
    }
}
