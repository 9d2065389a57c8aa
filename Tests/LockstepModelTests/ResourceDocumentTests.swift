import LockstepModel
import Testing

@Suite struct ResourceDocumentTests {
  static func load(_ text: String, file: String = "space.json") -> (Resource?, [LoadProblem]) {
    var problems: [LoadProblem] = []
    let resource = ResourceDocumentLoader().parse(Array(text.utf8), file: file, problems: &problems)
    return (resource, problems)
  }

  @Test func spaceDocumentWithPositions() throws {
    let (resource, problems) = Self.load(
      """
      {
        "Id": "Spaces-1",
        "Name": "payments",
        "SpaceManagersTeams": ["teams-managers", "teams-platform"],
        "TaskQueueStopped": false
      }
      """)
    let space = try #require(resource)
    #expect(problems.isEmpty)
    #expect(space.kind == .space)
    #expect(space.identity.space == "payments")
    let teams = try #require(space.root[field: "SpaceManagersTeams"])
    guard case .array(let elements) = teams.value else {
      Issue.record("SpaceManagersTeams is not an array")
      return
    }
    #expect(elements.map(\.string) == ["teams-managers", "teams-platform"])
    #expect(elements[1].location?.span.line == 4 && elements[1].location?.span.column == 44)
    #expect(
      space.root[field: "TaskQueueStopped"].map { if case .bool(false) = $0.value { true } else { false } } == true)
  }

  @Test func projectDocumentInYAMLBecomesTheApiField() throws {
    let (resource, problems) = Self.load(
      """
      Id: Projects-1
      Name: Checkout API
      Slug: checkout-api
      ProjectGroupId: ProjectGroups-1
      SpaceId: Spaces-1
      IsDisabled: false
      """, file: "project.yaml")
    let project = try #require(resource)
    #expect(problems.isEmpty)
    #expect(project.kind == .project)
    #expect(project.identity.project == "checkout-api")
    #expect(try Path(parsing: "api.Slug").matches(in: project.root).first?.node.location?.span.line == 3)
  }

  @Test func malformedJSONSaysWhere() {
    let (resource, problems) = Self.load("{\n  \"Name\": \"payments\",\n  \"SpaceManagersTeams\": [\n}")
    #expect(resource == nil)
    guard case .invalidDocument(let file, _, let line, _)? = problems.first else {
      Issue.record("expected an invalid document, got \(problems)")
      return
    }
    #expect(file == "space.json")
    #expect(line == 4)
  }

  @Test func aDocumentThatIsNeitherKindIsRefused() {
    let (resource, problems) = Self.load("{\"Name\": \"x\"}")
    #expect(resource == nil)
    guard case .invalidDocument(_, let message, 1, 1)? = problems.first else {
      Issue.record("expected an invalid document at 1:1, got \(problems)")
      return
    }
    #expect(message.contains("not an Octopus Space or Project"))
  }
}
