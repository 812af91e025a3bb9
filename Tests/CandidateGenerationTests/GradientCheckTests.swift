import NeuralCore
import Testing
import WorkspaceStore

@testable import CandidateGeneration

@Suite("Candidate generation: the whole training step's gradient by central differences")
struct GradientCheckTests {
  static func tinySetup(fullSoftmax: Bool, recentWatches: Int = 0) throws -> (
    CandidateModel, CandidateBatch, [Int32]?, [Float]
  ) {
    let (_, columns) = try Fixtures.world(users: 30, videos: 40, days: 4)
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: nil, validationDays: 1))
    var config = CandidateConfig()
    config.towerWidths = [6, 5]
    config.watchEmbeddingDimension = 4
    config.tokenEmbeddingDimension = 3
    config.categoryEmbeddingDimension = 2
    config.fullSoftmax = fullSoftmax
    config.recentWatches = recentWatches
    let space = FeatureSpace(columns: columns, split: split, config: config)
    var model = CandidateModel(config: config, space: space)
    // Larger output embeddings make the gradient comfortably measurable.
    for i in 0..<model.videoEmbeddings.count { model.videoEmbeddings.values[i] *= 3 }
    let lookup = CandidateFeatureLookup(columns: columns, space: space)
    var queries: [CandidateQuery] = []
    for u in 0..<columns.users.count where queries.count < 4 {
      let range = columns.watches.range(ofUser: u)
      guard range.count >= 3 else { continue }
      let p = range.lowerBound + 2
      let label = lookup.classOfVideo[Int(columns.watches.video[p])]
      guard label >= 0 else { continue }
      queries.append(
        CandidateQuery(user: Int32(u), historyEnd: p, time: columns.watches.time[p], exampleAge: 0.3, label: label))
    }
    let batch = CandidateBatch(queries: queries, columns: columns, lookup: lookup, config: config)
    let samples: [Int32]? = fullSoftmax ? nil : [0, 1, 2, 3, 5, 8, 1, queries[0].label]
    let logQ = (0..<space.classCount).map { Float(-1 - 0.01 * Double($0)) }
    return (model, batch, samples, logQ)
  }

  /// Compares analytic and numerical derivatives for a few coordinates of one parameter.
  static func check(
    _ model: CandidateModel, _ batch: CandidateBatch, _ samples: [Int32]?, _ logQ: [Float],
    parameter: WritableKeyPath<CandidateModel, [Float]>, analytic: [Float], coordinates: [Int]
  ) -> Double {
    var worst = 0.0
    for i in coordinates {
      var up = model
      var down = model
      let step: Float = 5e-3
      up[keyPath: parameter][i] += step
      down[keyPath: parameter][i] -= step
      let lossUp = Double(up.gradients(batch, samples: samples, logExpectedCount: logQ).loss)
      let lossDown = Double(down.gradients(batch, samples: samples, logExpectedCount: logQ).loss)
      let numeric = (lossUp - lossDown) / Double(2 * step)
      let error = abs(numeric - Double(analytic[i])) / max(abs(numeric), abs(Double(analytic[i])), 2e-3)
      worst = max(worst, error)
    }
    return worst
  }

  @Test("Every parameter group matches central differences", arguments: [false, true])
  func fullStep(fullSoftmax: Bool) throws {
    let (model, batch, samples, logQ) = try Self.tinySetup(fullSoftmax: fullSoftmax)
    let g = model.gradients(batch, samples: samples, logExpectedCount: logQ)
    #expect(g.loss.isFinite && g.loss > 0)
    let tolerance = 2e-2
    let videos = g.videos.dense(tableRows: model.videoEmbeddings.rows).values
    #expect(
      Self.check(
        model, batch, samples, logQ, parameter: \.videoEmbeddings.values, analytic: videos,
        coordinates: Array(0..<20)) < tolerance)
    let watch = try #require(g.watch).dense(tableRows: model.watchTable.table.rows).values
    let usedWatch = watch.indices.filter { watch[$0] != 0 }.prefix(12)
    #expect(!usedWatch.isEmpty)
    #expect(
      Self.check(
        model, batch, samples, logQ, parameter: \.watchTable.table.values, analytic: watch,
        coordinates: Array(usedWatch)) < tolerance)
    let region = try #require(g.region).dense(tableRows: model.regionTable.table.rows).values
    #expect(
      Self.check(
        model, batch, samples, logQ, parameter: \.regionTable.table.values, analytic: region,
        coordinates: Array(region.indices.prefix(8))) < tolerance)
    if let token = g.token, !token.rows.isEmpty {
      let dense = token.dense(tableRows: model.tokenTable.table.rows).values
      let used = dense.indices.filter { dense[$0] != 0 }.prefix(6)
      #expect(
        Self.check(
          model, batch, samples, logQ, parameter: \.tokenTable.table.values, analytic: dense,
          coordinates: Array(used)) < tolerance)
    }
    for layer in model.tower.indices {
      let weights = g.tower[layer].weights.values
      #expect(
        Self.check(
          model, batch, samples, logQ, parameter: \.tower[layer].weights.values, analytic: weights,
          coordinates: Array(weights.indices.prefix(15))) < tolerance, "layer \(layer) weights")
      #expect(
        Self.check(
          model, batch, samples, logQ, parameter: \.tower[layer].bias, analytic: g.tower[layer].bias,
          coordinates: Array(g.tower[layer].bias.indices)) < tolerance, "layer \(layer) bias")
    }
  }

  @Test("Splitting a batch across workers gives the same gradient as one worker")
  func dataParallelCombine() throws {
    let (model, batch, samples, logQ) = try Self.tinySetup(fullSoftmax: false)
    let whole = model.gradients(batch, samples: samples, logExpectedCount: logQ)
    // Rebuild two halves from the whole batch's queries.
    var first = batch
    var second = batch
    first.labels = Array(batch.labels.prefix(2))
    second.labels = Array(batch.labels.suffix(from: 2))
    first.watches = Bags((0..<2).map { Array(batch.watches[$0]) })
    second.watches = Bags((2..<batch.count).map { Array(batch.watches[$0]) })
    first.tokens = Bags((0..<2).map { Array(batch.tokens[$0]) })
    second.tokens = Bags((2..<batch.count).map { Array(batch.tokens[$0]) })
    first.regions = Bags((0..<2).map { Array(batch.regions[$0]) })
    second.regions = Bags((2..<batch.count).map { Array(batch.regions[$0]) })
    first.devices = Bags((0..<2).map { Array(batch.devices[$0]) })
    second.devices = Bags((2..<batch.count).map { Array(batch.devices[$0]) })
    let width = batch.dense.columns
    first.dense = Matrix(rows: 2, columns: width, values: Array(batch.dense.values.prefix(2 * width)))
    second.dense = Matrix(
      rows: batch.count - 2, columns: width, values: Array(batch.dense.values.suffix(from: 2 * width)))
    let combined = CandidateGradients.combine(
      [
        model.gradients(first, samples: samples, logExpectedCount: logQ),
        model.gradients(second, samples: samples, logExpectedCount: logQ),
      ], tables: TableSizes(model))
    #expect(abs(combined.loss - whole.loss) < 1e-5)
    let a = combined.videos.dense(tableRows: model.videoEmbeddings.rows).values
    let b = whole.videos.dense(tableRows: model.videoEmbeddings.rows).values
    #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 })
    #expect(zip(combined.tower[0].weights.values, whole.tower[0].weights.values).allSatisfy { abs($0 - $1) < 1e-5 })
  }

  @Test("The recent-watches block shares the watch table, and its gradient matches central differences")
  func recentWatchesBlock() throws {
    let (model, batch, samples, logQ) = try Self.tinySetup(fullSoftmax: false, recentWatches: 1)
    #expect(batch.recent.count == batch.count)
    #expect(model.tower[0].weights.rows == CandidateModel.inputWidth(model.config))
    let g = model.gradients(batch, samples: samples, logExpectedCount: logQ)
    let watch = try #require(g.watch).dense(tableRows: model.watchTable.table.rows).values
    let used = watch.indices.filter { watch[$0] != 0 }.prefix(16)
    #expect(!used.isEmpty)
    #expect(
      Self.check(
        model, batch, samples, logQ, parameter: \.watchTable.table.values, analytic: watch, coordinates: Array(used))
        < 2e-2)
    let first = g.tower[0].weights.values
    #expect(
      Self.check(
        model, batch, samples, logQ, parameter: \.tower[0].weights.values, analytic: first,
        coordinates: Array(stride(from: 0, to: first.count, by: max(first.count / 24, 1)))) < 2e-2)
  }
}
