import CandidateGeneration

/// What the user asked to retrain.
public struct RetrainRequest: Sendable, Equatable {
  /// Which models.
  public enum Target: String, Sendable, CaseIterable {
    /// The candidate-generation network (the ranking model is retrained after it, since it uses its scores).
    case candidates
    /// The ranking network only.
    case ranking
    /// Both, in order.
    case both
  }

  /// Which models.
  public var target: Target = .ranking
  /// Epochs (maximum, with early stopping).
  public var epochs = 2
  /// The candidate model's feature set: watches, searches, age or all.
  public var features = "all"
  /// The candidate model's depth preset (``CandidateConfig/depthRange``).
  public var depth = 2

  /// The defaults.
  public init() {}

  /// The feature sets offered.
  public static let featureSets = CandidateConfig.Features.named.map(\.name)
}

/// The retrain form: a few fields, one selected; left and right change the selected field.
public struct RetrainForm: Sendable, Equatable {
  /// The fields in order.
  public enum Field: Int, Sendable, CaseIterable {
    /// Which models.
    case target
    /// Epochs.
    case epochs
    /// Feature set.
    case features
    /// Depth preset.
    case depth
  }

  /// The request being edited.
  public var request = RetrainRequest()
  /// The selected field.
  public var field: Field = .target

  /// A form with the defaults.
  public init() {}

  /// A form whose candidate fields start at the current candidate model's settings (its depth
  /// preset and feature set), so that Enter alone retrains what is there.
  public init(current: CandidateConfig?) {
    if let current {
      request.depth = min(max(current.towerWidths.count - 1, 0), CandidateConfig.depthRange.upperBound)
      request.features = current.features.name ?? "all"
    }
  }

  /// Whether `field` applies to the chosen target (the candidate fields do not when only the
  /// ranking model is retrained).
  public func isEditable(_ field: Field) -> Bool {
    switch field {
    case .target, .epochs: true
    case .features, .depth: request.target != .ranking
    }
  }

  /// Moves the selection by `step` fields, over the fields that apply.
  public mutating func move(_ step: Int) {
    var next = field.rawValue
    while let candidate = Field(rawValue: next + step) {
      next += step
      if isEditable(candidate) {
        field = candidate
        return
      }
    }
  }

  /// Changes the selected field's value by one step.
  public mutating func adjust(_ delta: Int) {
    switch field {
    case .target:
      let all = RetrainRequest.Target.allCases
      let i = all.firstIndex(of: request.target) ?? 0
      request.target = all[(i + delta + all.count) % all.count]
    case .epochs: request.epochs = min(max(request.epochs + delta, 1), 20)
    case .features:
      let all = RetrainRequest.featureSets
      let i = all.firstIndex(of: request.features) ?? 0
      request.features = all[(i + delta + all.count) % all.count]
    case .depth:
      let range = CandidateConfig.depthRange
      request.depth = min(max(request.depth + delta, range.lowerBound), range.upperBound)
    }
  }
}
