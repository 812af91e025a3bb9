#if canImport(CMalloc)
  import CMalloc
#endif

/// Arrays for the graph's big, randomly walked buffers (codes, links, vectors), with their memory
/// advised for transparent huge pages before it is first touched: one TLB entry then covers
/// 2 MiB instead of 4 KiB, and the walk's loads stop waiting on page walks.
enum HugePageArrays {
  /// An empty array with room for `capacity` elements, advised for huge pages; appends up to the
  /// capacity fill that memory without reallocating.
  static func empty<Element>(capacity: Int) -> [Element] {
    guard capacity > 0 else { return [] }
    return [Element](unsafeUninitializedCapacity: capacity) { buffer, initialized in
      // glibc and Linux only (the CMalloc shim); elsewhere the memory is left as the allocator gives it.
      #if canImport(CMalloc)
        if let base = buffer.baseAddress {
          _ = CMalloc_adviseHugePages(UnsafeMutableRawPointer(base), buffer.count * MemoryLayout<Element>.stride)
        }
      #endif
      initialized = 0
    }
  }

  /// A copy of `source` in huge-page-advised memory.
  static func copy<Element>(_ source: [Element]) -> [Element] {
    var result: [Element] = empty(capacity: source.count)
    result.append(contentsOf: source)
    return result
  }
}
