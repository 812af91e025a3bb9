import ArgumentParser
import Foundation
import NeuralCore

/// One training step of a dense ReLU tower (forward, backward, Adam), in GFLOP/s, next to a
/// plain sgemm of the same size measured in the same run.
struct DenseTowerBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nn", abstract: "Dense tower training step GFLOP/s vs sgemm GFLOP/s.")

  @Option(help: "Batch size.") var batch = 512
  @Option(help: "Input width.") var input = 256
  @Option(parsing: .upToNextOption, help: "Layer widths.") var widths: [Int] = [256, 128, 64]
  @Option(help: "Timed repetitions.") var steps = 50
  @Option(help: "BLAS threads.") var threads = 1

  func run() throws {
    BLAS.setThreadCount(threads)
    var generator = SeededGenerator(seed: 1)
    var layers: [DenseLayer] = []
    var fanIn = input
    for width in widths {
      layers.append(DenseLayer(inputs: fanIn, outputs: width, generator: &generator))
      fanIn = width
    }
    var optimizer = Adam()
    var states = layers.flatMap {
      [optimizer.makeState(count: $0.weights.count), optimizer.makeState(count: $0.bias.count)]
    }
    let x = Matrix(
      rows: batch, columns: input, values: (0..<(batch * input)).map { _ in Float(generator.nextGaussian()) })
    let upstream = Matrix(
      rows: batch, columns: fanIn, values: (0..<(batch * fanIn)).map { _ in Float(generator.nextGaussian() * 0.01) })

    func step() {
      optimizer.advance()
      var activations = [x]
      for layer in layers { activations.append(ReLU.forward(layer.forward(activations[activations.count - 1]))) }
      var gradient = upstream
      for i in stride(from: layers.count - 1, through: 0, by: -1) {
        gradient = ReLU.backward(output: activations[i + 1], outputGradient: gradient)
        let g = layers[i].backward(input: activations[i], outputGradient: gradient)
        optimizer.update(&layers[i].weights.values, gradient: g.weights.values, state: &states[2 * i])
        optimizer.update(&layers[i].bias, gradient: g.bias, state: &states[2 * i + 1])
        gradient = g.input
      }
    }
    step()
    let stepSeconds = Stopwatch.median(runs: steps) { step() }
    var macs = 0
    fanIn = input
    for width in widths {
      macs += batch * fanIn * width
      fanIn = width
    }
    let stepFlops = Double(6 * macs)  // forward GEMM + two backward GEMMs, 2 FLOP per multiply-add

    let a = Matrix(rows: batch, columns: input, values: x.values)
    let b = Matrix(rows: input, columns: widths[0], values: layers[0].weights.values)
    var c = Matrix(rows: batch, columns: widths[0])
    BLAS.multiply(a, b, into: &c)
    let gemmSeconds = Stopwatch.median(runs: steps * 3) { BLAS.multiply(a, b, into: &c) }
    let gemmFlops = Double(2 * batch * input * widths[0])

    let towerRate = stepFlops / stepSeconds / 1e9
    let gemmRate = gemmFlops / gemmSeconds / 1e9
    print(
      "dense tower \(input)->\(widths.map(String.init).joined(separator: "->")), batch \(batch), \(threads) BLAS thread(s)"
    )
    print(String(format: "training step: %.3f ms, %.1f GFLOP/s", stepSeconds * 1e3, towerRate))
    print(String(format: "sgemm %dx%dx%d: %.3f ms, %.1f GFLOP/s", batch, input, widths[0], gemmSeconds * 1e3, gemmRate))
    print(String(format: "ratio step/sgemm: %.2f", towerRate / gemmRate))
  }
}
