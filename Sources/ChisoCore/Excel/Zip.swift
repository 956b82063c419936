// MARK: - The zip container of a workbook
//
// An .xlsx file is a zip archive of XML parts. Reading goes through ZIPFoundation, with a budget on what is inflated: a small file that inflates to gigabytes (a
// "zip bomb") is stopped when the parts read pass `Zip.maxInflated`, whatever sizes its
// headers claim. Writing makes an archive in memory with deflated parts.

import Foundation
import ZIPFoundation

enum Zip {
    /// The most a workbook's parts may inflate to, together.
    static let maxInflated = 16 << 20

    struct Problem: Error {
        var message: String
        /// The parts inflated to more than `maxInflated`.
        var tooLarge = false
    }

    /// An archive read from memory, its entries by lower-cased path (the package's names
    /// are matched without case, as Excel does).
    struct Reader {
        private let archive: Archive
        private let entries: [String: Entry]
        /// What may still be inflated.
        private(set) var budget = Zip.maxInflated

        init?(_ bytes: [UInt8]) {
            guard bytes.starts(with: [0x50, 0x4B]), let archive = Self.open(bytes) else { return nil }
            var entries: [String: Entry] = [:]
            for entry in archive where entry.type == .file {
                let path = entry.path.hasPrefix("/") ? String(entry.path.dropFirst()) : entry.path
                entries[path.lowercased()] = entry
            }
            guard !entries.isEmpty else { return nil }
            self.archive = archive
            self.entries = entries
        }

        /// The archive, read from a private temporary copy of the bytes that is unlinked at
        /// once (the archive keeps it open). ZIPFoundation's in-memory archives trap on a
        /// damaged file (a seek past the end), its file-backed ones refuse it.
        private static func open(_ bytes: [UInt8]) -> Archive? {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-xlsx-\(UUID().uuidString)").path
            let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { return nil }
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                written += n
            }
            close(fd)
            defer { unlink(path) }
            guard written == bytes.count else { return nil }
            return try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil)
        }

        func has(_ path: String) -> Bool { entries[path.lowercased()] != nil }

        /// The part's bytes, nil when the archive has no such part.
        mutating func read(_ path: String) throws(Problem) -> [UInt8]? {
            guard let entry = entries[path.lowercased()] else { return nil }
            var out: [UInt8] = []
            var left = budget
            do {
                _ = try archive.extract(entry, bufferSize: 64 << 10) { chunk in
                    guard chunk.count <= left else { throw Problem(message: "", tooLarge: true) }
                    left -= chunk.count
                    out.append(contentsOf: chunk)
                }
            } catch let p as Problem {
                throw Problem(
                    message: "its parts inflate to more than \(Zip.maxInflated >> 20) MiB (a zip bomb, or a workbook too large for Chiso)",
                    tooLarge: p.tooLarge)
            } catch {
                throw Problem(message: "its part '\(entry.path)' is damaged (\(error))")
            }
            budget = left
            return out
        }
    }

    /// A zip archive of `parts` (path and bytes), in that order, deflated.
    static func write(_ parts: [(path: String, bytes: [UInt8])]) -> [UInt8] {
        // An in-memory archive only fails to be made when memory does; a workbook is small.
        guard let archive = try? Archive(data: Data(), accessMode: .create, pathEncoding: nil) else { return [] }
        // A fixed date, so that the same report gives the same bytes.
        let date = Date(timeIntervalSince1970: 1_577_836_800)
        for part in parts {
            let data = Data(part.bytes)
            try? archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data.map { Array($0) } ?? []
    }
}
