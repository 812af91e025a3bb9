/// Orders events by (user, time) in O(n) for the usual case: a stable counting sort by user,
/// then a per-user sort by time only where the user's events are out of order.
enum UserOrder {
  /// The permutation that sorts events by user then time, and the per-user offsets.
  ///
  /// - Complexity: O(n + users) when each user's events arrive in time order; O(n log n) at worst.
  static func permutation(users: [Int32], times: [Int64], userCount: Int) -> (order: [Int], offsets: [Int]) {
    var offsets = [Int](repeating: 0, count: userCount + 1)
    for u in users { offsets[Int(u) + 1] += 1 }
    for i in 0..<userCount { offsets[i + 1] += offsets[i] }
    var next = offsets
    var order = [Int](repeating: 0, count: users.count)
    for (i, u) in users.enumerated() {
      order[next[Int(u)]] = i
      next[Int(u)] += 1
    }
    for u in 0..<userCount {
      let range = offsets[u]..<offsets[u + 1]
      var sorted = true
      var previous = Int64.min
      for position in range {
        let t = times[order[position]]
        if t < previous {
          sorted = false
          break
        }
        previous = t
      }
      if !sorted {
        let slice = order[range].sorted { (times[$0], $0) < (times[$1], $1) }
        order.replaceSubrange(range, with: slice)
      }
    }
    return (order, offsets)
  }

  /// `values` rearranged by `order`.
  static func apply<T>(_ order: [Int], to values: [T]) -> [T] {
    order.map { values[$0] }
  }
}
