import LockstepModel
import OCL
import Testing

@Suite struct TreeBuilderTests {
  static func tree(_ text: String, file: String = "deployment_process.ocl") -> Node {
    OCLTreeBuilder.build(OCLParser.parse(text).document, file: file)
  }

  static func paths(_ node: Node) -> [String] {
    var out: [String] = []
    node.walk { stack, _ in out.append(Path(stack).description) }
    return out
  }

  @Test func unlabelledSingleActionTakesItsStepsLabel() throws {
    let root = Self.tree(
      """
      step "deploy-web" {
          name = "Deploy"

          action {
              action_type = "Octopus.Script"
          }
      }
      """)
    let match = try #require(
      Path(parsing: #"step["deploy-web"].action["deploy-web"].action_type"#).matches(in: root).first)
    #expect(match.node.string == "Octopus.Script")
    #expect(match.node.location?.span.line == 5)
    #expect(match.node.location?.span.column == 9)
  }

  @Test func labelledActionsKeepTheirOwnLabels() throws {
    let root = Self.tree(
      """
      step "web" {
          action "web-a" {
              action_type = "A"
          }

          action "web-b" {
              action_type = "B"
          }
      }
      """)
    let types = try Path(parsing: "step[*].action[*].action_type").matches(in: root)
    #expect(
      types.map(\.path.description) == [
        #"step["web"].action["web-a"].action_type"#, #"step["web"].action["web-b"].action_type"#,
      ])
  }

  @Test func variableValueLabelsBecomeTheValueField() throws {
    let root = Self.tree(
      """
      variable "DatabaseName" {
          value "orders" {
              environment = ["production"]
          }

          value {
              value = <<-EOT
                  multi
                  line
                  EOT
          }
      }
      """, file: "variables.ocl")
    let values = try Path(parsing: #"variable["DatabaseName"].value[*].value"#).matches(in: root)
    #expect(
      values.map(\.path.description) == [
        #"variable["DatabaseName"].value[0].value"#, #"variable["DatabaseName"].value[1].value"#,
      ])
    #expect(values.map(\.node.string) == ["orders", "multi\nline"])
    #expect(values[0].node.location?.span.line == 2 && values[0].node.location?.span.column == 11)
  }

  @Test func repeatedUnlabelledBlocksAreIndexedAndSingleOnesAreFields() {
    let root = Self.tree(
      """
      connectivity_policy {
          allow_deployments_to_no_targets = true
      }

      step "a" {
          action {
              packages {
                  package_id = "one"
              }

              packages {
                  package_id = "two"
              }
          }
      }
      """)
    let paths = Self.paths(root)
    #expect(paths.contains("connectivity_policy.allow_deployments_to_no_targets"))
    #expect(paths.contains(#"step["a"].action["a"].packages[1].package_id"#))
  }

  @Test func dictionaryKeysAreFieldsAddressedWithBrackets() throws {
    let root = Self.tree(
      """
      step "a" {
          properties = {
              Octopus.Action.Package[NuGet.CommandLine].ExtractedPath = "x"
          }
      }
      """)
    let match = try #require(
      Path(parsing: #"step["a"].properties["Octopus.Action.Package[NuGet.CommandLine].ExtractedPath"]"#).matches(
        in: root
      ).first)
    #expect(match.node.string == "x")
    #expect(
      match.path.description == #"step["a"].properties["Octopus.Action.Package[NuGet.CommandLine].ExtractedPath"]"#)
  }
}
