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
      Needs the candidate model (its score and rank are ranking features). Trains on the logged impressions
      before the validation day, stops early on it, and reports the holdout day. The model is saved under
      models/ranking only when training succeeds; a failure keeps the old one.
      """)

  @OptionGroup var options: WorkspaceOptions
  @OptionGroup var model: RankingModelOptions
  @Flag(help: "Print the resolved configuration as JSON and exit.") var showConfig = false

  struct Report: Encodable {
    var bestEpoch: Int
    var history: [RankingTrainer.EpochRecord]
    var holdout: [RankingMetrics]
    var modelDirectory: String
  }

  func run() throws {
    let config = try model.resolve()
    if showConfig { return try Output.json(config) }
    let loaded = try CandidateModelStore.load(options.url)
    let split = try EvaluationSplit(
      columns: loaded.columns, protocol: loaded.manifest.configuration.evaluationProtocol)
    let (result, dataset, directory) = try ProgressReporter.reporting(quiet: options.json) { progress in
      try RankingModelStore.trainAndSave(
        workspace: loaded.workspace, columns: loaded.columns, generator: loaded.generator, split: split,
        config: config, progress: progress)
    }
    if dataset.source == .derived {
      let builder = RankingFeatureBuilder(columns: loaded.columns, coWatchEnd: split.trainingEnd)
      let index = RankingIndex(columns: loaded.columns, space: result.model.space)
      for (name, targets) in [("validation", split.validation), ("test", split.test)] {
        let c = TwoStageEvaluation.compare(
          model: result.model, targets: targets, builder: builder, generator: loaded.generator, index: index)
        print(
          String(
            format: "%@: CG HR@10 %.4f NDCG@10 %.4f MAP@100 %.4f | 2-stage HR@10 %.4f NDCG@10 %.4f MAP@100 %.4f | gain HR %.4f±%.4f NDCG %.4f±%.4f recall@N %.3f",
            name, c.candidateOrder.hitRate10.mean, c.candidateOrder.ndcg10.mean, c.candidateOrder.map100.mean,
            c.twoStage.hitRate10.mean, c.twoStage.ndcg10.mean, c.twoStage.map100.mean, c.hitRate10Gain.mean,
            c.hitRate10Gain.standardError, c.ndcg10Gain.mean, c.ndcg10Gain.standardError, c.recallAtN))
      }
    }
    let holdout = RankingComparison.compare(
      [.init(name: "ranking model", model: result.model)], on: dataset.holdout, columns: loaded.columns)
    if options.json {
      return try Output.json(
        Report(bestEpoch: result.bestEpoch, history: result.history, holdout: holdout, modelDirectory: directory.path))
    }
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
    print("Kept epoch \(result.bestEpoch); saved to \(directory.path)\n")
    print(RankingReport.metricsTable(holdout))
  }
}

/// `watchnext evaluate ranking`.
struct EvaluateRankingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ranking",
    abstract: "Weighted per-user loss, AUC and calibration of the saved ranking model and its baselines.",
    discussion: """
      The baselines are measured in the same run on the same holdout impressions: the same network trained
      as plain CTR (equal weights) and without the feature powers, the candidate generator's score order and
      last week's popularity order. On a synthetic world the ranked top 10 is also compared with the
      candidate generator's top 10 by true expected watch time.
      """)

  @OptionGroup var options: WorkspaceOptions
  @Flag(help: "Skip training the CTR and no-powers baselines.") var noTrainedBaselines = false
  @Option(help: "Users for the latent-truth comparison of top 10 lists.") var truthUsers = 300

  struct Report: Encodable {
    var holdoutImpressions: Int
    var metrics: [RankingMetrics]
    var calibration: [CalibrationBucket]
    var truth: TruthComparison?
  }

  func run() throws {
    let loaded = try RankingModelStore.load(options.url)
    let columns = loaded.columns
    let config = loaded.ranking.config
    let progress = ProgressReporter()
    let dataset = try RankingDataset(
      columns: columns, builder: loaded.recommender.builder, generator: loaded.generator, config: config)
    var entries: [RankingComparison.Entry] = [.init(name: "ranking model", model: loaded.ranking)]
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
    let index = loaded.recommender.rankingIndex
    let calibration = RankingEvaluation.calibration(
      logits: loaded.ranking.logits(dataset.holdout, columns: columns, index: index), examples: dataset.holdout)
    var truth: TruthComparison?
    if let latent = try? LatentTruth.load(from: WorldGenerator.truthDirectory(of: loaded.workspace)) {
      let recommender = loaded.recommender
      truth = try TruthComparison.measure(recommender: recommender, users: truthUsers) { user, video in
        latent.expectedWatchSeconds(
          user: user, video: video, at: recommender.now, columns: columns,
          dailyViews: recommender.builder.popularity.views(of: video, before: recommender.now, window: 86_400))
      }
    }
    let report = Report(
      holdoutImpressions: dataset.holdout.count, metrics: metrics, calibration: calibration, truth: truth)
    if options.json { return try Output.json(report) }
    print("Holdout: \(Output.count(report.holdoutImpressions)) impressions after the cutoff\n")
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
