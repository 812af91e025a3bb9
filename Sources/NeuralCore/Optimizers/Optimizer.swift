/// A first-order optimizer with per-parameter state, updating dense tensors and
/// the touched rows of embedding tables ("lazy" sparse updates).
public protocol Optimizer: Sendable {
  /// Per-tensor state (moments, accumulators).
  associatedtype State: Sendable
  /// Fresh state for a tensor of `count` elements.
  func makeState(count: Int) -> State
  /// Marks the start of a new training step (bias correction and schedules).
  mutating func advance()
  /// Updates every element of a dense tensor.
  func update(_ parameters: inout [Float], gradient: [Float], state: inout State)
  /// Updates only the rows of `table` named by `gradient`; other rows and their state are untouched.
  func updateRows(_ table: inout Matrix, gradient: SparseRowGradient, state: inout State)
}
