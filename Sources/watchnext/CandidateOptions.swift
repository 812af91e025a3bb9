import ArgumentParser
import CandidateGeneration
import Foundation
import WorkspaceStore

/// Options for choosing the evaluation protocol.
struct ProtocolOptions: ParsableArguments {
  /// The protocols `--protocol` names.
  enum Choice: String, CaseIterable, ExpressibleByArgument {
    case auto
    case temporal
    case leaveLastOut = "leave-last-out"
  }

  @Option(help: "Evaluation protocol: temporal, leave-last-out or auto (temporal for synthetic worlds).")
  var `protocol` = Choice.auto
  @Option(help: "Temporal protocol: test cutoff as Unix seconds (default: two days before the last watch).")
  var cutoff: Int64?

  func resolve(source: String?) throws -> EvaluationProtocol {
    if let cutoff, !(0...4_102_444_800).contains(cutoff) {
      throw ValidationError("--cutoff must be Unix seconds between 1970 and 2100")
    }
    switch `protocol` {
    case .auto: return EvaluationProtocol.defaultProtocol(forSource: source)
    case .temporal: return .temporal(cutoff: cutoff)
    case .leaveLastOut: return .leaveLastOut
    }
  }
}

/// Options describing a candidate-generation model.
struct CandidateModelOptions: ParsableArguments {
  @Flag(
    help:
      "The paper's model (§3.2-3.5: the mean bag of 50 watches, 30 examples per user, sampled softmax) instead of the workspace's fitted defaults."
  )
  var paper = false
  @Option(help: "JSON configuration file (see Samples/presets/); flags below override it.") var config: String?
  @Option(
    help:
      "Tower depth preset \(CandidateConfig.depthRange.lowerBound)-\(CandidateConfig.depthRange.upperBound) (Paper §3.5, Figure 6: 0-4)."
  )
  var depth: Int?
  @Option(help: "Width of the watch embeddings and of u and v_j (the tower keeps its depth).") var dimension: Int?
  @Option(
    help:
      "Feature set: \(CandidateConfig.Features.named.map { "\($0.name) (\($0.label))" }.joined(separator: ", ")).")
  var features: CandidateConfig.Features?
  @Option(help: "Maximum epochs.") var epochs: Int?
  @Option(help: "Stop after this many epochs without a better validation recall@100.") var patience: Int?
  @Option(help: "Training examples per user per epoch.") var examplesPerUser: Int?
  @Option(help: "Most recent watches averaged in a block of their own (1: the last watch; 0: none).")
  var recentWatches: Int?
  @Option(
    help:
      "Watch-history encoder: mean-bag (the paper's), recency (learned weight per position) or attention (causal self-attention)."
  )
  var encoder: CandidateConfig.HistoryEncoder?
  @Option(help: "Watches the history encoder reads (Paper §3.5: 50).") var historyLength: Int?
  @Option(help: "Transformer blocks of the attention encoder.") var attentionBlocks: Int?
  @Option(help: "Heads per attention block.") var attentionHeads: Int?
  @Option(help: "Dropout rate inside the attention encoder.") var dropout: Float?
  @Option(help: "Dropout rate after each ReLU of the tower (0: the paper's tower).") var towerDropout: Float?
  @Option(help: "Watches of context before the labels of an attention training window.") var windowContext: Int?
  @Option(help: "Mini-batch size (labels per step).") var batchSize: Int?
  @Option(help: "Share one table between history inputs and softmax outputs: true or false.")
  var tieEmbeddings: Bool?
  @Option(help: "Sampled negatives per batch.") var negatives: Int?
  @Flag(help: "Exact full softmax instead of sampled negatives (small catalogues).") var fullSoftmax = false
  @Option(help: "Learning rate.") var learningRate: Float?
  @Option(help: "Random seed.") var seed: UInt64?
  @Option(help: "Worker threads.") var threads: Int?

  /// Whether the options name one model (the paper's, a file, an encoder), which ends the race
  /// of the workspace's default contenders.
  var namesOneModel: Bool { paper || config != nil || encoder != nil }

  /// The configuration: `base` (the workspace's fitted defaults) or the paper's, then the file, then the flags.
  func resolve(base: CandidateConfig = CandidateConfig()) throws -> CandidateConfig {
    var result = paper ? CandidateConfig() : base
    if let config {
      let url = URL(fileURLWithPath: config)
      do {
        result = try JSONDecoder().decode(CandidateConfig.self, from: Data(contentsOf: url))
      } catch {
        throw ValidationError("\(url.path): not a candidate-generation configuration: \(error)")
      }
    }
    if let depth {
      guard CandidateConfig.depthRange.contains(depth) else {
        throw ValidationError(
          "--depth must be \(CandidateConfig.depthRange.lowerBound) to \(CandidateConfig.depthRange.upperBound)")
      }
      result.towerWidths = CandidateConfig.towerWidths(depth: depth, outputDimension: result.outputDimension)
    }
    if let dimension {
      guard (1...CandidateConfig.largestWidth).contains(dimension) else {
        throw ValidationError("--dimension must be 1 to \(CandidateConfig.largestWidth)")
      }
      result.watchEmbeddingDimension = dimension
      result.towerWidths = CandidateConfig.towerWidths(depth: result.towerWidths.count - 1, outputDimension: dimension)
    }
    if let features { result.features = features }
    if let epochs { result.epochs = epochs }
    if let patience { result.patience = patience }
    if let examplesPerUser { result.examplesPerUser = examplesPerUser }
    if let recentWatches { result.recentWatches = recentWatches }
    if let encoder { result.historyEncoder = encoder }
    if let historyLength { result.historyLength = historyLength }
    if let attentionBlocks { result.attentionBlocks = attentionBlocks }
    if let attentionHeads { result.attentionHeads = attentionHeads }
    if let dropout { result.dropout = dropout }
    if let towerDropout { result.towerDropout = towerDropout }
    if let windowContext { result.windowContext = windowContext }
    if let batchSize { result.batchSize = batchSize }
    if let tieEmbeddings { result.tieEmbeddings = tieEmbeddings }
    if fullSoftmax { result.fullSoftmax = true }
    if let negatives { result.negatives = negatives }
    if let learningRate { result.learningRate = learningRate }
    if let seed { result.seed = seed }
    if let threads { result.threads = threads }
    try result.validate()
    return result
  }
}

/// Printing of candidate-generation results.
enum CandidateReport {
  static func metricsTable(_ rows: [ScorerMetrics]) -> String {
    let ks = rows.first?.metrics.map(\.k) ?? []
    var header = ["model", "HR@10", "NDCG@10"]
    header += ks.map { "recall@\($0)" }
    header += ["MAP@100", "NDCG@100"]
    let body = rows.map { row -> [String] in
      var cells = [row.name]
      cells.append(String(format: "%.4f", row.at(10)?.hitRate ?? 0))
      cells.append(String(format: "%.4f", row.at(10)?.ndcg ?? 0))
      cells += ks.map { String(format: "%.4f", row.at($0)?.recall ?? 0) }
      cells.append(String(format: "%.4f", row.at(100)?.map ?? 0))
      cells.append(String(format: "%.4f", row.at(100)?.ndcg ?? 0))
      return cells
    }
    return Output.table(header, body)
  }
}

extension CandidateConfig.HistoryEncoder: ExpressibleByArgument {}

extension CandidateConfig.Features: ExpressibleByArgument {
  /// A feature set by its name or figure label (`watches`, `+searches`, ...).
  public init?(argument: String) { self.init(named: argument) }

  /// The names `--features` accepts, for help and completion.
  public static var allValueStrings: [String] { named.map(\.name) }
}
