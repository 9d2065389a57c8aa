import LockstepModel
import Testing

@Suite struct DiscoveryTests {
  static let repository = InMemoryTree(texts: [
    "repo/.octopus/checkout-api/schema_version.ocl": "version = 10",
    "repo/.octopus/checkout-api/deployment_process.ocl": "",
    "repo/.octopus/checkout-api/runbooks/restart.ocl": "",
    "repo/.octopus/payments/variables.ocl": "",
    "repo/.octopus/payments/schema_version.ocl": "version = 10",
    "repo/hub/.octopus/policies/no-scripts.ocl": "",
    "repo/hub/.octopus/process-templates/deploy.ocl": "",
    "repo/hub/.octopus/project-templates/api/deployment_process.ocl": "",
    "repo/single/.octopus/schema_version.ocl": "version = 10",
    "repo/single/.octopus/runbooks/a.ocl": "",
    "repo/docs/space.json": "{}",
    "repo/.git/config": "",
  ])

  @Test func findsProjectFoldersHubFilesAndDocuments() throws {
    let inputs = try Discovery(tree: Self.repository).discover(["repo"])
    #expect(
      inputs.projects.map(\.folder) == ["repo/.octopus/checkout-api", "repo/.octopus/payments", "repo/single/.octopus"])
    #expect(
      inputs.oclFiles == [
        "repo/hub/.octopus/policies/no-scripts.ocl", "repo/hub/.octopus/process-templates/deploy.ocl",
        "repo/hub/.octopus/project-templates/api/deployment_process.ocl",
      ])
    #expect(inputs.documents.isEmpty, "documents are linted when named, not found by walking")
  }

  @Test func aCaCFileLintsItsProjectAndADocumentIsADocument() throws {
    let inputs = try Discovery(tree: Self.repository).discover([
      "repo/.octopus/checkout-api/runbooks/restart.ocl", "repo/.octopus/checkout-api/schema_version.ocl",
      "repo/docs/space.json",
    ])
    #expect(inputs.projects.map(\.folder) == ["repo/.octopus/checkout-api"])
    #expect(inputs.documents == ["repo/docs/space.json"])
  }

  @Test func aMissingPathIsAnError() {
    #expect(throws: DiscoveryError(path: "repo/nope")) {
      try Discovery(tree: Self.repository).discover(["repo/nope"])
    }
  }

  @Test func projectFolderNamesAreTheProjectNames() {
    #expect(ProjectLoader.projectName("repo/.octopus/checkout-api") == "checkout-api")
    #expect(ProjectLoader.projectName("checkout-repo/.octopus") == "checkout-repo")
    #expect(ProjectLoader.projectName(".octopus") == "project")
  }

  @Test func loadingAProjectReportsUnknownFilesAndBuildsTheResource() throws {
    let tree = InMemoryTree(texts: [
      "p/.octopus/schema_version.ocl": "version = 10",
      "p/.octopus/deployment_process.ocl": "step \"a\" {\n    name = \"A\"\n}",
      "p/.octopus/runbooks/restart.ocl": "name = \"Restart\"",
      "p/.octopus/variable.ocl": "",
      "p/.octopus/runbooks/notes.md": "",
    ])
    let project = ProjectLoader(files: OCLFileLoader(tree: tree)).load(folder: "p/.octopus")
    #expect(project.resource.identity.project == "p")
    #expect(project.resource.root.fields.map(\.name) == ["deployment_process", "schema_version", "runbooks"])
    #expect(
      try Path(parsing: #"runbooks["restart"].name"#).matches(in: project.resource.root).first?.node.string == "Restart"
    )
    let unknown = project.problems.compactMap { problem -> String? in
      if case .unknownFile(let file, _) = problem { return file }
      return nil
    }
    #expect(unknown == ["p/.octopus/runbooks/notes.md", "p/.octopus/variable.ocl"])
    #expect(project.files[.runbook(slug: "restart")] == "p/.octopus/runbooks/restart.ocl")
  }
}
