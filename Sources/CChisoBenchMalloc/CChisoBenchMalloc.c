// See include/CChisoBenchMalloc.h.

#include "CChisoBenchMalloc.h"

#if defined(__linux__) && defined(__GLIBC__)

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

// glibc's own allocator entry points, which its malloc and friends are.
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void __libc_free(void *pointer);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic uint64_t allocations;
static _Atomic uint64_t bytes;
static _Atomic uint64_t frees;

static inline void counted(void *pointer, size_t size) {
    if (pointer == NULL) return;
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes, (uint64_t)size, memory_order_relaxed);
}

void *malloc(size_t size) {
    void *p = __libc_malloc(size);
    counted(p, size);
    return p;
}

void *calloc(size_t count, size_t size) {
    void *p = __libc_calloc(count, size);
    // __libc_calloc returned memory, so count * size did not overflow.
    counted(p, count * size);
    return p;
}

void *realloc(void *pointer, size_t size) {
    void *p = __libc_realloc(pointer, size);
    if (pointer == NULL) {
        counted(p, size);
    } else if (p != NULL && p != pointer) {
        // Moved: a new block, and the old one freed.
        counted(p, size);
        atomic_fetch_add_explicit(&frees, 1, memory_order_relaxed);
    } else if (p == NULL && size == 0) {
        atomic_fetch_add_explicit(&frees, 1, memory_order_relaxed);
    }
    return p;
}

void free(void *pointer) {
    if (pointer == NULL) return;
    atomic_fetch_add_explicit(&frees, 1, memory_order_relaxed);
    __libc_free(pointer);
}

void *memalign(size_t alignment, size_t size) {
    void *p = __libc_memalign(alignment, size);
    counted(p, size);
    return p;
}

void *aligned_alloc(size_t alignment, size_t size) {
    void *p = __libc_memalign(alignment, size);
    counted(p, size);
    return p;
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    // What glibc's posix_memalign checks before it allocates.
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) return EINVAL;
    void *p = __libc_memalign(alignment, size);
    if (p == NULL) return ENOMEM;
    counted(p, size);
    *result = p;
    return 0;
}

int chiso_malloc_counting(void) { return 1; }

chiso_malloc_counts chiso_malloc_counts_now(void) {
    chiso_malloc_counts c;
    c.allocations = atomic_load_explicit(&allocations, memory_order_relaxed);
    c.bytes = atomic_load_explicit(&bytes, memory_order_relaxed);
    c.frees = atomic_load_explicit(&frees, memory_order_relaxed);
    return c;
}

#else

int chiso_malloc_counting(void) { return 0; }

chiso_malloc_counts chiso_malloc_counts_now(void) {
    chiso_malloc_counts c = {0, 0, 0};
    return c;
}

#endif
