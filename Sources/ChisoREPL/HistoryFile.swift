// MARK: - Where history is kept
//
// `~/.chiso_history`, or the file named by CHISO_HISTORY (tests point it at a temporary
// file so they never touch the real home; an empty value keeps no history file).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum HistoryFile {
    /// Lines kept, in memory and in the file.
    public static let limit: Int32 = 1000

    /// The history file; nil keeps history in memory only. A path that exists but is not a
    /// regular file (a FIFO would block readline's read forever) is not used.
    public static func path(environment: [String: String]) -> String? {
        let path: String
        if let named = environment["CHISO_HISTORY"] {
            guard !named.isEmpty else { return nil }
            path = named
        } else {
            guard let home = environment["HOME"], !home.isEmpty else { return nil }
            path = home + (home.hasSuffix("/") ? "" : "/") + ".chiso_history"
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG { return nil }
        return path
    }
}
