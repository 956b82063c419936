#ifndef CHISO_SUPPORT_H
#define CHISO_SUPPORT_H

#include <stddef.h>

/// Writes `x` with 15 significant digits in scientific form ("%.14e"), correctly
/// rounded by the C library, into `buffer`; returns the length (or a negative value).
/// A plain C function, so Swift calls it without boxing the double as a C variadic.
int chiso_format15(char *buffer, size_t size, double x);

/// Makes every thread allocate from the main malloc arena (glibc's M_ARENA_MAX = 1);
/// does nothing where the C library has no such setting. Returns 1 when it was set.
int chiso_one_malloc_arena(void);

#endif
