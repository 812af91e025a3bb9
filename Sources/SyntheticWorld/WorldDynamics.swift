import Foundation

/// The mechanisms that give the paper's inputs information of their own (Paper §3.3–3.5).
///
/// Without them a user's watches tell every interest: interests never change, searches repeat
/// what the user then watches, demographics shift the topic prior only a little, and watches do
/// not follow one another. Each switch adds one signal that the watch bag lacks:
///
/// - ``drift``: a user takes up a new interest during the window, and an old one fades, so recent
///   watches predict the next better than old ones (§3.4's next-watch labels, Figure 5);
/// - ``searchDiscovery``: a new interest is searched for days before it is watched, so searches
///   tell it first (the search bag, Figure 6);
/// - ``demographicTastes``: the first interest, and a new one, follow the user's age band, gender
///   and region through a table that is not additive in them, so demographics serve cold and
///   light users, and a deeper tower reads the combination (Figure 6);
/// - ``lateSignups``: some users join during the window, so there are cold users at serving time;
/// - ``followUps``: after a watch the user often goes on to the channel's next upload (or the
///   series' next episode) at once; the relation runs one way, earlier → later;
/// - ``themedSessions``: a session keeps to one of the user's topics.
///
/// ``none`` gives the stationary world of earlier versions, event for event.
public struct WorldDynamics: Sendable, Equatable, Codable {
  /// Interests start and fade during the window.
  public var drift: Bool
  /// New interests are searched for before they are watched.
  public var searchDiscovery: Bool
  /// Interests follow a (non-additive) age band × gender × region table.
  public var demographicTastes: Bool
  /// Some users sign up during the window.
  public var lateSignups: Bool
  /// Watches are followed by the channel's next upload.
  public var followUps: Bool
  /// A session keeps to one topic.
  public var themedSessions: Bool

  /// Every mechanism on.
  public static let all = WorldDynamics(
    drift: true, searchDiscovery: true, demographicTastes: true, lateSignups: true, followUps: true,
    themedSessions: true)
  /// The stationary world of earlier versions.
  public static let none = WorldDynamics(
    drift: false, searchDiscovery: false, demographicTastes: false, lateSignups: false, followUps: false,
    themedSessions: false)

  /// Each mechanism's name, as `generate --dynamics` takes it, and its switch.
  static let switches: [(name: String, path: any WritableKeyPath<WorldDynamics, Bool> & Sendable)] = [
    ("drift", \.drift), ("search-discovery", \.searchDiscovery), ("demographic-tastes", \.demographicTastes),
    ("late-signups", \.lateSignups), ("follow-ups", \.followUps), ("themed-sessions", \.themedSessions),
  ]

  /// The mechanisms' names, as `generate --dynamics` takes them.
  public static let names = switches.map(\.name)

  /// A memberwise initialiser.
  public init(
    drift: Bool, searchDiscovery: Bool, demographicTastes: Bool, lateSignups: Bool, followUps: Bool,
    themedSessions: Bool
  ) {
    self.drift = drift
    self.searchDiscovery = searchDiscovery
    self.demographicTastes = demographicTastes
    self.lateSignups = lateSignups
    self.followUps = followUps
    self.themedSessions = themedSessions
  }

  /// The mechanisms named in `list`: `all`, `none`, or names from ``names`` separated by commas.
  ///
  /// - Throws: ``WorldError/invalidConfiguration(field:reason:)`` naming an unknown mechanism.
  public init(list: String) throws(WorldError) {
    let parts = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    if parts == ["all"] {
      self = .all
      return
    }
    self = .none
    if parts == ["none"] { return }
    for part in parts {
      guard let mechanism = Self.switches.first(where: { $0.name == part }) else {
        throw .invalidConfiguration(
          field: "dynamics",
          reason: "unknown mechanism '\(part)'; use all, none or some of \(Self.names.joined(separator: ", "))")
      }
      self[keyPath: mechanism.path] = true
    }
  }

  /// The names of the mechanisms that are on, or `none`.
  public var summary: String {
    let on = Self.switches.filter { self[keyPath: $0.path] }.map(\.name)
    return on.isEmpty ? "none" : on.joined(separator: ",")
  }
}

/// The constants of the dynamics (how strong each mechanism is).
struct DynamicsModel: Sendable, Equatable {
  /// Share of users who take up a new interest during the window.
  var newInterestShare = 0.85
  /// The new interest starts uniformly in this fraction of the window.
  var newInterestStart = 0.3...1.0
  /// Days between the start of a new interest and its first watches (searches only).
  var discoveryDays = 4.0
  /// Days over which a new interest then grows to its full weight.
  var growthDays = 4.0
  /// The new interest's full weight, relative to the strongest old interest.
  var newInterestWeight = 2.5
  /// Share of users with two or more interests whose strongest one fades over the window.
  var fadeShare = 0.9
  /// The fading interest's weight at the end of the window, relative to its start.
  var fadeFloor = 0.0
  /// Probability that a session in the discovery days searches for the new interest.
  var discoverySearchProbability = 0.95
  /// Searches per discovery session: 1 + a draw below this.
  var discoverySearchesPerSession = 3
  /// Probability of watching the result of a discovery search.
  var discoveryWatchProbability = 0.1
  /// Probability that a user's first interest is their demographic cell's.
  var demographicFirstInterest = 0.8
  /// Probability that a new interest is the demographic cell's trending topic.
  var demographicNewInterest = 0.6
  /// Share of users who sign up during the window (uniformly over it).
  var lateSignupShare = 0.4
  /// Probability of watching the follow-up of a watched video at once.
  var followUpProbability = 0.35
  /// Longest chain of follow-ups in one go.
  var followUpChain = 3
  /// Probability that a topical pick in a session takes the session's theme.
  var themeProbability = 0.8
}
