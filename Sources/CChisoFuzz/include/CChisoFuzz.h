// libFuzzer's driver, reached only when `chiso-fuzz` is built with -sanitize=fuzzer
// (docs/fuzzing.md). In a plain build libFuzzer is absent and `chiso_fuzz_linked` is 0.

#ifndef CCHISOFUZZ_H
#define CCHISOFUZZ_H

#include <stddef.h>
#include <stdint.h>

typedef int (*chiso_fuzz_callback)(const uint8_t *data, size_t size);

/// 1 when libFuzzer is linked into this binary, else 0.
int chiso_fuzz_linked(void);

/// Runs libFuzzer's driver on the command line (it parses its own -flags and the corpus
/// folders), calling `callback` for every input; returns its exit status, or -1 when
/// libFuzzer is not linked.
int chiso_fuzz_run_driver(int *argc, char ***argv, chiso_fuzz_callback callback);

#endif
