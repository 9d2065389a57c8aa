#if canImport(Glibc)
  import Glibc
#endif

/// Where output goes: reports on stdout, diagnostics about the run on stderr.
enum Terminal {
  static func error(_ message: String) {
    write("lockstep: error: \(message)\n", to: STDERR_FILENO)
  }

  static func note(_ message: String) {
    write("lockstep: \(message)\n", to: STDERR_FILENO)
  }

  static func out(_ text: String) {
    write(text, to: STDOUT_FILENO)
  }

  /// Straight to the descriptor, unbuffered, so stdout and stderr interleave as they happen.
  static func write(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { buffer in
      var written = 0
      while written < buffer.count {
        let count = Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
        if count <= 0 { return }
        written += count
      }
    }
  }

  /// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
  static var useColour: Bool {
    if let noColour = getenv("NO_COLOR"), noColour.pointee != 0 { return false }
    return isatty(STDOUT_FILENO) == 1
  }
}
