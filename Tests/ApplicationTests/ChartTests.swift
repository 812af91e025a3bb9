import Application
import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Testing

@Suite("Experiment charts: round ticks, the open bucket left out, escaped names")
struct ChartTests {
  @Test("Ticks are 1, 2 or 5 times a power of ten and cover the range")
  func roundTicks() {
    let ticks = SVGChart.ticks(0, 0.237)
    #expect(ticks.count == 6)
    for (t, expected) in zip(ticks, [0, 0.05, 0.1, 0.15, 0.2, 0.25]) { #expect(abs(t - expected) < 1e-12) }
    #expect(SVGChart.ticks(0, 1).count == 6)
    let wide = SVGChart.ticks(3, 97)
    #expect(wide.first == 0 && wide.last == 100)
    #expect(SVGChart.ticks(0.25, 0.25) == [0.25])
  }

  @Test("The example-age figure draws days 0-13 on whole-day ticks and gives the open bucket in the caption")
  func exampleAgeOpenBucket() throws {
    var rows: [ExampleAgeExperiment.Row] = []
    for day in 0..<14 {
      let decay: Double = exp(-Double(day) / 3)
      rows.append(
        ExampleAgeExperiment.Row(
          daysSinceUpload: day, empirical: 0.03 * decay, withExampleAge: 0.028 * decay, withoutExampleAge: 0.02))
    }
    rows.append(
      ExampleAgeExperiment.Row(daysSinceUpload: 14, empirical: 0.62, withExampleAge: 0.6, withoutExampleAge: 0.7))
    let svg = ExperimentCharts.exampleAge(rows, unscorableShare: 0.104)
    // Three series of 14 points each: the open bucket is not a point.
    #expect(Self.count("<circle", in: svg) == 3 * 14)
    #expect(svg.contains("Not drawn: videos 14 days old or older, share empirical 0.620"))
    // The caption's two lines are two text elements, one above the other, inside the canvas.
    let second = "Ages at the end of the training window; the watches of later uploads (10.4%) are left out."
    #expect(svg.contains(">\(second)<"))
    let captionYs = Self.matches(#"<text x="80.0" y="([0-9.]+)" font-size="11""#, in: svg).compactMap(Double.init)
    let height = try #require(Self.matches(#"height="(\d+)""#, in: svg).first.flatMap(Double.init))
    #expect(captionYs.count == 2 && captionYs[0] < captionYs[1] && (captionYs.last ?? .infinity) < height)
    // Whole-day ticks 0...13 and no tick at 14.
    let xLabels = Self.matches(#"text-anchor="middle">(\d+)</text>"#, in: svg)
    #expect(xLabels.contains("0") && xLabels.contains("13") && !xLabels.contains("14"))
    // The y axis fits the drawn values (the largest is 0.03): its top tick is 0.03 or 0.035, not 0.7.
    let yLabels = Self.matches(#"text-anchor="end">([0-9.]+)</text>"#, in: svg).compactMap(Double.init)
    let top = try #require(yLabels.max())
    #expect(top >= 0.03 && top < 0.05, "y ticks \(yLabels)")
  }

  @Test("The next-watch figure: one bar per labelling and figure, values on the bars, the paired gains in the caption")
  func nextWatchBars() {
    func metrics(_ name: String, _ scale: Double) -> ScorerMetrics {
      ScorerMetrics(
        name: name,
        metrics: [10, 50, 100, 500].map {
          MetricsAtK(k: $0, recall: 0.003 * Double($0) * scale, hitRate: 0.08 * scale, map: 0.046 * scale, ndcg: 0.087)
        })
    }
    let result = NextWatchExperiment.Result(
      rows: [
        .init(labels: "next-watch", metrics: metrics("next-watch", 1), subsetMetrics: nil, seedMAP100: [0.046]),
        .init(
          labels: "random-held-out", metrics: metrics("random-held-out", 0.9), subsetMetrics: nil, seedMAP100: [0.04]),
      ],
      gains: [
        .init(figure: "HR@10", gain: .init(mean: 0.008, standardError: 0.004)),
        .init(figure: "MAP@100", gain: .init(mean: 0.0046, standardError: 0.0021)),
      ], seeds: [42], targets: 1172)
    let svg = ExperimentCharts.nextWatch(result)
    #expect(Self.count("<rect x=", in: svg) >= 8, "4 figures × 2 labellings")
    for label in ["HR@10", "recall@100", "MAP@100", "NDCG@100", "next-watch", "random-held-out"] {
      #expect(svg.contains(">\(label)</text>"), "\(label)")
    }
    // recall@100 of next-watch is 0.3, MAP@100 of random held-out 0.0414.
    #expect(svg.contains(">0.300</text>") && svg.contains(">0.041</text>"))
    #expect(
      svg.contains(
        "1172 test users; next-watch minus random held-out, paired: HR@10 +0.0080 ± 0.0040, MAP@100 +0.0046 ± 0.0021"))
  }

  @Test("The Table 1 figure: one bar per configuration beside the paper's, short ablation names, percent values")
  func rankingDepthBars() {
    let names = ["none", "256", "512", "1024", "512-256", "1024-512", "1024-512-256"]
    var rows = names.enumerated().map { i, name in
      RankingDepthExperiment.Row(
        configuration: name, widths: [], weighting: "watch-time", powers: true,
        weightedPerUserLoss: 0.15 - 0.005 * Double(i), auc: 0.8, bestEpoch: 3, seconds: 10)
    }
    for (suffix, loss) in [("equal weights", 0.14), ("no powers", 0.1234)] {
      rows.append(
        RankingDepthExperiment.Row(
          configuration: "1024-512-256, \(suffix)", widths: [], weighting: "watch-time", powers: true,
          weightedPerUserLoss: loss, auc: 0.8, bestEpoch: 3, seconds: 10))
    }
    let svg = ExperimentCharts.rankingDepth(rows, holdoutImpressions: 19640)
    #expect(Self.count("<rect x=", in: svg) >= 18, "9 configurations × (this world, the paper)")
    for label in ["none", "1024-512-256", "equal w.", "no powers", "this world", "paper (YouTube)"] {
      #expect(svg.contains(">\(label)</text>"), "\(label)")
    }
    #expect(!svg.contains("1024-512-256, no powers"))
    // The values are percentages with one decimal: 12.34% is "12.3"; the paper's 34.6 is drawn too.
    #expect(svg.contains(">12.3</text>") && svg.contains(">34.6</text>") && svg.contains(">15.0</text>"))
    #expect(svg.contains("19640 holdout impressions"))
    // Nine groups are too narrow for "1024-512-256": the labels alternate between two rows.
    let labelYs = Set(Self.matches(#"y="([0-9.]+)" text-anchor="middle">(?:none|256|512)</text>"#, in: svg))
    #expect(labelYs.count == 2, "\(labelYs)")
    // Without the two ablations, the paper's series (nine values) is left out.
    let towers = ExperimentCharts.rankingDepth(Array(rows.prefix(7)), holdoutImpressions: 10)
    #expect(!towers.contains("paper (YouTube)"))
  }

  @Test("Names from data are escaped")
  func escaped() {
    let svg = SVGChart.lines(
      title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "<script>\"a\"&", points: [(0, 1), (1, 2)])])
    #expect(!svg.contains("<script>"))
    #expect(svg.contains("&lt;script&gt;&quot;a&quot;&amp;"))
  }

  static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

  static func matches(_ pattern: String, in text: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { match in
      Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
  }
}
