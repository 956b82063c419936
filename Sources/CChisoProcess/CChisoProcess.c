// See include/CChisoProcess.h.

#include "CChisoProcess.h"

// A C library header first: it is what defines __GLIBC__.
#include <stdint.h>
#include <stdlib.h>

#if defined(__linux__) && defined(__GLIBC__)

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

int chiso_grow_heap_in_large_pages(void) {
    const uintptr_t huge_page = (uintptr_t)2 << 20;
    if (mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1 || mallopt(M_TRIM_THRESHOLD, 1 << 30) != 1 ||
        mallopt(M_TOP_PAD, 64 << 20) != 1)
        return 0;
    // A block larger than what is left at the heap's top makes it grow by the block and
    // the 64 MB; freed, it stays in the heap for what comes next.
    uintptr_t before = (uintptr_t)sbrk(0);
    void *block = malloc(1 << 20);
    if (block == NULL) return 0;
    // The compiler may drop a malloc whose block is never used: this one must happen.
    __asm__ volatile("" : : "r"(block) : "memory");
    uintptr_t after = (uintptr_t)sbrk(0);
    free(block);
    uintptr_t start = (before + huge_page - 1) & ~(huge_page - 1);
    if (after <= start) return 0;
    return madvise((void *)start, after - start, MADV_HUGEPAGE) == 0;
}

#else

int chiso_grow_heap_in_large_pages(void) { return 0; }

#endif
