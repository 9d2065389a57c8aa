import Synchronization

/// OCL files already parsed and built into trees, by path and exact content, shared by the
/// admission service's requests.
///
/// An admission request carries whole projects on both sides, and most of it repeats from one
/// request to the next: the base is the project as it stands, the same for every edit until one
/// is applied, and an edit changes a file or two of the proposed side. A hit is keyed by the
/// file's bytes, compared in full (never a hash alone), so it is exactly the tree the parser
/// would build. A file is kept from its second sight on, and the cache holds at most `capacity`
/// bytes of source; past it, the least recently used files go first.
public final class DocumentCache: Sendable {
  /// A file as the loader turns it into a tree: the tree (nil when it does not parse) and the
  /// problems found on the way.
  public struct Document: Sendable {
    public var node: Node?
    public var problems: [LoadProblem]
  }

  public struct Statistics: Sendable, Equatable {
    public var hits: Int
    public var misses: Int
    public var files: Int
    public var bytes: Int

    public init(hits: Int, misses: Int, files: Int, bytes: Int) {
      self.hits = hits
      self.misses = misses
      self.files = files
      self.bytes = bytes
    }
  }

  struct Key: Hashable, Sendable {
    var path: String
    var bytes: [UInt8]
    /// The path and bytes hashed once, when the key is made: a lookup, the update of its last
    /// use and the once-seen set would otherwise each hash the whole file again.
    let digest: Int

    init(path: String, bytes: [UInt8]) {
      self.path = path
      self.bytes = bytes
      var hasher = Hasher()
      hasher.combine(path)
      // As one block: an array's own hashing feeds the hasher a byte at a time.
      bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
      digest = hasher.finalize()
    }

    static func == (a: Key, b: Key) -> Bool {
      a.digest == b.digest && a.path == b.path && a.bytes.hasSameBytes(as: b.bytes)
    }

    func hash(into hasher: inout Hasher) {
      hasher.combine(digest)
    }
  }

  /// A kept document and when it was last used. A class, so a hit finds it once and marks its
  /// use in place: writing through the dictionary would look the key up, and compare the whole
  /// file, a second time.
  final class Entry {
    let document: Document
    var lastUse: UInt64

    init(_ document: Document, lastUse: UInt64) {
      self.document = document
      self.lastUse = lastUse
    }
  }

  struct State {
    var documents: [Key: Entry] = [:]
    /// Hashes of files seen once and not kept. A file is kept the second time it is seen, so
    /// the one-off files of a stream of distinct edits never push out the bases that repeat.
    var seenOnce: Set<Int> = []
    var clock: UInt64 = 0
    var bytes = 0
    var hits = 0
    var misses = 0
  }

  /// The most source bytes held.
  public let capacity: Int
  private let state = Mutex(State())

  public init(capacity: Int) {
    self.capacity = max(capacity, 0)
  }

  /// The cached document for this file, or the one `build` makes, kept for next time. `build`
  /// runs outside the lock: two requests missing the same file at once both build it.
  public func document(path: String, bytes: [UInt8], build: () -> Document) -> Document {
    let key = Key(path: path, bytes: bytes)
    let hash = key.digest
    let (cached, seenBefore): (Document?, Bool) = state.withLock { state in
      state.clock += 1
      guard let found = state.documents[key] else {
        state.misses += 1
        return (nil, state.seenOnce.remove(hash) != nil)
      }
      state.hits += 1
      found.lastUse = state.clock
      return (found.document, true)
    }
    if let cached { return cached }
    let built = build()
    guard bytes.count <= capacity / 4 else { return built }
    state.withLock { state in
      guard seenBefore else {
        if state.seenOnce.count >= Self.maximumSeenOnce { state.seenOnce.removeAll(keepingCapacity: true) }
        state.seenOnce.insert(hash)
        return
      }
      if state.documents.updateValue(Entry(built, lastUse: state.clock), forKey: key) == nil {
        state.bytes += bytes.count
      }
      if state.bytes > capacity { Self.evict(&state, downTo: capacity * 3 / 4) }
    }
    return built
  }

  /// How many once-seen files are remembered; past it the memory starts over (a file seen
  /// twice across the reset is only kept on its third sight).
  static let maximumSeenOnce = 65_536

  public var statistics: Statistics {
    state.withLock { Statistics(hits: $0.hits, misses: $0.misses, files: $0.documents.count, bytes: $0.bytes) }
  }

  /// Drops the least recently used files until the cache holds at most `target` bytes: a batch
  /// at a time, so eviction's sort is paid once per many insertions, not on each.
  static func evict(_ state: inout State, downTo target: Int) {
    let oldestFirst = state.documents.sorted { $0.value.lastUse < $1.value.lastUse }
    for (key, _) in oldestFirst where state.bytes > target {
      state.documents[key] = nil
      state.bytes -= key.bytes.count
    }
  }
}
