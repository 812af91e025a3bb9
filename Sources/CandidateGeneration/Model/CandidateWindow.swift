/// A run of consecutive training labels of one user that the attention encoder trains in one
/// forward pass: each label is predicted from the watches of the window before it. The window's
/// sequence starts at the watch before `contextStart`, so the first labels see up to
/// `labels.lowerBound − contextStart` earlier watches as context without being trained twice.
public struct CandidateWindow: Sendable, Equatable {
  /// Dense user index.
  public var user: Int32
  /// Absolute watch positions of the labels; the first is at least one past the user's first watch.
  public var labels: Range<Int>
  /// The first position whose previous watch is in the sequence (at most `labels.lowerBound`).
  public var contextStart: Int
  /// The example age of each label, in order.
  public var ages: [Float]

  /// A window.
  ///
  /// - Precondition: one age per label; the context starts at or before the labels.
  public init(user: Int32, labels: Range<Int>, ages: [Float], contextStart: Int? = nil) {
    precondition(ages.count == labels.count, "one example age per label")
    precondition((contextStart ?? labels.lowerBound) <= labels.lowerBound, "context after the labels")
    self.user = user
    self.labels = labels
    self.contextStart = contextStart ?? labels.lowerBound
    self.ages = ages
  }

  /// The example age of the label at absolute position `p`.
  func exampleAge(_ p: Int) -> Float { ages[p - labels.lowerBound] }
}
