import CSimd
import Foundation
import NeuralCore
import Retrieval
import Testing

@Suite("Video retriever")
struct VideoRetrieverTests {
  @Test("Neighbours are by cosine and exclude the video itself; candidates come from the index")
  func neighboursAndCandidates() throws {
    // Rows 0 and 1 point the same way with different norms; row 2 is orthogonal.
    let embeddings = Matrix(rows: 4, columns: 2, values: [1, 0, 5, 0, 0, 1, -1, 0])
    let retriever = try VideoRetriever(embeddings: embeddings, index: try HNSWIndex.build(embeddings))
    let neighbours = try retriever.neighbors(of: 0, k: 2)
    #expect(neighbours.map(\.id) == [1, 2] && abs(neighbours[0].score - 1) < 1e-6)
    #expect(try retriever.candidates(for: [1, 0], n: 1, excluding: [1]).map(\.id) == [0])
    #expect(throws: RetrievalError.self) { try retriever.neighbors(of: 9, k: 1) }
    #expect(throws: RetrievalError.self) {
      try VideoRetriever(
        embeddings: Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1]), index: try HNSWIndex.build(embeddings))
    }
  }
}
