/// A batch of variable-length ID lists in compressed form (CSR): bag `i` is
/// `ids[offsets[i]..<offsets[i + 1]]`.
///
/// Negative IDs stand for out-of-vocabulary values and contribute the zero vector
/// (Paper §4.1: "out-of-vocabulary values map to the zero embedding").
public struct Bags: Sendable, Equatable {
  /// Start of each bag in `ids`, plus a final end offset; `offsets.count == count + 1`.
  public private(set) var offsets: [Int]
  /// The IDs of all bags, back to back.
  public private(set) var ids: [Int32]

  /// An empty batch.
  public init() {
    offsets = [0]
    ids = []
  }

  /// A batch from one array of IDs per bag.
  public init(_ lists: [[Int32]]) {
    self.init()
    for list in lists { append(list) }
  }

  /// A batch with exactly one ID per bag (a univalent feature).
  public init(single ids: [Int32]) {
    self.ids = ids
    offsets = Array(0...ids.count)
  }

  /// The number of bags.
  public var count: Int { offsets.count - 1 }

  /// Appends one bag.
  public mutating func append<S: Sequence>(_ list: S) where S.Element == Int32 {
    ids.append(contentsOf: list)
    offsets.append(ids.count)
  }

  /// The IDs of bag `index`.
  public subscript(index: Int) -> ArraySlice<Int32> { ids[offsets[index]..<offsets[index + 1]] }
}
