#include "chiso_support.h"
#include <stdio.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int chiso_format15(char *buffer, size_t size, double x) {
    return snprintf(buffer, size, "%.14e", x);
}

int chiso_one_malloc_arena(void) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, 1);
#else
    return 0;
#endif
}
