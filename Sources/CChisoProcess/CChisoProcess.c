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
    const uintptr_t huge_page = (uintptr_t)2 << 20, pad = (uintptr_t)64 << 20;
    // The heap grows once by 64 MB and a block: the block, freed, stays in the heap for
    // what comes next. Later growth is malloc's usual (its default top pad of 128 KB),
    // so that under a memory limit (ulimit -v) no later growth asks for 64 MB more than
    // it needs.
    // Blocks up to 32 MB from the heap (the 1 MB block here among them), where freed ones
    // are used again, not fresh mmap pages each time.
    if (mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1 || mallopt(M_TOP_PAD, (int)pad) != 1) return 0;
    uintptr_t before = (uintptr_t)sbrk(0);
    void *block = malloc(1 << 20);
    // The compiler may drop a malloc whose block is never used: this one must happen.
    __asm__ volatile("" : : "r"(block) : "memory");
    uintptr_t after = (uintptr_t)sbrk(0);
    mallopt(M_TOP_PAD, 128 * 1024);
    if (block == NULL || after < before + pad) {
        // The heap could not grow (a memory limit): blocks over 128 KB from mmap again,
        // given back when freed, as at the start.
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        free(block);
        return 0;
    }
    // The heap kept whole until the process exits.
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    free(block);
    uintptr_t start = (before + huge_page - 1) & ~(huge_page - 1);
    if (after <= start) return 0;
    return madvise((void *)start, after - start, MADV_HUGEPAGE) == 0;
}

#else

int chiso_grow_heap_in_large_pages(void) { return 0; }

#endif
