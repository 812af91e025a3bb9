import Explorer
import Foundation
import NeuralCore
import Ranking

/// What the explorer asks of the application: retraining and weight storage. The closures run
/// on a background thread (training) or the UI thread (weights).
public struct ExplorerServices: Sendable {
  /// Retrains as asked and returns the data over the new models with a one-line summary.
  public var train:
    @Sendable (RetrainRequest, _ progress: @Sendable (ProgressReport) -> Void, _ isCancelled: @Sendable () -> Bool)
      throws -> (data: any ExplorerData, summary: String)
  /// Saves weights in the workspace; returns the path.
  public var saveWeights: @Sendable (GroupWeights) throws -> String
  /// Loads the workspace's saved weights (nil when none are saved).
  public var loadWeights: @Sendable () throws -> GroupWeights?
  /// Makes the previous models current (and the current previous); returns the data over them.
  public var swapModels: @Sendable () throws -> (data: any ExplorerData, summary: String)

  /// Services from closures.
  public init(
    train:
      @escaping @Sendable (RetrainRequest, @Sendable (ProgressReport) -> Void, @Sendable () -> Bool) throws -> (
        data: any ExplorerData, summary: String
      ),
    saveWeights: @escaping @Sendable (GroupWeights) throws -> String,
    loadWeights: @escaping @Sendable () throws -> GroupWeights?,
    swapModels: @escaping @Sendable () throws -> (data: any ExplorerData, summary: String)
  ) {
    self.train = train
    self.saveWeights = saveWeights
    self.loadWeights = loadWeights
    self.swapModels = swapModels
  }
}

/// The explorer's main loop on the terminal: one thread draws and reads keys; training runs
/// on a background thread and reports through messages.
public enum ExplorerRuntime {
  /// Opens the terminal, shows a progress screen while `prepare` builds the data (creating and
  /// training a workspace when needed), then runs the explorer until the user quits.
  ///
  /// - Throws: ``ExplorerTerminalError`` without a terminal; whatever `prepare` throws (after the
  ///   terminal is restored).
  ///
  /// - Parameter offer: when set, a screen first shows this text (say, which models are missing
  ///   and that Enter trains them); Enter goes on to `prepare`, q or Esc quits without doing anything.
  public static func run(
    title: String, offer: String? = nil,
    prepare: @escaping @Sendable (@Sendable (ProgressReport) -> Void, @Sendable () -> Bool) throws -> any ExplorerData,
    services: ExplorerServices
  ) throws {
    let terminal = try CursesTerminal()
    defer { terminal.restore() }
    let glyphs: Glyphs = terminal.hasUnicode ? .unicode : .ascii
    if let offer, !accepts(offer, title: title, terminal: terminal, glyphs: glyphs) { return }
    guard var data = try prepareWithProgress(terminal, glyphs: glyphs, title: title, prepare: prepare) else { return }
    let (width, height) = terminal.size
    var state = ExplorerState(data: data, width: width, height: height)
    // Weights saved in an earlier session apply from the start (X in the Weights pane resets them).
    do {
      if let saved = try services.loadWeights() { state.receive(.weightsRestored(saved), data: data) }
    } catch {
      state.receive(.weightsFailed("Cannot apply the saved weights: \(error)"), data: data)
    }
    let view = ExplorerView(glyphs: glyphs)
    var previous: CellGrid?
    var job: BackgroundJob<TrainingOutcome>?
    var swap: BackgroundJob<TrainingOutcome>?
    while true {
      if let running = swap {
        for event in running.drain() {
          switch event {
          case .progress: break
          case .finished(let outcome):
            data = outcome.data
            state.receive(.modelsSwapped(summary: outcome.summary), data: data)
            previous = nil
          case .failed(let reason): state.receive(.swapFailed(reason), data: data)
          case .cancelled: state.receive(.swapFailed("cancelled"), data: data)
          }
        }
        if running.isDone && !state.swapping { swap = nil }
      }
      if let running = job {
        for event in running.drain() {
          switch event {
          case .progress(let p):
            state.receive(.trainingProgress(phase: p.phase, done: p.done, total: p.total, detail: p.detail), data: data)
          case .finished(let outcome):
            data = outcome.data
            state.receive(.trainingFinished(summary: outcome.summary), data: data)
            previous = nil
          case .failed(let reason): state.receive(.trainingFailed(reason), data: data)
          case .cancelled: state.receive(.trainingCancelled, data: data)
          }
        }
        if running.isDone && state.training == nil { job = nil }
      }
      let grid = view.render(state, data: data)
      terminal.draw(grid, previous: previous)
      previous = grid
      guard let key = terminal.readKey(timeout: 100) else { continue }
      for effect in state.handle(key, data: data) {
        switch effect {
        case .quit:
          job?.cancel()
          return
        case .startTraining(let request):
          let train = services.train
          job = BackgroundJob { progress, isCancelled in
            let result = try train(request, progress, isCancelled)
            return TrainingOutcome(data: result.data, summary: result.summary)
          }
        case .cancelTraining: job?.cancel()
        case .swapModels:
          let swapModels = services.swapModels
          swap = BackgroundJob { _, _ in
            let result = try swapModels()
            return TrainingOutcome(data: result.data, summary: result.summary)
          }
        case .saveWeights(let weights):
          do { state.receive(.weightsSaved(path: try services.saveWeights(weights)), data: data) } catch {
            state.receive(.weightsFailed("Cannot save the weights: \(error)"), data: data)
          }
        case .loadWeights:
          do {
            if let saved = try services.loadWeights() {
              state.receive(.weightsLoaded(saved), data: data)
            } else {
              state.receive(.weightsFailed("No saved weights yet (s in the Weights pane saves them)."), data: data)
            }
          } catch {
            state.receive(.weightsFailed("Cannot load the weights: \(error)"), data: data)
          }
        }
      }
    }
  }

  struct TrainingOutcome: Sendable {
    var data: any ExplorerData
    var summary: String
  }

  /// Shows `offer` until Enter (true) or q / Esc / Ctrl-C (false).
  private static func accepts(_ offer: String, title: String, terminal: CursesTerminal, glyphs: Glyphs) -> Bool {
    var previous: CellGrid?
    while true {
      let (width, height) = terminal.size
      let grid = OfferScreen.render(width: width, height: height, title: title, text: offer, glyphs: glyphs)
      terminal.draw(grid, previous: previous)
      previous = grid
      guard let key = terminal.readKey(timeout: 200) else { continue }
      switch key {
      case .enter: return true
      case .escape, .interrupt, .character("q"): return false
      default: continue
      }
    }
  }

  /// Runs `prepare` in the background with a progress screen; nil when the user cancelled.
  private static func prepareWithProgress(
    _ terminal: CursesTerminal, glyphs: Glyphs, title: String,
    prepare: @escaping @Sendable (@Sendable (ProgressReport) -> Void, @Sendable () -> Bool) throws -> any ExplorerData
  ) throws -> (any ExplorerData)? {
    struct Prepared: Sendable { var data: any ExplorerData }
    let job = BackgroundJob { progress, isCancelled in Prepared(data: try prepare(progress, isCancelled)) }
    var latest: ProgressReport?
    var previous: CellGrid?
    while true {
      for event in job.drain() {
        switch event {
        case .progress(let p): latest = p
        case .finished(let prepared): return prepared.data
        case .failed(let reason): throw ExplorerPreparationError(reason: reason)
        case .cancelled: return nil
        }
      }
      let (width, height) = terminal.size
      let grid = ProgressScreen.render(width: width, height: height, title: title, progress: latest, glyphs: glyphs)
      terminal.draw(grid, previous: previous)
      previous = grid
      if let key = terminal.readKey(timeout: 100), key == .interrupt || key == .character("q") {
        job.cancel()
        while !job.isDone { usleep(50_000) }
        return nil
      }
    }
  }
}

/// Preparing the workspace failed.
public struct ExplorerPreparationError: Error, Sendable, CustomStringConvertible {
  /// Why.
  public var reason: String
  /// A message for people.
  public var description: String { reason }
}
