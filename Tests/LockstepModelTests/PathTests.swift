import LockstepModel
import Testing

@Suite struct PathTests {
  @Test(arguments: [
    #"deployment_process.step["deploy-web"].action["deploy-web"].properties["Octopus.Action.Package.FeedId"]"#,
    "variables.variable[*].value[*].value",
    "deployment_process.step[*]",
    "packages[0].package_id",
    #"properties["with \"quote\" and \\ backslash"]"#,
  ])
  func printsWhatItParses(text: String) throws {
    #expect(try Path(parsing: text).description == text)
  }

  @Test func nameAndKeyLookUpTheSameThing() throws {
    #expect(try Path(parsing: #"a["b"]"#) == Path(parsing: "a.b"))
    #expect(try Path(parsing: "a.b.c").isAtOrUnder(Path(parsing: "a[*]")))
    #expect(try !Path(parsing: "a").isAtOrUnder(Path(parsing: "a.b")))
  }

  @Test(arguments: [
    ("", 1, "empty"),
    ("a..b", 3, "`..`"),
    ("a.", 3, "expected a name"),
    ("a[", 3, "after `[`"),
    (#"a["b"#, 5, "unterminated"),
    ("a[1", 4, "expected `]`"),
    ("a b", 2, "expected `.` or `[`"),
  ])
  func reportsWhereItStopped(text: String, column: Int, phrase: String) {
    #expect {
      _ = try Path(parsing: text)
    } throws: { error in
      guard let error = error as? PathError else { return false }
      return error.column == column && error.message.contains(phrase)
    }
  }
}
