/// The selection and scroll position of a list.
public struct ListCursor: Sendable, Equatable {
  /// The selected row.
  public var selected = 0
  /// The first visible row.
  public var top = 0

  /// A cursor at the top.
  public init() {}

  /// Moves the selection by `delta` rows within `count` rows.
  public mutating func move(_ delta: Int, count: Int) {
    guard count > 0 else {
      selected = 0
      top = 0
      return
    }
    selected = min(max(selected + delta, 0), count - 1)
  }

  /// Keeps the selection inside `count` rows and visible in a window of `visible` rows.
  public mutating func clamp(count: Int, visible: Int) {
    selected = count > 0 ? min(max(selected, 0), count - 1) : 0
    let window = max(visible, 1)
    if selected < top { top = selected }
    if selected >= top + window { top = selected - window + 1 }
    top = max(0, min(top, max(count - window, 0)))
  }
}
