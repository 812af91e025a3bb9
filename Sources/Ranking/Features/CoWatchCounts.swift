import Algorithms
import WorkspaceStore

/// How often users went on from one video to another: ordered pairs (a, b) where b is among the
/// next ``window`` watches after a, each pair stamped with the time b was watched (Paper §4.1:
/// "previous interaction with ... similar items"; the related-videos signal behind co-visitation).
///
/// Counts are causal: a request at time `t` sees only pairs completed before `t`, so a training
/// example never counts its own click. Pairs are kept flat and sorted by (a, b, time), so a
/// lookup is two binary searches.
public struct CoWatchCounts: Sendable {
  /// Watches after `a` that pair with it.
  public let window: Int
  /// `a << 32 | b`, sorted.
  private let keys: [UInt64]
  /// The time b was watched, sorted within equal keys.
  private let times: [Int64]

  /// Pairs from each user's watches `userOffsets[u]..<end[u]` (all watches when `end` is nil).
  ///
  /// - Parameter end: per-user end of the counted watches (the training part of a split, so
  ///   that held-out targets are never counted).
  /// - Complexity: O(P log P) for P = watches × window pairs.
  public init(columns: EventColumns, end: [Int]? = nil, window: Int = 3) {
    self.window = window
    let watches = columns.watches
    var pairs: [(UInt64, Int64)] = []
    pairs.reserveCapacity(watches.count * window)
    for u in 0..<columns.users.count {
      let start = watches.userOffsets[u]
      let stop = min(end?[u] ?? watches.userOffsets[u + 1], watches.userOffsets[u + 1])
      guard stop > start else { continue }
      for i in start..<stop {
        let a = UInt64(UInt32(bitPattern: watches.video[i]))
        for j in (i + 1)..<min(stop, i + 1 + window) where watches.video[j] != watches.video[i] {
          pairs.append((a << 32 | UInt64(UInt32(bitPattern: watches.video[j])), watches.time[j]))
        }
      }
    }
    pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    keys = pairs.map(\.0)
    times = pairs.map(\.1)
  }

  /// The number of pairs (a → b) completed before `time`.
  ///
  /// - Complexity: O(log P).
  public func count(from a: Int32, to b: Int32, before time: Int64) -> Int {
    guard a >= 0, b >= 0 else { return 0 }
    let key = UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
    let lo = lowerBound(key)
    guard lo < keys.count, keys[lo] == key else { return 0 }
    var hi = lo
    var step = 1
    while hi + step < keys.count, keys[hi + step] == key { step *= 2 }
    hi = lowerBound(key &+ 1, from: lo, to: min(keys.count, hi + step + 1))
    return times[lo..<hi].partitioningIndex { $0 >= time } - lo
  }

  private func lowerBound(_ key: UInt64, from: Int = 0, to: Int? = nil) -> Int {
    keys[from..<(to ?? keys.count)].partitioningIndex { $0 >= key }
  }
}
