import Foundation
import NeuralCore
import Ranking
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Ranking: the network's gradient, contributions and live weights")
struct RankingModelTests {
  /// A small untrained-but-perturbed model on a few real examples.
  static func tiny() throws -> (RankingModel, RankingModel.Inputs, [Float], [Float]) {
    let setup = try RankingSetup.get()
    var config = setup.config
    config.hiddenWidths = [5, 4]
    var model = RankingModel(config: config, space: setup.result.model.space)
    for t in model.tables.indices {
      for i in 0..<model.tables[t].table.count { model.tables[t].table.values[i] *= 3 }
    }
    let rows = Array(stride(from: 0, to: setup.dataset.training.count, by: setup.dataset.training.count / 12))
    let inputs = model.inputs(setup.dataset.training, rows: rows, columns: setup.columns, lookup: setup.lookup)
    let (labels, weights) = model.targets(setup.dataset.training, rows: rows)
    #expect(labels.contains(1) || weights.allSatisfy { $0 == 1 })
    return (model, inputs, labels, weights)
  }

  static func loss(_ model: RankingModel, _ x: Matrix, _ labels: [Float], _ weights: [Float]) -> Double {
    Double(WeightedLogisticLoss.compute(logits: model.logits(x), labels: labels, weights: weights).loss)
  }

  @Test("tower gradients match central differences")
  func towerGradient() throws {
    let (model, inputs, labels, weights) = try Self.tiny()
    let g = model.gradients(inputs, labels: labels, weights: weights)
    for layer in model.tower.indices {
      for i in stride(from: 0, to: model.tower[layer].weights.count, by: max(1, model.tower[layer].weights.count / 7)) {
        var up = model
        var down = model
        let h: Float = 1e-2
        up.tower[layer].weights.values[i] += h
        down.tower[layer].weights.values[i] -= h
        let numeric =
          (Self.loss(up, inputs.matrix, labels, weights) - Self.loss(down, inputs.matrix, labels, weights))
          / Double(2 * h)
        let analytic = Double(g.tower[layer].weights.values[i])
        #expect(abs(numeric - analytic) <= 2e-3 + 0.02 * abs(numeric), "layer \(layer) weight \(i)")
      }
    }
  }

  @Test("embedding-row gradients match central differences through the input")
  func embeddingGradient() throws {
    let (model, inputs, labels, weights) = try Self.tiny()
    let g = model.gradients(inputs, labels: labels, weights: weights)
    let videos = IDSpace.videos.rawValue
    let sparse = try #require(g.tables[videos])
    // Perturbing a table row changes every input block that looks it up: rebuild the inputs.
    let setup = try RankingSetup.get()
    let rows = Array(stride(from: 0, to: setup.dataset.training.count, by: setup.dataset.training.count / 12))
    for slot in [0, sparse.rows.count / 2, sparse.rows.count - 1] {
      let row = Int(sparse.rows[slot])
      for c in [0, model.tables[videos].dimension - 1] {
        var up = model
        var down = model
        let h: Float = 1e-2
        up.tables[videos].table[row, c] += h
        down.tables[videos].table[row, c] -= h
        let xUp = up.inputs(setup.dataset.training, rows: rows, columns: setup.columns, lookup: setup.lookup).matrix
        let xDown = down.inputs(setup.dataset.training, rows: rows, columns: setup.columns, lookup: setup.lookup).matrix
        let numeric = (Self.loss(up, xUp, labels, weights) - Self.loss(down, xDown, labels, weights)) / Double(2 * h)
        let analytic = Double(sparse.values[slot, c])
        #expect(abs(numeric - analytic) <= 2e-3 + 0.02 * abs(numeric), "video row \(row) column \(c)")
      }
    }
  }

  @Test("contributions are complete: they sum to z − z(baseline) for every candidate")
  func completeness() throws {
    let setup = try RankingSetup.get()
    let model = setup.result.model
    let x = model.inputs(setup.dataset.holdout, rows: 0..<200, columns: setup.columns, lookup: setup.lookup).matrix
    let c = model.contributions(x)
    let logits = model.logits(x)
    var spread: Float = 0
    for i in 0..<x.rows {
      let sum = c.contributions(of: i).reduce(0, +)
      #expect(abs(c.baselineLogit + sum - logits[i]) < 1e-3, "candidate \(i)")
      #expect(c.logits[i] == logits[i])
      spread = max(spread, abs(sum))
    }
    #expect(spread > 0.1, "contributions should not all vanish")
  }

  @Test("a group held at its baseline contributes nothing")
  func baselineGroupIsZero() throws {
    let setup = try RankingSetup.get()
    let model = setup.result.model
    var x = model.inputs(setup.dataset.holdout, rows: 0..<50, columns: setup.columns, lookup: setup.lookup).matrix
    for (c, group) in model.layout.columnGroups.enumerated() where group == .churn {
      for r in 0..<x.rows { x[r, c] = model.baselineInput[c] }
    }
    let contributions = model.contributions(x)
    for i in 0..<x.rows {
      #expect(contributions.contribution(.churn, of: i) == 0)
      #expect(abs(contributions.contribution(.video, of: i)) > 0)
    }
  }

  @Test("weights of 1 keep the model's order; weight 0 removes a group; other weights re-sort")
  func liveWeights() throws {
    let setup = try RankingSetup.get()
    let model = setup.result.model
    let x = model.inputs(setup.dataset.holdout, rows: 0..<300, columns: setup.columns, lookup: setup.lookup).matrix
    let c = model.contributions(x)
    let logits = model.logits(x)
    let modelOrder = logits.indices.sorted { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
    #expect(GroupWeights().order(c) == modelOrder)
    var noChurn = GroupWeights()
    noChurn[.churn] = 0
    for i in 0..<x.rows {
      let adjusted = noChurn.adjustedLogit(c.logits[i], contributions: c.contributions(of: i))
      let others = FeatureGroup.allCases.filter { $0 != .churn }.reduce(c.baselineLogit) {
        $0 + c.contribution($1, of: i)
      }
      #expect(abs(adjusted - others) < 1e-3)
    }
    var heavy = GroupWeights()
    heavy[.candidateScore] = 25
    let cgOrder = heavy.order(c)
    #expect(cgOrder != modelOrder)
    // With the CG group dominating, the top candidate has one of the largest CG contributions.
    let top = cgOrder[0]
    let largerThanTop = (0..<x.rows).filter {
      c.contribution(.candidateScore, of: $0) > c.contribution(.candidateScore, of: top)
    }
    #expect(largerThanTop.count < 30)
  }

  @Test("weights round-trip through JSON; unknown groups are rejected by name")
  func weightsJSON() throws {
    var weights = GroupWeights()
    weights[.freshness] = 2.5
    weights[.churn] = 0
    let decoded = try GroupWeights(json: try weights.json(), file: "w.json")
    #expect(decoded == weights)
    #expect(throws: RankingError.self) {
      try GroupWeights(json: Data(#"{"nonsense": 1}"#.utf8), file: "w.json")
    }
  }
}

extension RankingModelTests {
  @Test(
    "One request's contributions, its query columns taken once, equal the general method's; several requests take it")
  func singleRequest() throws {
    let setup = try RankingSetup.get()
    let examples = setup.dataset.holdout
    let request = try #require(
      (0..<examples.requestCount).first { r in
        examples.request.filter { $0 == Int32(r) }.count >= 5
      })
    let rows = examples.request.indices.filter { examples.request[$0] == Int32(request) }
    // Linear, one and three hidden layers (initialised), and the trained model.
    let models =
      [[Int](), [16], [24, 12, 6]].map { hidden in
        var config = setup.config
        config.hiddenWidths = hidden
        return RankingModel(config: config, space: setup.result.model.space)
      } + [setup.result.model]
    for model in models {
      let hidden = model.config.hiddenWidths
      let inputs = model.inputs(examples, rows: rows, columns: setup.columns, lookup: setup.lookup)
      let fast = model.contributions(inputs)
      let general = model.contributions(inputs.matrix)
      #expect(fast.logits.count == rows.count)
      for i in fast.logits.indices {
        #expect(abs(fast.logits[i] - general.logits[i]) < 1e-4 * max(1, abs(general.logits[i])))
        for (a, b) in zip(fast.contributions(of: i), general.contributions(of: i)) {
          #expect(abs(a - b) < 1e-4 * max(1, abs(b)), "hidden \(hidden), row \(i)")
        }
        let sum = fast.contributions(of: i).reduce(0, +)
        #expect(abs(fast.baselineLogit + sum - fast.logits[i]) < 1e-3)
      }
    }
    // Rows of two requests: the general method's answer exactly.
    let two = Array(rows.prefix(2)) + [examples.request.firstIndex { $0 != Int32(request) } ?? 0]
    let model = setup.result.model
    let mixed = model.inputs(examples, rows: two, columns: setup.columns, lookup: setup.lookup)
    #expect(model.contributions(mixed).values == model.contributions(mixed.matrix).values)
  }
}
