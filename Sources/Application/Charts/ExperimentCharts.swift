import CandidateGeneration
import Foundation

/// The figures of the paper's experiments, drawn from their rows as the paper draws them.
public enum ExperimentCharts {
  /// Figure 4: the share of watches by days since upload, empirical and predicted with and
  /// without example age. The last bucket of the rows is open ("14 days or more") and holds the
  /// whole back catalogue: it is left out of the plot, which it would squash, and its values
  /// are given in the caption.
  public static func exampleAge(_ rows: [ExampleAgeExperiment.Row]) -> String {
    let open = rows.last
    let drawn = rows.dropLast()
    func series(_ name: String, _ value: (ExampleAgeExperiment.Row) -> Double) -> SVGChart.Series {
      SVGChart.Series(name: name, points: drawn.map { (Double($0.daysSinceUpload), value($0)) })
    }
    let caption = open.map {
      String(
        format: "Not drawn: videos %d days old or older, share empirical %.3f, with example age %.3f, without %.3f.",
        $0.daysSinceUpload, $0.empirical, $0.withExampleAge, $0.withoutExampleAge)
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
}
