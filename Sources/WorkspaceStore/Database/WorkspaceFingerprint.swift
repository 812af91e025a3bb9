/// What a model was trained on: the workspace's identity and its entity and event counts.
///
/// Every model manifest records one (``token``). Loading a model into another workspace, or after
/// an import changed the data, is then detected: a different identity is an error (the model's
/// vocabularies and IDs belong to other data); the same identity with other counts is a warning.
public struct WorkspaceFingerprint: Sendable, Equatable, Codable, CustomStringConvertible {
  /// The workspace's identity (a UUID written at creation; nil for workspaces made before it existed).
  public var id: String?
  /// Videos.
  public var videos: Int
  /// Users.
  public var users: Int
  /// Watches.
  public var watches: Int
  /// Impressions.
  public var impressions: Int
  /// Searches.
  public var searches: Int

  /// A fingerprint.
  public init(id: String?, videos: Int, users: Int, watches: Int, impressions: Int, searches: Int) {
    self.id = id
    self.videos = videos
    self.users = users
    self.watches = watches
    self.impressions = impressions
    self.searches = searches
  }

  /// The fingerprint of loaded columns (the same counts as the tables', without counting rows again).
  public init(id: String?, columns: EventColumns) {
    self.init(
      id: id, videos: columns.videos.count, users: columns.users.count, watches: columns.watches.count,
      impressions: columns.impressions.count, searches: columns.searches.count)
  }

  /// The metadata key a manifest stores the token under.
  public static let manifestKey = "workspace_fingerprint"

  /// `id=…;videos=…;users=…;watches=…;impressions=…;searches=…`, as stored in manifests.
  public var token: String {
    "id=\(id ?? "-");videos=\(videos);users=\(users);watches=\(watches);impressions=\(impressions);searches=\(searches)"
  }

  /// Parses a ``token``; nil when it is not one.
  public init?(token: String) {
    var fields: [String: String] = [:]
    for part in token.split(separator: ";") {
      let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
      guard pair.count == 2 else { return nil }
      fields[pair[0]] = pair[1]
    }
    guard let videos = fields["videos"].flatMap(Int.init), let users = fields["users"].flatMap(Int.init),
      let watches = fields["watches"].flatMap(Int.init), let impressions = fields["impressions"].flatMap(Int.init),
      let searches = fields["searches"].flatMap(Int.init)
    else { return nil }
    let id = fields["id"].flatMap { $0 == "-" ? nil : $0 }
    self.init(id: id, videos: videos, users: users, watches: watches, impressions: impressions, searches: searches)
  }

  /// "workspace 1F2E… (1,682 videos, 943 users, 100,000 watches, 0 impressions, 0 searches)".
  public var description: String {
    let counts =
      "\(videos) videos, \(users) users, \(watches) watches, \(impressions) impressions, \(searches) searches"
    return "workspace \(id.map { String($0.prefix(8)) } ?? "(no id)") (\(counts))"
  }

  /// How a model's fingerprint relates to the workspace it is loaded into.
  public enum Match: Sendable, Equatable {
    /// Same data.
    case same
    /// Same workspace, but its data changed since the model was trained (an append).
    case dataChanged
    /// Another workspace's model.
    case otherWorkspace
  }

  /// How `self` (the model's) matches `current` (the workspace's).
  public func match(_ current: WorkspaceFingerprint) -> Match {
    if let id, let other = current.id {
      if id != other { return .otherWorkspace }
      return self == current ? .same : .dataChanged
    }
    return self.withoutID == current.withoutID ? .same : .otherWorkspace
  }

  private var withoutID: WorkspaceFingerprint {
    WorkspaceFingerprint(
      id: nil, videos: videos, users: users, watches: watches, impressions: impressions, searches: searches)
  }
}
