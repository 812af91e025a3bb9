/// A mean over targets (or runs) with its standard error.
public struct MeanWithError: Sendable, Codable, Equatable {
  /// The mean.
  public var mean: Double
  /// The standard error of the mean (sample standard deviation / √n; 0 for fewer than 2 values).
  public var standardError: Double

  /// The mean and standard error of `values`.
  /// - Complexity: O(n).
  public init(_ values: [Double]) {
    let n = Double(values.count)
    guard n > 0 else {
      self.init(mean: 0, standardError: 0)
      return
    }
    let mean = values.reduce(0, +) / n
    let variance = n > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
    self.init(mean: mean, standardError: (variance / n).squareRoot())
  }

  /// The mean and standard error of the paired differences `a[i] − b[i]`.
  public init(differences a: [Double], _ b: [Double]) {
    precondition(a.count == b.count, "one value of each per pair")
    self.init(zip(a, b).map { $0 - $1 })
  }

  /// A figure.
  public init(mean: Double, standardError: Double) {
    self.mean = mean
    self.standardError = standardError
  }
}
