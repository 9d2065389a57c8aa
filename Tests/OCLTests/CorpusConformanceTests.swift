import Foundation
import OCL
import TestSupport
import Testing

/// Every real-world file in `../shared/corpus` must parse, and the writer must keep its meaning.
@Suite struct CorpusConformanceTests {
  static let files: [URL] = TestPaths.corpus.map { TestPaths.files(under: $0, suffix: ".ocl") } ?? []

  @Test func corpusIsPresentOrSkipped() {
    if TestPaths.corpus == nil {
      print("skipped: ../shared/corpus is absent, so the corpus conformance tests checked no file")
    } else {
      print("corpus conformance: checking \(Self.files.count) OCL files from ../shared/corpus")
      #expect(Self.files.count >= 40)
    }
  }

  @Test(arguments: files)
  func parsesWithoutDiagnostics(file: URL) throws {
    let bytes = Array(try Data(contentsOf: file))
    let result = OCLParser.parse(bytes)
    #expect(result.diagnostics == [], "\(file.path)")
    #expect(!result.document.body.isEmpty || bytes.isEmpty)
  }

  @Test(arguments: files)
  func writerKeepsMeaningAndIsIdempotent(file: URL) throws {
    let original = OCLParser.parse(Array(try Data(contentsOf: file))).document
    let written = OCLWriter.write(original)
    let reparsed = OCLParser.parse(written)
    #expect(reparsed.diagnostics == [], "\(file.lastPathComponent): \(reparsed.diagnostics)")
    #expect(reparsed.document.hasSameContent(as: original), "\(file.path)")
    #expect(OCLWriter.write(reparsed.document) == written, "\(file.path)")
  }
}
