import NeuralCore
import Testing
import WorkspaceStore

@testable import CandidateGeneration

@Suite("History encoders: the whole training step's gradient by central differences")
struct EncoderGradientTests {
  /// A tiny model with `encoder`, and either per-query sequences or training windows.
  static func setup(
    encoder: CandidateConfig.HistoryEncoder, windows: Bool, dropout: Float = 0, towerDropout: Float = 0,
    tied: Bool = false, labels: Range<Int> = 1..<6, context: Int = 1
  ) throws -> (
    CandidateModel, CandidateBatch, [Int32], [Float]
  ) {
    let (_, columns) = try Fixtures.world(users: 30, videos: 40, days: 4)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    var config = CandidateConfig()
    config.towerWidths = [6, 4]
    config.watchEmbeddingDimension = 4
    config.tokenEmbeddingDimension = 3
    config.categoryEmbeddingDimension = 2
    config.historyLength = 5
    config.historyEncoder = encoder
    config.attentionHeads = 2
    config.dropout = dropout
    config.towerDropout = towerDropout
    config.seed = 3
    if tied {
      config.towerWidths = [4]
      config.tieEmbeddings = true
    }
    let space = FeatureSpace(columns: columns, split: split, config: config)
    var model = CandidateModel(config: config, space: space)
    if !tied { for i in 0..<model.videoEmbeddings.count { model.videoEmbeddings.values[i] *= 3 } }
    // Non-trivial recency logits, so that their gradient is not the symmetric one of a mean.
    for i in model.recencyLogits.indices { model.recencyLogits[i] = 0.3 * Float(i) }
    let lookup = CandidateFeatureLookup(columns: columns, space: space)
    let batch: CandidateBatch
    if windows {
      var list: [CandidateWindow] = []
      for u in 0..<columns.users.count where list.count < 3 {
        let range = columns.watches.range(ofUser: u)
        guard range.count >= 7 else { continue }
        let absolute = (range.lowerBound + labels.lowerBound)..<(range.lowerBound + labels.upperBound)
        list.append(
          CandidateWindow(
            user: Int32(u), labels: absolute, ages: absolute.map { _ in 0.2 },
            contextStart: range.lowerBound + context))
      }
      batch = CandidateBatch(windows: list, columns: columns, lookup: lookup, config: config)
    } else {
      var queries: [CandidateQuery] = []
      for u in 0..<columns.users.count where queries.count < 4 {
        let range = columns.watches.range(ofUser: u)
        guard range.count >= 8 else { continue }
        let p = range.lowerBound + 7
        let label = lookup.classOfVideo[Int(columns.watches.video[p])]
        guard label >= 0 else { continue }
        queries.append(
          CandidateQuery(user: Int32(u), historyEnd: p, time: columns.watches.time[p], exampleAge: 0.3, label: label))
      }
      batch = CandidateBatch(queries: queries, columns: columns, lookup: lookup, config: config)
    }
    let samples: [Int32] = [0, 1, 2, 3, 5, 8, batch.labels[0]]
    let logQ = (0..<space.classCount).map { Float(-1 - 0.01 * Double($0)) }
    return (model, batch, samples, logQ)
  }

  /// The worst relative error over `coordinates` of a parameter reached by `access`.
  static func worstError(
    _ model: CandidateModel, _ batch: CandidateBatch, _ samples: [Int32], _ logQ: [Float], seed: UInt64?,
    analytic: [Float], coordinates: [Int], access: (inout CandidateModel, (inout [Float]) -> Void) -> Void
  ) -> Double {
    var worst = 0.0
    let step: Float = 2e-3
    for i in coordinates {
      var up = model
      var down = model
      access(&up) { $0[i] += step }
      access(&down) { $0[i] -= step }
      let lossUp = Double(up.gradients(batch, samples: samples, logExpectedCount: logQ, dropoutSeed: seed).loss)
      let lossDown = Double(down.gradients(batch, samples: samples, logExpectedCount: logQ, dropoutSeed: seed).loss)
      let numeric = (lossUp - lossDown) / Double(2 * step)
      worst = max(worst, abs(numeric - Double(analytic[i])) / max(abs(numeric), abs(Double(analytic[i])), 1e-2))
    }
    return worst
  }

  static func spread(_ count: Int, _ n: Int = 10) -> [Int] {
    Array(Set(stride(from: 0, to: count, by: max(count / n, 1)))).sorted()
  }

  @Test(
    "Attention encoder: every encoder tensor and the watch table match central differences",
    arguments: [(false, Float(0)), (true, Float(0)), (true, Float(0.3))])
  func attention(windows: Bool, dropout: Float) throws {
    let (model, batch, samples, logQ) = try Self.setup(encoder: .attention, windows: windows, dropout: dropout)
    let seed: UInt64? = dropout > 0 ? 7 : nil
    let encoder = try #require(model.encoder)
    #expect(batch.sequences.count == (windows ? 3 : batch.count))
    let g = model.gradients(batch, samples: samples, logExpectedCount: logQ, dropoutSeed: seed)
    #expect(g.loss.isFinite && g.encoder.count == encoder.parameterList.count)
    for (i, parameter) in encoder.parameterList.enumerated() {
      let error = Self.worstError(
        model, batch, samples, logQ, seed: seed, analytic: g.encoder[i],
        coordinates: Self.spread(g.encoder[i].count)
      ) { model, change in
        guard var e = model.encoder else { return }
        change(&e[keyPath: parameter.path])
        model.encoder = e
      }
      #expect(error < 3e-2, "\(parameter.name)")
    }
    let watch = try #require(g.watch).dense(tableRows: model.watchTable.table.rows).values
    let used = watch.indices.filter { watch[$0] != 0 }
    #expect(!used.isEmpty)
    let error = Self.worstError(
      model, batch, samples, logQ, seed: seed, analytic: watch, coordinates: Array(used.prefix(16))
    ) { model, change in change(&model.watchTable.table.values) }
    #expect(error < 3e-2)
  }

  @Test("Tower dropout: the tower's weights and biases and the watch table match central differences")
  func towerDropout() throws {
    let (model, batch, samples, logQ) = try Self.setup(encoder: .meanBag, windows: false, towerDropout: 0.4)
    let seed: UInt64 = 11
    let pass = model.forward(batch, dropoutSeed: seed)
    // Some hidden units are dropped in training, none at serving.
    #expect(pass.towerMasks[0].factors.contains(0) && pass.towerMasks[0].factors.contains { $0 > 1 })
    #expect(model.forward(batch).towerMasks.allSatisfy { $0.factors.isEmpty })
    let g = model.gradients(batch, samples: samples, logExpectedCount: logQ, dropoutSeed: seed)
    for layer in model.tower.indices {
      let weights = Self.worstError(
        model, batch, samples, logQ, seed: seed, analytic: g.tower[layer].weights.values,
        coordinates: Self.spread(g.tower[layer].weights.count, 16)
      ) { model, change in change(&model.tower[layer].weights.values) }
      let bias = Self.worstError(
        model, batch, samples, logQ, seed: seed, analytic: g.tower[layer].bias,
        coordinates: Array(g.tower[layer].bias.indices)
      ) { model, change in change(&model.tower[layer].bias) }
      #expect(weights < 3e-2 && bias < 3e-2, "layer \(layer): weights \(weights), bias \(bias)")
    }
    let watch = try #require(g.watch).dense(tableRows: model.watchTable.table.rows).values
    let used = watch.indices.filter { watch[$0] != 0 }
    #expect(!used.isEmpty)
    let error = Self.worstError(
      model, batch, samples, logQ, seed: seed, analytic: watch, coordinates: Array(used.prefix(16))
    ) { model, change in change(&model.watchTable.table.values) }
    #expect(error < 3e-2)
  }

  @Test("Tied embeddings: one table for inputs and outputs, its gradient the sum of both uses")
  func tied() throws {
    let (model, batch, samples, logQ) = try Self.setup(encoder: .attention, windows: true, tied: true)
    #expect(model.videoEmbeddings == model.watchTable.table)
    let g = model.gradients(batch, samples: samples, logExpectedCount: logQ)
    #expect(g.videos.rows.isEmpty)
    let watch = try #require(g.watch).dense(tableRows: model.watchTable.table.rows).values
    let used = watch.indices.filter { watch[$0] != 0 }
    #expect(used.count > 16)
    let error = Self.worstError(
      model, batch, samples, logQ, seed: nil, analytic: watch, coordinates: Array(used.prefix(24))
    ) { model, change in change(&model.watchTable.table.values) }
    #expect(error < 3e-2)
  }

  @Test("Recency bag: the position logits and the watch table match central differences")
  func recency() throws {
    let (model, batch, samples, logQ) = try Self.setup(encoder: .recency, windows: false)
    let g = model.gradients(batch, samples: samples, logExpectedCount: logQ)
    #expect(g.recency.count == 5 && g.recency.contains { $0 != 0 })
    #expect(
      Self.worstError(
        model, batch, samples, logQ, seed: nil, analytic: g.recency, coordinates: Array(0..<5)
      ) { model, change in change(&model.recencyLogits) } < 2e-2)
    let watch = try #require(g.watch).dense(tableRows: model.watchTable.table.rows).values
    let used = watch.indices.filter { watch[$0] != 0 }
    #expect(
      Self.worstError(
        model, batch, samples, logQ, seed: nil, analytic: watch, coordinates: Array(used.prefix(16))
      ) { model, change in change(&model.watchTable.table.values) } < 2e-2)
  }

  @Test(
    "A window's rows are what serving computes for each label's history: the causal mask hides later watches",
    arguments: [(1..<6, 1), (3..<6, 1), (2..<5, 2)])
  func windowsMatchServing(labels: Range<Int>, context: Int) throws {
    let (model, batch, _, _) = try Self.setup(encoder: .attention, windows: true, labels: labels, context: context)
    let (_, columns) = try Fixtures.world(users: 30, videos: 40, days: 4)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    let lookup = CandidateFeatureLookup(
      columns: columns, space: FeatureSpace(columns: columns, split: split, config: model.config))
    #expect(batch.count == 3 * labels.count)
    #expect(batch.sequences.ids.count == 3 * (labels.upperBound - context))
    // Each label as a serving request whose history is the watches from the window's first one.
    var queries: [CandidateQuery] = []
    for u in 0..<columns.users.count where queries.count < batch.count {
      let range = columns.watches.range(ofUser: u)
      guard range.count >= 7 else { continue }
      for p in labels {
        let position = range.lowerBound + p
        queries.append(
          CandidateQuery(
            user: Int32(u), historyEnd: position, time: columns.watches.time[position], exampleAge: 0.2,
            label: lookup.classOfVideo[Int(columns.watches.video[position])]))
      }
    }
    var serving = CandidateBatch(queries: queries, columns: columns, lookup: lookup, config: model.config)
    // Serving reads the whole history; the window reads from its context start on.
    if context > 1 {
      var trimmed = Bags()
      var rows: [Int32] = []
      for i in 0..<serving.sequences.count {
        let sequence = Array(serving.sequences[i].dropFirst(context - 1))
        trimmed.append(sequence)
        rows.append(Int32(trimmed.ids.count - 1))
      }
      serving.sequences = trimmed
      serving.sequenceRows = rows
    }
    let windowed = model.userVectors(batch)
    let alone = model.userVectors(serving)
    #expect(windowed.rows == alone.rows)
    #expect(zip(windowed.values, alone.values).allSatisfy { abs($0 - $1) < 1e-4 })
  }
}
