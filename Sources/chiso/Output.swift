// `--output FILE` and the binary formats: where `chiso run` writes what it renders.

import ArgumentParser
import Foundation

enum Output {
    /// A workbook is binary: it goes to a file, or to standard output when that is not a terminal.
    static func validate(format: OutputFormat, output: String?) throws {
        guard format == .xlsx, output == nil || output == "-", isatty(STDOUT_FILENO) == 1 else { return }
        throw ValidationError(
            "--format xlsx writes a binary workbook, not text for the terminal: add --output report.xlsx (or --output - to pipe it)")
    }

    /// Writes `bytes` to the file `output` (standard output when nil or '-'); when that
    /// fails, says why and exits 66.
    static func write(_ bytes: [UInt8], to output: String?) {
        guard let output, output != "-" else {
            if let why = write(bytes, fd: STDOUT_FILENO) { fail("error: cannot write the output: \(why)\n") }
            return
        }
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return fail("error: cannot write '\(output)': \(String(cString: strerror(errno)).lowercased())\n") }
        let why = write(bytes, fd: fd)
        close(fd)
        if let why { fail("error: cannot write '\(output)': \(why)\n") }
    }

    /// Opens the file `output` (standard output when nil or '-') and hands `render` a
    /// function that writes each chunk of the output to it; when that fails, says why
    /// and exits 66.
    static func stream(to output: String?, _ render: (([UInt8]) -> Void) -> Void) {
        guard let output, output != "-" else {
            render { chunk in
                if let why = write(chunk, fd: STDOUT_FILENO) { fail("error: cannot write the output: \(why)\n") }
            }
            return
        }
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return fail("error: cannot write '\(output)': \(String(cString: strerror(errno)).lowercased())\n") }
        render { chunk in
            if let why = write(chunk, fd: fd) {
                close(fd)
                fail("error: cannot write '\(output)': \(why)\n")
            }
        }
        close(fd)
    }

    private static func write(_ bytes: [UInt8], fd: Int32) -> String? {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno)).lowercased()
            }
            written += n
        }
        return nil
    }

    private static func fail(_ message: String) {
        Terminal.error(message)
        exit(Exit.unreadable)
    }
}
