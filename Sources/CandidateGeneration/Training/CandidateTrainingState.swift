import Dispatch
import NeuralCore
import Synchronization

/// A model with its optimizer and per-parameter state: one call of ``step(_:samples:logExpectedCount:)``
/// is one training step (gradients of the parts in parallel, combined, then applied).
public struct CandidateTrainingState<O: Optimizer>: Sendable {
  /// The model being trained.
  public var model: CandidateModel
  /// The optimizer.
  public var optimizer: O
  var states: States
  /// Examples in the last step's global batch (every rank's share).
  public private(set) var lastStepExamples = 0

  /// Per-parameter optimizer state of the whole model.
  struct States: Sendable {
    var watch, token, region, device, videos: O.State
    var weights: [O.State]
    var biases: [O.State]
    var encoder: [O.State]
    var recency: O.State
  }

  /// Fresh optimizer state for `model`.
  public init(model: CandidateModel, optimizer: O) {
    self.model = model
    self.optimizer = optimizer
    states = States(
      watch: optimizer.makeState(count: model.watchTable.table.count),
      token: optimizer.makeState(count: model.tokenTable.table.count),
      region: optimizer.makeState(count: model.regionTable.table.count),
      device: optimizer.makeState(count: model.deviceTable.table.count),
      videos: optimizer.makeState(count: model.outputTable.count),
      weights: model.tower.map { optimizer.makeState(count: $0.weights.count) },
      biases: model.tower.map { optimizer.makeState(count: $0.bias.count) },
      encoder: model.encoder.map { encoder in
        encoder.parameterList.map { optimizer.makeState(count: encoder[keyPath: $0.path].count) }
      } ?? [],
      recency: optimizer.makeState(count: model.recencyLogits.count))
  }

  /// One training step over a batch given as parts (one per worker thread).
  ///
  /// - Parameters:
  ///   - parts: this rank's share of the global batch (empty when the share is: the rank still
  ///     takes part in the exchange).
  ///   - samples: the negatives shared by the batch, or `nil` for the full softmax.
  ///   - logExpectedCount: `logQ` per class.
  ///   - dropoutSeed: seeds the attention encoder's dropout (part `i` uses `seed + i`); `nil` drops nothing.
  ///   - collective: the ranks of a data-parallel run, whose shares are combined into the global
  ///     batch's gradient before the same update is applied on every rank.
  /// - Returns: the global batch's mean loss; NaN or infinite when the step diverged on any rank,
  ///   in which case nothing was applied on any.
  public mutating func step(
    _ parts: [CandidateBatch], samples: [Int32]?, logExpectedCount: [Float], dropoutSeed: UInt64? = nil,
    collective: any Collective = SingleProcess()
  ) -> Float {
    let model = self.model
    var gradients: CandidateGradients
    if parts.isEmpty {
      gradients = .zero(model)
    } else if parts.count == 1 {
      gradients = model.gradients(
        parts[0], samples: samples, logExpectedCount: logExpectedCount, dropoutSeed: dropoutSeed)
    } else {
      let results = Mutex<[CandidateGradients?]>(Array(repeating: nil, count: parts.count))
      DispatchQueue.concurrentPerform(iterations: parts.count) { i in
        let g = model.gradients(
          parts[i], samples: samples, logExpectedCount: logExpectedCount,
          dropoutSeed: dropoutSeed.map { $0 &+ UInt64(i) })
        results.withLock { $0[i] = g }
      }
      gradients = CandidateGradients.combine(results.withLock { $0.compactMap { $0 } }, tables: TableSizes(model))
    }
    gradients = gradients.combined(over: collective, model: model)
    lastStepExamples = gradients.count
    guard gradients.loss.isFinite, gradients.tower.allSatisfy({ $0.weights.values.allSatisfy(\.isFinite) }),
      gradients.encoder.allSatisfy({ $0.allSatisfy(\.isFinite) })
    else {
      return .nan
    }
    optimizer.advance()
    apply(gradients)
    return gradients.loss
  }

  private mutating func apply(_ g: CandidateGradients) {
    let o = optimizer
    if let watch = g.watch { o.updateRows(&model.watchTable.table, gradient: watch, state: &states.watch) }
    if let token = g.token { o.updateRows(&model.tokenTable.table, gradient: token, state: &states.token) }
    if let region = g.region { o.updateRows(&model.regionTable.table, gradient: region, state: &states.region) }
    if let device = g.device { o.updateRows(&model.deviceTable.table, gradient: device, state: &states.device) }
    // Tied output embeddings are the watch table, updated above with both gradients.
    if !model.config.tieEmbeddings { o.updateRows(&model.outputTable, gradient: g.videos, state: &states.videos) }
    if var encoder = model.encoder {
      for (i, parameter) in encoder.parameterList.enumerated() {
        o.update(&encoder[keyPath: parameter.path], gradient: g.encoder[i], state: &states.encoder[i])
      }
      model.encoder = encoder
    }
    if !g.recency.isEmpty { o.update(&model.recencyLogits, gradient: g.recency, state: &states.recency) }
    for i in model.tower.indices {
      o.update(&model.tower[i].weights.values, gradient: g.tower[i].weights.values, state: &states.weights[i])
      o.update(&model.tower[i].bias, gradient: g.tower[i].bias, state: &states.biases[i])
    }
  }
}
