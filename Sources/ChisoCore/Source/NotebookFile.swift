// MARK: - Reading and writing notebook files
//
// Every file Chiso reads (the notebook run, its imports, its data files, `chiso fmt`, the
// REPL's `:load`) is read here, and every file it writes (`fmt --write`, `:save`) is
// written here. Only regular files are read or replaced: a FIFO would block the reader
// forever, and a device may do anything when opened.

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

    /// The file's bytes, or why it cannot be read. Anything that is not a regular file is
    /// refused without waiting: it is checked before opening, opened without blocking
    /// and checked again on what was opened (the path may have changed in between).
    /// Without `followingLinks` (a path the sandbox resolved), a link is refused too.
    public static func read(_ path: String, followingLinks: Bool = true) -> Result<[UInt8], ReadError> {
        func failure(_ why: String) -> Result<[UInt8], ReadError> { .failure(ReadError(path: path, reason: why)) }
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return failure(reason(errno)) }
        if let what = notRegular(info.st_mode) { return failure(what) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { return failure(reason(errno)) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { return failure(reason(errno)) }
        if let what = notRegular(info.st_mode) { return failure(what) }
        if info.st_size > maxSize { return failure("larger than \(maxSize >> 20) MiB") }
        // A regular file: reads never wait, so the descriptor goes back to ordinary reads.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        // Room for the size the file has now (it may still change while read).
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return failure(reason(errno))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maxSize { return failure("larger than \(maxSize >> 20) MiB") }
        }
        return .success(bytes)
    }

    /// Writes `bytes` to `path` atomically: into a temporary file in the same folder,
    /// flushed to disk, then renamed over the target. A link is written through (its
    /// target gets the new text); an existing file keeps its permissions (and, where
    /// allowed, its owner); a new one gets those the umask gives. What is not a regular
    /// file is refused. A failure leaves the target as it was and no temporary file.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8]) -> Result<Void, ReadError> {
        func failure(_ why: String) -> Result<Void, ReadError> { .failure(ReadError(path: path, reason: why)) }
        var target = path
        var info = stat()
        var existing: stat?
        if lstat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFLNK {
                guard let real = Sandbox.realPath(path) else { return failure("it is a link to a file that does not exist") }
                guard stat(real, &info) == 0 else { return failure(reason(errno)) }
                target = real
            }
            if let what = notRegular(info.st_mode) { return failure(what) }
            existing = info
        } else if errno != ENOENT {
            return failure(reason(errno))
        }

        // The temporary file, beside the target (a rename does not cross file systems).
        let slash = target.lastIndex(of: "/")
        let dir = slash.map { String(target[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let base = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var fd: Int32 = -1
        var temporary = ""
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &generator)! })
            temporary = "\(dir == "/" ? "" : dir)/.\(base).\(suffix).tmp"
            // 0666 less the umask, as for any new file.
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o666))
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { return failure(reason(errno)) }
        var isOpen = true
        func abandon(_ code: Int32) -> Result<Void, ReadError> {
            if isOpen { close(fd) }
            unlink(temporary)
            return failure(reason(code))
        }
        // An existing file keeps its owner (when we may give it) and its mode, set before
        // anything is written so that a private notebook is never readable by others.
        if let existing {
            _ = fchown(fd, existing.st_uid, existing.st_gid)
            guard fchmod(fd, existing.st_mode & 0o7777) == 0 else { return abandon(errno) }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return abandon(errno)
            }
            written += n
        }
        guard fsync(fd) == 0 else { return abandon(errno) }
        isOpen = false
        guard close(fd) == 0 else { return abandon(errno) }
        guard rename(temporary, target) == 0 else { return abandon(errno) }
        // The rename itself, flushed to disk.
        let folder = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
        return .success(())
    }

    /// Why a file of this mode is not read or replaced; nil for a regular file.
    static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "it is a folder, not a notebook"
        case S_IFIFO: "it is a named pipe (FIFO), not a regular file"
        case S_IFCHR, S_IFBLK: "it is a device, not a regular file"
        case S_IFSOCK: "it is a socket, not a regular file"
        case S_IFLNK: "it is a link"
        default: "it is not a regular file"
        }
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES: "permission denied"
        case EISDIR: "it is a folder, not a notebook"
        case ELOOP: "it is a link that cannot be followed"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}

/// read(2), under a name that `NotebookFile.read` does not hide.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
