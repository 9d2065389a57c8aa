import LockstepModel
import Testing

@Suite struct DocumentCacheTests {
  let process = Array("step \"deploy\" {\n    action {\n        action_type = \"Octopus.Script\"\n    }\n}\n".utf8)

  /// Loads `path` from a tree holding `bytes` through `cache`, counting the parses.
  func load(_ path: String, _ bytes: [UInt8], _ cache: DocumentCache) -> (node: Node?, problems: [LoadProblem]) {
    var problems: [LoadProblem] = []
    let loader = OCLFileLoader(tree: InMemoryTree(files: [path: bytes]), cache: cache)
    return (loader.loadTree(path, problems: &problems), problems)
  }

  /// The file named by the spans of the tree's first field.
  func file(of node: Node?) -> String? {
    node?.fields.first?.node.location?.file
  }

  @Test func aFileIsKeptFromItsSecondSightAndThenNotParsedAgain() {
    let cache = DocumentCache(capacity: 1 << 20)
    let first = load("base/.octopus/deployment_process.ocl", process, cache)
    #expect(cache.statistics == .init(hits: 0, misses: 1, files: 0, bytes: 0))
    _ = load("base/.octopus/deployment_process.ocl", process, cache)
    #expect(cache.statistics == .init(hits: 0, misses: 2, files: 1, bytes: process.count))
    let third = load("base/.octopus/deployment_process.ocl", process, cache)
    #expect(cache.statistics == .init(hits: 1, misses: 2, files: 1, bytes: process.count))
    #expect(third.node.map { first.node?.hasSameValue(as: $0) ?? false } == true)
    #expect(file(of: third.node) == "base/.octopus/deployment_process.ocl")
  }

  @Test func anotherPathOrOneChangedByteIsAnotherFile() {
    let cache = DocumentCache(capacity: 1 << 20)
    for _ in 0..<2 { _ = load("base/.octopus/deployment_process.ocl", process, cache) }
    // The same bytes at another path: its spans name another file, so it is not a hit.
    let proposed = load("proposed/.octopus/deployment_process.ocl", process, cache)
    #expect(file(of: proposed.node) == "proposed/.octopus/deployment_process.ocl")
    var changed = process
    changed[changed.count - 3] = UInt8(ascii: " ")
    _ = load("base/.octopus/deployment_process.ocl", changed, cache)
    #expect(cache.statistics.hits == 0)
  }

  @Test func problemsComeBackWithTheCachedTree() {
    let cache = DocumentCache(capacity: 1 << 20)
    let broken = Array("step \"deploy\" {\n    # a comment\n}\n".utf8)
    let outcomes = (0..<3).map { _ in load("p/.octopus/deployment_process.ocl", broken, cache) }
    #expect(cache.statistics.hits == 1)
    #expect(outcomes.map(\.problems.count) == [1, 1, 1])
    #expect(outcomes[2].problems.first?.file == "p/.octopus/deployment_process.ocl")
  }

  @Test func theLeastRecentlyUsedFilesGoWhenTheCacheIsFull() {
    let cache = DocumentCache(capacity: process.count * 4)
    let paths = (0..<5).map { "p\($0)/.octopus/deployment_process.ocl" }
    for path in paths.prefix(4) {
      for _ in 0..<2 { _ = load(path, process, cache) }
    }
    #expect(cache.statistics.files == 4)
    _ = load(paths[0], process, cache)  // p0 is now the most recently used
    for _ in 0..<2 { _ = load(paths[4], process, cache) }
    // Past capacity: down to three quarters, oldest first (p1, p2), p0 and p4 kept.
    #expect(cache.statistics.files == 3)
    let hits = cache.statistics.hits
    _ = load(paths[0], process, cache)
    _ = load(paths[4], process, cache)
    _ = load(paths[1], process, cache)
    #expect(cache.statistics.hits == hits + 2)
  }

  @Test func aCacheOfNothingKeepsNothing() {
    let cache = DocumentCache(capacity: 0)
    for _ in 0..<3 { #expect(load("p/.octopus/deployment_process.ocl", process, cache).node != nil) }
    #expect(cache.statistics == .init(hits: 0, misses: 3, files: 0, bytes: 0))
  }
}
