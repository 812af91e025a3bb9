import CandidateGeneration
import NeuralCore
import Ranking

/// One line of a chart: a name for the legend and its points, in x order.
public struct ChartSeries: Sendable, Equatable {
  /// The legend's name ("current", "previous").
  public var name: String
  /// The points.
  public var points: [FigurePoint]

  /// A series.
  public init(name: String, points: [FigurePoint]) {
    self.name = name
    self.points = points
  }
}

/// A chart for the Charts pane: a title, axis labels and one or more series.
public struct ChartData: Sendable, Equatable {
  /// The title.
  public var title: String
  /// The x axis's label (with its unit).
  public var xLabel: String
  /// The y axis's label (with its unit).
  public var yLabel: String
  /// Whether x is drawn on a logarithmic scale (K of recall@K).
  public var logX = false
  /// Whether to draw the y = x line (calibration).
  public var diagonal = false
  /// The series, the current model's first.
  public var series: [ChartSeries]

  /// A chart.
  public init(
    title: String, xLabel: String, yLabel: String, logX: Bool = false, diagonal: Bool = false, series: [ChartSeries]
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logX = logX
    self.diagonal = diagonal
    self.series = series
  }
}

extension ChartData {
  /// The models' training curves and validation figures, the current model's beside the previous
  /// one's (`models/previous/`) where there is one. A chart whose data no model recorded is left out.
  public static func modelCharts(
    candidate: ModelManifest<CandidateArchiveInfo>.Training?,
    previousCandidate: ModelManifest<CandidateArchiveInfo>.Training?,
    ranking: ModelManifest<RankingArchiveInfo>.Training?, previousRanking: ModelManifest<RankingArchiveInfo>.Training?
  ) -> [ChartData] {
    func series(_ current: [FigurePoint]?, _ previous: [FigurePoint]?) -> [ChartSeries] {
      [
        current.map { ChartSeries(name: "current", points: $0) },
        previous.map { ChartSeries(name: "previous", points: $0) },
      ]
      .compactMap { $0 }.filter { !$0.points.isEmpty }
    }
    func losses(_ curve: [EpochPoint]?) -> [FigurePoint]? {
      curve?.map { FigurePoint(x: Double($0.epoch), y: $0.loss) }
    }
    func validation(_ curve: [EpochPoint]?) -> [FigurePoint]? {
      curve?.map { FigurePoint(x: Double($0.epoch), y: $0.validation) }
    }
    let charts = [
      ChartData(
        title: "Candidate model: training loss by epoch", xLabel: "epoch", yLabel: "sampled-softmax loss",
        series: series(losses(candidate?.curve), losses(previousCandidate?.curve))),
      ChartData(
        title: "Candidate model: \(candidate?.validationMetric ?? "validation recall@100") by epoch", xLabel: "epoch",
        yLabel: "recall@100", series: series(validation(candidate?.curve), validation(previousCandidate?.curve))),
      ChartData(
        title: "Candidate model: validation recall@K over K", xLabel: "K (log scale)", yLabel: "recall@K", logX: true,
        series: series(
          candidate?.figures?[ValidationFigure.recallAtK], previousCandidate?.figures?[ValidationFigure.recallAtK])),
      ChartData(
        title: "Ranking model: training loss by epoch", xLabel: "epoch", yLabel: "weighted logistic loss",
        series: series(losses(ranking?.curve), losses(previousRanking?.curve))),
      ChartData(
        title: "Ranking model: \(ranking?.validationMetric ?? "validation loss") by epoch", xLabel: "epoch",
        yLabel: "weighted logistic loss", series: series(validation(ranking?.curve), validation(previousRanking?.curve))
      ),
      ChartData(
        title: "Ranking model: calibration by decile of exp(z) (validation)", xLabel: "mean exp(z), s",
        yLabel: "mean watch, s", diagonal: true,
        series: series(
          ranking?.figures?[ValidationFigure.calibration], previousRanking?.figures?[ValidationFigure.calibration])),
    ]
    return charts.filter { !$0.series.isEmpty }
  }
}
