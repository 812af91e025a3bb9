import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import WorkspaceStore

/// The attention encoder's training step, labels/s. Mirrors `Benchmarks/attention_torch_bench.py`:
/// windows of `length` watches, item + position embeddings, `blocks` pre-norm causal self-attention
/// blocks (`heads` heads, feed-forward d → d → d, dropout), final layer norm, the tower, then a
/// sampled softmax with log-Q over `negatives` Zipf-distributed negatives shared by the batch;
/// every position of every window is a label.
struct AttentionStepBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cg-attention", abstract: "Attention-encoder candidate-generation training step, labels/s.")

  @Option(help: "Videos (classes).") var items = 10_000
  @Option(help: "Embedding and output dimension.") var dim = 64
  @Option(help: "Tower widths, comma separated.") var tower = "128,64"
  @Option(help: "Window length.") var length = 50
  @Option(help: "Attention blocks.") var blocks = 2
  @Option(help: "Heads per block.") var heads = 1
  @Option(help: "Dropout rate.") var dropout: Float = 0.2
  @Option(help: "Windows per step.") var windows = 32
  @Option(help: "Sampled negatives per batch.") var negatives = 1_000
  @Option(help: "Worker threads (data parallel over the windows).") var threads = 2
  @Option(help: "Timed steps per run.") var steps = 30
  @Option(help: "Runs (the median is reported).") var repeats = 3

  func run() throws {
    BLAS.setThreadCount(threads > 1 ? 1 : 2)
    MemoryTuning.keepFreedMemory()
    var config = CandidateConfig()
    config.features = .watchesOnly
    config.historyEncoder = .attention
    config.watchEmbeddingDimension = dim
    config.towerWidths = tower.split(separator: ",").compactMap { Int($0) }
    config.historyLength = length
    config.attentionBlocks = blocks
    config.attentionHeads = heads
    config.dropout = dropout
    config.negatives = negatives
    config.threads = threads
    try config.validate()
    let catalogue = try ZipfCatalogue(items: items, negatives: negatives)
    let model = CandidateModel(config: config, space: catalogue.space)
    let sampler = catalogue.sampler
    var random = SeededGenerator(seed: 42)
    let zipf = catalogue.videos
    let pool: [[CandidateBatch]] = (0..<8).map { _ in
      let parts = max(1, threads)
      return (0..<parts).map { p in
        let count = windows * (p + 1) / parts - windows * p / parts
        var sequences = Bags()
        for _ in 0..<count { sequences.append((0..<length).map { _ in zipf.sample(using: &random) }) }
        let labels = count * length
        var batch = CandidateBatch(
          watches: Bags(Array(repeating: [], count: labels)), tokens: Bags(), regions: Bags(), devices: Bags(),
          dense: Matrix(rows: labels, columns: 0), labels: (0..<labels).map { _ in zipf.sample(using: &random) })
        batch.sequences = sequences
        batch.sequenceRows = (0..<Int32(labels)).map { $0 }
        return batch
      }
    }
    var state = CandidateTrainingState(model: model, optimizer: Adam())
    func step(_ k: Int) {
      _ = state.step(
        pool[k % pool.count], samples: sampler.sample(using: &random), logExpectedCount: sampler.logExpectedCount,
        dropoutSeed: UInt64(k))
    }
    for k in 0..<5 { step(k) }
    let rates = (0..<repeats).map { _ in
      Double(steps * windows * length) / Stopwatch.seconds { for k in 0..<steps { step(k) } }
    }
    let median = Percentiles(rates).median
    print(
      "attention step: items \(items), dim \(dim), tower \(tower), length \(length), blocks \(blocks), heads \(heads), "
        + "windows \(windows), negatives \(negatives), adam, \(threads) thread(s)")
    print("runs (labels/s): " + rates.map { String(format: "%.0f", $0) }.joined(separator: ", "))
    print(String(format: "{\"examples_per_s\": %.1f}", median))
  }
}
