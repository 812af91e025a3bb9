import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import SyntheticWorld
import WorkspaceStore

/// `watchnext evaluate`: measures saved models on the held-out data.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate", abstract: "Evaluate saved models on held-out data.",
    subcommands: [Candidates.self, EvaluateRankingCommand.self])

  /// `watchnext evaluate candidates`.
  struct Candidates: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "candidates",
      abstract: "Recall/HR/MAP/NDCG@K of the saved candidate model and the baselines on the test targets.",
      discussion: """
        The protocol is the one the model was trained under. The whole corpus is ranked; videos the user \
        already watched are excluded unless --include-watched. On a synthetic world the mean true \
        affinity of each top 100 is reported too.
        """)

    @OptionGroup var options: WorkspaceOptions
    @Flag(help: "Keep already-watched videos in the rankings.") var includeWatched = false
    @Flag(help: "Also train and measure item-kNN, BPR matrix factorisation, EASE and implicit ALS.") var classical =
      false

    struct Report: Encodable {
      var evaluationProtocol: String
      var users: Int
      var metrics: [ScorerMetrics]
      var truth: [CandidateTruthAgreement]?
    }

    func run() throws {
      let loaded = try CLISession.candidates(options.url)
      let (workspace, columns, generator) = (loaded.workspace, loaded.columns, loaded.generator)
      let manifest = loaded.manifest
      let evaluationProtocol = manifest.configuration.evaluationProtocol
      let split = try EvaluationSplit(columns: columns, protocol: evaluationProtocol)
      let scorers: [any CandidateScorer] =
        [generator] + CandidateEvaluation.baselines(columns: columns, split: split, classical: classical)
      let metrics = CandidateEvaluation.compare(scorers, targets: split.test, excludeHistory: !includeWatched)
      var truth: [CandidateTruthAgreement]?
      if let latent = try? LatentTruth.load(from: WorldGenerator.truthDirectory(of: workspace)),
        latent.covers(columns)
      {
        let affinity: @Sendable (Int32, Int32) -> Float = { latent.affinity(user: Int($0), video: Int($1)) }
        let targets = Array(split.test.prefix(300))
        truth = CandidateTruthAgreement.measure(
          scorers + [OracleScorer(columns: columns, affinity: affinity)], targets: targets, affinity: affinity)
      }
      let report = Report(
        evaluationProtocol: evaluationProtocol.name, users: split.test.count, metrics: metrics, truth: truth)
      if options.json { return try Output.json(report) }
      print(
        "Test (\(report.evaluationProtocol), \(report.users) users\(includeWatched ? "" : ", watched videos excluded")):"
      )
      print(CandidateReport.metricsTable(metrics))
      if let truth {
        print("\nLatent truth: mean true affinity of the top 100 (first 300 test users)")
        print(
          Output.table(
            ["model", "mean affinity@100"], truth.map { [$0.name, String(format: "%.3f", $0.meanAffinityAtK)] }))
      }
    }
  }
}
