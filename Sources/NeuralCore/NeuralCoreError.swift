/// Errors of the neural-network core, each with a readable description.
public enum NeuralCoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A sampling distribution that cannot be drawn from.
  case invalidDistribution(String)
  /// A file that is not what it should be: `file`, then what is wrong.
  case corruptFile(file: String, reason: String)
  /// A file that could not be read or written.
  case io(file: String, reason: String)
  /// A tensor whose shape differs from what the model expects.
  case shapeMismatch(name: String, expected: [Int], found: [Int])
  /// A model manifest that does not match this build (kind or format version).
  case incompatibleModel(file: String, reason: String)
  /// Training produced a NaN or infinite value.
  case diverged(step: Int, detail: String)

  /// A message for people.
  public var description: String {
    switch self {
    case .invalidDistribution(let reason): "invalid sampling distribution: \(reason)"
    case .corruptFile(let file, let reason): "\(file): corrupt or unreadable: \(reason)"
    case .io(let file, let reason): "\(file): \(reason)"
    case .shapeMismatch(let name, let expected, let found):
      "tensor '\(name)' has shape \(found), expected \(expected)"
    case .incompatibleModel(let file, let reason): "\(file): incompatible model: \(reason)"
    case .diverged(let step, let detail): "training diverged at step \(step): \(detail); the last good model is kept"
    }
  }
}
