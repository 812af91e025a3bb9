import Application
import ArgumentParser
import Foundation
import NeuralCore
import Ranking

/// `watchnext experiment ranking-depth`.
struct RankingDepthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ranking-depth",
    abstract:
      "Paper §4.3 / Table 1: holdout weighted per-user loss by hidden layers, plus the equal-weights and no-powers ablations."
  )

  @OptionGroup var options: WorkspaceOptions
  @OptionGroup var model: RankingModelOptions
  @Option(help: "Scale of the paper's widths (0.25: 1024-512-256 becomes 256-128-64).") var scale = 0.25

  func run() throws {
    guard scale > 0, scale <= 1 else { throw ValidationError("--scale must be in (0, 1]") }
    let loaded = try CLISession.candidates(options.url)
    let base = try model.resolve()
    let progress = ProgressReporter()
    let dataset = try loaded.session.rankingDataset(config: base) { if !options.json { progress.update($0) } }
    let rows = try RankingDepthExperiment.run(columns: loaded.columns, dataset: dataset, base: base, scale: scale) {
      if !options.json { progress.update($0) }
    }
    progress.finishLine()
    var csv = "configuration,widths,weighting,powers,weighted_per_user_loss,auc,best_epoch,seconds\n"
    for r in rows {
      csv += "\"\(r.configuration)\",\(r.widths.map(String.init).joined(separator: "-")),\(r.weighting),\(r.powers),"
      csv += String(format: "%.5f,%.5f,%d,%.1f\n", r.weightedPerUserLoss, r.auc, r.bestEpoch, r.seconds)
    }
    let url = try ExperimentCommand.write(csv, name: "ranking-depth.csv", in: loaded.workspace)
    let svg = ExperimentCharts.rankingDepth(rows, holdoutImpressions: dataset.holdout.count)
    let svgURL = try ExperimentCommand.write(svg, name: "ranking-depth.svg", in: loaded.workspace)
    if options.json {
      return try Output.json(ExperimentCommand.Report("ranking-depth", rows: rows, outputs: [url, svgURL]))
    }
    print("Holdout: \(Output.count(dataset.holdout.count)) impressions; widths at \(scale) of the paper's")
    print(
      Output.table(
        ["configuration", "trained widths", "weighted per-user loss", "AUC", "epoch", "seconds"],
        rows.map {
          [
            $0.configuration, $0.widths.isEmpty ? "-" : $0.widths.map(String.init).joined(separator: "-"),
            String(format: "%.2f%%", 100 * $0.weightedPerUserLoss), String(format: "%.4f", $0.auc), "\($0.bestEpoch)",
            String(format: "%.0f", $0.seconds),
          ]
        }))
    print("Wrote \(url.path) and \(svgURL.path)")
  }
}
