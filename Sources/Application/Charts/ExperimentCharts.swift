import CandidateGeneration
import Foundation
import NeuralCore
import Ranking

/// The figures of the paper's experiments, drawn from their rows as the paper draws them.
public enum ExperimentCharts {
  /// Figure 4: the share of watches by days since upload, empirical and predicted with and
  /// without example age. The last bucket of the rows is open ("14 days or more") and holds the
  /// whole back catalogue: it is left out of the plot, which it would squash, and its values
  /// are given in the caption.
  ///
  /// - Parameter unscorableShare: the share of the watches that went to uploads after the training
  ///   window (left out of every share), said in the caption.
  public static func exampleAge(_ rows: [ExampleAgeExperiment.Row], unscorableShare: Double? = nil) -> String {
    let open = rows.last
    let drawn = rows.dropLast()
    func series(_ name: String, _ value: (ExampleAgeExperiment.Row) -> Double) -> SVGChart.Series {
      SVGChart.Series(name: name, points: drawn.map { (Double($0.daysSinceUpload), value($0)) })
    }
    let caption = open.map {
      String(
        format: "Not drawn: videos %d days old or older, share empirical %.3f, with example age %.3f, without %.3f.",
        $0.daysSinceUpload, $0.empirical, $0.withExampleAge, $0.withoutExampleAge)
        + (unscorableShare.map {
          String(
            format: "\nAges at the end of the training window; the watches of later uploads (%.1f%%) are left out.",
            100 * $0)
        } ?? "")
    }
    return SVGChart.lines(
      title: "Share of watches by days since upload (Paper Fig. 4)", xLabel: "days since upload",
      yLabel: "share of the next two days' watches",
      series: [
        series("empirical", \.empirical), series("with example age", \.withExampleAge),
        series("without example age", \.withoutExampleAge),
      ], integerX: true, caption: caption)
  }

  /// Figure 6: holdout MAP@100 against tower depth, one line per feature set (in the paper's
  /// order of sets).
  public static func depthFeatures(_ rows: [DepthFeaturesExperiment.Row], testUsers: Int) -> String {
    let bySet = Dictionary(grouping: rows, by: \.features)
    return SVGChart.lines(
      title: "Holdout MAP@100 by depth and features (Paper Fig. 6)", xLabel: "depth (hidden ReLU layers)",
      yLabel: "MAP@100",
      series: CandidateConfig.Features.paperSets.compactMap { set in
        bySet[set.name].map { SVGChart.Series(name: set.name, points: $0.map { (Double($0.depth), $0.map) }) }
      }, integerX: true, caption: "\(testUsers) test users; one model per point.")
  }

  /// Figure 5's comparison: next-watch against random held-out labels on the next-watch holdout,
  /// grouped by figure (the mean over the training seeds), with the paired gains in the caption.
  public static func nextWatch(_ result: NextWatchExperiment.Result) -> String {
    let figures: [(name: String, value: (MetricsAtK) -> Double, k: Int)] = [
      ("HR@10", { $0.hitRate }, 10), ("recall@100", { $0.recall }, 100), ("MAP@100", { $0.map }, 100),
      ("NDCG@100", { $0.ndcg }, 100),
    ]
    // The caption is one line: the paired gains of the paper's MAP and of the top-10 hit rate.
    let gains = result.gains.filter { ["MAP@100", "HR@10"].contains($0.figure) }.map {
      String(format: "%@ %+.4f ± %.4f", $0.figure, $0.gain.mean, $0.gain.standardError)
    }
    return SVGChart.bars(
      title: "Next-watch vs random held-out labels (Paper §3.4, Fig. 5)",
      groups: figures.map(\.name),
      series: result.rows.map { row in
        (name: row.labels, values: figures.map { figure in row.metrics.at(figure.k).map(figure.value) ?? 0 })
      }, yLabel: "test figure, mean of \(result.seeds.count) training seeds",
      caption: "\(result.targets) test users; next-watch minus random held-out, paired: "
        + gains.joined(separator: ", "))
  }

  /// The paper's Table 1 figures (weighted per-user loss, %), in the order of
  /// ``RankingDepthExperiment``'s rows: the seven towers, then equal weights and no powers.
  public static let table1Paper = [41.6, 36.9, 36.7, 35.8, 35.2, 34.7, 34.6, 38.7, 34.8]

  /// Table 1 as bars: the holdout weighted per-user loss of each configuration, beside the
  /// paper's (whose data and level differ: the shape is what compares). The ablations are named
  /// short ("equal weights", "no powers"), the towers by the paper's widths.
  public static func rankingDepth(_ rows: [RankingDepthExperiment.Row], holdoutImpressions: Int) -> String {
    let groups = rows.map { row in
      row.configuration.hasSuffix("equal weights")
        ? "equal w." : row.configuration.hasSuffix("no powers") ? "no powers" : row.configuration
    }
    var series: [(name: String, values: [Double])] = [
      (name: "this world", values: rows.map { 100 * $0.weightedPerUserLoss })
    ]
    if rows.count == table1Paper.count { series.append((name: "paper (YouTube)", values: table1Paper)) }
    return SVGChart.bars(
      title: "Weighted per-user loss by hidden layers (Paper Table 1)", groups: groups, series: series,
      yLabel: "weighted per-user loss, %", valueFormat: "%.1f",
      caption: "\(holdoutImpressions) holdout impressions; the towers at a quarter of the paper's widths; "
        + "the ablations on the deepest.")
  }
}
