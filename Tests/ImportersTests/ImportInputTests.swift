import Foundation
import Importers
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Importers: files that are not plain files, huge values")
struct ImportInputTests {
  @Test("A directory is named as one; a FIFO streams like a file")
  func nonRegular() throws {
    let directory = TemporaryFiles.url("wn-dir")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    do {
      try CSVEventImporter().importFile(directory, into: try ImportersTests.emptyWorkspace())
      Issue.record("a directory was accepted")
    } catch let error as ImportError {
      #expect(error.message.contains("is a directory"))
    }
    let fifo = directory.appendingPathComponent("log.csv")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    let writer = Thread {
      if let handle = FileHandle(forWritingAtPath: fifo.path) {
        handle.write(Data("user,video,time\na,v,1700000000\nb,v,1700000001\n".utf8))
        try? handle.close()
      }
    }
    writer.start()
    let report = try CSVEventImporter().importFile(fifo, into: try ImportersTests.emptyWorkspace())
    #expect(report.watches == 2)
    // Without an extension the separator is sniffed from what was read, not by reading the pipe twice
    // (as with process substitution, /dev/fd/N).
    let pipe = directory.appendingPathComponent("log")
    #expect(mkfifo(pipe.path, 0o600) == 0)
    let tabWriter = Thread {
      if let handle = FileHandle(forWritingAtPath: pipe.path) {
        handle.write(Data("user\tvideo\ttime\na\tv\t1700000000\n".utf8))
        try? handle.close()
      }
    }
    tabWriter.start()
    #expect(try CSVEventImporter().importFile(pipe, into: try ImportersTests.emptyWorkspace()).watches == 1)
  }

  @Test("Huge numbers are field errors, and a huge header is echoed clipped")
  func huge() throws {
    let url = TemporaryFiles.url("wn-huge", extension: "csv")
    for value in ["1e30", "-1e30", "1e22", "1e308", "9223372036854775807"] {
      try Data("user,video,time\nu,v,\(value)\n".utf8).write(to: url)
      #expect(throws: ImportError.self) {
        try CSVEventImporter().importFile(url, into: try ImportersTests.emptyWorkspace())
      }
    }
    let header = (0..<5_000).map { "column\($0)" }.joined(separator: ",")
    try Data((header + "\n" + String(repeating: "1,", count: 4_999) + "1\n").utf8).write(to: url)
    do {
      try CSVEventImporter().importFile(url, into: try ImportersTests.emptyWorkspace())
      Issue.record("a file without a user column was accepted")
    } catch let error as ImportError {
      #expect(error.description.count < 1_000, "the 60,000-character header is not echoed whole")
    }
  }
}
