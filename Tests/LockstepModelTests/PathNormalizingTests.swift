import Testing

@testable import LockstepModel

/// `RepositoryConfig.normalize`: paths written differently compare equal. Most paths are already
/// normal and skip the split; both ways must give the same answer.
@Suite struct PathNormalizingTests {
  @Test(arguments: [
    ("a/b", "a/b"), ("/a/b", "/a/b"), (".octopus/checkout-api", ".octopus/checkout-api"),
    ("a/./b", "a/b"), ("./a", "a"), ("a/", "a"), ("a//b", "a/b"), ("a/../b", "b"), ("a/..", "."),
    ("../a", "../a"), ("a/b/../../..", ".."), ("", "."), (".", "."), ("/", "/"), ("/a/./", "/a"),
    ("a/.b/c..", "a/.b/c.."), ("é/ü", "é/ü"), ("a/.../b", "a/.../b"), ("..", ".."), ("./", "."),
  ])
  func normalizes(_ path: String, _ expected: String) {
    #expect(RepositoryConfig.normalize(path) == expected)
    // The fast path may decline a normal path (`..`, `.`); it must never take one that is not.
    if RepositoryConfig.isNormal(path) { #expect(path == expected) }
  }

  @Test func plainPathsTakeTheFastPath() {
    for path in ["a/b", "/a/b", ".octopus/checkout-api/runbooks/x.ocl", "a/.b/c.."] {
      #expect(RepositoryConfig.isNormal(path), "\(path)")
    }
  }
}
