import CandidateGeneration
import Foundation
import NeuralCore
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("History encoders learn order where the mean bag cannot")
struct EncoderLearningTests {
  /// A world of follow-ups: every video has one fixed follow-up (a random permutation of 240
  /// videos), and each user watches 20 random videos, each followed at once by its follow-up.
  /// A user's last watch is the follow-up of the one before it: only the order of the history
  /// says which of the ~20 unwatched follow-ups of the history comes next.
  static func followUpWorld() throws -> EventColumns {
    let url = TemporaryFiles.url("wn-follow-up")
    let workspace = try Workspace(at: url, create: true)
    var random = SeededGenerator(seed: 21)
    let videos = 240
    var next = Array(0..<videos)
    next.shuffle(using: &random)
    try workspace.write { w in
      for v in 0..<videos {
        try w.upsert(
          Video(
            id: "v\(v)", title: "video \(v)", channel: "c", topic: "t", language: "en", durationSeconds: 1_500,
            uploadTime: 0))
      }
      for u in 0..<200 {
        try w.upsert(User(id: "u\(u)", age: 30, gender: "f", region: "US", device: "tv"))
        var starts = Array(0..<videos)
        starts.shuffle(using: &random)
        var time: Int64 = 1_000_000
        for first in starts.prefix(20) {
          for v in [first, next[first]] {
            time += 1_800
            try w.insert(Watch(user: "u\(u)", video: "v\(v)", time: time, watchSeconds: 1_200, source: .external))
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

  @Test("Attention beats the mean bag by far on the follow-up; its loss falls; the recency bag beats it too")
  func attentionLearnsOrder() throws {
    let columns = try Self.followUpWorld()
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
