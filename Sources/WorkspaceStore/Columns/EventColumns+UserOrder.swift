extension WatchColumns {
  /// Room for `count` watches in every column (a loader that knows the table's size).
  mutating func reserveCapacity(_ count: Int) {
    user.reserveCapacity(count)
    video.reserveCapacity(count)
    time.reserveCapacity(count)
    watchSeconds.reserveCapacity(count)
    source.reserveCapacity(count)
  }

  /// These watches, in the order a table scan read them, sorted by (user, time) with equal
  /// times in scan order, and the per-user offsets set: what every loader returns.
  func sortedByUser(userCount: Int) -> WatchColumns {
    let (order, offsets) = UserOrder.permutation(users: user, times: time, userCount: userCount)
    var sorted = WatchColumns()
    sorted.user = UserOrder.apply(order, to: user)
    sorted.video = UserOrder.apply(order, to: video)
    sorted.time = UserOrder.apply(order, to: time)
    sorted.watchSeconds = UserOrder.apply(order, to: watchSeconds)
    sorted.source = UserOrder.apply(order, to: source)
    sorted.userOffsets = offsets
    return sorted
  }
}

extension ImpressionColumns {
  /// Room for `count` impressions in every column.
  mutating func reserveCapacity(_ count: Int) {
    user.reserveCapacity(count)
    video.reserveCapacity(count)
    time.reserveCapacity(count)
    request.reserveCapacity(count)
    position.reserveCapacity(count)
    clicked.reserveCapacity(count)
    watchSeconds.reserveCapacity(count)
  }

  /// These impressions sorted by (user, time), as ``WatchColumns/sortedByUser(userCount:)``.
  func sortedByUser(userCount: Int) -> ImpressionColumns {
    let (order, offsets) = UserOrder.permutation(users: user, times: time, userCount: userCount)
    var sorted = ImpressionColumns()
    sorted.user = UserOrder.apply(order, to: user)
    sorted.video = UserOrder.apply(order, to: video)
    sorted.time = UserOrder.apply(order, to: time)
    sorted.request = UserOrder.apply(order, to: request)
    sorted.position = UserOrder.apply(order, to: position)
    sorted.clicked = UserOrder.apply(order, to: clicked)
    sorted.watchSeconds = UserOrder.apply(order, to: watchSeconds)
    sorted.userOffsets = offsets
    return sorted
  }
}

extension SearchColumns {
  /// These searches sorted by (user, time), as ``WatchColumns/sortedByUser(userCount:)``.
  func sortedByUser(userCount: Int) -> SearchColumns {
    let (order, offsets) = UserOrder.permutation(users: user, times: time, userCount: userCount)
    var sorted = SearchColumns()
    sorted.user = UserOrder.apply(order, to: user)
    sorted.time = UserOrder.apply(order, to: time)
    sorted.query = UserOrder.apply(order, to: query)
    sorted.userOffsets = offsets
    return sorted
  }
}
