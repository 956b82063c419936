// MARK: - Running deep recursion safely

import CChisoSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large stack, so deep (but bounded) recursion in the
/// parser and evaluator never overflows whatever thread the caller is on (test runners
/// and Swift concurrency use small stacks). The caller waits for the thread to finish.
public enum LargeStack {
    public static let size = 1 << 30

    /// For a process that does its work on such a thread (the command line): its
    /// allocations come from the main malloc arena. glibc would give the thread an arena
    /// of its own, which grows a few pages at a time, each growth an `mprotect` call: on
    /// the large department workload a tenth of the CPU time went to growing it. Call it
    /// once, before any thread starts.
    public static func shareMainArena() {
        _ = chiso_one_malloc_arena()
    }

    public static func run<T>(_ body: () -> T) -> T {
        var result: T?
        withoutActuallyEscaping(body) { body in
            let job = Job { result = body() }
            let context = Unmanaged.passRetained(job).toOpaque()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, size)
            // pthread_t is an integer on Linux and an optional pointer on Darwin, whose
            // start routine also takes a non-optional argument: the closure fits both.
            #if canImport(Darwin)
            var thread: pthread_t? = nil
            #else
            var thread = pthread_t()
            #endif
            let started = pthread_create(&thread, &attributes, { runJob($0) }, context)
            pthread_attr_destroy(&attributes)
            if started == 0 {
                let created: pthread_t? = thread
                pthread_join(created!, nil)
            } else {
                // No thread could be made: run here rather than fail.
                runJob(context)
            }
        }
        return result!
    }
}

/// A unit of work handed to a thread; it drops its closure once run.
private final class Job {
    var work: (() -> Void)?
    init(_ work: @escaping () -> Void) { self.work = work }
}

@discardableResult
private func runJob(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
    job.work?()
    job.work = nil
    return nil
}
