// Decoding data files written by spreadsheets: UTF-8, UTF-16 with a byte order mark, and
// Windows-1258 with its combining tone marks composed.

import Testing

@testable import ChisoCore

@Suite("Text encodings")
struct TextEncodingTests {
    private func decoded(_ bytes: [UInt8]) throws -> (String, TextEncoding) {
        let r = try TextEncoding.decode(bytes).get()
        return (String(decoding: r.bytes, as: UTF8.self), r.encoding)
    }

    @Test("valid UTF-8 is kept byte for byte")
    func utf8() throws {
        let text = "name;label\nnhan;Tiếp nhận\n"
        let r = try TextEncoding.decode(Array(text.utf8)).get()
        #expect(r.bytes == Array(text.utf8))
        #expect(r.encoding == .utf8)
    }

    @Test("Windows-1258: 'Tiếp nhận' as Excel writes it, with combining tone marks, composes to NFC")
    func windows1258() throws {
        // T i ê(0xEA) ́(0xEC) p ␠ n h â(0xE2) ̣(0xF2) n — what the repro's cp.csv holds.
        let bytes: [UInt8] = [0x54, 0x69, 0xEA, 0xEC, 0x70, 0x20, 0x6E, 0x68, 0xE2, 0xF2, 0x6E]
        let (text, encoding) = try decoded(bytes)
        #expect(encoding == .windows1258)
        #expect(text == "Tiếp nhận")
        #expect(Array(text.unicodeScalars).count == 9, "composed: one scalar per letter")
        // đ, ơ, ư and the đồng sign are single bytes.
        #expect(try decoded([0xF0, 0xF5, 0xFD, 0xFE]).0 == "đơư₫")
    }

    @Test("the repro's Windows-1258 file decodes to the labels it was saved with")
    func reproFile() throws {
        let bytes: [UInt8] =
            Array("name;label;2022Q1\nnhan;Ti".utf8) + [0xEA, 0xEC] + Array("p nh".utf8) + [0xE2, 0xF2] + Array("n;1.234\n".utf8)
        let (text, _) = try decoded(bytes)
        #expect(text == "name;label;2022Q1\nnhan;Tiếp nhận;1.234\n")
    }

    @Test("a byte Windows-1258 does not define is refused at its offset")
    func undefinedByte() {
        let bytes: [UInt8] = Array("ab\ncd".utf8) + [0x81] + Array("x".utf8)
        #expect(throws: TextEncoding.Undecodable(offset: 5, byte: 0x81)) { try TextEncoding.decode(bytes).get() }
    }

    @Test("a UTF-8 byte order mark followed by invalid UTF-8 is refused, not guessed")
    func bomThenInvalid() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x61, 0xEA, 0x62]
        #expect(throws: TextEncoding.Undecodable(offset: 4, byte: 0xEA)) { try TextEncoding.decode(bytes).get() }
    }

    @Test("UTF-16 little- and big-endian with a byte order mark, as Excel's Unicode Text writes")
    func utf16() throws {
        let text = "name\tlabel\nnhan\tTiếp nhận 😀\n"
        let units = Array(text.utf16)
        let le: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try decoded(le) == (text, .utf16LittleEndian))
        #expect(try decoded(be) == (text, .utf16BigEndian))
    }

    @Test("UTF-16 with a lone surrogate or an odd byte count is refused")
    func utf16Broken() {
        #expect(throws: TextEncoding.Undecodable.self) { try TextEncoding.decode([0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00]).get() }
        #expect(throws: TextEncoding.Undecodable(offset: 4, byte: 0x62)) { try TextEncoding.decode([0xFF, 0xFE, 0x61, 0x00, 0x62]).get() }
    }

    @Test("the UTF-8 validator agrees with Swift's decoder on overlongs, surrogates and truncation")
    func validator() {
        let cases: [[UInt8]] = [
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xE1, 0x80], [0xF0, 0x9F, 0x98], Array("ệ😀".utf8), [0x61, 0xFF],
        ]
        for bytes in cases {
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((TextEncoding.firstInvalidUTF8(bytes) == nil) == valid, "\(bytes)")
        }
    }
}
