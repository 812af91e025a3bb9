import Ranking

/// Where things go on a screen of a given size. Shared by the state machine (to keep
/// selections visible) and the views (to draw).
public struct Layout: Sendable, Equatable {
  /// The smallest usable screen.
  public static let minimumWidth = 80
  /// The smallest usable screen.
  public static let minimumHeight = 20

  /// Screen columns.
  public var width: Int
  /// Screen rows.
  public var height: Int

  /// A layout for a screen.
  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// Whether the screen is big enough to draw the panes.
  public var fits: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }
  /// First row of the panes (below the title and tab bars).
  public var bodyTop: Int { 2 }
  /// Rows of the panes (above the status bar).
  public var bodyHeight: Int { max(height - 3, 0) }
  /// Width of the users pane.
  public var usersWidth: Int { min(36, width / 3) }
  /// First column of the main pane.
  public var mainX: Int { usersWidth + 1 }
  /// Width of the main pane.
  public var mainWidth: Int { max(width - mainX, 0) }
  /// Rows of the ranked pane's contribution detail (0 when the screen is short).
  public var detailHeight: Int { bodyHeight >= 26 ? FeatureGroup.allCases.count + 2 : 0 }
  /// Rows of the video pane's details block.
  public var videoDetailsHeight: Int { 5 }

  /// Visible list rows of a pane.
  public func visibleRows(_ pane: Pane) -> Int {
    switch pane {
    case .users, .history, .candidates: max(bodyHeight - 1, 1)
    case .ranked: max(bodyHeight - 1 - detailHeight, 1)
    case .video: max(bodyHeight - videoDetailsHeight - 1, 1)
    case .weights: max(bodyHeight - 3, 1)
    case .charts, .compare: 1
    }
  }
}
