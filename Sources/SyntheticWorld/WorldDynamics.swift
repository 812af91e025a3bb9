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
/// - ``themedSessions``: a session keeps to one of the user's topics;
/// - ``succession``: a new interest follows from the user's strongest one through a per-world
///   table of successors (A → B, never B → A), and the strongest one fades as the new one grows:
///   tastes move one way, as the paper's popular-to-niche discovery does, so a model that
///   predicts the next watch from earlier ones learns the direction, and one trained on random
///   held-out watches (later ones in its input) learns a symmetric association (Figure 5).
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
  /// A new interest is the successor of the strongest one, which fades (needs ``drift``).
  public var succession: Bool

  /// The mechanisms measured together: every one but ``succession``, which makes a new interest
  /// predictable from the watches and so takes from the search bag what ``searchDiscovery`` gives
  /// it (on the test world, +searches no longer beats watches-only for users taking up a new
  /// interest); `all,succession` adds it.
  public static let all = WorldDynamics(
    drift: true, searchDiscovery: true, demographicTastes: true, lateSignups: true, followUps: true,
    themedSessions: true, succession: false)
  /// The stationary world of earlier versions.
  public static let none = WorldDynamics(
    drift: false, searchDiscovery: false, demographicTastes: false, lateSignups: false, followUps: false,
    themedSessions: false, succession: false)

  /// Each mechanism's name, as `generate --dynamics` takes it, and its switch.
  static let switches: [(name: String, path: any WritableKeyPath<WorldDynamics, Bool> & Sendable)] = [
    ("drift", \.drift), ("search-discovery", \.searchDiscovery), ("demographic-tastes", \.demographicTastes),
    ("late-signups", \.lateSignups), ("follow-ups", \.followUps), ("themed-sessions", \.themedSessions),
    ("succession", \.succession),
  ]

  /// The mechanisms' names, as `generate --dynamics` takes them.
  public static let names = switches.map(\.name)

  /// A memberwise initialiser.
  public init(
    drift: Bool, searchDiscovery: Bool, demographicTastes: Bool, lateSignups: Bool, followUps: Bool,
    themedSessions: Bool, succession: Bool = false
  ) {
    self.drift = drift
    self.searchDiscovery = searchDiscovery
    self.demographicTastes = demographicTastes
    self.lateSignups = lateSignups
    self.followUps = followUps
    self.themedSessions = themedSessions
    self.succession = succession
  }

  /// Reads a configuration; a mechanism that a world's configuration does not name (one written
  /// before the mechanism existed) is off.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func flag(_ key: CodingKeys) throws -> Bool { try container.decodeIfPresent(Bool.self, forKey: key) ?? false }
    self.init(
      drift: try flag(.drift), searchDiscovery: try flag(.searchDiscovery),
      demographicTastes: try flag(.demographicTastes), lateSignups: try flag(.lateSignups),
      followUps: try flag(.followUps), themedSessions: try flag(.themedSessions), succession: try flag(.succession))
  }

  /// The mechanisms named in `list`: `all`, `none`, or names from ``names`` separated by commas
  /// (`all` among them starts from ``all``).
  ///
  /// - Throws: ``WorldError/invalidConfiguration(field:reason:)`` naming an unknown mechanism.
  public init(list: String) throws(WorldError) {
    let parts = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    self = parts.contains("all") ? .all : .none
    if parts == ["none"] { return }
    for part in parts where part != "all" {
      guard let mechanism = Self.switches.first(where: { $0.name == part }) else {
        throw .invalidConfiguration(
          field: "dynamics",
          reason: "unknown mechanism '\(part)'; use all, none or some of \(Self.names.joined(separator: ", "))")
      }
      self[keyPath: mechanism.path] = true
    }
    if succession, !drift {
      throw .invalidConfiguration(
        field: "dynamics", reason: "succession moves new interests, so it needs drift as well")
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
  /// Probability that a new interest is the successor of the user's strongest one, with succession.
  var successorShare = 0.8
}
