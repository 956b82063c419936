// MARK: - chiso-fuzz
//
// Two fuzzers over one harness (Harness.swift), documented in docs/fuzzing.md:
//
// * Built plainly (`swift build`), this is the deterministic mutation fuzzer: a fixed
//   seed, a fixed number of inputs made from the seed corpus (Mutator.swift), each run
//   under a watchdog (time and memory) in worker processes that a supervisor restarts
//   after a hang or a crash, a share of them also through the real `chiso` binary to
//   check its exit code and that it stops. `swift test` runs it (FuzzTests).
// * Built with `-sanitize=fuzzer,address`, libFuzzer is linked in and this main hands the
//   command line to its driver: coverage-guided fuzzing of the same harness.

import CChisoFuzz
import ChisoCore
import Foundation

@main
enum ChisoFuzz {
    static func main() {
        if chiso_fuzz_linked() != 0 {
            runLibFuzzer()
        }
        let options: Options
        do {
            options = try Options(Array(CommandLine.arguments.dropFirst()))
        } catch {
            say("chiso-fuzz: \(error)\n\(Options.usage)", to: .standardError)
            exit(64)
        }
        exit(options.worker ? Worker(options).run() : Supervisor(options: options).run())
    }

    // MARK: libFuzzer

    /// The harness of this process (libFuzzer calls back through a C function, which cannot capture).
    static let harness: Harness = {
        do { return try Harness() } catch {
            say("chiso-fuzz: cannot make a scratch folder: \(error)\n", to: .standardError)
            exit(1)
        }
    }()

    /// Known issues whose inputs libFuzzer should not run (CHISO_FUZZ_SKIP_KNOWN=id,id or all).
    static let skippedIssues: [KnownIssue] = {
        let names = ProcessInfo.processInfo.environment["CHISO_FUZZ_SKIP_KNOWN"] ?? ""
        return (try? KnownIssue.parse(names)) ?? []
    }()

    static func runLibFuzzer() -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        // Seeds beside the input, so that imports of them resolve (run from the package root).
        harness.provide(Corpus.files(Options.defaultPaths))
        atexit { ChisoFuzz.harness.removeFolder() }
        if !skippedIssues.isEmpty {
            say("chiso-fuzz: skipping inputs of known issues: \(skippedIssues.map(\.id).joined(separator: ", "))\n", to: .standardError)
        }
        exit(chiso_fuzz_run_driver(&argc, &argv) { data, size in fuzzOne(data, size) })
    }
}

/// libFuzzer's entry point: one input through the harness; a broken invariant aborts, so
/// that libFuzzer saves the input as a crash. An input of a skipped known issue is not
/// run and not kept in the corpus (-1).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if ChisoFuzz.skippedIssues.contains(where: { $0.matches?(bytes) ?? false }) { return -1 }
    let problems = ChisoFuzz.harness.check(bytes)
    if !problems.isEmpty {
        say("chiso-fuzz: an invariant does not hold:\n" + problems.map { "  \($0)\n" }.joined(), to: .standardError)
        abort()
    }
    return 0
}

/// Writes straight to the file descriptor (nothing buffered is lost on `_exit`).
func say(_ text: String, to handle: FileHandle = .standardOutput) {
    handle.write(Data(text.utf8))
}

extension KnownIssue {
    /// `id,id,…` or `all`.
    static func parse(_ text: String) throws -> [KnownIssue] {
        if text == "all" { return all }
        return try text.split(separator: ",").map { name in
            guard let issue = named(String(name)) else {
                throw Options.UsageError("no known issue '\(name)' (known: \(all.map(\.id).joined(separator: ", ")))")
            }
            return issue
        }
    }
}

// MARK: - Options of the deterministic fuzzer

struct Options {
    var seed: UInt64 = 1
    var runs = 2000
    var start = 0
    var only: Int?
    var timeout = 3.0
    var memoryMB = 2048
    var out = ".build/fuzz"
    var chiso: String?
    var processes = 60
    var processTimeout = 10.0
    var replay = false
    var jobs = 2
    var skip: [KnownIssue] = []
    var inject: String?
    var worker = false
    /// A worker's last input number + 1 (the supervisor splits start..<runs among workers).
    var end = Int.max
    var paths: [String] = []
    /// The arguments as given, for the workers.
    var arguments: [String] = []

    static let defaultPaths = ["notebooks", "Tests", "stdlib", "docs/examples", "fuzz/corpus", "fuzz/regressions"]

    static let usage = """
        usage: chiso-fuzz [options] [FILE|FOLDER]…
          The deterministic mutation fuzzer (docs/fuzzing.md). Seeds: the .chiso and .csv files
          under the given paths (default: \(defaultPaths.joined(separator: " "))).
          --seed N            the run's seed (default 1)
          --runs N            how many inputs (default 2000)
          --start N           the first input's number (default 0)
          --only N            make input N alone, save it in --out and check it
          --replay            check the files as they are, unmutated (regression fixtures)
          --jobs N            worker processes (default 2)
          --timeout S         seconds of CPU an input may take in a worker (default 3)
          --memory MB         resident memory a worker may reach (default 2048)
          --processes N       how many inputs also go through `chiso run` (default 60)
          --process-timeout S seconds `chiso run` may take (default 10)
          --chiso PATH        the binary for those (default: `chiso` beside this program)
          --skip-known ID,…   do not run inputs that meet these known issues (or `all`;
                              Sources/chiso-fuzz/KnownIssues.swift); count them, save the first
          --out DIR           where failing inputs are saved (default .build/fuzz)
        Output: a FAIL, HANG, BLOWUP or CRASH line per failing input, with the input saved
        in --out; a KNOWN line for the first input of each skipped known issue; a last line
        `done: …`. Exit status: 0 every input passed, 1 some failed, 64 bad command line.

        """

    init(_ arguments: [String]) throws {
        self.arguments = arguments
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let v = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            return v
        }
        func number<T: LosslessStringConvertible>(_ flag: String) throws -> T {
            let text = try value(flag)
            guard let n = T(text) else { throw UsageError("\(flag) takes a number, not '\(text)'") }
            return n
        }
        while let arg = rest.popFirst() {
            switch arg {
            case "--seed": seed = try number(arg)
            case "--runs": runs = try number(arg)
            case "--start": start = try number(arg)
            case "--only": only = try number(arg) as Int
            case "--timeout": timeout = try number(arg)
            case "--memory": memoryMB = try number(arg)
            case "--processes": processes = try number(arg)
            case "--process-timeout": processTimeout = try number(arg)
            case "--jobs": jobs = max(1, try number(arg))
            case "--chiso": chiso = try value(arg)
            case "--out": out = try value(arg)
            case "--replay": replay = true
            case "--skip-known": skip = try KnownIssue.parse(try value(arg))
            // For the fuzzer's own tests: make the first input hang, crash or fail.
            case "--inject":
                inject = try value(arg)
                guard ["hang", "crash", "fail", "memory"].contains(inject!) else {
                    throw UsageError("--inject takes hang, crash, fail or memory")
                }
            case "--worker": worker = true
            case "--end": end = try number(arg)
            case "-h", "--help":
                say(Self.usage)
                exit(0)
            default:
                if arg.hasPrefix("-") { throw UsageError("unknown option '\(arg)'") }
                paths.append(arg)
            }
        }
        if paths.isEmpty { paths = Self.defaultPaths }
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}

// MARK: - The seed corpus

enum Corpus {
    /// Seeds larger than this are left out: mutating them costs more than it finds.
    static let maxSeedSize = 64 << 10

    /// The .chiso and .csv files under `paths` (or the paths themselves), sorted by path.
    /// Given files are taken whatever their size (to replay them); found ones up to `maxSeedSize`.
    static func files(_ paths: [String]) -> [(name: String, bytes: [UInt8])] {
        var found: [String: Bool] = [:]  // path -> given by name
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            if !isDir.boolValue {
                found[path] = true
                continue
            }
            for case let sub as String in fm.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator()
            where sub.hasSuffix(".chiso") || sub.hasSuffix(".csv") {
                found[path + "/" + sub] = found[path + "/" + sub] ?? false
            }
        }
        return found.keys.sorted().compactMap { path in
            guard let data = fm.contents(atPath: path), found[path]! || data.count <= maxSeedSize else { return nil }
            return (path, Array(data))
        }
    }
}
