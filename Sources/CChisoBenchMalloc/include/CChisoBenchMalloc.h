// Allocation counts for chiso-bench only (never linked into `chiso` or ChisoCore).
//
// On Linux with glibc this target defines malloc, calloc, realloc, free,
// posix_memalign, aligned_alloc and memalign in the chiso-bench executable itself:
// the dynamic linker looks symbols up in the executable first, so every allocation of
// the process (the Swift runtime's, Foundation's, ChisoCore's) comes here, is counted
// with relaxed atomic additions and is passed on to glibc's own entry points
// (__libc_malloc and so on). Elsewhere nothing is interposed and the counts stay
// unavailable.

#ifndef CCHISO_BENCH_MALLOC_H
#define CCHISO_BENCH_MALLOC_H

#include <stdint.h>

/// Allocations since the process started: calls that returned new memory (malloc,
/// calloc, a realloc that was given no pointer or moved to a new block, and the aligned
/// allocators), the bytes they asked for, and frees of non-null pointers.
typedef struct {
    uint64_t allocations;
    uint64_t bytes;
    uint64_t frees;
} chiso_malloc_counts;

/// 1 when the counters see the process's allocations (Linux with glibc), else 0.
int chiso_malloc_counting(void);

/// The counts so far (all zero where counting is unavailable).
chiso_malloc_counts chiso_malloc_counts_now(void);

#endif
