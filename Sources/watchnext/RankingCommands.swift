import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import SyntheticWorld
import WorkspaceStore

/// `watchnext train ranking`.
struct TrainRankingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ranking",
    abstract: "Train the ranking network (Paper §4, weighted logistic regression) and save it in the workspace.",
    discussion: """
      Needs the candidate model (its score and rank are ranking features). Trains on the logged impressions \
      before the validation day, stops early on it, and reports the holdout day. The model is saved under \
      models/ranking only when training succeeds; a failure keeps the old one.
      """)

  @OptionGroup var options: WorkspaceOptions
  @OptionGroup var model: RankingModelOptions
  @Flag(help: "Print the resolved configuration as JSON and exit.") var showConfig = false
  @OptionGroup var distribution: DistributedOptions

  struct Report: Encodable {
    var impressions: String
    var trainingExamples: Int
    var batchSize: Int
    var bestEpoch: Int
    var history: [RankingTrainer.EpochRecord]
    var holdout: [RankingMetrics]
    var nextWatch: TwoStageComparison
    var nextWatchValidation: TwoStageComparison
    var directory: String
  }

  func run() throws {
    let config = try model.resolve()
    if showConfig { return try Output.json(config) }
    try distribution.run { try train(config, in: $0) }
  }

  /// Trains as rank `group.rank` of `group` (one process unless started by mpirun).
  func train(_ config: RankingConfig, in group: any Collective) throws {
    var loaded = try CLISession.candidates(options.url)
    let (result, dataset) = try ProgressReporter.reporting(quiet: options.json || !group.isRoot) { progress in
      try loaded.session.trainRanking(config: config, collective: group, progress: progress)
    }
    guard group.isRoot else { return }
    let directory = loaded.session.layout.rankingModel
    let split = try loaded.session.split()
    let builder = loaded.session.trainingFeatureBuilder(split)
    let rankingLookup = RankingFeatureLookup(columns: loaded.columns, space: result.model.space)
    let topK = TwoStageEvaluation.compare(
      model: result.model, targets: split.test, builder: builder, generator: loaded.generator, lookup: rankingLookup)
    let topKValidation = TwoStageEvaluation.compare(
      model: result.model, targets: split.validation, builder: builder, generator: loaded.generator,
      lookup: rankingLookup)
    let holdout = RankingComparison.compare(
      [.init(name: "ranking model", model: result.model)], on: dataset.holdout, columns: loaded.columns)
    if options.json {
      return try Output.json(
        Report(
          impressions: dataset.source.rawValue, trainingExamples: dataset.training.count,
          batchSize: config.batchSize, bestEpoch: result.bestEpoch, history: result.history,
          holdout: holdout, nextWatch: topK, nextWatchValidation: topKValidation, directory: directory.path))
    }
    print("Trained on \(dataset.source.label)")
    print(
      "Examples: \(Output.count(dataset.training.count)) training, \(Output.count(dataset.validation.count)) "
        + "validation, \(Output.count(dataset.holdout.count)) holdout impressions")
    print(
      Output.table(
        ["epoch", "train loss", "val loss", "seconds", "examples/s"],
        result.history.map {
          [
            "\($0.epoch)", String(format: "%.5f", $0.trainingLoss), String(format: "%.5f", $0.validationLoss),
            String(format: "%.1f", $0.seconds), Output.count(Int($0.examplesPerSecond)),
          ]
        }))
    print(
      Output.stopping(
        epochsRun: result.history.count, maxEpochs: config.epochs, patience: config.patience, kept: result.bestEpoch)
        + "; saved to \(directory.path)\n")
    print(RankingReport.metricsTable(holdout))
    print("")
    print(RankingReport.nextWatchTable(topKValidation, protocolName: split.evaluationProtocol.name + ", validation"))
    print(RankingReport.nextWatchTable(topK, protocolName: split.evaluationProtocol.name + ", test"))
  }
}

/// `watchnext evaluate ranking`.
struct EvaluateRankingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ranking",
    abstract: "Weighted per-user loss, AUC and calibration of the saved ranking model and its baselines.",
    discussion: """
      The baselines are measured in the same run on the same holdout impressions: the same network trained \
      as plain CTR (equal weights) and without the feature powers, the candidate generator's score order and \
      last week's popularity order. On a synthetic world the ranked top 10 is also compared with the \
      candidate generator's top 10 by true expected watch time.
      """)

  @OptionGroup var options: WorkspaceOptions
  @Flag(help: "Skip training the CTR and no-powers baselines.") var noTrainedBaselines = false
  @Option(help: "Users for the latent-truth comparison of top 10 lists.") var truthUsers = 300

  struct Report: Encodable {
    var impressions: String
    var holdoutImpressions: Int
    var metrics: [RankingMetrics]
    var calibration: [CalibrationBucket]
    var nextWatch: TwoStageComparison
    var truth: RankingTruthComparison?
  }

  func run() throws {
    let (session, recommender) = try CLISession.recommender(options.url)
    guard case .ready(let info) = session.ranking else {
      throw CLISession.failure(
        .missingModel(.ranking, directory: session.layout.rankingModel.path), workspace: options.url)
    }
    let ranking = info.model
    let columns = session.columns
    let config = ranking.config
    let progress = ProgressReporter()
    // Only trained baselines use the training examples; the holdout's CG features never come
    // from the cross-fitting folds, so without baselines the folds are not trained.
    var datasetConfig = config
    if noTrainedBaselines { datasetConfig.derivedImpressions.crossFitFolds = 0 }
    let dataset = try ProgressReporter.reporting(quiet: options.json) { report in
      try session.rankingDataset(config: datasetConfig, progress: report)
    }
    let split = try session.split()
    let nextWatch = TwoStageEvaluation.compare(
      model: ranking, targets: split.test, builder: session.trainingFeatureBuilder(split),
      generator: recommender.generator, lookup: RankingFeatureLookup(columns: columns, space: ranking.space))
    var entries: [RankingComparison.Entry] = [.init(name: "ranking model", model: ranking)]
    if !noTrainedBaselines {
      var ctr = config
      ctr.weighting = .equal
      var plain = config
      plain.powers = false
      for (name, variant) in [("CTR model (equal weights)", ctr), ("without powers", plain)] {
        let trained = try RankingTrainer.train(columns: columns, dataset: dataset, config: variant) { p in
          guard !options.json else { return }
          progress.update("\(name) epoch \(p.epoch)/\(p.epochs)", p.step, p.steps, detail: "")
        }
        entries.append(.init(name: name, model: trained.model))
      }
      progress.finishLine()
    }
    let metrics = RankingComparison.compare(entries, on: dataset.holdout, columns: columns)
    let lookup = RankingFeatureLookup(columns: columns, space: ranking.space)
    let calibration = RankingEvaluation.calibration(
      logits: ranking.logits(dataset.holdout, columns: columns, lookup: lookup), examples: dataset.holdout)
    var truth: RankingTruthComparison?
    if let latent = try? LatentTruth.load(from: session.layout.truth), latent.covers(columns) {
      truth = try RankingTruthComparison.measure(recommender: recommender, users: truthUsers) { user, video in
        latent.expectedWatchSeconds(
          user: user, video: video, at: recommender.now, columns: columns,
          dailyViews: recommender.builder.popularity.views(of: video, before: recommender.now, window: Seconds.perDay))
      }
    }
    let report = Report(
      impressions: dataset.source.rawValue, holdoutImpressions: dataset.holdout.count, metrics: metrics,
      calibration: calibration, nextWatch: nextWatch, truth: truth)
    if options.json { return try Output.json(report) }
    print(RankingReport.nextWatchTable(nextWatch, protocolName: split.evaluationProtocol.name))
    switch dataset.source {
    case .logged: print("\nHoldout: \(Output.count(report.holdoutImpressions)) logged impressions after the cutoff\n")
    case .derived:
      print(
        "\nHoldout: \(Output.count(report.holdoutImpressions)) derived impressions (the CG model's pages around "
          + "each held-out next watch; the weighted per-user loss of the paper needs logged impressions)\n")
    }
    print(RankingReport.metricsTable(metrics))
    print("\nCalibration by decile of predicted watch time (seconds per impression):")
    print(
      Output.table(
        ["decile", "impressions", "predicted", "observed", "ratio"],
        calibration.map {
          [
            "\($0.bucket)", Output.count($0.impressions), String(format: "%.1f", $0.meanPredicted),
            String(format: "%.1f", $0.meanObserved),
            String(format: "%.2f", $0.meanObserved > 0 ? $0.meanPredicted / $0.meanObserved : .nan),
          ]
        }))
    if let truth {
      print("\nLatent truth, \(truth.users) users: mean true expected watch seconds of the top 10")
      print(
        Output.table(
          ["order", "true E[watch s]@10"],
          [
            ["ranking model", String(format: "%.1f", truth.rankedTop10)],
            ["CG order", String(format: "%.1f", truth.candidateTop10)],
            ["best of the N candidates (oracle)", String(format: "%.1f", truth.oracleTop10)],
          ]))
    }
  }
}

/// Printing of ranking results.
enum RankingReport {
  /// The two-stage order against the CG order on the held-out next watches.
  static func nextWatchTable(_ c: TwoStageComparison, protocolName: String) -> String {
    func cell(_ m: MeanWithError) -> String { String(format: "%.4f ± %.4f", m.mean, m.standardError) }
    let header =
      "Held-out next watch (\(protocolName), \(c.targets) users; the CG model's exact top \(c.candidates), "
      + String(format: "%.1f%% of targets among them):\n", 100 * c.recallAtN)
    return header
      + Output.table(
        ["order", "HR@10", "NDCG@10", "MAP@100"],
        [
          ["CG order", cell(c.candidateOrder.hitRate10), cell(c.candidateOrder.ndcg10), cell(c.candidateOrder.map100)],
          ["two-stage (ranked)", cell(c.twoStage.hitRate10), cell(c.twoStage.ndcg10), cell(c.twoStage.map100)],
          ["gain (paired)", cell(c.hitRate10Gain), cell(c.ndcg10Gain), ""],
        ])
  }

  static func metricsTable(_ rows: [RankingMetrics]) -> String {
    Output.table(
      ["scorer", "weighted per-user loss", "AUC", "pred watch s", "obs watch s", "calibration"],
      rows.map { row in
        [
          row.name, String(format: "%.2f%%", 100 * row.weightedPerUserLoss), String(format: "%.4f", row.auc),
          row.meanPredictedWatchSeconds.map { String(format: "%.1f", $0) } ?? "-",
          String(format: "%.1f", row.meanObservedWatchSeconds),
          row.calibrationRatio.map { String(format: "%.3f", $0) } ?? "-",
        ]
      })
  }
}
