import NeuralCore
import WorkspaceStore

/// A trained candidate-generation model bound to a workspace's columns: user vectors on
/// demand (example age 0, Paper §3.3) and exact top-N retrieval over the whole vocabulary.
public struct BoundCandidateModel: CandidateScorer {
  /// A short name for tables.
  public var name = "DNN"
  /// The network.
  public var model: CandidateModel
  /// Its ID spaces.
  public var space: FeatureSpace
  /// The workspace mapped into those ID spaces.
  public var lookup: CandidateFeatureLookup
  /// The workspace's events.
  public var columns: EventColumns

  /// Binds a model to a workspace's columns.
  public init(model: CandidateModel, space: FeatureSpace, columns: EventColumns) {
    self.model = model
    self.space = space
    self.columns = columns
    lookup = CandidateFeatureLookup(columns: columns, space: space)
  }

  /// Binds a model to `columns` with an already computed `lookup` of them (a what-if copy).
  public init(model: CandidateModel, space: FeatureSpace, columns: EventColumns, lookup: CandidateFeatureLookup) {
    self.model = model
    self.space = space
    self.columns = columns
    self.lookup = lookup
  }

  /// User vectors for prediction targets, at serving time (example age 0).
  ///
  /// - Complexity: O(targets × model size).
  public func userVectors(_ targets: [PredictionTarget]) -> Matrix {
    let queries = targets.map {
      CandidateQuery(user: $0.user, historyEnd: $0.historyEnd, time: $0.time, exampleAge: 0, label: -1)
    }
    return model.userVectors(CandidateBatch(queries: queries, columns: columns, lookup: lookup, config: model.config))
  }

  /// The serving query of a user "now": all watches and searches in the workspace.
  public func servingTarget(user: Int32) -> PredictionTarget {
    let range = columns.watches.range(ofUser: Int(user))
    return PredictionTarget(user: user, historyEnd: range.upperBound, time: .max, videos: [])
  }

  /// Exact top-`k` by `u · v_j` over the vocabulary, as workspace video indexes (Paper §3.1 serving).
  ///
  /// - Complexity: O(targets × classes × dimension) in blocked GEMMs, plus O(targets × classes × log k) selection.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    scoredRecommendations(targets, k: k, excludeHistory: excludeHistory).map { $0.map(\.video) }
  }

  /// Like ``recommend(_:k:excludeHistory:)`` with each candidate's score.
  public func scoredRecommendations(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[(
    video: Int32, score: Float
  )]] {
    var result: [[(video: Int32, score: Float)]] = []
    result.reserveCapacity(targets.count)
    let blockSize = 256
    var start = 0
    while start < targets.count {
      let block = Array(targets[start..<min(start + blockSize, targets.count)])
      let u = userVectors(block)
      let scores = BLAS.product(u, model.videoEmbeddings, transposeB: true)
      for (row, target) in block.enumerated() {
        let excluded =
          excludeHistory ? Set(target.historyVideos(in: columns).map { lookup.classOfVideo[Int($0)] }) : []
        let top = TopK.select(scores.row(row), k: k, excluded: excluded)
        result.append(top.map { (lookup.videoOfClass[Int($0)], scores[row, Int($0)]) })
      }
      start += blockSize
    }
    return result
  }
}
