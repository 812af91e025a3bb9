/// Errors of the retrieval layer.
public enum RetrievalError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A vector's length differs from the index dimension.
  case dimensionMismatch(expected: Int, found: Int)
  /// A vector holds NaN or an infinite value; nothing was changed.
  case nonFiniteValue(row: Int)
  /// A parameter is out of range.
  case invalidParameter(name: String, reason: String)
  /// An identifier that is already in the index.
  case duplicateIdentifier(Int32)

  /// A message for people.
  public var description: String {
    switch self {
    case .dimensionMismatch(let expected, let found): "vector has dimension \(found), the index expects \(expected)"
    case .nonFiniteValue(let row): "vector \(row) contains NaN or an infinite value; the index was not changed"
    case .invalidParameter(let name, let reason): "invalid \(name): \(reason)"
    case .duplicateIdentifier(let id): "identifier \(id) is already in the index"
    }
  }
}
