import Foundation

/// Sampled softmax with the importance-weighting (log-Q) correction and removal of
/// accidental hits (Paper §3.1).
///
/// For user vector `u_b`, label `y_b` and shared sampled classes `s_1…s_S`, the logits are
/// `u_b · v_j + bias_j − logQ_j` for the label and each sample, where `logQ_j` is the log of
/// class `j`'s expected count in the sample. A sample equal to the row's label is masked out.
/// The loss is the cross-entropy of the label among `[label, samples]`, averaged over the batch.
/// The sampled logits of the whole batch are one GEMM, `U · V_Sᵀ`.
public enum SampledSoftmax {
  /// The loss and its gradients.
  public struct Result: Sendable {
    /// Mean cross-entropy over the batch.
    public var loss: Float
    /// d loss / d user vectors, `batch × dimension`.
    public var userGradient: Matrix
    /// d loss / d class embeddings, on the rows of labels and samples only.
    public var classGradient: SparseRowGradient
    /// d loss / d class bias, on the same rows as `classGradient` (empty without a bias).
    public var biasGradient: [Float]
  }

  /// Computes the sampled softmax loss and its gradients.
  ///
  /// - Parameters:
  ///   - userVectors: `batch × dimension`.
  ///   - classEmbeddings: `classes × dimension`, the output embeddings `v_j`.
  ///   - classBias: one bias per class, or `nil` for none.
  ///   - labels: the true class of each row.
  ///   - samples: the negatives shared by the batch (repeats allowed).
  ///   - labelLogQ: `logQ` of each row's label.
  ///   - sampleLogQ: `logQ` of each sample.
  /// - Complexity: O(batch × samples × dimension), three GEMMs.
  public static func compute(
    userVectors: Matrix, classEmbeddings: Matrix, classBias: [Float]?,
    labels: [Int32], samples: [Int32], labelLogQ: [Float], sampleLogQ: [Float]
  ) -> Result {
    let batch = userVectors.rows
    let dimension = userVectors.columns
    let sampleCount = samples.count
    precondition(classEmbeddings.columns == dimension, "class embedding width differs from the user vector width")
    precondition(
      labels.count == batch && labelLogQ.count == batch && sampleLogQ.count == sampleCount, "length mismatch")

    let sampled = classEmbeddings.gatherRows(samples)
    let labelRows = classEmbeddings.gatherRows(labels)
    var logits = Matrix(rows: batch, columns: sampleCount)
    BLAS.multiply(userVectors, sampled, transposeB: true, into: &logits)
    let rows = normalizeRows(
      &logits, userVectors: userVectors, labelRows: labelRows, classBias: classBias, labels: labels, samples: samples,
      labelLogQ: labelLogQ, sampleLogQ: sampleLogQ)
    // `logits` now holds d loss / d sampled logits.
    var userGradient = Matrix(rows: batch, columns: dimension)
    BLAS.multiply(logits, sampled, into: &userGradient)
    for b in 0..<batch {
      let g = rows.labelGradient[b]
      for c in 0..<dimension { userGradient.values[b * dimension + c] += g * labelRows.values[b * dimension + c] }
    }
    let classGradient = classGradient(
      logits, userVectors: userVectors, labelGradient: rows.labelGradient, labels: labels, samples: samples,
      tableRows: classEmbeddings.rows)
    let biasGradient =
      classBias == nil
      ? []
      : biasGradient(
        logits, labelGradient: rows.labelGradient, labels: labels, samples: samples, tableRows: classEmbeddings.rows)
    return Result(
      loss: Float(rows.loss / Double(max(batch, 1))), userGradient: userGradient, classGradient: classGradient,
      biasGradient: biasGradient)
  }

  /// Turns each row of sampled logits into `d loss / d logit`: the corrected logits of the
  /// label and the samples (accidental hits masked), their softmax, scaled by 1 / batch. Returns
  /// the summed cross-entropy and `d loss / d label logit` per row.
  private static func normalizeRows(
    _ logits: inout Matrix, userVectors: Matrix, labelRows: Matrix, classBias: [Float]?, labels: [Int32],
    samples: [Int32], labelLogQ: [Float], sampleLogQ: [Float]
  ) -> (loss: Double, labelGradient: [Float]) {
    let (batch, dimension, sampleCount) = (userVectors.rows, userVectors.columns, samples.count)
    var labelGradient = [Float](repeating: 0, count: batch)
    var total: Double = 0
    let scale = 1 / Float(max(batch, 1))
    logits.values.withUnsafeMutableBufferPointer { z in
      userVectors.values.withUnsafeBufferPointer { u in
        labelRows.values.withUnsafeBufferPointer { v in
          for b in 0..<batch {
            var trueLogit: Float = -labelLogQ[b]
            for c in 0..<dimension { trueLogit += u[b * dimension + c] * v[b * dimension + c] }
            if let bias = classBias { trueLogit += bias[Int(labels[b])] }
            let base = b * sampleCount
            var maximum = trueLogit
            for j in 0..<sampleCount {
              if samples[j] == labels[b] {
                z[base + j] = -.infinity
                continue
              }
              var value = z[base + j] - sampleLogQ[j]
              if let bias = classBias { value += bias[Int(samples[j])] }
              z[base + j] = value
              maximum = max(maximum, value)
            }
            var sum = Foundation.exp(trueLogit - maximum)
            let trueExp = sum
            for j in 0..<sampleCount {
              let e = Foundation.exp(z[base + j] - maximum)
              z[base + j] = e
              sum += e
            }
            let trueProbability = trueExp / sum
            total -= Double(Foundation.log(max(trueProbability, .leastNormalMagnitude)))
            labelGradient[b] = (trueProbability - 1) * scale
            let factor = scale / sum
            for j in 0..<sampleCount { z[base + j] *= factor }
          }
        }
      }
    }
    return (total, labelGradient)
  }

  /// `d loss / d v` on the rows of the samples (`dZᵀ · U`) and the labels (`dz_label · u`).
  private static func classGradient(
    _ gradient: Matrix, userVectors: Matrix, labelGradient: [Float], labels: [Int32], samples: [Int32],
    tableRows: Int
  ) -> SparseRowGradient {
    let (batch, dimension) = (userVectors.rows, userVectors.columns)
    var sampleGradient = Matrix(rows: samples.count, columns: dimension)
    BLAS.multiply(gradient, userVectors, transposeA: true, into: &sampleGradient)
    var labelContribution = userVectors
    for b in 0..<batch {
      for c in 0..<dimension { labelContribution.values[b * dimension + c] *= labelGradient[b] }
    }
    let contributions = Matrix(
      rows: samples.count + batch, columns: dimension, values: sampleGradient.values + labelContribution.values)
    return SparseRowGradient(accumulating: contributions, into: samples + labels, tableRows: tableRows)
  }

  /// `d loss / d bias` on the rows of the samples (column sums of `dZ`) and the labels.
  private static func biasGradient(
    _ gradient: Matrix, labelGradient: [Float], labels: [Int32], samples: [Int32], tableRows: Int
  ) -> [Float] {
    let (batch, sampleCount) = (gradient.rows, samples.count)
    var perTarget = [Float](repeating: 0, count: sampleCount + batch)
    for j in 0..<sampleCount {
      var column: Float = 0
      for b in 0..<batch { column += gradient.values[b * sampleCount + j] }
      perTarget[j] = column
    }
    for b in 0..<batch { perTarget[sampleCount + b] = labelGradient[b] }
    let summed = SparseRowGradient(
      accumulating: Matrix(rows: perTarget.count, columns: 1, values: perTarget), into: samples + labels,
      tableRows: tableRows)
    return summed.values.values
  }
}
