/// The best `capacity` (score, node) pairs of a stream, at amortised O(1) per offer: offers
/// above the threshold are appended, and when the buffer holds twice the capacity a quickselect
/// keeps the best half and raises the threshold to the worst kept (the partition index's
/// re-scoring list; a heap paid a sift per entering item).
struct CandidateBuffer {
  /// Pairs kept at the end.
  let capacity: Int
  private(set) var items: [(score: Float, node: Int32)] = []
  /// Scores at or below it cannot be among the best `capacity` any more.
  private(set) var threshold = -Float.infinity

  init(capacity: Int) {
    self.capacity = max(capacity, 1)
    items.reserveCapacity(2 * self.capacity)
  }

  /// Takes a pair whose score is above ``threshold`` (the caller checks, in its own units).
  @inline(__always)
  mutating func offer(_ score: Float, _ node: Int32) {
    items.append((score, node))
    if items.count >= 2 * capacity { shrink() }
  }

  /// The best `capacity` pairs, in no order.
  mutating func best() -> [(score: Float, node: Int32)] {
    if items.count > capacity { shrink() }
    return items
  }

  /// Keeps the best `capacity` (quickselect on scores, best first), and sets the threshold.
  private mutating func shrink() {
    var low = 0
    var high = items.count - 1
    let target = capacity - 1
    while low < high {
      let pivot = items[(low + high) / 2].score
      var i = low
      var j = high
      while i <= j {
        while items[i].score > pivot { i += 1 }
        while items[j].score < pivot { j -= 1 }
        if i <= j {
          items.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if target <= j {
        high = j
      } else if target >= i {
        low = i
      } else {
        break
      }
    }
    items.removeLast(items.count - capacity)
    threshold = items.reduce(Float.infinity) { min($0, $1.score) }
  }
}
