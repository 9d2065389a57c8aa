/// How reports name the tool that wrote them.
public enum ToolInfo {
  public static let name = "lockstep"
  public static let version = "0.1.0"
}
