import NeuralCore
import WorkspaceStore

/// How one user's interests move during the window, and when the user signs up
/// (``WorldDynamics/drift``, ``WorldDynamics/lateSignups``).
///
/// A new interest starts at ``newStart``: for ``DynamicsModel/discoveryDays`` the user only
/// searches for it, then its weight grows over ``DynamicsModel/growthDays`` to its full weight.
/// A fading interest loses weight linearly over the window down to ``DynamicsModel/fadeFloor``.
struct InterestDrift: Sendable, Equatable {
  /// The new topic, or -1.
  var newTopic = -1
  /// When the new interest starts, Unix seconds.
  var newStart: Int64 = .max
  /// The fading topic, or -1.
  var fadingTopic = -1
  /// When the user signs up, Unix seconds (the window's start for users there from the beginning).
  var signup: Int64 = .min

  /// No drift, there from the start.
  static let none = InterestDrift()

  /// Draws a user's drift; every switch off gives ``none`` and draws nothing.
  ///
  /// With ``WorldDynamics/succession`` the new topic is, with probability
  /// ``DynamicsModel/successorShare``, the successor of the user's strongest topic (`chosen[0]`),
  /// and that topic then fades even when it is the user's only one. The succession draws come
  /// from `successionGenerator`, so the other draws do not move when it is switched.
  static func draw(
    chosen: [Int], cell: DemographicTastes.Cell, tastes: DemographicTastes, succession: TopicSuccession,
    config: WorldConfig, model: DynamicsModel, generator: inout SeededGenerator,
    successionGenerator: inout SeededGenerator
  ) -> InterestDrift {
    var drift = InterestDrift.none
    let dynamics = config.dynamics
    let window = Double(config.endTime - config.startTime)
    if dynamics.drift {
      if generator.nextUnit() < model.newInterestShare {
        let k = UInt64(TopicLexicon.topics.count)
        var topic = Int(generator.next() % k)
        if dynamics.demographicTastes, generator.nextUnit() < model.demographicNewInterest {
          topic = tastes.trendingTopic(cell)
        }
        if dynamics.succession, let strongest = chosen.first,
          successionGenerator.nextUnit() < model.successorShare
        {
          topic = succession.successor(of: strongest)
        }
        while chosen.contains(topic) { topic = (topic + 1) % Int(k) }
        let range = model.newInterestStart
        let start = range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUnit()
        drift.newTopic = topic
        drift.newStart = config.startTime + Int64(start * window)
      }
      if chosen.count >= 2, generator.nextUnit() < model.fadeShare { drift.fadingTopic = chosen[0] }
      // Moving on: the topic a successor came from fades, whatever else the user likes.
      if dynamics.succession, drift.newTopic >= 0, let strongest = chosen.first,
        drift.newTopic == succession.successor(of: strongest)
      {
        drift.fadingTopic = strongest
      }
    }
    if dynamics.lateSignups, generator.nextUnit() < model.lateSignupShare {
      drift.signup = config.startTime + Int64(generator.nextUnit() * window)
    }
    return drift
  }

  /// Whether the user is searching for the new interest but not yet watching it at `time`.
  func isDiscovering(at time: Int64, model: DynamicsModel) -> Bool {
    newTopic >= 0 && time >= newStart && Double(time - newStart) < model.discoveryDays * Double(Seconds.perDay)
  }

  /// The user's normalised topic weights at `time`, from the weights drawn without drift.
  func weights(base: [Double], at time: Int64, config: WorldConfig, model: DynamicsModel) -> [Float] {
    var w = base
    if fadingTopic >= 0 {
      let elapsed = Double(time - config.startTime) / Double(config.endTime - config.startTime)
      w[fadingTopic] *= 1 - (1 - model.fadeFloor) * min(1, max(0, elapsed))
    }
    if newTopic >= 0 {
      let days = Double(time - newStart) / Double(Seconds.perDay) - model.discoveryDays
      let growth = min(1, max(0, days / model.growthDays))
      w[newTopic] += growth * model.newInterestWeight * (base.max() ?? 0)
    }
    let total = w.reduce(0, +)
    return w.map { Float($0 / total) }
  }
}
