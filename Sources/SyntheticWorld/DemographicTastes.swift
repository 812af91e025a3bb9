import NeuralCore

/// The topics that go with a user's demographics in a world with
/// ``WorldDynamics/demographicTastes``: a favourite topic per age band × gender, and a trending
/// topic per region × age group.
///
/// Both tables are drawn at random per world, so a cell's topic is not the sum of an age effect
/// and a gender effect; a model reads it from the combination, and age only through thresholds.
struct DemographicTastes {
  /// A user's demographic cell.
  struct Cell {
    /// 0: under 20, 1: 20–34, 2: 35–54, 3: 55 and over.
    var ageBand: Int
    /// 0: female, 1: male, 2: not given.
    var gender: Int
    /// Index into ``TopicLexicon/regions``.
    var region: Int

    init(age: Double, gender: String?, region: String) {
      ageBand = age < 20 ? 0 : age < 35 ? 1 : age < 55 ? 2 : 3
      self.gender = gender == "f" ? 0 : gender == "m" ? 1 : 2
      self.region = TopicLexicon.regions.firstIndex { $0.name == region } ?? 0
    }
  }

  private var favourites: [Int] = []
  private var trending: [Int] = []

  /// Draws both tables (always, so that the draws that follow do not depend on the switches).
  init(generator: inout SeededGenerator) {
    let k = UInt64(TopicLexicon.topics.count)
    favourites = (0..<(4 * 3)).map { _ in Int(generator.next() % k) }
    trending = (0..<(TopicLexicon.regions.count * 2)).map { _ in Int(generator.next() % k) }
  }

  /// The favourite topic of an age band × gender.
  func favourite(_ cell: Cell) -> Int { favourites[cell.ageBand * 3 + cell.gender] }

  /// The topic trending in a region among the young (under 35) or the older.
  func trendingTopic(_ cell: Cell) -> Int { trending[cell.region * 2 + (cell.ageBand < 2 ? 0 : 1)] }
}
