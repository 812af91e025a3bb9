import Foundation

/// Ranks as threads of one process, exchanging through shared memory: the distributed
/// algorithm (shards, gradient exchange, rank 0's decisions) run and checked without MPI.
/// Every operation is one rendezvous of all ranks, whose result every rank computes alike
/// from the same deposits (sums in rank order), so the ranks stay bit-identical.
public struct ThreadRanks: Collective {
  /// This process's rank.
  public let rank: Int
  /// The number of ranks.
  public var size: Int { group.size }
  let group: Rendezvous

  /// Runs `body` once per rank, each on a thread of its own (not a pool's: a rank blocks in
  /// every collective, so all must run at once), and returns the ranks' results in rank order.
  public static func run<T: Sendable>(size: Int, _ body: @escaping @Sendable (ThreadRanks) -> T) -> [T] {
    precondition(size >= 1, "a group needs a rank")
    let group = Rendezvous(size: size)
    let results = Rendezvous.Results<T>(count: size)
    let done = DispatchGroup()
    for rank in 0..<size {
      done.enter()
      let thread = Thread {
        results.set(rank, body(ThreadRanks(rank: rank, group: group)))
        done.leave()
      }
      thread.stackSize = 16 << 20
      thread.start()
    }
    done.wait()
    return results.values()
  }

  /// Sums over the ranks, in place.
  public func allreduceSum(_ values: inout [Float]) {
    let all = group.exchange(rank: rank, values)
    values = Self.sum(all.map { $0 as? [Float] ?? [] }, count: values.count)
  }

  /// Sums over the ranks, in place.
  public func allreduceSum(_ values: inout [Double]) {
    let all = group.exchange(rank: rank, values)
    values = Self.sum(all.map { $0 as? [Double] ?? [] }, count: values.count)
  }

  /// Every rank's values in rank order, with their counts.
  public func allgatherv(_ values: [Float]) -> (values: [Float], counts: [Int]) {
    let all = group.exchange(rank: rank, values).map { $0 as? [Float] ?? [] }
    return (all.flatMap { $0 }, all.map(\.count))
  }

  /// Every rank's values in rank order, with their counts.
  public func allgatherv(_ values: [Int32]) -> (values: [Int32], counts: [Int]) {
    let all = group.exchange(rank: rank, values).map { $0 as? [Int32] ?? [] }
    return (all.flatMap { $0 }, all.map(\.count))
  }

  /// Replaces `values` by `root`'s.
  public func broadcast(_ values: inout [Double], root: Int) {
    let all = group.exchange(rank: rank, values)
    values = all[root] as? [Double] ?? values
  }

  /// Returns once every rank has called it.
  public func barrier() { _ = group.exchange(rank: rank, [Float]()) }

  /// Ends every rank with `code`.
  public func abort(code: Int32) -> Never { fatalError("rank \(rank) aborted the group with code \(code)") }

  static func sum<T: AdditiveArithmetic>(_ parts: [[T]], count: Int) -> [T] {
    var total = [T](repeating: .zero, count: count)
    for part in parts {
      precondition(part.count == count, "every rank reduces the same count")
      for i in 0..<count { total[i] += part[i] }
    }
    return total
  }
}

/// The meeting point of a group of ``ThreadRanks``: each rank deposits its value, and the last
/// to arrive publishes all of them. A rank can deposit its next value while another still reads
/// the last publication: that is replaced only when every rank (the reader too) has arrived again.
final class Rendezvous: @unchecked Sendable {  // every field is read and written under `condition`
  let size: Int
  private let condition = NSCondition()
  private var deposits: [any Sendable]
  private var published: [any Sendable]
  private var arrived = 0
  private var generation = 0

  init(size: Int) {
    self.size = size
    deposits = Array(repeating: [Float](), count: size)
    published = deposits
  }

  /// Every rank's deposit, in rank order, once all have made theirs.
  func exchange(rank: Int, _ value: any Sendable) -> [any Sendable] {
    condition.lock()
    defer { condition.unlock() }
    deposits[rank] = value
    arrived += 1
    let round = generation
    if arrived == size {
      published = deposits
      arrived = 0
      generation += 1
      condition.broadcast()
    } else {
      while generation == round { condition.wait() }
    }
    return published
  }

  /// One result slot per rank, set by that rank's thread.
  final class Results<T: Sendable>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }
    func values() -> [T] { lock.withLock { slots.compactMap { $0 } } }
  }
}
