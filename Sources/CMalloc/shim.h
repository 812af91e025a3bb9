#ifndef WATCHNEXT_CMALLOC_SHIM_H
#define WATCHNEXT_CMALLOC_SHIM_H
// glibc allocator tuning (malloc.h), whose M_* macros Swift cannot import.
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>

/// Keeps freed blocks up to `mmapBytes` in the heap and trims only above `trimBytes`.
static inline int CMalloc_keepFreedMemory(int mmapBytes, int trimBytes) {
  return mallopt(M_MMAP_THRESHOLD, mmapBytes) && mallopt(M_TRIM_THRESHOLD, trimBytes);
}

/// Asks the kernel to back the 2 MiB-aligned interior of [start, start + bytes) with transparent
/// huge pages when it is next touched (Linux `MADV_HUGEPAGE`; a no-op returning -1 elsewhere).
/// Random walks over a big graph then miss the TLB far less often.
static inline int CMalloc_adviseHugePages(void *start, size_t bytes) {
#if defined(MADV_HUGEPAGE)
  const uintptr_t huge = (uintptr_t)2 << 20;
  uintptr_t first = ((uintptr_t)start + huge - 1) & ~(huge - 1);
  uintptr_t last = ((uintptr_t)start + bytes) & ~(huge - 1);
  if (last <= first) return -1;
  return madvise((void *)first, last - first, MADV_HUGEPAGE);
#else
  (void)start;
  (void)bytes;
  return -1;
#endif
}
#endif
