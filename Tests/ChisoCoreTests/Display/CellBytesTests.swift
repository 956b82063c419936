// MARK: - Values' text for people as bytes is CellText.format's
//
// `CellBytes` writes the common cases of `CellText.format` (blanks, and numbers in the
// `general`, `text` and `number(n)` formats) into a byte buffer for the table, Markdown,
// HTML and JSON renderers; whatever it writes must be what `CellText.format` writes.

import ChisoTestSupport
import Testing

@testable import ChisoCore

@Suite("Values' text as bytes")
struct CellBytesTests {
    static let formats: [DisplayFormat] = [
        .general, .text, .number(decimals: 0), .number(decimals: 2), .percent(decimals: 1), .percent(decimals: nil), .points(decimals: 1),
    ]

    /// The bytes `CellBytes` writes for `v`, or nil when it leaves it to `CellText.format`.
    func bytes(_ v: Value, _ format: DisplayFormat, _ locale: DisplayLocale) -> String? {
        var out: [UInt8] = [UInt8(ascii: "x")]
        guard CellBytes.append(v, format, locale, to: &out) else {
            #expect(out == [UInt8(ascii: "x")], "nothing written when it answers false")
            return nil
        }
        return String(decoding: out.dropFirst(), as: UTF8.self)
    }

    @Test("examples at the edges, in both locales and every format")
    func examples() {
        let numbers: [Double] = [
            0, -0.0, 1, -1, 999, 1000, -1234, 1_234_567, 9_007_199_254_740_992, 9_007_199_254_740_994, 1e15, 0.5, -0.5, 0.1 + 0.2,
            1.0 / 3, 1234.5678, -98_765.4321, 1e-9, 1.5e-9, 9.99e-10, 1e-13, 0.999999999999999, 99_999_999_999_999.9,
            123_456_789_012.345, .infinity, -.infinity, .nan, .greatestFiniteMagnitude,
        ]
        var fast = 0
        for locale in [DisplayLocale.en, .vi] {
            for format in Self.formats {
                for x in numbers {
                    guard let b = bytes(.number(x), format, locale) else { continue }
                    fast += 1
                    #expect(b == CellText.format(.number(x), format, locale), "\(x) in \(format), \(locale)")
                }
                #expect(bytes(.blank, format, locale) == "")
                #expect(bytes(.text("a"), format, locale) == nil)
                #expect(bytes(.error(.div0), format, locale) == nil)
            }
        }
        // Whole numbers in every format but percent and points; fractions in general and text.
        #expect(fast > 100)
        #expect(bytes(.number(1234.5), .general, .vi) == "1.234,5")
        #expect(bytes(.number(-1_234_567), .number(decimals: 2), .en) == "-1,234,567.00")
    }

    @Test("the same text as CellText.format on 300,000 random numbers")
    func random() {
        var g = SplitMix(seed: 2018)
        var fast = 0
        for k in 0..<300_000 {
            let x: Double
            switch k % 5 {
            case 0: x = Double(bitPattern: g.next())  // any bits: huge, tiny, NaN
            case 1: x = Double(Int64(bitPattern: g.next()) % 1_000_000) / Double(g.next() % 1000 + 1)  // ratios
            case 2: x = Double(g.next() % 10_000_000) / 100  // money
            case 3: x = Double(Int64(bitPattern: g.next()) % 1_000_000) * [1e-12, 1e-9, 1e-6, 1e3, 1e9][Int(g.next() % 5)]
            default: x = Double(Int64(bitPattern: g.next()) >> Int(g.next() % 64))  // integers of every size
            }
            let format = Self.formats[Int(g.next() % UInt64(Self.formats.count))]
            let locale: DisplayLocale = g.next() % 2 == 0 ? .en : .vi
            guard let b = bytes(.number(x), format, locale) else { continue }
            fast += 1
            let expected = CellText.format(.number(x), format, locale)
            if b != expected {
                Issue.record("\(x) (\(x.bitPattern)) in \(format), \(locale): \(b) != \(expected)")
                return
            }
        }
        #expect(fast > 50_000)
    }
}
