/// Parameters of a ``PartitionIndex``: how many partitions, how many to search, how many
/// approximate best to re-score exactly, and the k-means training.
public struct PartitionParameters: Codable, Sendable, Equatable {
  /// Partitions (k-means cells); 0 picks `2√n`, at least 1.
  public var partitions: Int
  /// Partitions searched per query by default (the best by `q · centroid`).
  public var probe: Int
  /// Approximate best re-scored with the exact vectors by default (at least k is used).
  public var reorder: Int
  /// k-means iterations (partitions and the product quantiser's codebooks).
  public var iterations: Int
  /// Vectors sampled to train the partitions and codebooks (all when fewer).
  public var trainingSample: Int
  /// Seed of the samples and the initial centroids.
  public var seed: UInt64

  /// Parameters; the defaults suit a few hundred thousand 64-dimensional embeddings.
  public init(
    partitions: Int = 0, probe: Int = 16, reorder: Int = 300, iterations: Int = 10, trainingSample: Int = 100_000,
    seed: UInt64 = 42
  ) {
    self.partitions = partitions
    self.probe = probe
    self.reorder = reorder
    self.iterations = iterations
    self.trainingSample = trainingSample
    self.seed = seed
  }

  /// The partitions for `n` vectors.
  func partitionCount(for n: Int) -> Int {
    let chosen = partitions > 0 ? partitions : Int((2 * Double(n).squareRoot()).rounded())
    return max(1, min(chosen, n))
  }

  func validate() throws(RetrievalError) {
    guard partitions >= 0 else {
      throw .invalidParameter(name: "partitions", reason: "must be 0 (automatic) or positive")
    }
    guard probe >= 1 else { throw .invalidParameter(name: "probe", reason: "must be positive") }
    guard reorder >= 1 else { throw .invalidParameter(name: "reorder", reason: "must be positive") }
    guard (1...100).contains(iterations) else {
      throw .invalidParameter(name: "iterations", reason: "must be 1 to 100")
    }
    guard trainingSample >= 1 else { throw .invalidParameter(name: "trainingSample", reason: "must be positive") }
  }
}
