/// A run of consecutive training labels of one user that the attention encoder trains in one
/// forward pass: each label is predicted from the watches of the window before it.
public struct CandidateWindow: Sendable, Equatable {
  /// Dense user index.
  public var user: Int32
  /// Absolute watch positions of the labels; the first is at least one past the user's first watch.
  public var labels: Range<Int>
  /// The example age of each label, in order.
  public var ages: [Float]

  /// A window.
  ///
  /// - Precondition: one age per label.
  public init(user: Int32, labels: Range<Int>, ages: [Float]) {
    precondition(ages.count == labels.count, "one example age per label")
    self.user = user
    self.labels = labels
    self.ages = ages
  }

  /// The example age of the label at absolute position `p`.
  func exampleAge(_ p: Int) -> Float { ages[p - labels.lowerBound] }
}
