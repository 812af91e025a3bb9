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

  /// The pairs that start at one video: found once by a request for each of its recent watches,
  /// then searched for every candidate (a range of the pairs a few cache lines long, instead of
  /// two searches of all P pairs per candidate).
  public struct Successors: Sendable {
    /// `a << 32`, the shared high half of the range's keys.
    fileprivate let prefix: UInt64
    /// The pairs whose first video is `a`.
    fileprivate let range: Range<Int>
  }

  /// The pairs (a → anything); empty for a negative `a`.
  ///
  /// - Complexity: O(log P).
  public func successors(of a: Int32) -> Successors {
    guard a >= 0 else { return Successors(prefix: 0, range: 0..<0) }
    let prefix = UInt64(UInt32(bitPattern: a)) << 32
    let lo = lowerBound(prefix)
    let hi = lowerBound(prefix + (1 << 32), from: lo)
    return Successors(prefix: prefix, range: lo..<hi)
  }

  /// The number of pairs (a → b) completed before `time`.
  ///
  /// - Complexity: O(log P).
  public func count(from a: Int32, to b: Int32, before time: Int64) -> Int {
    count(in: successors(of: a), to: b, before: time)
  }

  /// The number of pairs (a → b) completed before `time`, for `a`'s successors.
  ///
  /// - Complexity: O(log of a's pairs).
  public func count(in successors: Successors, to b: Int32, before time: Int64) -> Int {
    guard b >= 0, !successors.range.isEmpty else { return 0 }
    let key = successors.prefix | UInt64(UInt32(bitPattern: b))
    let lo = lowerBound(key, from: successors.range.lowerBound, to: successors.range.upperBound)
    guard lo < successors.range.upperBound, keys[lo] == key else { return 0 }
    let hi = lowerBound(key &+ 1, from: lo, to: successors.range.upperBound)
    return times[lo..<hi].partitioningIndex { $0 >= time } - lo
  }

  /// Adds to `counts[slot]` the number of pairs (a → `video`) completed before `time`, for each
  /// `(video, slot)` of `targets` sorted by video, over `a`'s successors: one merge of two sorted
  /// lists, galloping through the successors from the previous target's place, so a request's
  /// candidates cost O(candidates × log(gap)) touches that move only forward through memory
  /// (a search per candidate from the range's start jumps about the range instead).
  ///
  /// Equal to ``count(in:to:before:)`` for every target; negative videos count 0; a video may
  /// appear more than once.
  public func addCounts(
    in successors: Successors, toSorted targets: [(video: Int32, slot: Int)], before time: Int64,
    into counts: inout [Int]
  ) {
    let end = successors.range.upperBound
    var position = successors.range.lowerBound
    for (video, slot) in targets where video >= 0 {
      guard position < end else { return }
      let key = successors.prefix | UInt64(UInt32(bitPattern: video))
      position = gallop(to: key, from: position, to: end)
      var q = position
      while q < end, keys[q] == key, times[q] < time { q += 1 }
      counts[slot] += q - position
    }
  }

  /// The first position in `from..<to` whose key is at least `key`: steps 1, 2, 4, … from
  /// `from`, then a binary search of the last step.
  private func gallop(to key: UInt64, from: Int, to: Int) -> Int {
    guard from < to, keys[from] < key else { return from }
    var low = from
    var step = 1
    while low + step < to, keys[low + step] < key {
      low += step
      step *= 2
    }
    return lowerBound(key, from: low + 1, to: min(to, low + step + 1))
  }

  private func lowerBound(_ key: UInt64, from: Int = 0, to: Int? = nil) -> Int {
    keys[from..<(to ?? keys.count)].partitioningIndex { $0 >= key }
  }
}
