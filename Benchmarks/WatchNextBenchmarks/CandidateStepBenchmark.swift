import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import WorkspaceStore

/// The candidate-generation training step of the reference configuration, examples/s, next to
/// sgemm GFLOP/s measured in the same run. Mirrors `../shared/peers/ytdnn_torch_bench.py`:
/// mean embedding of the last H watches → 256 → 128 → 64 (last layer linear), separate output
/// table, sampled softmax with log-Q over S Zipf-distributed negatives shared by the batch.
struct CandidateStepBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cg", abstract: "Candidate-generation training step, examples/s (reference configuration).")

  @Option(help: "Videos (classes).") var items = 100_000
  @Option(help: "Embedding and output dimension.") var dim = 64
  @Option(help: "Tower widths, comma separated.") var tower = "256,128,64"
  @Option(help: "History length.") var history = 50
  @Option(help: "Batch size.") var batch = 512
  @Option(help: "Sampled negatives per batch.") var negatives = 1_000
  @Option(help: "adam or adagrad.") var opt = "adam"
  @Option(help: "Worker threads (data parallel over the batch).") var threads = 2
  @Option(help: "Timed steps per run.") var steps = 100
  @Option(help: "Runs (the median is reported).") var repeats = 3
  @Flag(
    help:
      "One rank of an MPI job (`mpirun -np N ... cg --distributed`, a build with --traits MPI): each rank steps on its share of every global batch and the shares' gradients are exchanged; rank 0 prints global examples/s."
  )
  var distributed = false

  func run() throws {
    let group = try DistributedLaunch.group(requested: distributed)
    defer { DistributedLaunch.finish(group) }
    BLAS.setThreadCount(threads > 1 || group.size > 1 ? 1 : 2)
    MemoryTuning.keepFreedMemory()
    var config = CandidateConfig()
    config.features = .watchesOnly
    config.watchEmbeddingDimension = dim
    config.towerWidths = tower.split(separator: ",").compactMap { Int($0) }
    config.historyLength = history
    config.negatives = negatives
    config.threads = threads
    let catalogue = try ZipfCatalogue(items: items, negatives: negatives)
    let model = CandidateModel(config: config, space: catalogue.space)
    let sampler = catalogue.sampler
    var random = SeededGenerator(seed: 42)
    let zipf = catalogue.videos
    // A pool of 16 global batches, each rank's share split into one part per thread, as the
    // trainer does; every rank draws every batch, so the shares are of the same batches.
    var uniqueRows: (history: Int, outputs: Int) = (0, 0)
    let pool: [[CandidateBatch]] = (0..<16).map { _ in
      let parts = max(1, threads)
      let global = (0..<batch).map { _ in
        (history: (0..<history).map { _ in zipf.sample(using: &random) }, label: zipf.sample(using: &random))
      }
      if uniqueRows.history == 0 {
        uniqueRows.history = Set(global.flatMap(\.history)).count
        uniqueRows.outputs = Set(global.map(\.label)).count
      }
      let share = Array(global[group.share(of: batch)])
      return (0..<parts).map { p in
        let part = share[(share.count * p / parts)..<(share.count * (p + 1) / parts)]
        let size = part.count
        return CandidateBatch(
          watches: Bags(part.map(\.history)), tokens: Bags(), regions: Bags(), devices: Bags(),
          dense: Matrix(rows: size, columns: 0), labels: part.map(\.label))
      }.filter { $0.count > 0 }
    }
    let rates: [Double]
    switch opt {
    case "adam":
      rates = measure(CandidateTrainingState(model: model, optimizer: Adam()), pool, sampler, group)
    case "adagrad":
      rates = measure(CandidateTrainingState(model: model, optimizer: Adagrad()), pool, sampler, group)
    default: throw ValidationError("--opt must be adam or adagrad")
    }
    let median = Percentiles(rates).median
    // sgemm of the step's largest product, same run.
    let u = Matrix(rows: batch, columns: dim, values: (0..<(batch * dim)).map { _ in Float(random.nextGaussian()) })
    let v = Matrix(
      rows: negatives, columns: dim, values: (0..<(negatives * dim)).map { _ in Float(random.nextGaussian()) })
    var c = Matrix(rows: batch, columns: negatives)
    let gemmSeconds = Stopwatch.median(runs: 50) { BLAS.multiply(u, v, transposeB: true, into: &c) }
    let gemmRate = Double(2 * batch * negatives * dim) / gemmSeconds / 1e9
    var macs = dim * (config.towerWidths.first ?? dim)
    for (a, b) in zip(config.towerWidths, config.towerWidths.dropFirst()) { macs += a * b }
    macs += 2 * negatives * dim  // sampled logits and their two gradient products, per example (logits counted once)
    let flopsPerExample = Double(2 * 3 * macs)
    guard group.isRoot else { return }
    if group.size > 1 {
      // What one rank sends per step (docs/scale-out.md): the dense tower by allreduce, its
      // share's touched rows (ids and values) by allgatherv; the table rows touched by the global batch.
      let dense = config.towerWidths.reduce((fanIn: dim, count: 0)) { ($1, $0.count + $0.fanIn * $1 + $1) }.count
      print(
        "\(group.size) ranks: dense gradient \(dense) floats per step; the global batch touches "
          + "\(uniqueRows.history) watch-table rows and \(uniqueRows.outputs) label rows (+ up to \(negatives) negatives)"
      )
    }
    print(
      "cg step: items \(items), dim \(dim), tower \(tower), history \(history), batch \(batch), negatives \(negatives), "
        + "\(opt), \(threads) thread(s)" + (group.size > 1 ? " per rank, \(group.size) ranks" : ""))
    print("runs (examples/s): " + rates.map { String(format: "%.0f", $0) }.joined(separator: ", "))
    print(String(format: "median: %.0f examples/s, %.1f GFLOP/s", median, median * flopsPerExample / 1e9))
    print(String(format: "sgemm %dx%dx%d: %.1f GFLOP/s", batch, negatives, dim, gemmRate))
    print(String(format: "{\"examples_per_s\": %.1f, \"sgemm_gflops\": %.1f}", median, gemmRate))
  }

  func measure<O: Optimizer>(
    _ initial: CandidateTrainingState<O>, _ pool: [[CandidateBatch]], _ sampler: NegativeSampler,
    _ group: any Collective
  ) -> [Double] {
    var state = initial
    // The negatives are the same on every rank, as in training (one stream from one seed).
    var negatives = SeededGenerator(seed: 7)
    for k in 0..<20 {
      _ = state.step(
        pool[k % 16], samples: sampler.sample(using: &negatives), logExpectedCount: sampler.logExpectedCount,
        collective: group)
    }
    return (0..<repeats).map { _ in
      group.barrier()
      let seconds = Stopwatch.seconds {
        for k in 0..<steps {
          _ = state.step(
            pool[k % 16], samples: sampler.sample(using: &negatives), logExpectedCount: sampler.logExpectedCount,
            collective: group)
        }
      }
      return Double(steps * batch) / seconds
    }
  }
}
