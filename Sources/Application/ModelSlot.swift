/// One of a workspace's models as a session found it: absent, loaded, or present but unusable.
///
/// An unusable model is reported, never trained over silently: the front end shows the error with
/// its file and lets the user decide.
public enum ModelSlot<Model: Sendable>: Sendable {
  /// Not trained yet.
  case missing(SessionError)
  /// Loaded and bound to this workspace.
  case ready(Model)
  /// On disk but corrupt, incompatible or another workspace's.
  case unusable(SessionError)

  /// The model, when ready.
  public var model: Model? {
    if case .ready(let model) = self { return model }
    return nil
  }

  /// Whether nothing is on disk yet.
  public var isMissing: Bool {
    if case .missing = self { return true }
    return false
  }

  /// The model, or the error that says why there is none.
  public func get() throws(SessionError) -> Model {
    switch self {
    case .ready(let model): return model
    case .missing(let error), .unusable(let error): throw error
    }
  }
}
