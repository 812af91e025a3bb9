#ifndef WATCHNEXT_CMALLOC_SHIM_H
#define WATCHNEXT_CMALLOC_SHIM_H
// glibc allocator tuning (malloc.h), whose M_* macros Swift cannot import.
#include <malloc.h>

/// Keeps freed blocks up to `mmapBytes` in the heap and trims only above `trimBytes`.
static inline int CMalloc_keepFreedMemory(int mmapBytes, int trimBytes) {
  return mallopt(M_MMAP_THRESHOLD, mmapBytes) && mallopt(M_TRIM_THRESHOLD, trimBytes);
}
#endif
