// MARK: - Where history is kept
//
// `~/.chiso_history`, or the file named by CHISO_HISTORY (tests point it at a temporary
// file so they never touch the real home; an empty value keeps no history file).

public enum HistoryFile {
    /// Lines kept, in memory and in the file.
    public static let limit: Int32 = 1000

    public static func path(environment: [String: String]) -> String? {
        if let path = environment["CHISO_HISTORY"] { return path.isEmpty ? nil : path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + (home.hasSuffix("/") ? "" : "/") + ".chiso_history"
    }
}
