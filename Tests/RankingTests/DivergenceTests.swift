import Foundation
import NeuralCore
import Ranking
import Testing
import WatchNextTestSupport

@Suite("Ranking: divergence is caught on predictions, and serving never traps on them")
struct DivergenceTests {
  @Test("A model predicting absurd watch times is judged diverged, whatever its loss")
  func absurdPredictions() throws {
    let setup = try RankingSetup.get()
    let sane = setup.result.model
    #expect(
      RankingTrainer.predictionsAreSane(
        sane, on: setup.dataset.validation, columns: setup.columns, lookup: setup.lookup))
    var absurd = sane
    let last = absurd.tower.count - 1
    absurd.tower[last].bias = absurd.tower[last].bias.map { $0 + 60 }
    #expect(
      !RankingTrainer.predictionsAreSane(
        absurd, on: setup.dataset.validation, columns: setup.columns, lookup: setup.lookup))
    var broken = sane
    broken.tower[last].bias = broken.tower[last].bias.map { _ in .nan }
    #expect(
      !RankingTrainer.predictionsAreSane(
        broken, on: setup.dataset.validation, columns: setup.columns, lookup: setup.lookup))
  }

  @Test("Durations are written without trapping on infinite, NaN or huge values")
  func durations() {
    #expect(DurationFormat.short(.infinity) == "inf" && DurationFormat.short(.nan) == "?")
    #expect(DurationFormat.short(1e300) == ">1000h" && DurationFormat.short(-5) == "-")
    #expect(DurationFormat.short(725) == "12m05s" && DurationFormat.short(3_720) == "1h02m")
  }
}
