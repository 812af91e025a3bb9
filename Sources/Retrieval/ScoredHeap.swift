/// A binary heap of (score, node) pairs, ordered with the highest score on top when
/// `maxOnTop`, the lowest otherwise. The HNSW search keeps one of each.
struct ScoredHeap {
  private(set) var items: [(score: Float, node: Int32)] = []
  let maxOnTop: Bool

  init(maxOnTop: Bool, capacity: Int = 0) {
    self.maxOnTop = maxOnTop
    items.reserveCapacity(capacity)
  }

  var count: Int { items.count }
  var isEmpty: Bool { items.isEmpty }
  var top: (score: Float, node: Int32)? { items.first }

  @inline(__always)
  private func above(_ a: (score: Float, node: Int32), _ b: (score: Float, node: Int32)) -> Bool {
    maxOnTop ? a.score > b.score : a.score < b.score
  }

  mutating func push(_ score: Float, _ node: Int32) {
    items.append((score, node))
    var c = items.count - 1
    while c > 0 {
      let p = (c - 1) / 2
      guard above(items[c], items[p]) else { break }
      items.swapAt(c, p)
      c = p
    }
  }

  @discardableResult
  mutating func pop() -> (score: Float, node: Int32)? {
    guard !items.isEmpty else { return nil }
    let first = items[0]
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var i = 0
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var m = i
        if l < items.count && above(items[l], items[m]) { m = l }
        if r < items.count && above(items[r], items[m]) { m = r }
        if m == i { break }
        items.swapAt(i, m)
        i = m
      }
    }
    return first
  }
}
