import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import WorkspaceStore

/// `watchnext train`: trains models on a workspace.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Train models on a workspace.",
    subcommands: [Candidates.self, TrainRankingCommand.self])

  /// `watchnext train candidates`.
  struct Candidates: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "candidates",
      abstract: "Train the candidate-generation network (Paper §3) and save it in the workspace.",
      discussion: "The model is saved under models/candidates only when training succeeds; a failure keeps the old one."
    )

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var model: CandidateModelOptions
    @Flag(help: "Print the resolved configuration as JSON (a preset to edit) and exit.") var showConfig = false

    struct Report: Encodable {
      var evaluationProtocol: String
      var bestEpoch: Int
      var history: [CandidateTrainer.EpochRecord]
      var test: [ScorerMetrics]
      var modelDirectory: String
    }

    func run() throws {
      var session = try CLISession.open(options.url)
      let columns = session.columns
      let evaluationProtocol = try protocolOptions.resolve(source: try session.workspace.metadata("source"))
      let fitted = CandidateConfig.fitted(
        to: evaluationProtocol, videos: columns.videos.count, searches: columns.searches.count)
      let config = try model.resolve(base: fitted.config)
      if showConfig {
        for reason in fitted.reasons { Output.error("default: \(reason)") }
        return try Output.json(config)
      }
      let split = try EvaluationSplit(columns: columns, protocol: evaluationProtocol)
      let result = try ProgressReporter.reporting(quiet: options.json) { progress in
        try session.trainCandidates(config: config, split: split, progress: progress)
      }
      let directory = session.layout.candidateModel
      let test = CandidateEvaluation.compare(
        [result.generator] + CandidateEvaluation.baselines(columns: columns, split: split), targets: split.test)
      if options.json {
        return try Output.json(
          Report(
            evaluationProtocol: evaluationProtocol.name, bestEpoch: result.bestEpoch, history: result.history,
            test: test, modelDirectory: directory.path))
      }
      print(
        Output.table(
          ["epoch", "loss", "val recall@100", "examples", "seconds", "examples/s"],
          result.history.map {
            [
              "\($0.epoch)", String(format: "%.4f", $0.loss), String(format: "%.4f", $0.validationRecall),
              Output.count($0.examples), String(format: "%.1f", $0.seconds),
              Output.count(Int(Double($0.examples) / max($0.seconds, 1e-9))),
            ]
          }))
      print("Kept epoch \(result.bestEpoch); saved to \(directory.path)")
      print("\nTest (\(evaluationProtocol.name), \(split.test.count) users, watched videos excluded):")
      print(CandidateReport.metricsTable(test))
    }
  }
}
