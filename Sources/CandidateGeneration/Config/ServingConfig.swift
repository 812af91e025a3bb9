/// How a request is served, the numbers every front end and evaluation share: the candidate
/// model's top N that the ranking model re-ranks (Paper §4: "hundreds"), and the ANN search's
/// candidate list that finds them.
public struct ServingConfig: Sendable, Codable, Equatable {
  /// Candidates retrieved per request (N), which derived ranking pages also hold.
  public var candidates = 500
  /// The HNSW search's candidate list (at least ``candidates`` is used).
  public var efSearch = 600

  /// The defaults: N = 500, efSearch = 600.
  public init() {}

  /// The candidate list a search for N candidates uses.
  public var searchList: Int { max(efSearch, candidates) }
}
