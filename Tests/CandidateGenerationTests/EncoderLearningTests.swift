import CandidateGeneration
import Foundation
import NeuralCore
import Testing
import WorkspaceStore

@Suite("History encoders learn order where the mean bag cannot")
struct EncoderLearningTests {
  /// An episodic world: 30 series of 8 episodes; each user binge-watches 5 random series one
  /// after another, every episode in order. The next watch is the next episode of the series
  /// being watched, which only the order of the history tells.
  static func episodicWorld() throws -> EventColumns {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wn-episodic-\(UUID().uuidString)")
    let workspace = try Workspace(at: url, create: true)
    var random = SeededGenerator(seed: 21)
    try workspace.write { w in
      for s in 0..<30 {
        for e in 0..<8 {
          try w.upsert(
            Video(
              id: "s\(s)e\(e)", title: "series \(s) episode \(e)", channel: "c\(s)", topic: "t", language: "en",
              durationSeconds: 1_500, uploadTime: 0))
        }
      }
      for u in 0..<160 {
        try w.upsert(User(id: "u\(u)", age: 30, gender: "f", region: "US", device: "tv"))
        var series = Array(0..<30)
        series.shuffle(using: &random)
        var time: Int64 = 1_000_000
        for s in series.prefix(5) {
          for e in 0..<8 {
            time += 1_800
            try w.insert(Watch(user: "u\(u)", video: "s\(s)e\(e)", time: time, watchSeconds: 1_200, source: .external))
          }
        }
      }
    }
    return try workspace.loadColumns()
  }

  static func config(_ encoder: CandidateConfig.HistoryEncoder) -> CandidateConfig {
    var config = CandidateConfig()
    config.features = .watchesOnly
    config.historyEncoder = encoder
    config.towerWidths = [32]
    config.watchEmbeddingDimension = 32
    config.attentionBlocks = 1
    config.dropout = 0.1
    config.fullSoftmax = true
    config.examplesPerUser = CandidateConfig.allPositions
    config.epochs = 12
    config.batchSize = 256
    config.learningRate = 0.01
    return config
  }

  @Test("Attention beats the mean bag by far on the next episode; its loss falls; the recency bag beats it too")
  func attentionLearnsOrder() throws {
    let columns = try Self.episodicWorld()
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    var hits: [CandidateConfig.HistoryEncoder: Double] = [:]
    for encoder in [CandidateConfig.HistoryEncoder.meanBag, .recency, .attention] {
      let result = try CandidateTrainer.train(columns: columns, split: split, config: Self.config(encoder))
      let metrics = CandidateEvaluation.compare([result.generator], targets: split.test, ks: [10])
      hits[encoder] = try #require(metrics[0].at(10)).hitRate
      if encoder == .attention {
        let losses = result.history.map(\.loss)
        #expect(losses.last ?? 0 < (losses.first ?? 0) * 0.7, "loss \(losses)")
      }
    }
    let bag = try #require(hits[.meanBag])
    let attention = try #require(hits[.attention])
    let recency = try #require(hits[.recency])
    #expect(attention > 0.8, "attention HR@10 \(attention)")
    #expect(attention > bag + 0.3, "attention \(attention) vs mean bag \(bag)")
    #expect(recency > bag, "recency \(recency) vs mean bag \(bag)")
  }
}
