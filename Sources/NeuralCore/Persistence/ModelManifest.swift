import Foundation

/// The JSON manifest saved with every model: what it is, how it is built, which files
/// hold its tensors and vocabularies (with checksums), and how it was trained.
public struct ModelManifest<Configuration: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
  /// The manifest layout version this build writes and reads.
  public static var currentFormatVersion: Int { 1 }

  /// One saved tensor.
  public struct TensorEntry: Codable, Sendable, Equatable {
    /// The tensor's name in the model.
    public var name: String
    /// File name inside the model directory.
    public var file: String
    /// The array shape.
    public var shape: [Int]
    /// CRC-32 of the whole file.
    public var crc32: UInt32
  }

  /// One saved vocabulary or other side file.
  public struct FileEntry: Codable, Sendable, Equatable {
    /// What the file is (for example "videos").
    public var name: String
    /// File name inside the model directory.
    public var file: String
    /// CRC-32 of the whole file.
    public var crc32: UInt32
  }

  /// How the model was trained.
  public struct Training: Codable, Sendable, Equatable {
    /// The random seed.
    public var seed: UInt64
    /// Epochs completed.
    public var epochs: Int
    /// Training examples seen.
    public var examples: Int
    /// Loss of the last completed epoch.
    public var finalLoss: Double
    /// ISO 8601 time the training finished.
    public var finishedAt: String
    /// Free-form facts (validation metrics, stop reason...).
    public var notes: [String: String]
    /// The training curve, one point per epoch (absent in models saved before it was recorded).
    public var curve: [EpochPoint]?
    /// What ``EpochPoint/validation`` measures ("validation recall@100", "validation loss").
    public var validationMetric: String?
    /// Figures of the kept model on the validation data, each a list of points, by name (see
    /// ``ValidationFigure``); absent in models saved before they were recorded.
    public var figures: [String: [FigurePoint]]?

    /// Training metadata.
    public init(
      seed: UInt64, epochs: Int, examples: Int, finalLoss: Double, finishedAt: Date = Date(),
      notes: [String: String] = [:], curve: [EpochPoint]? = nil, validationMetric: String? = nil,
      figures: [String: [FigurePoint]]? = nil
    ) {
      self.seed = seed
      self.epochs = epochs
      self.examples = examples
      self.finalLoss = finalLoss
      self.finishedAt = ISO8601DateFormatter().string(from: finishedAt)
      self.notes = notes
      self.curve = curve
      self.validationMetric = validationMetric
      self.figures = figures
    }
  }

  /// Layout version of this manifest.
  public var formatVersion: Int
  /// The model kind, such as `candidate-generation` or `ranking`.
  public var kind: String
  /// The architecture and feature configuration.
  public var configuration: Configuration
  /// The tensor files.
  public var tensors: [TensorEntry]
  /// Vocabulary and other side files.
  public var files: [FileEntry]
  /// Training metadata.
  public var training: Training

  /// A manifest in the current format.
  public init(
    kind: String, configuration: Configuration, tensors: [TensorEntry] = [], files: [FileEntry] = [],
    training: Training
  ) {
    formatVersion = Self.currentFormatVersion
    self.kind = kind
    self.configuration = configuration
    self.tensors = tensors
    self.files = files
    self.training = training
  }
}

/// One epoch of a training curve.
public struct EpochPoint: Codable, Sendable, Equatable {
  /// The epoch, from 1.
  public var epoch: Int
  /// Mean training loss.
  public var loss: Double
  /// The validation figure early stopping watched.
  public var validation: Double
  /// Wall-clock seconds of the epoch.
  public var seconds: Double

  /// A point.
  public init(epoch: Int, loss: Double, validation: Double, seconds: Double) {
    self.epoch = epoch
    self.loss = loss
    self.validation = validation
    self.seconds = seconds
  }
}

/// The names of the recorded validation figures.
public enum ValidationFigure {
  /// Recall@K (y) over K (x) of a candidate model.
  public static let recallAtK = "recall@K"
  /// Mean observed watch seconds (y) over mean predicted `exp(z)` (x), by decile of prediction.
  public static let calibration = "calibration by decile"
  /// The note (in ``ModelManifest/Training/notes``) of a ranking model's weighted per-user
  /// loss on the validation impressions (Paper §4.3).
  public static let weightedPerUserLossNote = "validation_weighted_per_user_loss"
  /// The note of a ranking model's AUC of clicked against unclicked validation impressions.
  public static let aucNote = "validation_auc"
}

/// One point of a figure.
public struct FigurePoint: Codable, Sendable, Equatable {
  /// The x value.
  public var x: Double
  /// The y value.
  public var y: Double

  /// A point.
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}
