import CandidateGeneration
import Foundation
import NeuralCore
import Testing
import WorkspaceStore

@Suite("The paper's experiments run end to end on a tiny world")
struct ExperimentTests {
  static func tinyConfig() -> CandidateConfig {
    var config = CandidateConfig()
    config.epochs = 2
    config.negatives = 100
    config.examplesPerUser = 10
    return config
  }

  @Test("Depth x features: one row per cell with sane metrics")
  func depthFeatures() throws {
    let (_, columns) = try Fixtures.world(users: 80, videos: 120, days: 6)
    let split = try EvaluationSplit(columns: columns, protocol: .temporal())
    let rows = try DepthFeaturesExperiment.run(
      columns: columns, split: split, base: Self.tinyConfig(), depths: [0, 2],
      featureSets: [CandidateConfig.Features.paperSets[0], CandidateConfig.Features.paperSets[3]])
    #expect(rows.count == 4)
    #expect(rows.map(\.widths) == [[64], [256, 128, 64], [64], [256, 128, 64]])
    #expect(rows.allSatisfy { $0.bestEpoch >= 1 })
    // A cell reports what that configuration achieves when trained on its own.
    var direct = Self.tinyConfig()
    direct.towerWidths = [256, 128, 64]
    direct.features = CandidateConfig.Features.paperSets[3].features
    let alone = try CandidateTrainer.train(columns: columns, split: split, config: direct)
    let measured = try #require(
      CandidateEvaluation.compare([alone.generator], targets: split.test, ks: [100]).first?.at(100))
    let cell = try #require(rows.first { $0.features == "all" && $0.depth == 2 })
    #expect(cell.map == measured.map && cell.recall == measured.recall && cell.bestEpoch == alone.bestEpoch)
  }

  @Test("Encoders: one row per variant, the attention variant with its own training settings")
  func encoders() throws {
    let (_, columns) = try Fixtures.world(users: 80, videos: 120, days: 6)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    var base = Self.tinyConfig()
    base.watchEmbeddingDimension = 16
    base.towerWidths = [16]
    let variants = EncoderExperiment.variants(base: base, classes: columns.videos.count).map { variant in
      var config = variant.config
      config.epochs = 2
      return (name: variant.name, config: config)
    }
    #expect(variants.map(\.config.historyEncoder) == [.meanBag, .meanBag, .recency, .attention])
    #expect(variants[1].config.recentWatches == 3 && variants[0].config.recentWatches == 0)
    #expect(variants[3].config.tieEmbeddings && variants[3].config.fullSoftmax)
    let rows = try EncoderExperiment.run(columns: columns, split: split, variants: variants)
    #expect(rows.map(\.name) == variants.map(\.name))
    for row in rows {
      let m = try #require(row.metrics.at(100))
      #expect(m.recall >= 0 && m.recall <= 1 && row.curve.count == 2 && row.trainingSeconds > 0)
      #expect(row.curve[1].seconds >= row.curve[0].seconds)
      // The kept epoch is the one whose validation recall is highest (the first of a tie).
      let recalls = row.curve.map(\.validationRecall)
      #expect(recalls.firstIndex(of: recalls.max() ?? -1) == row.bestEpoch - 1, "\(recalls), kept \(row.bestEpoch)")
    }
  }

  @Test("Example age: shares are distributions over age buckets")
  func exampleAge() throws {
    let (_, columns) = try Fixtures.world(users: 80, videos: 120, days: 8)
    let split = try EvaluationSplit(columns: columns, protocol: .temporal())
    let (rows, unscorable) = try ExampleAgeExperiment.run(
      columns: columns, split: split, base: Self.tinyConfig(), days: 5)
    #expect(rows.count == 6 && rows.map(\.daysSinceUpload) == Array(0...5))
    #expect(unscorable >= 0 && unscorable < 0.5, "the share of watches of videos no model knows: \(unscorable)")
    #expect(abs(rows.reduce(0) { $0 + $1.empirical } - 1) < 1e-9)
    for column in [rows.map(\.withExampleAge), rows.map(\.withoutExampleAge)] {
      let total = column.reduce(0, +)
      #expect(total > 0.5 && total <= 1 + 1e-6, "predicted mass on known ages \(total)")
    }
  }

  @Test("Next watch vs random held-out: both labellings train over the seeds and are measured on the same targets")
  func nextWatch() throws {
    let (_, columns) = try Fixtures.world(users: 80, videos: 120, days: 6)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    let base = Self.tinyConfig()
    let even = try NextWatchExperiment.run(columns: columns, split: split, base: base, seeds: 2) { $0.user % 2 == 0 }
    let odd = try NextWatchExperiment.run(columns: columns, split: split, base: base, seeds: 2) { $0.user % 2 == 1 }
    #expect(even.rows.map(\.labels) == ["next-watch", "random-held-out"])
    #expect(even.seeds == [base.seed, base.seed + 1] && even.targets == split.test.count)
    #expect(even.rows.map(\.metrics) == odd.rows.map(\.metrics), "the same models and targets whatever the subset")
    // Each target counts once, in one of the two subsets: their per-target means recombine
    // into the whole's.
    let evens = Double(split.test.filter { $0.user % 2 == 0 }.count)
    let odds = Double(split.test.count) - evens
    for (e, o) in zip(even.rows, odd.rows) {
      let whole = try #require(e.metrics.at(100)).recall
      let a = try #require(e.subsetMetrics?.at(100)).recall
      let b = try #require(o.subsetMetrics?.at(100)).recall
      #expect(abs((evens * a + odds * b) / (evens + odds) - whole) < 1e-9, "\(e.labels)")
      #expect(a != b, "two halves of a random split rarely tie exactly")
      // The mean over seeds is the mean of the seeds' own figures.
      let map = try #require(e.metrics.at(100)).map
      #expect(abs(e.seedMAP100.reduce(0, +) / 2 - map) < 1e-12)
    }
    // The paired gain, computed target by target, has the difference of the means as its mean.
    let gain = try #require(even.gains.first { $0.figure == "MAP@100" }).gain
    let difference = try #require(even.rows[0].metrics.at(100)).map - (try #require(even.rows[1].metrics.at(100)).map)
    #expect(abs(gain.mean - difference) < 1e-9 && gain.standardError > 0)
  }

  @Test("The shipped configuration presets decode")
  func presets() throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Samples/presets")
    for depth in 0...4 {
      let data = try Data(contentsOf: directory.appendingPathComponent("candidates-depth\(depth).json"))
      let config = try JSONDecoder().decode(CandidateConfig.self, from: data)
      #expect(config.towerWidths == CandidateConfig.towerWidths(depth: depth))
      try config.validate()
    }
  }
}
