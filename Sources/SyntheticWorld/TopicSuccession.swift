import NeuralCore

/// The one-way order in which tastes move in a world with ``WorldDynamics/succession``: every
/// topic has one successor, and the successors form a single cycle through all topics, so no
/// topic is its own successor and, with more than two topics, none is its successor's successor
/// (A → B never comes with B → A).
///
/// The table is drawn from a generator of its own, so switching succession on or off leaves
/// every other draw of the world as it was.
struct TopicSuccession: Sendable, Equatable {
  /// The successor of each topic.
  private(set) var successors: [Int]

  /// Draws the cycle for a world seed.
  /// - Complexity: O(topics).
  init(seed: UInt64, topics: Int = TopicLexicon.topics.count) {
    // "succession" in ASCII, folded into the seed so that the table has a stream of its own.
    var generator = SeededGenerator(seed: seed ^ 0x7375_6363_6573_7369)
    var order = Array(0..<topics)
    order.shuffle(using: &generator)
    successors = [Int](repeating: 0, count: topics)
    for (i, topic) in order.enumerated() { successors[topic] = order[(i + 1) % topics] }
  }

  /// The topic that follows `topic`.
  func successor(of topic: Int) -> Int { successors[topic] }
}
