import NeuralCore
import Testing

@Suite("Percentiles: nearest rank, as the latency reports use them")
struct PercentilesTests {
  @Test("p50 and p99 of 1…200 are the 101st and the 199th values; the mean is exact; order does not matter")
  func nearestRank() {
    let values = (1...200).map(Double.init).shuffled()
    let p = Percentiles(values)
    #expect(p.median == 101)
    #expect(p.at(0.99) == 199)
    #expect(p.at(0) == 1 && p.at(1) == 200)
    #expect(p.mean == 100.5)
  }

  @Test("One value is every percentile; an empty sample gives zeros instead of trapping")
  func edges() {
    #expect(Percentiles([7]).at(0.99) == 7 && Percentiles([7]).median == 7)
    #expect(Percentiles([]).at(0.5) == 0 && Percentiles([]).mean == 0)
  }
}
