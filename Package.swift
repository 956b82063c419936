// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "chiso",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chiso", targets: ["chiso"]),
        .library(name: "ChisoCore", targets: ["ChisoCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // The zip container of .xlsx workbooks (read and written by Sources/ChisoCore/Excel).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // The standard library, written in Chiso. The .chiso files are compiled into
        // the binary, so `chiso` needs no environment variable or resource folder.
        .target(
            name: "ChisoStdlib",
            path: "stdlib",
            exclude: ["README.md"],
            sources: ["Stdlib.swift"],
            resources: [
                .embedInCode("change.chiso"),
                .embedInCode("ratio.chiso"),
            ]
        ),
        // C helpers the core calls directly (number formatting without variadic boxing).
        .target(name: "CChisoSupport"),
        // The language: lexer, parser, resolver, evaluator, renderers. Never prints, never exits.
        .target(
            name: "ChisoCore",
            dependencies: ["ChisoStdlib", "CChisoSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // GNU readline for the REPL's line editing, history and completion.
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"]), .brew(["readline"])]
        ),
        // The REPL: the loop, line readers (readline on a terminal, plain lines otherwise),
        // `:` commands and printing. It prints; the core it stands on does not.
        .target(name: "ChisoREPL", dependencies: ["ChisoCore", "CReadline"]),
        // The command-line front end: the only target that imports ArgumentParser.
        .executableTarget(
            name: "chiso",
            dependencies: [
                "ChisoCore",
                "ChisoREPL",
                "CChisoProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The release binary carries the Swift runtime and Foundation: a run starts
            // without resolving their symbols (half of a small notebook's CPU time) and
            // calls the runtime directly (docs/benchmarks.md). Debug builds and the
            // tests, which link the same targets with XCTest, keep the shared libraries.
            // (Foundation's own libraries are named: the modules were compiled against the
            // shared ones, whose link entries do not list them.) The linker's warning that
            // `mktemp` is dangerous comes from Foundation's library (its temporary files),
            // not from Chiso: Chiso's saves create their temporary file with O_EXCL
            // (`NotebookFile.writeAtomically`).
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-lFoundation", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims",
                        "-l_FoundationCollections", "-lswiftDispatch", "-lswiftSynchronization",
                    ], .when(platforms: [.linux], configuration: .release))
            ]
        ),
        // How the `chiso` process allocates (malloc's settings for `run` and `check`).
        .target(name: "CChisoProcess"),
        // The benchmark harness: `swift run -c release chiso-bench` (docs/benchmarks.md).
        .executableTarget(name: "chiso-bench", dependencies: ["ChisoCore", "CChisoBenchMalloc"]),
        // chiso-bench's allocation counts: malloc and free defined in its executable (Linux,
        // glibc), counting and passing on to glibc's. Only chiso-bench links it.
        .target(name: "CChisoBenchMalloc"),
        // What the test targets share: running the built binary, the repository's root and
        // notebooks, golden files (compare, or record with RECORD=1) and a seeded generator.
        .target(name: "ChisoTestSupport", path: "Tests/ChisoTestSupport"),
        // The fuzzer (docs/fuzzing.md): `swift run chiso-fuzz` is the deterministic mutation
        // fuzzer `swift test` runs; built with -sanitize=fuzzer it is a libFuzzer target.
        .target(name: "CChisoFuzz"),
        .executableTarget(name: "chiso-fuzz", dependencies: ["ChisoCore", "ChisoREPL", "CChisoFuzz"]),
        .testTarget(
            name: "ChisoCoreTests",
            dependencies: ["ChisoCore", "ChisoStdlib", "ChisoTestSupport"],
            exclude: ["Fixtures", "stdlib"]
        ),
        // Runs the built `chiso` binary: exit codes, stderr, and every output format
        // parsed back by a real parser; command lines against golden files (`Cases/`).
        .testTarget(
            name: "ChisoCLITests",
            dependencies: ["chiso", "chiso-fuzz", "ChisoTestSupport", .product(name: "SwiftCSV", package: "SwiftCSV")],
            exclude: ["Cases"]
        ),
        // The REPL as a user meets it: scripted sessions against golden transcripts
        // (`Sessions/`), and the real binary driven through a pseudo-terminal.
        .testTarget(
            name: "ChisoREPLTests",
            dependencies: ["ChisoREPL", "chiso", "ChisoTestSupport"],
            exclude: ["Sessions"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
