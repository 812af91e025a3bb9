import Foundation
import NeuralCore
import Synchronization
import WorkspaceStore

/// Trains a candidate-generation model: next-watch examples with rolled-back histories, a
/// fixed number per user (Paper §3.4), sampled softmax with log-Q correction (§3.1), mini-batches
/// split over worker threads, early stopping on validation recall@100, and a stop with the last
/// good model when the loss turns NaN or infinite.
public enum CandidateTrainer {
  /// Progress of training, reported after every step and epoch.
  public struct Progress: Sendable {
    /// Epoch being run, from 1.
    public var epoch: Int
    /// Maximum epochs.
    public var epochs: Int
    /// Steps done in this epoch.
    public var step: Int
    /// Steps in this epoch.
    public var steps: Int
    /// Mean loss so far in this epoch.
    public var loss: Double
    /// Training examples per second in this epoch.
    public var examplesPerSecond: Double
  }

  /// What one epoch achieved.
  public struct EpochRecord: Sendable, Codable, Equatable {
    /// Epoch number, from 1.
    public var epoch: Int
    /// Mean training loss.
    public var loss: Double
    /// Validation recall@100.
    public var validationRecall: Double
    /// Training examples seen.
    public var examples: Int
    /// Seconds taken by the training steps.
    public var seconds: Double
  }

  /// A training run's outcome.
  public struct Result: Sendable {
    /// The best model (by validation recall@100) bound to the workspace.
    public var generator: BoundCandidateModel
    /// Per-epoch records.
    public var history: [EpochRecord]
    /// The epoch whose model was kept.
    public var bestEpoch: Int
  }

  /// Trains on the training part of `split`.
  ///
  /// - Parameters:
  ///   - collective: the ranks of a data-parallel run (every rank calls this with the same
  ///     workspace and configuration): each computes the gradient of its share of every global
  ///     batch, the shares are combined, every rank applies the same update; rank 0 measures
  ///     validation recall and its early-stopping decision is every rank's. Cancel a distributed
  ///     run by signal (`mpirun` forwards it to every rank), not by `isCancelled`.
  ///   - progress: called after each step (global figures, on every rank).
  ///   - isCancelled: polled between steps; when it returns true, training stops with ``CandidateError/cancelled``.
  /// - Throws: ``CandidateError``; on divergence the error says so and no model is returned
  ///   (callers keep their last saved model).
  public static func train(
    columns: EventColumns, split: EvaluationSplit, config: CandidateConfig,
    collective: any Collective = SingleProcess(),
    progress: (Progress) -> Void = { _ in }, isCancelled: () -> Bool = { false }
  ) throws(CandidateError) -> Result {
    try config.validate()
    MemoryTuning.keepFreedMemory()
    let space = FeatureSpace(columns: columns, split: split, config: config)
    guard space.classCount > 1 else { throw .insufficientData("fewer than two videos have training watches") }
    var generator = BoundCandidateModel(
      model: CandidateModel(config: config, space: space), space: space, columns: columns)
    switch config.optimizer {
    case .adam:
      return try run(
        generator: &generator, split: split, optimizer: Adam(learningRate: config.optimizerLearningRate),
        collective: collective, progress, isCancelled)
    case .adagrad:
      return try run(
        generator: &generator, split: split, optimizer: Adagrad(learningRate: config.optimizerLearningRate),
        collective: collective, progress, isCancelled)
    }
  }

  static func run<O: Optimizer>(
    generator: inout BoundCandidateModel, split: EvaluationSplit, optimizer initial: O,
    collective: any Collective = SingleProcess(), _ progress: (Progress) -> Void, _ isCancelled: () -> Bool
  ) throws(CandidateError) -> Result {
    let config = generator.model.config
    var state = CandidateTrainingState(model: generator.model, optimizer: initial)
    var random = SeededGenerator(seed: config.seed &+ 1)
    let frequencies = labelFrequencies(generator: generator, split: split)
    let sampler: NegativeSampler
    do {
      sampler = try NegativeSampler(
        frequencies: frequencies, distribution: config.negativeDistribution, samplesPerBatch: config.negatives)
    } catch {
      throw .insufficientData("cannot sample negatives: \(error)")
    }
    let validation = Array(split.validation.prefix(2_000))
    var best = generator.model
    var bestRecall = -1.0
    var bestEpoch = 0
    var history: [EpochRecord] = []
    var sinceBest = 0
    // Worker threads or ranks share the cores; a lone single-threaded process gives BLAS both.
    BLAS.setThreadCount(config.threads > 1 || collective.size > 1 ? 1 : 2)
    for epoch in 1...config.epochs {
      let plan = TrainingPlan.make(generator: generator, split: split, config: config, random: &random)
      let labels = plan.labelCount
      guard labels > 0 else { throw .insufficientData("no training examples (users need two or more watches)") }
      let steps = plan.steps(batchSize: config.batchSize)
      var lossSum = 0.0
      var seen = 0
      let started = Date()
      for step in 0..<steps {
        if isCancelled() { throw .cancelled }
        let samples = config.fullSoftmax ? nil : sampler.sample(using: &random)
        let parts = plan.encode(step: step, generator: generator, shard: collective)
        // A seed only when something drops out (attention or tower dropout), so that other
        // models keep the random stream of before; each rank drops its own units.
        let dropoutSeed =
          (config.historyEncoder == .attention && config.dropout > 0) || config.towerDropout > 0
          ? random.next() &+ (UInt64(collective.rank) << 32) : nil
        let loss = state.step(
          parts, samples: samples, logExpectedCount: sampler.logExpectedCount, dropoutSeed: dropoutSeed,
          collective: collective)
        guard loss.isFinite else {
          generator.model = best
          throw .diverged(epoch: epoch, step: step + 1)
        }
        generator.model = state.model
        lossSum += Double(loss)
        seen += state.lastStepExamples
        let seconds = Date().timeIntervalSince(started)
        progress(
          Progress(
            epoch: epoch, epochs: config.epochs, step: step + 1, steps: steps, loss: lossSum / Double(step + 1),
            examplesPerSecond: seconds > 0 ? Double(seen) / seconds : 0))
      }
      let seconds = Date().timeIntervalSince(started)
      let recall = collective.broadcast(
        collective.isRoot ? validationRecall(generator, validation) : 0)
      history.append(
        EpochRecord(
          epoch: epoch, loss: lossSum / Double(steps), validationRecall: recall, examples: labels,
          seconds: seconds))
      if recall > bestRecall {
        bestRecall = recall
        best = generator.model
        bestEpoch = epoch
        sinceBest = 0
      } else {
        sinceBest += 1
        if sinceBest > config.patience { break }
      }
    }
    generator.model = best
    return Result(generator: generator, history: history, bestEpoch: bestEpoch)
  }

  /// Recall@100 of `generator` on `validation`, the history excluded.
  static func validationRecall(_ generator: BoundCandidateModel, _ validation: [PredictionTarget]) -> Double {
    let lists = generator.recommend(validation, k: 100, excludeHistory: true)
    return RankedListMetrics.evaluate(lists: lists, relevant: validation.map(\.videos), ks: [100]).first?.recall ?? 0
  }

  /// Label counts per class over the training watches (the unigram distribution).
  static func labelFrequencies(generator: BoundCandidateModel, split: EvaluationSplit) -> [Int] {
    var counts = [Int](repeating: 0, count: generator.space.classCount)
    let columns = generator.columns
    for u in 0..<columns.users.count {
      for i in columns.watches.userOffsets[u]..<split.trainingEnd[u] {
        let c = generator.lookup.classOfVideo[Int(columns.watches.video[i])]
        if c >= 0 { counts[Int(c)] += 1 }
      }
    }
    return counts
  }
}

extension CandidateTrainer.Progress {
  /// This training progress as the report of model `number` of `count` (an experiment's models).
  public func report(model name: String, number: Int, of count: Int) -> ProgressReport {
    .training(
      model: name, number: number, of: count, epoch: epoch, epochs: epochs, step: step, steps: steps, loss: loss)
  }
}
