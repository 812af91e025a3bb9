import Ranking

/// The explorer's panes.
public enum Pane: Int, Sendable, CaseIterable {
  /// The users list (left).
  case users
  /// The chosen user's watches and searches.
  case history
  /// The ANN candidate set, in the candidate generator's order.
  case candidates
  /// The ranked list with contributions.
  case ranked
  /// A video, its neighbours and its watchers.
  case video
  /// The feature-group weights.
  case weights
  /// The models' training curves and validation figures.
  case charts
  /// The current models against the previous ones.
  case compare

  /// The tab title.
  public var title: String {
    switch self {
    case .users: "Users"
    case .history: "History"
    case .candidates: "Candidates"
    case .ranked: "Ranked"
    case .video: "Video"
    case .weights: "Weights"
    case .charts: "Charts"
    case .compare: "Compare"
    }
  }
}

/// Something the state machine asks the runtime to do (work that is not pure).
public enum Effect: Sendable, Equatable {
  /// Leave the explorer.
  case quit
  /// Retrain in the background.
  case startTraining(RetrainRequest)
  /// Cancel the running training.
  case cancelTraining
  /// Save the weights in the workspace.
  case saveWeights(GroupWeights)
  /// Load the weights saved in the workspace.
  case loadWeights
  /// Make the previous models current and the current ones previous.
  case swapModels
}

/// What the runtime reports back to the state machine.
public enum Message: Sendable {
  /// Training progressed.
  case trainingProgress(phase: String, done: Int, total: Int, detail: String)
  /// Training finished and the new models are loaded.
  case trainingFinished(summary: String)
  /// The previous and current models swapped places; the data is over the new current ones.
  case modelsSwapped(summary: String)
  /// Swapping the models failed; the models stay as they were.
  case swapFailed(String)
  /// Training failed; the old models stay.
  case trainingFailed(String)
  /// Training was cancelled; the old models stay.
  case trainingCancelled
  /// Weights were saved.
  case weightsSaved(path: String)
  /// Weights were loaded.
  case weightsLoaded(GroupWeights)
  /// Weights saved in an earlier session were applied at start.
  case weightsRestored(GroupWeights)
  /// Saving or loading weights failed.
  case weightsFailed(String)
}

/// A running training job, as the status bar shows it.
public struct TrainingStatus: Sendable, Equatable {
  /// What is being trained.
  public var request: RetrainRequest
  /// The current phase.
  public var phase: String
  /// Steps done in the phase.
  public var done: Int
  /// Steps in the phase.
  public var total: Int
  /// Loss, speed.
  public var detail: String
}

/// An overlay over the panes.
public enum Overlay: Sendable, Equatable {
  /// The keys.
  case help
  /// The retrain form.
  case retrain(RetrainForm)
  /// The selected ranked item's contributions in numbers (for screens too short for the panel).
  case detail
  /// Why the selected candidate was retrieved: every input's share of its CG score.
  case whyRetrieved
  /// The what-if demographics form.
  case demographics(DemographicsForm)
}

/// Which list the video pane shows.
public enum VideoList: Sendable, Equatable {
  /// Nearest neighbours by embedding.
  case neighbors
  /// Users who watched it.
  case watchers
}

/// The video search (`f`, from any pane): titles containing the typed text, case-insensitively.
public struct VideoSearch: Sendable, Equatable {
  /// Matches shown at most.
  public static let limit = 200
  /// The typed text.
  public var text = ""
  /// Matching videos, most watched first.
  public var matches: [Int32] = []
  /// The chosen match.
  public var selected = 0

  /// An empty search.
  public init() {}

  /// Recomputes the matches for the text.
  mutating func refresh(_ data: any ExplorerData) {
    matches = text.isEmpty ? [] : data.videos(matching: text, limit: Self.limit)
    selected = 0
  }
}
