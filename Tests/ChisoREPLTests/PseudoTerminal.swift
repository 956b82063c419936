// A pseudo-terminal with the real `chiso` on its other side, as a person at a terminal
// runs it: standard input, output and error are the terminal, which is also the child's
// controlling terminal (so Ctrl-C sends SIGINT, as it does for a user). Every wait is
// bounded, and the child is killed if it has not exited when the test ends.

#if canImport(Glibc)
import ChisoTestSupport
import Foundation
import Glibc

final class PseudoTerminal {
    enum Failure: Error { case openpty(Int32), spawn(Int32) }

    private let master: Int32
    let pid: pid_t
    private var bytes: [UInt8] = []
    /// Where the next `expect` starts looking.
    private var mark = 0
    private var status: Int32?

    /// Everything the child wrote so far.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Starts `chiso ARGS` on a new terminal of 120×40 (or `columns`×`rows`). The
    /// environment is exactly `environment` (plus PATH), so nothing of the user's (HOME,
    /// INPUTRC) leaks in.
    init(_ arguments: [String], environment: [String: String], columns: UInt16 = 120, rows: UInt16 = 40) throws {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var (master, slave): (Int32, Int32) = (-1, -1)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw Failure.openpty(errno) }
        // `ttyname_r`, not `ttyname`: tests run in parallel, and `ttyname`'s one static
        // buffer could hold another test's terminal (since closed: the child's open of it
        // then failed with ENOENT).
        var name = [CChar](repeating: 0, count: 256)
        let named = ttyname_r(slave, &name, name.count)
        guard named == 0 else {
            close(master)
            close(slave)
            throw Failure.openpty(named)
        }
        self.master = master
        let terminal = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Neither end may leak into other children; the child opens the terminal by name
        // (which makes it its controlling terminal), so ours is closed at once.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        close(slave)

        // A new session whose first opened terminal becomes its controlling terminal, with
        // no signal blocked or ignored (the test runner's threads may block some).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc) is not imported into Swift; SETSIGDEF | SETSIGMASK are.
        let setsid: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        let path = Chiso.binary.path
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            close(master)
            throw Failure.spawn(rc)
        }
        pid = child
    }

    deinit {
        _ = finish(within: 0)
        close(master)
    }

    // MARK: Talking to the child

    /// Types `text` (control keys as "\u{01}", arrows as "\u{1B}[A", Enter as "\r").
    func type(_ text: String) {
        var data = Array(text.utf8)
        while !data.isEmpty {
            let n = write(master, data, data.count)
            if n <= 0 { return }
            data.removeFirst(n)
        }
    }

    /// Waits until `text` appears after what earlier `expect`s matched; moves past it.
    /// False after `timeout` seconds without it.
    @discardableResult
    func expect(_ text: String, timeout: Double = 5) -> Bool {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = find(needle) {
                mark = end
                return true
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 || !readSome(timeoutMilliseconds: Int32(min(left, 0.1) * 1000) + 1) && status != nil { return false }
        }
    }

    /// The output after the last match, read for `seconds` more.
    func rest(after seconds: Double) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0 { _ = readSome(timeoutMilliseconds: 50) }
        return String(decoding: bytes[mark...], as: UTF8.self)
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard !needle.isEmpty, bytes.count - mark >= needle.count else { return nil }
        for start in mark...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if Array(bytes[start..<(start + needle.count)]) == needle { return start + needle.count }
        }
        return nil
    }

    /// Reads what is there; false when the child has gone (end of output).
    private func readSome(timeoutMilliseconds: Int32) -> Bool {
        var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&fd, 1, timeoutMilliseconds) > 0 else {
            reap()
            return status == nil
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n > 0 {
            bytes += buffer[0..<n]
            return true
        }
        // EIO: the child closed the terminal.
        reap()
        return false
    }

    // MARK: Ending

    private func reap() {
        guard status == nil else { return }
        var s: Int32 = 0
        if waitpid(pid, &s, WNOHANG) == pid { status = s }
    }

    /// Waits up to `seconds` for the child to exit, reading its output; kills it otherwise.
    /// Returns its exit code, or nil when it had to be killed or died of a signal.
    func finish(within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while status == nil, deadline.timeIntervalSinceNow > 0 {
            if !readSome(timeoutMilliseconds: 50) { reap() }
        }
        if status == nil {
            kill(pid, SIGKILL)
            var s: Int32 = 0
            waitpid(pid, &s, 0)
            status = s
            return nil
        }
        let s = status ?? 0
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        return s & 0x7f == 0 ? (s >> 8) & 0xff : nil
    }
}
#endif
