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

    /// Writes `bytes` to `path` atomically: into a temporary file in the same folder,
    /// flushed to disk, then renamed over the target. A failure leaves the target as it was.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8]) -> Result<Void, ReadError> {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(dir.isEmpty ? "/" : dir)/.\(base).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return .failure(ReadError(path: path, reason: reason(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let why = reason(errno)
                close(fd)
                unlink(temporary)
                return .failure(ReadError(path: path, reason: why))
            }
            written += n
        }
        fchmod(fd, 0o644)
        guard fsync(fd) == 0, close(fd) == 0 else {
            let why = reason(errno)
            unlink(temporary)
            return .failure(ReadError(path: path, reason: why))
        }
        guard rename(temporary, path) == 0 else {
            let why = reason(errno)
            unlink(temporary)
            return .failure(ReadError(path: path, reason: why))
        }
        return .success(())
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
