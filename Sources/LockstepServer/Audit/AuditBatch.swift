/// One batch of decisions on its way into a store: the records to insert, and how each record's
/// outcome follows from what the insert and the read of conflicting uids found.
///
/// A uid repeated inside the batch is inserted once, from its first record; the later ones are
/// answered with that record, as if they had arrived after it was stored.
struct AuditBatch {
  /// Normalized as the store keeps them, in the order they were submitted.
  let records: [AuditRecord]
  /// The first record of each uid, in order: what the store's insert takes.
  let unique: [AuditRecord]
  private let firstIndex: [String: Int]

  init(_ records: [AuditRecord]) {
    self.records = records.map(AuditColumns.normalized)
    var firstIndex: [String: Int] = [:]
    var unique: [AuditRecord] = []
    for (index, record) in self.records.enumerated() where firstIndex[record.uid] == nil {
      firstIndex[record.uid] = index
      unique.append(record)
    }
    self.unique = unique
    self.firstIndex = firstIndex
  }

  /// One outcome per record, in order: `inserted` are the uids this batch stored, `existing` the
  /// rows already there for the others. A uid in neither is `missing`'s error, for the whole batch.
  func outcomes(
    inserted: Set<String>, existing: [String: AuditRecord], missing: (String) -> AuditStoreError
  ) throws -> [AuditOutcome] {
    try records.enumerated().map { index, record in
      if inserted.contains(record.uid), let first = firstIndex[record.uid] {
        return first == index ? .recorded(record) : .existing(records[first])
      }
      guard let stored = existing[record.uid] else { throw missing(record.uid) }
      return .existing(stored)
    }
  }
}
