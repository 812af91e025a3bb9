#ifndef WATCHNEXT_CPREFETCH_SHIM_H
#define WATCHNEXT_CPREFETCH_SHIM_H
// Cache prefetch hints for the graph search, which Swift has no intrinsic for.

/// Hints that the memory at `address` will be read soon.
static inline void CPrefetch_read(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
