#if canImport(CMalloc)
  import CMalloc
#endif

/// Process-wide allocator settings for training loops.
public enum MemoryTuning {
  /// Keeps freed memory in the heap instead of returning it to the kernel.
  ///
  /// A training step allocates and frees the same few megabytes every time; with glibc's
  /// defaults those blocks come from fresh `mmap` pages, and page faults cost about a tenth of
  /// a candidate-generation step (measured with `perf`). Raising the mmap and trim thresholds
  /// lets them be reused. No effect on other platforms.
  public static func keepFreedMemory() {
    #if canImport(CMalloc)
      _ = CMalloc_keepFreedMemory(256 << 20, 512 << 20)
    #endif
  }
}
