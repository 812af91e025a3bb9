import CPrefetch
import CSimd

/// The one raw-pointer view of an ``HNSWIndex``'s walked buffers: the one-byte codes and their
/// decoding ranges, the reduction's extra coordinate per node, the full-precision vectors and
/// the level-0 link rows. The walk reads them through this view because the pointer reads are
/// measured to matter (2× over array accessors per visited node, on the 200k set).
///
/// A view is built once per walk or build phase by ``HNSWIndex/withGraphView(_:)`` (read-only)
/// or ``HNSWIndex/withWritableGraphView(_:)`` (level-0 rows writable) and is valid only inside
/// that closure. Every accessor asserts that its node is in range (debug builds; release builds
/// read directly).
///
/// `@unchecked Sendable`: the parallel build shares one view between its workers, which only
/// read it, or write level-0 rows that belong to one worker each.
struct HNSWGraphView: @unchecked Sendable {
  /// A query prepared for one walk: its exact vector, its code-score weights and constant
  /// (``QuantizedVectors/weights(for:)``) and its own extra coordinate (0 for a user vector;
  /// a stored node's own when a node being inserted searches for its neighbours).
  struct Query {
    let exact: UnsafePointer<Float>
    let weights: UnsafePointer<Float>
    let constant: Float
    let augment: Float
  }

  let nodeCount: Int
  let dimension: Int
  /// Slots per level-0 row (2M).
  let width: Int
  private let codes: UnsafePointer<UInt8>
  private let low: UnsafePointer<Float>
  private let step: UnsafePointer<Float>
  private let augment: UnsafePointer<Float>
  private let vectors: UnsafePointer<Float>
  private let links: UnsafePointer<Int32>
  private let counts: UnsafePointer<UInt8>
  /// The same level-0 memory, present only in a writable view.
  private let writable: (links: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<UInt8>)?

  /// A view over buffers of `nodeCount` nodes; `nil` when there is none (an empty index).
  init?(
    nodeCount: Int, dimension: Int, width: Int, codes: UnsafeBufferPointer<UInt8>, low: UnsafeBufferPointer<Float>,
    step: UnsafeBufferPointer<Float>, augment: UnsafeBufferPointer<Float>, vectors: UnsafeBufferPointer<Float>,
    links: UnsafeBufferPointer<Int32>, counts: UnsafeBufferPointer<UInt8>,
    writable: (links: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<UInt8>)? = nil
  ) {
    guard nodeCount > 0, let c = codes.baseAddress, let l = low.baseAddress, let s = step.baseAddress,
      let a = augment.baseAddress, let v = vectors.baseAddress, let k = links.baseAddress,
      let n = counts.baseAddress
    else { return nil }
    assert(codes.count >= nodeCount * dimension && vectors.count >= nodeCount * dimension, "vector buffers too short")
    assert(low.count == dimension && step.count == dimension, "code ranges of another dimension")
    assert(augment.count >= nodeCount && counts.count >= nodeCount, "per-node buffers too short")
    assert(links.count >= nodeCount * width, "level-0 links too short")
    (self.nodeCount, self.dimension, self.width) = (nodeCount, dimension, width)
    (self.codes, self.low, self.step, self.augment, self.vectors, self.links, self.counts) = (c, l, s, a, v, k, n)
    self.writable = writable
  }

  @inline(__always)
  private func checked(_ node: Int32) -> Int {
    assert(node >= 0 && Int(node) < nodeCount, "node \(node) outside 0..<\(nodeCount)")
    return Int(node)
  }

  // MARK: - Scores

  /// A query's score against a node on the one-byte codes (plus the extra coordinates).
  @inline(__always)
  func codeScore(_ query: Query, _ node: Int32) -> Float {
    let i = checked(node)
    var score = query.constant + CSimd_dotCodes(query.weights, codes + i * dimension, dimension)
    if query.augment != 0 { score += query.augment * augment[i] }
    return score
  }

  /// The exact single-precision inner product of a query with a node.
  @inline(__always)
  func exactScore(_ query: Query, _ node: Int32) -> Float {
    CSimd_dot(query.exact, vectors + checked(node) * dimension, dimension)
  }

  /// Node–node similarity on the decoded one-byte codes (graph construction).
  @inline(__always)
  func similarity(_ a: Int32, _ b: Int32) -> Float {
    let (i, j) = (checked(a), checked(b))
    return CSimd_dotDecoded(low, step, codes + i * dimension, codes + j * dimension, dimension)
      + augment[i] * augment[j]
  }

  // MARK: - Level-0 links

  /// The node's level-0 links.
  @inline(__always)
  func level0Links(of node: Int32) -> UnsafeBufferPointer<Int32> {
    let i = checked(node)
    assert(Int(counts[i]) <= width, "node \(node) has \(counts[i]) links for \(width) slots")
    return UnsafeBufferPointer(start: links + i * width, count: Int(counts[i]))
  }

  /// Replaces the node's level-0 links (a writable view only; each row written by one thread).
  func setLevel0Links(of node: Int32, to newLinks: [Int32]) {
    let i = checked(node)
    assert(newLinks.count <= width, "\(newLinks.count) links for \(width) slots")
    guard let writable else {
      assertionFailure("level-0 links written through a read-only view")
      return
    }
    for (slot, link) in newLinks.enumerated() { writable.links[i * width + slot] = link }
    writable.counts[i] = UInt8(newLinks.count)
  }

  // MARK: - Prefetch

  /// Starts loading the node's link row and count (the next node the walk will expand).
  @inline(__always)
  func prefetchLinks(of node: Int32) {
    let i = checked(node)
    let row = UnsafeRawPointer(links + i * width)
    CPrefetch_read(row)
    CPrefetch_read(row + 64)
    CPrefetch_read(counts + i)
  }

  /// Starts loading every cache line of the node's codes.
  @inline(__always)
  func prefetchCodes(of node: Int32) {
    let base = UnsafeRawPointer(codes + checked(node) * dimension)
    var offset = 0
    while offset < dimension {
      CPrefetch_read(base + offset)
      offset += 64
    }
  }
}

extension HNSWIndex {
  /// Runs `body` with a read-only view of the graph; `nil` for an empty index.
  func withGraphView<R>(_ body: (HNSWGraphView) -> R) -> R? {
    quantized.codes.withUnsafeBufferPointer { codes in
      quantized.low.withUnsafeBufferPointer { low in
        quantized.step.withUnsafeBufferPointer { step in
          augment.withUnsafeBufferPointer { augment in
            vectors.withUnsafeBufferPointer { vectors in
              level0.withUnsafeBufferPointer { links in
                level0Count.withUnsafeBufferPointer { counts in
                  HNSWGraphView(
                    nodeCount: count, dimension: dimension, width: maxLinks0, codes: codes, low: low, step: step,
                    augment: augment, vectors: vectors, links: links, counts: counts
                  ).map(body)
                }
              }
            }
          }
        }
      }
    }
  }

  /// Runs `body` with a view whose level-0 rows are writable; `nil` for an empty index.
  mutating func withWritableGraphView<R>(_ body: (HNSWGraphView) -> R) -> R? {
    let (nodes, d, width) = (count, dimension, maxLinks0)
    return quantized.codes.withUnsafeBufferPointer { codes in
      quantized.low.withUnsafeBufferPointer { low in
        quantized.step.withUnsafeBufferPointer { step in
          augment.withUnsafeBufferPointer { augment in
            vectors.withUnsafeBufferPointer { vectors in
              level0.withUnsafeMutableBufferPointer { links in
                level0Count.withUnsafeMutableBufferPointer { counts in
                  guard let l = links.baseAddress, let c = counts.baseAddress else { return nil }
                  return HNSWGraphView(
                    nodeCount: nodes, dimension: d, width: width, codes: codes, low: low, step: step,
                    augment: augment, vectors: vectors, links: UnsafeBufferPointer(links),
                    counts: UnsafeBufferPointer(counts), writable: (l, c)
                  ).map(body)
                }
              }
            }
          }
        }
      }
    }
  }

  /// Runs `body` with `query` prepared for a walk; `augment` is the query's extra coordinate.
  func withPreparedQuery<R>(_ query: [Float], augment: Float, _ body: (HNSWGraphView.Query) -> R) -> R? {
    let (weights, constant) = quantized.weights(for: query)
    return query.withUnsafeBufferPointer { exact in
      weights.withUnsafeBufferPointer { w in
        guard let e = exact.baseAddress, let wb = w.baseAddress else { return nil }
        return body(HNSWGraphView.Query(exact: e, weights: wb, constant: constant, augment: augment))
      }
    }
  }
}
