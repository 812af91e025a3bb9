import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import WorkspaceStore

/// `watchnext experiment candidates-encoders`.
struct EncoderExperimentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "candidates-encoders",
    abstract: "The paper's mean bag vs the other history encoders: test HR@10, NDCG@10, recall@100 and training time.",
    discussion: """
      Trains four candidate models on the workspace with its default settings, only the history encoder changed: \
      the mean bag of the last 50 watches (Paper §3.2), the mean bag with the last 3 watches as a block of \
      their own, the recency-weighted bag and causal self-attention. Writes candidates-encoders.csv, a bar \
      chart of the test metrics and the validation curves against training seconds under WORKSPACE/experiments. \
      Flags given here apply to every variant.
      """)

  @OptionGroup var options: WorkspaceOptions
  @OptionGroup var protocolOptions: ProtocolOptions
  @OptionGroup var model: CandidateModelOptions

  func run() throws {
    let (workspace, columns, split) = try ExperimentCommand.prepare(options, protocolOptions)
    let base = CandidateConfig.fitted(
      to: split.evaluationProtocol, videos: columns.videos.count, searches: columns.searches.count
    ).config
    let variants = try EncoderExperiment.variants(base: base, classes: columns.videos.count).map {
      (name: $0.name, config: try model.resolve(base: $0.config))
    }
    let progress = ProgressReporter()
    let rows = try EncoderExperiment.run(columns: columns, split: split, variants: variants) {
      if !options.json { progress.update($0) }
    }
    progress.finishLine()
    var csv = "encoder,hr_at_10,ndcg_at_10,recall_at_50,recall_at_100,training_seconds,best_epoch\n"
    for r in rows {
      csv += String(
        format: "%@,%.5f,%.5f,%.5f,%.5f,%.1f,%d\n", r.name, r.metrics.at(10)?.hitRate ?? 0, r.metrics.at(10)?.ndcg ?? 0,
        r.metrics.at(50)?.recall ?? 0, r.metrics.at(100)?.recall ?? 0, r.trainingSeconds, r.bestEpoch)
    }
    let csvURL = try ExperimentCommand.write(csv, name: "candidates-encoders.csv", in: workspace)
    let bars = SVGChart.bars(
      title: "History encoders: test metrics (\(split.evaluationProtocol.name), \(split.test.count) users)",
      groups: ["HR@10", "NDCG@10", "recall@100"],
      series: rows.map { r in
        (r.name, [r.metrics.at(10)?.hitRate ?? 0, r.metrics.at(10)?.ndcg ?? 0, r.metrics.at(100)?.recall ?? 0])
      }, yLabel: "test metric")
    let barsURL = try ExperimentCommand.write(bars, name: "candidates-encoders.svg", in: workspace)
    let curves = SVGChart.lines(
      title: "Validation recall@100 against training time", xLabel: "training seconds", yLabel: "recall@100",
      series: rows.map { r in SVGChart.Series(name: r.name, points: r.curve.map { ($0.seconds, $0.validationRecall) }) }
    )
    let curvesURL = try ExperimentCommand.write(curves, name: "candidates-encoders-curves.svg", in: workspace)
    if options.json {
      return try Output.json(
        ExperimentCommand.Report("candidates-encoders", rows: rows, outputs: [csvURL, barsURL, curvesURL]))
    }
    print(
      "History encoders (\(split.evaluationProtocol.name), \(split.test.count) test users, watched videos excluded):")
    print(
      Output.table(
        ["encoder", "HR@10", "NDCG@10", "recall@50", "recall@100", "train s", "best epoch"],
        rows.map { r in
          [
            r.name, String(format: "%.4f", r.metrics.at(10)?.hitRate ?? 0),
            String(format: "%.4f", r.metrics.at(10)?.ndcg ?? 0), String(format: "%.4f", r.metrics.at(50)?.recall ?? 0),
            String(format: "%.4f", r.metrics.at(100)?.recall ?? 0), String(format: "%.1f", r.trainingSeconds),
            "\(r.bestEpoch)",
          ]
        }))
    print("Wrote \(csvURL.path), \(barsURL.path) and \(curvesURL.path)")
  }
}
