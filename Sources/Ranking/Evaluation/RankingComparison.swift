import WorkspaceStore

/// Holdout metrics of ranking models next to the non-learned orderings, in one run (Paper §4.3).
public enum RankingComparison {
  /// A trained model under a display name.
  public struct Entry: Sendable {
    /// The display name.
    public var name: String
    /// The model.
    public var model: RankingModel

    /// An entry.
    public init(name: String, model: RankingModel) {
      self.name = name
      self.model = model
    }
  }

  /// Metrics of each model (predicting watch time when trained with watch-time weights), then of
  /// ordering by the candidate generator's score and by last week's views.
  public static func compare(_ entries: [Entry], on examples: RankingExamples, columns: EventColumns)
    -> [RankingMetrics]
  {
    var rows = entries.map { entry in
      let lookup = RankingFeatureLookup(columns: columns, space: entry.model.space)
      return RankingEvaluation.metrics(
        name: entry.name, scores: entry.model.logits(examples, columns: columns, lookup: lookup), examples: examples,
        predictsWatchTime: entry.model.config.weighting.predictsWatchTime)
    }
    let cg = (0..<examples.count).map { examples.value(.candidateScore, of: $0) }
    rows.append(
      RankingEvaluation.metrics(name: "CG score order", scores: cg, examples: examples, predictsWatchTime: false))
    let views = (0..<examples.count).map { examples.value(.viewsLastWeek, of: $0) }
    rows.append(
      RankingEvaluation.metrics(name: "popularity order", scores: views, examples: examples, predictsWatchTime: false))
    return rows
  }
}
