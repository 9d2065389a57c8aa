import ArgumentParser

/// `--upstream DIR`, shared by the commands that decide admission requests (`admit`, `serve`).
struct UpstreamBaselineOption: ParsableArguments {
  @Option(
    help: """
      The platform team's baselines, for `consistent` rules: one CaC project folder for every \
      request, or a folder of them as SPACE/PROJECT or PROJECT-GROUP (either holding .octopus or \
      being it), chosen by the request's resource.
      """)
  var upstream: String?
}
