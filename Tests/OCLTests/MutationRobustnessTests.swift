import Foundation
import OCL
import TestSupport
import Testing

/// Bad input never crashes the parser: thousands of seeded mutations of real files (flipped,
/// deleted, inserted and truncated bytes) all parse to a result, with every diagnostic inside the
/// file. Seeded, so a failure reproduces exactly.
@Suite struct MutationRobustnessTests {
  /// Bytes that matter to the grammar, so mutations hit the interesting paths.
  static let grammarBytes: [UInt8] =
    Array("{}[]\"=<-\\\n\r\t #/,.0123456789EOTnulltruefalse".utf8) + [0xFF, 0xC3, 0xA9]

  static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
    var out = bytes
    for _ in 0..<(1 + random.below(4)) {
      guard !out.isEmpty else { break }
      let position = random.below(out.count)
      switch random.below(4) {
      case 0: out[position] = grammarBytes[random.below(grammarBytes.count)]
      case 1: out.remove(at: position)
      case 2: out.insert(grammarBytes[random.below(grammarBytes.count)], at: position)
      default: out = Array(out[..<position])
      }
    }
    return out
  }

  static let seeds: [[UInt8]] = {
    let corpus = TestPaths.corpus.map { TestPaths.files(under: $0, suffix: ".ocl") } ?? []
    let samples = TestPaths.files(under: TestPaths.samples.appendingPathComponent("projects"), suffix: ".ocl")
    return (corpus + samples).compactMap { try? Array(Data(contentsOf: $0)) }.filter { $0.count < 40_000 }
  }()

  @Test func mutatedFilesParseWithDiagnosticsInsideTheFile() {
    #expect(!Self.seeds.isEmpty)
    var random = SeededRandom(seed: 20_261_123)
    var withErrors = 0
    for round in 0..<3_000 {
      let original = Self.seeds[round % Self.seeds.count]
      let mutated = Self.mutate(original, &random)
      let result = OCLParser.parse(mutated)
      if !result.diagnostics.isEmpty { withErrors += 1 }
      #expect(result.diagnostics.count <= OCLParser.maxDiagnostics)
      for diagnostic in result.diagnostics {
        #expect(
          diagnostic.span.offset >= 0 && diagnostic.span.offset + diagnostic.span.length <= mutated.count,
          "round \(round)")
        #expect(diagnostic.span.line >= 1 && diagnostic.span.column >= 1, "round \(round)")
      }
      // What parses cleanly must also survive the writer.
      if result.isValid {
        let written = OCLWriter.write(result.document)
        #expect(OCLParser.parse(written).document.hasSameContent(as: result.document), "round \(round)")
      }
    }
    #expect(withErrors > 1_000, "the mutations should mostly break the grammar; \(withErrors) did")
  }
}
