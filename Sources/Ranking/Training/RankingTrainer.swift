import Foundation
import NeuralCore
import WorkspaceStore

/// Trains the ranking model by weighted logistic regression (Paper §4.2) with Adam, lazy on
/// embedding rows, early stopping on the validation impressions, and a divergence guard.
public enum RankingTrainer {
  /// A progress report after a training step.
  public struct Progress: Sendable {
    /// Current epoch, from 1.
    public var epoch: Int
    /// Configured epochs.
    public var epochs: Int
    /// Steps done in this epoch.
    public var step: Int
    /// Steps per epoch.
    public var steps: Int
    /// Running mean training loss of this epoch.
    public var loss: Float
    /// Training throughput.
    public var examplesPerSecond: Double
  }

  /// One finished epoch.
  public struct EpochRecord: Sendable, Codable, Equatable {
    /// The epoch, from 1.
    public var epoch: Int
    /// Mean training loss.
    public var trainingLoss: Double
    /// Loss on the validation impressions.
    public var validationLoss: Double
    /// Wall time of the epoch.
    public var seconds: Double
    /// Training examples per second.
    public var examplesPerSecond: Double
  }

  /// The trained model and its history.
  public struct Result: Sendable {
    /// The model of the best validation epoch.
    public var model: RankingModel
    /// Every epoch.
    public var history: [EpochRecord]
    /// The epoch whose model was kept.
    public var bestEpoch: Int
  }

  /// Trains a model on `dataset.training`, keeping the epoch with the lowest validation loss.
  ///
  /// With a `collective` of several ranks (each calling this with the same workspace, dataset
  /// and configuration), each rank computes the gradient of its contiguous share of every global
  /// batch, the shares are combined by importance weight, and every rank applies the same
  /// update; rank 0 measures the validation loss and its decisions (early stopping, the
  /// divergence guard) are every rank's.
  ///
  /// - Throws: ``RankingError/diverged(epoch:step:)`` when a loss turns NaN or infinite (nothing
  ///   is returned, so the caller keeps its previous model); ``RankingError/cancelled``.
  public static func train(
    columns: EventColumns, dataset: RankingDataset, config: RankingConfig,
    collective: any Collective = SingleProcess(),
    progress: (Progress) -> Void = { _ in }, isCancelled: () -> Bool = { false }
  ) throws(RankingError) -> Result {
    try validate(config)
    // Ranks share the machine's cores: one BLAS thread each.
    if collective.size > 1 { BLAS.setThreadCount(1) }
    let space = RankingFeatureSpace(columns: columns, training: dataset.training, config: config)
    let lookup = RankingFeatureLookup(columns: columns, space: space)
    var model = RankingModel(config: config, space: space)
    let adam = Adam(learningRate: config.learningRate)
    var optimizer = adam
    var towerStates = model.tower.map {
      (adam.makeState(count: $0.weights.count), adam.makeState(count: $0.bias.count))
    }
    var tableStates = model.tables.map { adam.makeState(count: $0.table.count) }
    var generator = SeededGenerator(seed: config.seed &+ 1)
    var order = Array(0..<dataset.training.count)
    let steps = (order.count + config.batchSize - 1) / config.batchSize
    var best: (model: RankingModel, loss: Double, epoch: Int)?
    var history: [EpochRecord] = []
    for epoch in 1...config.epochs {
      order.shuffle(using: &generator)
      let started = Date()
      var lossSum = 0.0
      for step in 0..<steps {
        if isCancelled() { throw .cancelled }
        let rows = collective.share(
          of: order[(step * config.batchSize)..<min((step + 1) * config.batchSize, order.count)])
        var g: RankingGradients
        var weight = 0.0
        if rows.isEmpty {
          g = .zero(model)
        } else {
          let inputs = model.inputs(dataset.training, rows: rows, columns: columns, lookup: lookup)
          let (labels, weights) = model.targets(dataset.training, rows: rows)
          g = model.gradients(inputs, labels: labels, weights: weights)
          weight = weights.reduce(0.0) { $0 + Double($1) }
        }
        g = g.combined(over: collective, weight: weight, model: model)
        guard g.loss.isFinite, g.tower.allSatisfy({ $0.weights.values.allSatisfy(\.isFinite) }) else {
          throw .diverged(epoch: epoch, step: step + 1)
        }
        optimizer.advance()
        for i in model.tower.indices {
          optimizer.update(
            &model.tower[i].weights.values, gradient: g.tower[i].weights.values, state: &towerStates[i].0)
          optimizer.update(&model.tower[i].bias, gradient: g.tower[i].bias, state: &towerStates[i].1)
        }
        for (t, tableGradient) in g.tables.enumerated() {
          guard let tableGradient else { continue }
          optimizer.updateRows(&model.tables[t].table, gradient: tableGradient, state: &tableStates[t])
        }
        lossSum += Double(g.loss)
        let elapsed = Date().timeIntervalSince(started)
        progress(
          Progress(
            epoch: epoch, epochs: config.epochs, step: step + 1, steps: steps, loss: Float(lossSum / Double(step + 1)),
            examplesPerSecond: elapsed > 0 ? Double(min((step + 1) * config.batchSize, order.count)) / elapsed : 0))
      }
      let seconds = Date().timeIntervalSince(started)
      var checked = [0.0, 0.0]
      if collective.isRoot {
        checked = [
          loss(of: model, on: dataset.validation, columns: columns, lookup: lookup),
          predictionsAreSane(model, on: dataset.validation, columns: columns, lookup: lookup) ? 1 : 0,
        ]
      }
      collective.broadcast(&checked, root: 0)
      let validationLoss = checked[0]
      guard validationLoss.isFinite, checked[1] == 1 else { throw .diverged(epoch: epoch, step: steps) }
      history.append(
        EpochRecord(
          epoch: epoch, trainingLoss: lossSum / Double(max(steps, 1)), validationLoss: validationLoss,
          seconds: seconds, examplesPerSecond: seconds > 0 ? Double(order.count) / seconds : 0))
      if best == nil || validationLoss < (best?.loss ?? .infinity) {
        best = (model, validationLoss, epoch)
      } else if epoch - (best?.epoch ?? epoch) > config.patience {
        break
      }
    }
    guard var kept = best else { throw .insufficientData("no epoch finished") }
    kept.model.baselineInput = meanInput(
      of: kept.model, examples: dataset.training, columns: columns, lookup: lookup, limit: 20_000)
    return Result(model: kept.model, history: history, bestEpoch: kept.epoch)
  }

  /// The configured weighted logistic loss of `model` on `examples`.
  public static func loss(
    of model: RankingModel, on examples: RankingExamples, columns: EventColumns, lookup: RankingFeatureLookup
  ) -> Double {
    var weighted = 0.0
    var totalWeight = 0.0
    var start = 0
    while start < examples.count {
      let rows = start..<min(start + 4096, examples.count)
      let z = model.logits(model.inputs(examples, rows: rows, columns: columns, lookup: lookup).matrix)
      let (labels, weights) = model.targets(examples, rows: rows)
      let (loss, _) = WeightedLogisticLoss.compute(logits: z, labels: labels, weights: weights)
      let w = weights.reduce(0.0) { $0 + Double($1) }
      weighted += Double(loss) * w
      totalWeight += w
      start = rows.upperBound
    }
    return totalWeight > 0 ? weighted / totalWeight : 0
  }

  /// The largest expected watch time per impression a sane model predicts: 30 days of seconds.
  /// A model whose validation predictions exceed it (or are not finite) has diverged, whatever
  /// its loss says (a huge learning rate can keep the loss finite while `exp(z)` overflows).
  public static let largestSanePrediction = 30.0 * Double(Seconds.perDay)

  /// Whether every validation logit is finite and `exp(z)` stays under ``largestSanePrediction``.
  public static func predictionsAreSane(
    _ model: RankingModel, on examples: RankingExamples, columns: EventColumns, lookup: RankingFeatureLookup
  ) -> Bool {
    let limit = Float(Foundation.log(largestSanePrediction))
    var start = 0
    while start < examples.count {
      let rows = start..<min(start + 4096, examples.count)
      let z = model.logits(model.inputs(examples, rows: rows, columns: columns, lookup: lookup).matrix)
      guard z.allSatisfy({ $0.isFinite && $0 < limit }) else { return false }
      start = rows.upperBound
    }
    return true
  }

  /// The mean input vector over (up to `limit` evenly spaced) examples: the contributions' baseline.
  public static func meanInput(
    of model: RankingModel, examples: RankingExamples, columns: EventColumns, lookup: RankingFeatureLookup, limit: Int
  ) -> [Float] {
    let stride = max(1, examples.count / max(limit, 1))
    let rows = Array(Swift.stride(from: 0, to: examples.count, by: stride))
    guard !rows.isEmpty else { return model.baselineInput }
    let x = model.inputs(examples, rows: rows, columns: columns, lookup: lookup).matrix
    var mean = [Double](repeating: 0, count: x.columns)
    for r in 0..<x.rows {
      for c in 0..<x.columns { mean[c] += Double(x[r, c]) }
    }
    return mean.map { Float($0 / Double(x.rows)) }
  }

  static func validate(_ config: RankingConfig) throws(RankingError) {
    guard config.epochs >= 1 else { throw .invalidConfiguration(field: "epochs", reason: "must be at least 1") }
    guard (0...10_000).contains(config.patience) else {
      throw .invalidConfiguration(field: "patience", reason: "must be between 0 and 10,000")
    }
    guard config.batchSize >= 1 else { throw .invalidConfiguration(field: "batchSize", reason: "must be at least 1") }
    guard config.learningRate > 0, config.learningRate.isFinite else {
      throw .invalidConfiguration(field: "learningRate", reason: "must be a positive number")
    }
    guard config.hiddenWidths.allSatisfy({ $0 >= 1 }) else {
      throw .invalidConfiguration(field: "hiddenWidths", reason: "every layer needs at least one unit")
    }
    guard config.hiddenWidths.allSatisfy({ $0 <= 16_384 }), config.hiddenWidths.count <= 16 else {
      throw .invalidConfiguration(field: "hiddenWidths", reason: "at most 16 layers of at most 16,384 units")
    }
    guard config.batchSize <= 1_000_000, config.epochs <= 10_000 else {
      throw .invalidConfiguration(field: "batchSize/epochs", reason: "at most 1,000,000 and 10,000")
    }
    guard (1...4_096).contains(config.maxEmbeddingDimension), config.embeddingScale.isFinite,
      config.embeddingScale > 0
    else {
      throw .invalidConfiguration(field: "maxEmbeddingDimension/embeddingScale", reason: "out of range")
    }
    guard config.holdoutDays >= 1, config.validationDays >= 1 else {
      throw .invalidConfiguration(field: "holdoutDays/validationDays", reason: "must be at least 1 day each")
    }
  }
}

extension RankingTrainer.Progress {
  /// This training progress as the report of model `number` of `count` (an experiment's models).
  public func report(model name: String, number: Int, of count: Int) -> ProgressReport {
    .training(
      model: name, number: number, of: count, epoch: epoch, epochs: epochs, step: step, steps: steps,
      loss: Double(loss))
  }
}
