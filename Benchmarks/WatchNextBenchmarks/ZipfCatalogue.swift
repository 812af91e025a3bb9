import CandidateGeneration
import Foundation
import NeuralCore
import WorkspaceStore

/// A synthetic catalogue whose video popularity falls as `1 / (rank + 10)^0.8`, shared by the
/// training-step benchmarks and their PyTorch mirrors: the feature space, the negative sampler
/// and a sampler of watched videos.
struct ZipfCatalogue {
  var space: FeatureSpace
  var sampler: NegativeSampler
  var videos: AliasTable

  init(items: Int, negatives: Int) throws {
    let counts = (0..<items).map { 1 / pow(Double($0) + 10, 0.8) }
    let ids = (0..<items).map { "v\($0)" }
    let scaledCounts = counts.map { Int(($0 * 1e7).rounded()) }
    space = FeatureSpace(
      videos: Vocabulary(counts: Dictionary(uniqueKeysWithValues: zip(ids, scaledCounts))),
      tokens: Vocabulary(counts: [:]), regions: [], devices: [], trainingWindowEnd: 0, exampleAgeScale: 1)
    sampler = try NegativeSampler(frequencies: scaledCounts, distribution: .unigram, samplesPerBatch: negatives)
    videos = try AliasTable(weights: counts)
  }
}
