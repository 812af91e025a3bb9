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
    @Option(
      help:
        "Train only this contender of the workspace's defaults (leave-last-out: sequence or set; temporal: paper) instead of racing them on validation."
    )
    var contender: String?
    @Flag(help: "Print the resolved configuration as JSON (a preset to edit) and exit.") var showConfig = false
    @OptionGroup var distribution: DistributedOptions

    struct Report: Encodable {
      var evaluationProtocol: String
      var contender: String
      var race: [CandidateRace.Entry]
      var bestEpoch: Int
      var history: [CandidateTrainer.EpochRecord]
      var test: [ScorerMetrics]
      var directory: String
    }

    func run() throws { try distribution.run(train(in:)) }

    /// Trains as rank `group.rank` of `group` (one process unless started by mpirun).
    func train(in group: any Collective) throws {
      var session = try CLISession.open(options.url)
      let columns = session.columns
      let evaluationProtocol = try protocolOptions.resolve(source: try session.workspace.metadata("source"))
      let fitted = CandidateConfig.fitted(
        to: evaluationProtocol, videos: columns.videos.count, searches: columns.searches.count)
      let contenders = try resolveContenders(fitted)
      if showConfig {
        for reason in fitted.reasons { Output.error("default: \(reason)") }
        if contenders.count > 1 {
          Output.error(
            "contenders (raced on validation): "
              + contenders.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")
              + "; the first is printed, --contender NAME --show-config prints another")
        }
        return try Output.json(contenders[0].config)
      }
      let split = try EvaluationSplit(columns: columns, protocol: evaluationProtocol)
      let race = try ProgressReporter.reporting(quiet: options.json || !group.isRoot) { progress in
        try session.raceCandidates(contenders, split: split, collective: group, progress: progress)
      }
      guard group.isRoot else { return }
      let result = race.winner
      let directory = session.layout.candidateModel
      let test = CandidateEvaluation.compare(
        [result.generator] + CandidateEvaluation.baselines(columns: columns, split: split), targets: split.test)
      if options.json {
        return try Output.json(
          Report(
            evaluationProtocol: evaluationProtocol.name, contender: race.contender.name, race: race.entries,
            bestEpoch: result.bestEpoch, history: result.history,
            test: test, directory: directory.path))
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
      if race.entries.count > 1 {
        print(
          "Race on validation recall@100: "
            + race.entries.map {
              String(
                format: "%@ %.4f (epoch %d of %d, %.0f s)", $0.name, $0.validationRecall, $0.bestEpoch, $0.epochs,
                $0.seconds)
            }.joined(separator: ", ") + "; kept \(race.contender.name) (\(race.contender.summary))")
        print("The history above is the kept contender's.")
      }
      let config = race.contender.config
      print(
        Output.stopping(
          epochsRun: result.history.count, maxEpochs: config.epochs, patience: config.patience, kept: result.bestEpoch)
          + "; saved to \(directory.path)")
      print("\nTest (\(evaluationProtocol.name), \(split.test.count) users, watched videos excluded):")
      print(CandidateReport.metricsTable(test))
    }

    /// What to train: the fitted contenders raced, each with the flags applied, unless a flag
    /// names one model (`--contender`, `--paper`, `--config`, `--encoder`).
    func resolveContenders(_ fitted: FittedCandidateConfig) throws -> [CandidateContender] {
      if let contender {
        guard let named = fitted.contender(named: contender) else {
          throw ValidationError(
            "--contender must be one of the defaults' contenders here: "
              + fitted.contenders.map(\.name).joined(separator: ", "))
        }
        return [
          CandidateContender(name: named.name, config: try model.resolve(base: named.config), summary: named.summary)
        ]
      }
      if model.namesOneModel {
        return [
          CandidateContender(
            name: "configured", config: try model.resolve(base: fitted.config), summary: "the configuration given")
        ]
      }
      return try fitted.contenders.map {
        CandidateContender(name: $0.name, config: try model.resolve(base: $0.config), summary: $0.summary)
      }
    }
  }
}
