#include "CChisoFuzz.h"

#if defined(__linux__)
// Defined by libFuzzer's runtime (libclang_rt.fuzzer), which -sanitize=fuzzer links; a
// weak reference is null in a build without it. Calling it rather than libFuzzer's own
// main lets `chiso-fuzz` keep one main for both builds.
__attribute__((weak)) int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

int chiso_fuzz_linked(void) { return LLVMFuzzerRunDriver != 0; }

int chiso_fuzz_run_driver(int *argc, char ***argv, chiso_fuzz_callback callback) {
    return LLVMFuzzerRunDriver ? LLVMFuzzerRunDriver(argc, argv, callback) : -1;
}
#else
int chiso_fuzz_linked(void) { return 0; }

int chiso_fuzz_run_driver(int *argc, char ***argv, chiso_fuzz_callback callback) {
    (void)argc; (void)argv; (void)callback;
    return -1;
}
#endif
