import Dispatch

/// Runs a row-wise update over chunks of rows on several threads.
///
/// Each worker touches only the rows of its own chunk, so the mutable buffers it writes are
/// disjoint; that is what makes sharing the raw pointers below sound.
enum RowParallel {
  /// Below this many elements a single thread is faster than waking a second one.
  static let minimumElements = 1 << 15

  /// A pointer shared with workers that write disjoint rows of it.
  struct SharedPointer: @unchecked Sendable {  // disjoint row ranges per worker, joined before return
    let base: UnsafeMutablePointer<Float>
  }

  /// A read-only pointer shared with workers.
  struct SharedReadPointer: @unchecked Sendable {  // read only while the workers run
    let base: UnsafePointer<Float>
  }

  /// Calls `body(range)` for chunks of `0..<count` rows, in parallel when the work is large.
  static func forEachChunk(count: Int, width: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let workers = count * width >= minimumElements ? 2 : 1
    guard workers > 1 else {
      body(0..<count)
      return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { w in
      body((count * w / workers)..<(count * (w + 1) / workers))
    }
  }
}
