// MARK: - Reading notebook files

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum NotebookFile {
    /// Notebooks larger than this are refused rather than read into memory.
    public static let maxSize = 256 << 20

    public struct ReadError: Error, Equatable, Sendable {
        public var path: String
        public var reason: String
        public var message: String { "cannot read '\(path)': \(reason)" }
    }

    /// The file's bytes, or why it cannot be read.
    public static func read(_ path: String) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(ReadError(path: path, reason: reason(errno))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(path: path, reason: reason(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maxSize {
                return .failure(ReadError(path: path, reason: "larger than \(maxSize >> 20) MiB"))
            }
        }
        return .success(bytes)
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES: "permission denied"
        case EISDIR: "it is a folder, not a notebook"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
