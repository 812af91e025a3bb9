import Foundation
import NeuralCore

/// Serving-side retrieval over a candidate model's output video embeddings (Paper §3.1):
/// top-N candidates for a user vector through the HNSW index, and a video's nearest
/// neighbours by cosine similarity of the embeddings.
public struct VideoRetriever: Sendable {
  /// The ANN index over the embeddings (identifiers are embedding rows).
  public var index: HNSWIndex
  /// Row-normalised embeddings for cosine neighbours.
  private let normalized: ExactSearch

  /// A retriever over `embeddings` with an index built from them (or a loaded one).
  ///
  /// - Throws: ``RetrievalError`` when the index and the embeddings disagree or hold bad values.
  public init(embeddings: Matrix, index: HNSWIndex) throws(RetrievalError) {
    guard index.dimension == embeddings.columns else {
      throw .dimensionMismatch(expected: embeddings.columns, found: index.dimension)
    }
    guard index.count == embeddings.rows else {
      throw .invalidParameter(name: "index", reason: "has \(index.count) items, the embeddings \(embeddings.rows)")
    }
    normalized = try ExactSearch(vectors: embeddings.unitRows())
    self.index = index
  }

  /// The `n` best items by inner product with `userVector`, skipping `excluding` (already watched).
  public func candidates(
    for userVector: [Float], n: Int, ef: Int? = nil, excluding: Set<Int32> = []
  ) throws(RetrievalError) -> [SearchResult] {
    try index.search(userVector, k: n, ef: ef, excluding: excluding)
  }

  /// The `k` items most similar to item `row` by cosine similarity, the item itself excluded.
  public func neighbors(of row: Int32, k: Int) throws(RetrievalError) -> [SearchResult] {
    guard row >= 0, Int(row) < normalized.vectors.rows else {
      throw .invalidParameter(name: "item", reason: "\(row) is outside 0..<\(normalized.vectors.rows)")
    }
    let query = Matrix(rows: 1, columns: normalized.vectors.columns, values: Array(normalized.vectors.row(Int(row))))
    return try normalized.search(query, k: k, excluded: [[row]], threads: 1)[0]
  }
}
