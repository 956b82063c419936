// How the `chiso` process allocates (the command line's only; ChisoCore never calls it).

#ifndef CCHISO_PROCESS_H
#define CCHISO_PROCESS_H

/// For a process that exits once it has printed (`chiso run`, `chiso check`), called
/// before its work: malloc's heap grows once by 64 MB, marked for transparent huge pages
/// (MADV_HUGEPAGE); blocks up to 32 MB then come from the heap (not from mmap, whose
/// blocks are fresh pages each time) and it is not given back to the system; later
/// growth is malloc's usual. Returns 1 when the heap was marked; 0 where there is no
/// such setting (not Linux with glibc) or the heap could not grow (a memory limit: the
/// settings are then put back as they were at the start).
int chiso_grow_heap_in_large_pages(void);

#endif
