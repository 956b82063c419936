// MARK: - Output handed on a megabyte at a time
//
// The renderers write a report into one byte buffer and hand it to their caller in
// chunks between items (a table, a heading), so that the output of the large department
// workload (150 MB as a table) is never held whole: the buffer is emptied, keeping its
// capacity, each time it passes `size`.

enum ByteChunks {
    /// About how many bytes are handed on at a time.
    static let size = 1 << 20

    /// Hands `out` to `chunk` and empties it when it holds `size` bytes or more.
    @inline(__always)
    static func flush(_ out: inout [UInt8], _ chunk: ([UInt8]) -> Void) {
        guard out.count >= size else { return }
        chunk(out)
        out.removeAll(keepingCapacity: true)
    }

    /// Every chunk a writer hands on, in one array (for `render` and `bytes`).
    static func collect(_ write: (_ chunk: ([UInt8]) -> Void) -> Void) -> [UInt8] {
        var all: [UInt8] = []
        write { all.append(contentsOf: $0) }
        return all
    }

    /// Hands on what is left.
    static func finish(_ out: inout [UInt8], _ chunk: ([UInt8]) -> Void) {
        guard !out.isEmpty else { return }
        chunk(out)
        out.removeAll()
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `s`.
    @inline(__always)
    mutating func append(utf8 s: String) {
        var s = s
        s.withUTF8 { append(contentsOf: $0) }
    }
}
