// MARK: - The JSON writer writes what JSONEncoder would
//
// `JSONRenderer` writes its bytes itself (`JSONWriter`); `JSONEncoder`, with the options
// the renderer used before, is the reference: every notebook and fixture, and values at
// the edges of number and string formatting, give the same bytes both ways.

import ChisoTestSupport
import Foundation
import Testing

@testable import ChisoCore

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("every notebook's and fixture's JSON is JSONEncoder's, byte for byte", arguments: GoldenCase.all)
    func sameAsEncoder(_ c: GoldenCase) throws {
        let bytes = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent(c.path)))
        let report = Engine.run(name: c.path, bytes: bytes).report
        #expect(JSONRenderer.render(report) == JSONRenderer.encoded(JSONRenderer.document(report)))
    }

    @Test("numbers, strings and empty lists at the edges")
    func edges() {
        let numbers: [Double] = [
            0, -0.0, 1, -1, 0.1, 0.3, 1e-7, 1e21, 1e15, 1e16, 9_007_199_254_740_992, 123_456_789_012.5, -2.5e-300,
            .greatestFiniteMagnitude, .leastNonzeroMagnitude, 1.0 / 3,
        ]
        let texts = ["", "a\"b\\c", "đ/ế\u{301}", "tab\there", "line\nbreak", "\u{1}\u{1f}", "|x|"]
        let report = Report(
            locale: .vi,
            items: [
                .scalars(
                    numbers.enumerated().map { Report.Scalar(name: "n\($0.offset)", value: .number($0.element), format: .general) }
                        + texts.enumerated().map { Report.Scalar(name: "t\($0.offset)", value: .text($0.element), format: .general) }),
                .heading("Tiêu đề \"x\""),
            ])
        let json = JSONRenderer.render(report)
        #expect(json == JSONRenderer.encoded(JSONRenderer.document(report)))
        // The largest double stays a number (15 digits would round it past the largest finite one).
        #expect(json.contains("\"value\" : 1.7976931348623157e+308"))
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
        let empty = Report(locale: .en, items: [])
        #expect(JSONRenderer.render(empty) == JSONRenderer.encoded(JSONRenderer.document(empty)))
    }

    @Test("tables of random values, with totals, subtotals and amended cells, as JSONEncoder writes them")
    func randomTables() throws {
        var g = SplitMix(seed: 1404)
        func value() -> Value {
            switch g.next() % 10 {
            case 0: .blank
            case 1: .text(["", "Hà Tĩnh", "a\"b", "tab\tx", "1,5"][Int(g.next() % 5)])
            case 2: .error(.div0)
            case 3: .bool(g.next() % 2 == 0)
            case 4: .number(Double(bitPattern: g.next()))
            case 5: .number(Double(Int64(bitPattern: g.next()) % 1_000_000) * [1e-12, 1e-6, 1e-3, 1e3, 1e12][Int(g.next() % 5)])
            case 6: .number(Double(Int64(bitPattern: g.next()) >> Int(g.next() % 64)))
            default: .number(Double(Int64(bitPattern: g.next()) % 1_000_000) / Double(g.next() % 1000 + 1))
            }
        }
        let start = try #require(Period(.quarter, year: 2018))
        let year2018 = try #require(Period(.year, year: 2018))
        let periods = (0..<8).map { start.shifted(by: $0) }
        let formats: [DisplayFormat] = [.general, .text, .number(decimals: 1), .percent(decimals: nil), .points(decimals: 0)]
        var items: [Report.Item] = []
        for k in 0..<40 {
            let rows = (0..<5).map { r in
                Report.Row(
                    name: "r\(r)", label: r % 2 == 0 ? nil : "Dòng \(r)", values: periods.map { _ in value() }, total: value(),
                    format: formats[Int(g.next() % UInt64(formats.count))],
                    origins: r == 1 ? [2: ValueOrigin(kind: .override, place: "a.chiso:3")] : [:],
                    subtotalValues: k % 3 == 0 ? [value(), value()] : [])
            }
            var table = Report.Table(name: "t\(k)", label: nil, periods: periods, totalLabel: k % 2 == 0 ? "Cả kỳ" : nil, rows: rows)
            if k % 3 == 0 {
                table.subtotals = [Report.Subtotal(year: year2018, after: 3), Report.Subtotal(year: year2018.shifted(by: 1), after: 7)]
            }
            items.append(.table(table))
        }
        for locale in [DisplayLocale.vi, .en] {
            let report = Report(locale: locale, items: items)
            #expect(JSONRenderer.render(report) == JSONRenderer.encoded(JSONRenderer.document(report)))
        }
    }
}
