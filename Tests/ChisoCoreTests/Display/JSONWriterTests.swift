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
}
