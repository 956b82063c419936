// MARK: - Text encodings of data files
//
// Notebooks are UTF-8. Data files come from spreadsheets, and Excel on a Vietnamese PC
// writes other encodings: "CSV (Comma delimited)" is Windows-1258, where a tone mark is
// often a separate combining character (`ệ` as `ê` + U+0323), and "Unicode Text" is
// UTF-16 with a byte order mark. A data file is decoded to UTF-8 (composed, NFC) before
// it is read, so that labels print as they were typed; a file that is none of these is
// refused at the first byte that cannot be read, never shown with replacement characters.

import Foundation

public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf16LittleEndian = "UTF-16 (little-endian)"
    case utf16BigEndian = "UTF-16 (big-endian)"
    case windows1258 = "Windows-1258"

    /// Where a file stops being readable in any encoding Chiso knows.
    public struct Undecodable: Error, Equatable, Sendable {
        /// The offset of the first unreadable byte in the original file.
        public var offset: Int
        public var byte: UInt8
    }

    /// The file's text as UTF-8 bytes, and the encoding it was read in.
    ///
    /// A byte order mark decides (UTF-8, UTF-16 LE or BE); without one, valid UTF-8 is
    /// UTF-8 and anything else is read as Windows-1258, whose combining tone marks are
    /// then composed (NFC). A UTF-8 byte order mark is kept for the reader to skip.
    public static func decode(_ bytes: [UInt8]) -> Result<(bytes: [UInt8], encoding: TextEncoding), Undecodable> {
        if bytes.starts(with: [0xFF, 0xFE]) { return utf16(bytes, littleEndian: true) }
        if bytes.starts(with: [0xFE, 0xFF]) { return utf16(bytes, littleEndian: false) }
        if let bad = firstInvalidUTF8(bytes) {
            // Bytes that are not UTF-8: Windows-1258 maps all but a few of them.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .failure(Undecodable(offset: bad, byte: bytes[bad])) }
            return windows1258(bytes)
        }
        return .success((bytes, .utf8))
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, low: UInt8, high: UInt8
            switch b {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return i
            }
            guard i + length <= n, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }

    private static func utf16(_ bytes: [UInt8], littleEndian: Bool) -> Result<(bytes: [UInt8], encoding: TextEncoding), Undecodable> {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        if i < bytes.count { return .failure(Undecodable(offset: i, byte: bytes[i])) }
        var scalars = String.UnicodeScalarView()
        var j = 0
        while j < units.count {
            let u = units[j]
            var code = UInt32(u)
            if (0xD800...0xDBFF).contains(u), j + 1 < units.count, (0xDC00...0xDFFF).contains(units[j + 1]) {
                code = 0x10000 + (UInt32(u - 0xD800) << 10) + UInt32(units[j + 1] - 0xDC00)
                j += 1
            }
            guard let s = Unicode.Scalar(code) else { return .failure(Undecodable(offset: 2 + 2 * j, byte: bytes[2 + 2 * j])) }
            scalars.append(s)
            j += 1
        }
        return .success((Array(String(scalars).utf8), littleEndian ? .utf16LittleEndian : .utf16BigEndian))
    }

    private static func windows1258(_ bytes: [UInt8]) -> Result<(bytes: [UInt8], encoding: TextEncoding), Undecodable> {
        var scalars = String.UnicodeScalarView()
        for (i, b) in bytes.enumerated() {
            if b < 0x80 { scalars.append(Unicode.Scalar(b)); continue }
            let code = windows1258High[Int(b) - 0x80]
            guard code != 0, let s = Unicode.Scalar(code) else { return .failure(Undecodable(offset: i, byte: b)) }
            scalars.append(s)
        }
        let composed = String(scalars).precomposedStringWithCanonicalMapping
        return .success((Array(composed.utf8), .windows1258))
    }

    /// Windows-1258 bytes 0x80…0xFF as Unicode code points; 0 where the code page has none.
    private static let windows1258High: [UInt32] = [
        0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0000, 0x2039, 0x0152, 0x0000, 0x0000, 0x0000,
        0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0000, 0x203A, 0x0153, 0x0000, 0x0000, 0x0178,
        0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
        0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
        0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
        0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
        0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
        0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
        0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
        0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
        0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
        0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
        0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
    ]
}
