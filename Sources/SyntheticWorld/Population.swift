import Foundation
import NeuralCore
import WorkspaceStore

/// The users of a synthetic world with their hidden interests and activity levels.
struct Population {
  var users: [User] = []
  var interests: Matrix
  var language: [Int32] = []
  var sessionsPerDay: [Double] = []
  /// Topics ordered by each user's interest, strongest first (top 3).
  var favouriteTopics: [[Int]] = []
  /// Each user's topic weights before drift (not normalised).
  var baseWeights: [[Double]] = []
  /// Each user's new and fading interests and signup time (none without ``WorldDynamics``).
  var drift: [InterestDrift] = []

  /// Draws users: region, language from region, device, age, gender; interests concentrated on
  /// one to three topics with a prior that depends on age and gender (so demographics carry
  /// signal, Paper §3.3); lognormal activity. The dynamics draw from `dynamicsGenerator` only, so
  /// without them a seed gives the population of earlier versions.
  init(
    config: WorldConfig, generator: inout SeededGenerator, dynamicsGenerator: inout SeededGenerator,
    model: DynamicsModel = DynamicsModel()
  ) {
    let k = TopicLexicon.topics.count
    let dynamics = config.dynamics
    let tastes = DemographicTastes(generator: &dynamicsGenerator)
    let succession = TopicSuccession(seed: config.seed)
    var successionGenerator = SeededGenerator(seed: config.seed ^ 0x6D6F_7669_6E67_6F6E)
    interests = Matrix(rows: config.users, columns: k)
    let regions = TopicLexicon.regions
    let regionTotal = regions.reduce(0) { $0 + $1.weight }
    let deviceTotal = TopicLexicon.devices.reduce(0) { $0 + $1.weight }
    for u in 0..<config.users {
      var pick = generator.nextUnit() * regionTotal
      var region = regions[0]
      for candidate in regions {
        pick -= candidate.weight
        if pick <= 0 {
          region = candidate
          break
        }
      }
      var deviceDraw = generator.nextUnit() * deviceTotal
      var device = TopicLexicon.devices[0].name
      for candidate in TopicLexicon.devices {
        deviceDraw -= candidate.weight
        if deviceDraw <= 0 {
          device = candidate.name
          break
        }
      }
      let languageName = generator.nextUnit() < 0.1 ? "en" : region.language
      let age = (13 + 62 * pow(generator.nextUnit(), 1.6)).rounded()
      let genderDraw = generator.nextUnit()
      let gender: String? = genderDraw < 0.05 ? nil : (genderDraw < 0.52 ? "f" : "m")
      // Topic prior shifted by age and gender.
      var prior = [Double](repeating: 1, count: k)
      let young = age < 30
      for (t, topic) in TopicLexicon.topics.enumerated() {
        switch topic.name {
        case "gaming", "comedy", "music": prior[t] *= young ? 2.5 : 0.6
        case "news", "history", "diy": prior[t] *= young ? 0.5 : 2.2
        case "fitness", "cooking": prior[t] *= gender == "f" ? 1.6 : 1.0
        case "tech", "science": prior[t] *= gender == "m" ? 1.6 : 1.0
        default: break
        }
      }
      let interestCount = 1 + Int(generator.next() % 3)
      var chosen: [Int] = []
      while chosen.count < interestCount {
        var draw = generator.nextUnit() * prior.reduce(0, +)
        for t in 0..<k {
          draw -= prior[t]
          if draw <= 0 {
            if !chosen.contains(t) { chosen.append(t) }
            break
          }
        }
      }
      let cell = DemographicTastes.Cell(age: age, gender: gender, region: region.name)
      if dynamics.demographicTastes, dynamicsGenerator.nextUnit() < model.demographicFirstInterest {
        let favourite = tastes.favourite(cell)
        chosen.removeAll { $0 == favourite }
        chosen.insert(favourite, at: 0)
        if chosen.count > interestCount { chosen.removeLast() }
      }
      var weights = [Double](repeating: 0.02, count: k)
      for (rank, t) in chosen.enumerated() {
        weights[t] += (1.0 / Double(rank + 1)) * (0.6 + 0.8 * generator.nextUnit())
      }
      let userDrift = InterestDrift.draw(
        chosen: chosen, cell: cell, tastes: tastes, succession: succession, config: config, model: model,
        generator: &dynamicsGenerator, successionGenerator: &successionGenerator)
      let final = userDrift.weights(base: weights, at: config.endTime, config: config, model: model)
      for t in 0..<k { interests[u, t] = final[t] }
      baseWeights.append(weights)
      drift.append(userDrift)
      favouriteTopics.append(chosen)
      language.append(Int32(TopicLexicon.languages.firstIndex(of: languageName) ?? 0))
      sessionsPerDay.append(config.sessionsPerDay * exp(generator.nextGaussian() * 0.8 - 0.32))
      users.append(
        User(
          id: String(format: "u%06d", u), age: age, gender: gender, region: region.name, language: languageName,
          device: device, loggedIn: generator.nextUnit() < 0.85))
    }
  }
}
