import Foundation

/// Collective communication among the ranks of a data-parallel training run: the four
/// operations the trainers need (Horovod's set). Every rank calls the same operations in the
/// same order with buffers of the same length (where the operation says so); a rank that stops
/// calling blocks the others, so a rank that fails must ``abort(code:)`` the whole group.
///
/// Implementations: ``SingleProcess`` (one rank; every operation is the identity), ``ThreadRanks``
/// (ranks as threads of one process: tests and the equivalence check without MPI), and
/// `MPICollective` (Open MPI, built with the package trait `MPI`).
public protocol Collective: Sendable {
  /// This process's rank, `0..<size`; rank 0 reports progress and saves.
  var rank: Int { get }
  /// The number of ranks.
  var size: Int { get }
  /// Element-wise sum over the ranks, in place: every rank ends with the same sum.
  ///
  /// - Precondition: every rank passes the same count.
  func allreduceSum(_ values: inout [Float])
  /// Element-wise sum over the ranks of doubles (counts, weights, losses).
  func allreduceSum(_ values: inout [Double])
  /// Every rank's `values` concatenated in rank order (counts may differ between ranks), with
  /// the count each rank gave.
  func allgatherv(_ values: [Float]) -> (values: [Float], counts: [Int])
  /// ``allgatherv(_:)-(Float)`` for row identifiers.
  func allgatherv(_ values: [Int32]) -> (values: [Int32], counts: [Int])
  /// Replaces `values` on every rank by `root`'s.
  ///
  /// - Precondition: every rank passes the same count.
  func broadcast(_ values: inout [Double], root: Int)
  /// Returns once every rank has called it.
  func barrier()
  /// Ends every rank of the group with `code` (a rank that failed alone must not leave the
  /// others waiting in a collective).
  func abort(code: Int32) -> Never
}

extension Collective {
  /// Whether this process is rank 0, the one that reports and saves.
  public var isRoot: Bool { rank == 0 }

  /// Rank 0's decision, the same on every rank (early stopping, a divergence guard computed on
  /// rank 0 only).
  public func broadcast(_ value: Double, root: Int = 0) -> Double {
    var values = [value]
    broadcast(&values, root: root)
    return values[0]
  }

  /// This rank's contiguous share of `count` items: `count × rank / size ..< count × (rank + 1) / size`.
  public func share(of count: Int) -> Range<Int> {
    (count * rank / size)..<(count * (rank + 1) / size)
  }

  /// This rank's contiguous share of a global batch's items (``share(of:)`` of its count).
  public func share<T>(of global: ArraySlice<T>) -> ArraySlice<T> {
    let range = share(of: global.count)
    return global[(global.startIndex + range.lowerBound)..<(global.startIndex + range.upperBound)]
  }
}

/// The group of one: training as it was before distribution, with no communication.
public struct SingleProcess: Collective {
  /// The only rank.
  public init() {}
  /// This process's rank.
  public var rank: Int { 0 }
  /// The number of ranks.
  public var size: Int { 1 }
  /// Sums over the ranks, in place.
  public func allreduceSum(_ values: inout [Float]) {}
  /// Sums over the ranks, in place.
  public func allreduceSum(_ values: inout [Double]) {}
  /// Every rank's values in rank order, with their counts.
  public func allgatherv(_ values: [Float]) -> (values: [Float], counts: [Int]) { (values, [values.count]) }
  /// Every rank's values in rank order, with their counts.
  public func allgatherv(_ values: [Int32]) -> (values: [Int32], counts: [Int]) { (values, [values.count]) }
  /// Replaces `values` by `root`'s.
  public func broadcast(_ values: inout [Double], root: Int) {}
  /// Returns once every rank has called it.
  public func barrier() {}
  /// Ends every rank with `code`.
  public func abort(code: Int32) -> Never { exit(code) }
}
