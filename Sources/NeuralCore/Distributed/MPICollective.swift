#if MPI
  import CMPI

  /// The ranks of an `mpirun` job (Open MPI), through the C shim `CMPI`; compiled only with the
  /// package trait `MPI` (`swift build --traits MPI`). MPI's default error handler stays in
  /// force: a failed collective aborts every rank rather than returning.
  public struct MPICollective: Collective {
    /// This process's rank.
    public let rank: Int
    /// The number of ranks.
    public let size: Int

    /// Initialises MPI (once per process) and joins `MPI_COMM_WORLD`.
    ///
    /// - Throws: ``CollectiveError/unavailable(_:)`` when MPI does not start.
    public static func start() throws(CollectiveError) -> MPICollective {
      let code = wn_mpi_init()
      guard code == 0 else { throw .unavailable("MPI_Init_thread failed with code \(code)") }
      let rank = Int(wn_mpi_rank())
      let size = Int(wn_mpi_size())
      guard size >= 1, (0..<size).contains(rank) else {
        throw .unavailable("MPI reported rank \(rank) of \(size)")
      }
      return MPICollective(rank: rank, size: size)
    }

    /// Ends MPI for this process (after the last collective; every rank calls it).
    public func finish() { _ = wn_mpi_finalize() }

    /// Sums over the ranks, in place.
    public func allreduceSum(_ values: inout [Float]) {
      let count = Self.count(values.count)
      values.withUnsafeMutableBufferPointer { check(wn_mpi_allreduce_sum_float($0.baseAddress, count)) }
    }

    /// Sums over the ranks, in place.
    public func allreduceSum(_ values: inout [Double]) {
      let count = Self.count(values.count)
      values.withUnsafeMutableBufferPointer { check(wn_mpi_allreduce_sum_double($0.baseAddress, count)) }
    }

    /// Every rank's values in rank order, with their counts.
    public func allgatherv(_ values: [Float]) -> (values: [Float], counts: [Int]) {
      gather(values, wn_mpi_allgatherv_float)
    }

    /// Every rank's values in rank order, with their counts.
    public func allgatherv(_ values: [Int32]) -> (values: [Int32], counts: [Int]) {
      gather(values, wn_mpi_allgatherv_int32)
    }

    /// One allgatherv of `values` through the shim's `call` for their type, after an allgather
    /// of the counts.
    private func gather<T: Numeric>(
      _ values: [T],
      _ call: (UnsafePointer<T>?, Int32, UnsafeMutablePointer<T>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) ->
        Int32
    ) -> (values: [T], counts: [Int]) {
      let (counts, offsets, total) = gatherCounts(values.count)
      var gathered = [T](repeating: 0, count: total)
      values.withUnsafeBufferPointer { send in
        gathered.withUnsafeMutableBufferPointer { receive in
          check(call(send.baseAddress, Self.count(values.count), receive.baseAddress, counts, offsets))
        }
      }
      return (gathered, counts.map(Int.init))
    }

    /// Replaces `values` by `root`'s.
    public func broadcast(_ values: inout [Double], root: Int) {
      let count = Self.count(values.count)
      values.withUnsafeMutableBufferPointer {
        check(wn_mpi_broadcast_double($0.baseAddress, count, Int32(root)))
      }
    }

    /// Returns once every rank has called it.
    public func barrier() { check(wn_mpi_barrier()) }

    /// Ends every rank with `code`.
    public func abort(code: Int32) -> Never {
      wn_mpi_abort(code)
      fatalError("MPI_Abort returned")
    }

    /// Every rank's count and where its values start in the gathered buffer.
    private func gatherCounts(_ local: Int) -> (counts: [Int32], offsets: [Int32], total: Int) {
      var counts = [Int32](repeating: 0, count: size)
      counts.withUnsafeMutableBufferPointer { check(wn_mpi_allgather_count(Self.count(local), $0.baseAddress)) }
      var offsets = [Int32](repeating: 0, count: size)
      var total = 0
      for r in 0..<size {
        offsets[r] = Self.count(total)
        total += Int(counts[r])
      }
      return (counts, offsets, total)
    }

    /// MPI counts are C ints.
    private static func count(_ n: Int) -> Int32 {
      precondition(n <= Int(Int32.max), "an MPI message of \(n) elements is over the C int limit")
      return Int32(n)
    }

    /// With MPI's default handler an error has already aborted the job; any other handler's
    /// code is turned into the same.
    private func check(_ code: Int32) {
      if code != 0 { abort(code: code) }
    }
  }
#endif
