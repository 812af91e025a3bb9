import Foundation
import Importers
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Importers: text encodings")
struct EncodingTests {
  @Test("One invalid UTF-8 byte names its line; Latin-1 must be asked for and then decodes")
  func invalidByte() throws {
    let url = TemporaryFiles.url("wn-enc", extension: "csv")
    var bytes = Array("user,video,time,title\nu,v,1700000000,Café\nu,w,1700000001,".utf8)
    bytes += [0x43, 0x61, 0x66, 0xE9, 0x0A]  // "Caf\u{e9}" in Latin-1
    try Data(bytes).write(to: url)
    do {
      try CSVEventImporter().importFile(url, into: try ImportersTests.emptyWorkspace())
      Issue.record("an invalid UTF-8 byte was accepted")
    } catch let error as ImportError {
      #expect(error.line == 3 && error.message.contains("0xe9") && error.message.contains("column 19"))
      #expect(error.kind == .notUTF8 && !error.message.contains("--"), "the library names no flag: \(error.message)")
    }
    var importer = DatasetImporter(files: [DatasetFile(.watches, url)])
    importer.encoding = .latin1
    let workspace = try ImportersTests.emptyWorkspace()
    try importer.importDataset(into: workspace)
    #expect(try workspace.videos().first { $0.id == "w" }?.title == "Café")
    // A valid UTF-8 file keeps its UTF-8 titles whatever else: no mojibake.
    #expect(
      try workspace.videos().first { $0.id == "v" }?.title == "CafÃ©", "Latin-1 as asked reads UTF-8 bytes as bytes")
  }
}
