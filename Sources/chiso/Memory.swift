// How the process allocates: set once, before any work starts.

import ChisoCore

extension Chiso {
    /// The work runs on a thread with a large stack; its allocations come from the main
    /// malloc arena (`LargeStack.shareMainArena`): `chiso run` on the large department
    /// workload went from 2.8 to 2.35 s of CPU, and from 497 to 470 MB.
    static func main() {
        LargeStack.shareMainArena()
        main(nil)
    }
}
