// How the process allocates: set once, before any work starts.

import CChisoProcess
import ChisoCore

extension Chiso {
    /// The work runs on a thread with a large stack; its allocations come from the main
    /// malloc arena (`LargeStack.shareMainArena`): `chiso run` on the large department
    /// workload went from 2.8 to 2.35 s of CPU, and from 497 to 470 MB.
    static func main() {
        LargeStack.shareMainArena()
        // `run` and `check` with plain arguments skip ArgumentParser's start-up cost.
        if let fast = FastCommand(Array(CommandLine.arguments.dropFirst())) { fast.main() }
        main(nil)
    }
}

/// What a command computed, kept until the process exits right after it: the system
/// takes the memory back at once, where releasing a large report value by value (millions
/// of them) would cost a tenth of the run.
nonisolated(unsafe) private var kept: [Any] = []

func keepUntilExit(_ value: Any) {
    kept.append(value)
}

/// For `run` and `check`, and the REPL when it loads a notebook: malloc's heap grows
/// once by 64 MB, into memory marked for transparent huge pages (the system's setting is
/// usually `madvise`), so it is faulted in 2 MB at a time, not 4 KB; blocks up to 32 MB
/// come from the heap, where freed ones are used again, not from `mmap`; the heap is not
/// given back (a REPL session keeps its peak, which it reached anyway). On the medium
/// department workload page faults went from about 4,950 to 860, and a REPL loading
/// 40,000 one-line cells from 21,300 to 2,600 (docs/benchmarks.md). Linux with glibc
/// only; under a memory limit that refuses the 64 MB, malloc keeps its defaults.
func growHeapInLargePages() {
    _ = chiso_grow_heap_in_large_pages()
}
