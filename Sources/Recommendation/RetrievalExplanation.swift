import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import WorkspaceStore

/// Why one candidate was retrieved: its candidate-model score `u · v` against an anonymous
/// user's `u₀ · v`, and the difference split over the user's inputs (``RetrievalReasons``).
public struct RetrievalExplanation: Sendable, Equatable {
  /// One input's contribution to `u · v − u₀ · v`.
  public struct Item: Sendable, Equatable {
    /// The input.
    public var input: RetrievalReasons.Input
    /// How many times it occurs (watches of the video, repeats of the token).
    public var occurrences: Int
    /// Its contribution.
    public var contribution: Float

    /// An item.
    public init(input: RetrievalReasons.Input, occurrences: Int, contribution: Float) {
      self.input = input
      self.occurrences = occurrences
      self.contribution = contribution
    }
  }

  /// The candidate (workspace video index).
  public var video: Int32
  /// `u · v`.
  public var score: Float
  /// `u₀ · v`: the anonymous user's score of the same video.
  public var anonymousScore: Float
  /// Every input, largest contribution first (so the strongest pulls lead, the strongest
  /// pushes away come last).
  public var items: [Item]

  /// An explanation; `items` are sorted, largest contribution first.
  public init(video: Int32, score: Float, anonymousScore: Float, items: [Item]) {
    self.video = video
    self.score = score
    self.anonymousScore = anonymousScore
    self.items = items.sorted { $0.contribution > $1.contribution }
  }

  /// The `count` inputs that pulled the candidate most (positive contributions only).
  public func topPulls(_ count: Int) -> ArraySlice<Item> {
    items.prefix { $0.contribution > 0 }.prefix(count)
  }

  /// The inputs by kind of input (watches, searches, demographics, example age), each with its
  /// total and its strongest item, the largest total first; kinds the model does not read are left out.
  public var groups: [(group: RetrievalReasons.Input.Group, total: Float, strongest: Item)] {
    var result: [(group: RetrievalReasons.Input.Group, total: Float, strongest: Item)] = []
    for group in RetrievalReasons.Input.Group.allCases {
      let members = items.filter { $0.input.group == group }
      guard let strongest = members.first else { continue }
      result.append((group, members.reduce(0) { $0 + $1.contribution }, strongest))
    }
    return result.sorted { $0.total > $1.total }
  }
}

extension RetrievalReasons {
  /// The explanation of candidate `video`, or nil when the candidate model has no embedding for it.
  public func explanation(of video: Int32, generator: BoundCandidateModel) -> RetrievalExplanation? {
    let row = generator.lookup.classOfVideo[Int(video)]
    guard row >= 0 else { return nil }
    let v = generator.model.videoEmbeddings.row(Int(row))
    let items = zip(reasons, contributions(to: v)).map {
      RetrievalExplanation.Item(input: $0.input, occurrences: $0.occurrences, contribution: $1)
    }
    return RetrievalExplanation(
      video: video, score: score(v), anonymousScore: baselineScore(v),
      items: items)
  }
}

extension RetrievalReasons.Input {
  /// The kinds of input the user tower reads, as the explanations total them.
  public enum Group: String, CaseIterable, Sendable {
    case watches, searches, demographics
    case exampleAge = "example age"
  }

  /// The kind of input this is.
  public var group: Group {
    switch self {
    case .watch, .watchHistory: .watches
    case .searchToken: .searches
    case .region, .device, .gender, .age, .loggedIn: .demographics
    case .exampleAge: .exampleAge
    }
  }

  /// A short label for people: "watched <title>", "searched 'word'", "region FR", ... Text from the
  /// data is returned as is; escape it before it reaches a terminal.
  public func label(columns: EventColumns) -> String {
    switch self {
    case .watch(let video):
      video >= 0 && Int(video) < columns.videos.count ? "watched \(columns.videos.titles[Int(video)])" : "watched ?"
    case .watchHistory: "the watch history (attention)"
    case .searchToken(let token): "searched '\(token)'"
    case .region(let region): "region \(region)"
    case .device(let device): "device \(device)"
    case .gender: "gender"
    case .age: "age"
    case .loggedIn: "logged in"
    case .exampleAge: "example age"
    }
  }

  /// The input's kind, as JSON names it: watch, history, search, region, device, gender, age,
  /// loggedIn, exampleAge.
  public var kind: String {
    switch self {
    case .watch: "watch"
    case .watchHistory: "history"
    case .searchToken: "search"
    case .region: "region"
    case .device: "device"
    case .gender: "gender"
    case .age: "age"
    case .loggedIn: "loggedIn"
    case .exampleAge: "exampleAge"
    }
  }
}

extension Recommender {
  /// Why the candidates of dense user `user`'s request "now" are retrieved (the request that
  /// ``recommend(user:weights:)`` serves: the same history, searches and time).
  public func retrievalReasons(user: Int32) -> RetrievalReasons {
    let (_, historyEnd) = builder.activity(ofUser: user, before: now)
    return generator.retrievalReasons(PredictionTarget(user: user, historyEnd: historyEnd, time: now, videos: []))
  }
}
