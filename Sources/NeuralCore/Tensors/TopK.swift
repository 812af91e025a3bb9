/// Selects the `k` highest-scoring indexes of a score row, best first, skipping excluded ones.
public enum TopK {
  /// The positions (counted from 0 whatever the collection's own indices, so a matrix row's
  /// slice gives column numbers) of the `k` largest finite scores, in descending order of score
  /// (ties by position).
  ///
  /// Inlinable so that it is specialised for the caller's collection: the scan over a full
  /// corpus row is the hot part.
  /// - Complexity: O(n log k).
  @inlinable
  public static func select<Scores: Collection>(
    _ scores: Scores, k: Int, excluded: Set<Int32> = []
  ) -> [Int32] where Scores.Element == Float {
    guard k > 0 else { return [] }
    // A min-heap of (score, index) holding the best k so far.
    var heap: [(Float, Int32)] = []
    heap.reserveCapacity(k + 1)
    func worse(_ a: (Float, Int32), _ b: (Float, Int32)) -> Bool { a.0 < b.0 || (a.0 == b.0 && a.1 > b.1) }
    func siftDown(_ start: Int) {
      var i = start
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var m = i
        if l < heap.count && worse(heap[l], heap[m]) { m = l }
        if r < heap.count && worse(heap[r], heap[m]) { m = r }
        if m == i { return }
        heap.swapAt(i, m)
        i = m
      }
    }
    for (i, s) in scores.enumerated() {
      guard s.isFinite else { continue }
      let item = (s, Int32(i))
      // The exclusion is looked up only for a score that would enter the heap: a hash per
      // element of a million-video row cost more than the scan.
      if heap.count < k {
        guard !excluded.contains(item.1) else { continue }
        heap.append(item)
        var c = heap.count - 1
        while c > 0 {
          let p = (c - 1) / 2
          if worse(heap[c], heap[p]) {
            heap.swapAt(c, p)
            c = p
          } else {
            break
          }
        }
      } else if worse(heap[0], item) {
        guard !excluded.contains(item.1) else { continue }
        heap[0] = item
        siftDown(0)
      }
    }
    return heap.sorted { worse($1, $0) }.map(\.1)
  }
}
