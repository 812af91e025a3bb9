import ArgumentParser
import Foundation
import Ranking

/// Options describing a ranking model.
struct RankingModelOptions: ParsableArguments {
  @Option(help: "JSON configuration file; flags below override it.") var rankingConfig: String?
  @Option(
    help: "Hidden layers: 'none' or widths like 256-128-64 (Paper Table 1 at a quarter of the widths is the default).")
  var hidden: String?
  @Option(
    help:
      "A Paper Table 1 tower: none, 256, 512, 1024, 512-256, 1024-512 or 1024-512-256, at --preset-scale of its widths."
  )
  var preset: String?
  @Option(help: "Scale of a --preset's widths (0.25 trains on two cores in a minute).") var presetScale = 0.25
  @Option(
    help:
      "Example weighting: watch-time (Paper §4.2: odds E[T]/(1-P)), per-impression (odds E[T] per impression) or equal (plain CTR)."
  )
  var weighting: RankingConfig.Weighting?
  @Flag(help: "Leave out the x~^2 and sqrt(x~) powers of the continuous features.") var noPowers = false
  @Option(help: "Maximum epochs.") var rankingEpochs: Int?
  @Option(help: "Stop after this many epochs without a lower validation loss (the best epoch is kept).")
  var rankingPatience: Int?
  @Option(help: "Learning rate.") var rankingLearningRate: Float?
  @Option(help: "Random seed.") var rankingSeed: UInt64?

  func resolve() throws -> RankingConfig {
    var result = RankingConfig()
    if let rankingConfig {
      let url = URL(fileURLWithPath: rankingConfig)
      do { result = try JSONDecoder().decode(RankingConfig.self, from: Data(contentsOf: url)) } catch {
        throw ValidationError("\(url.path): not a ranking configuration: \(error)")
      }
    }
    if let preset {
      guard presetScale > 0, presetScale <= 1 else { throw ValidationError("--preset-scale must be in (0, 1]") }
      let towers = RankingConfig.table1Towers(scale: presetScale)
      guard let tower = towers.first(where: { $0.name == preset }) else {
        throw ValidationError("--preset must be one of " + towers.map(\.name).joined(separator: ", "))
      }
      result.hiddenWidths = tower.widths
    }
    if let hidden { result.hiddenWidths = try Self.widths(hidden) }
    if let weighting { result.weighting = weighting }
    if noPowers { result.powers = false }
    if let rankingEpochs { result.epochs = rankingEpochs }
    if let rankingPatience { result.patience = rankingPatience }
    if let rankingLearningRate { result.learningRate = rankingLearningRate }
    if let rankingSeed { result.seed = rankingSeed }
    return result
  }

  static func widths(_ text: String) throws -> [Int] {
    if text == "none" || text.isEmpty { return [] }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
      throw ValidationError("--hidden must be 'none' or positive widths joined by '-', e.g. 256-128-64")
    }
    return parts.compactMap { $0 }
  }
}

extension RankingConfig.Weighting: ExpressibleByArgument {}
