/// Which end of a ``ScoredHeap`` is on top, fixed at compile time so the comparisons inline.
protocol HeapOrder {
  /// Whether `a` belongs above `b`.
  static func above(_ a: Float, _ b: Float) -> Bool
}

/// The highest score on top: the HNSW search's candidates, best first.
enum HighestFirst: HeapOrder {
  @inline(__always) static func above(_ a: Float, _ b: Float) -> Bool { a > b }
}

/// The lowest score on top: the HNSW search's results, whose worst is evicted.
enum LowestFirst: HeapOrder {
  @inline(__always) static func above(_ a: Float, _ b: Float) -> Bool { a < b }
}

/// A binary heap of (score, node) pairs. Sifts move a hole instead of swapping pairs, and run
/// over the buffer's raw pointer: the heaps are the search's bookkeeping hot spot (`perf`: 9% of
/// an HNSW build in `pop` before this).
struct ScoredHeap<Order: HeapOrder> {
  private(set) var items: [(score: Float, node: Int32)] = []

  init(capacity: Int = 0) {
    items.reserveCapacity(capacity)
  }

  var count: Int { items.count }
  var isEmpty: Bool { items.isEmpty }
  var top: (score: Float, node: Int32)? { items.first }

  @inline(__always)
  mutating func push(_ score: Float, _ node: Int32) {
    items.append((score, node))
    items.withUnsafeMutableBufferPointer { heap in
      var hole = heap.count - 1
      while hole > 0 {
        let parent = (hole - 1) / 2
        guard Order.above(score, heap[parent].score) else { break }
        heap[hole] = heap[parent]
        hole = parent
      }
      heap[hole] = (score, node)
    }
  }

  @inline(__always)
  @discardableResult
  mutating func pop() -> (score: Float, node: Int32)? {
    guard let first = items.first else { return nil }
    let last = items.removeLast()
    guard !items.isEmpty else { return first }
    items.withUnsafeMutableBufferPointer { heap in
      let count = heap.count
      var hole = 0
      while true {
        var child = 2 * hole + 1
        guard child < count else { break }
        if child + 1 < count && Order.above(heap[child + 1].score, heap[child].score) { child += 1 }
        guard Order.above(heap[child].score, last.score) else { break }
        heap[hole] = heap[child]
        hole = child
      }
      heap[hole] = last
    }
    return first
  }
}
