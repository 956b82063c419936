// How the `chiso` process allocates (the command line's only; ChisoCore never calls it).

#ifndef CCHISO_PROCESS_H
#define CCHISO_PROCESS_H

/// For a process that exits once it has printed (`chiso run`, `chiso check`), called
/// before its work: malloc's heap grows by 64 MB at a time, blocks up to 32 MB come from
/// it (not from mmap, whose blocks are fresh pages each time), it is not given back to
/// the system, and the first 64 MB it grows into are marked for transparent huge pages
/// (MADV_HUGEPAGE). Returns 1 when the heap was marked; 0 where there is no such setting
/// (not Linux with glibc) or a step failed, leaving the defaults or part of them.
int chiso_grow_heap_in_large_pages(void);

#endif
