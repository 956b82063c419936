import ChisoTestSupport
import Testing

@testable import ChisoCore

@Suite("Machine numbers as bytes")
struct MachineBytesTests {
    func bytes(_ x: Double) -> String {
        var out: [UInt8] = []
        MachineBytes.append(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(
        "the same text as MachineNumber.text",
        arguments: [
            0, -0.0, 1, -1, 42, 1_290_000, 9_007_199_254_740_992, 9_007_199_254_740_994, -9_007_199_254_740_994,
            0.5, -0.5, 0.1, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e-7, -1.5e-300, 1e21, 1.23456789012345678e22, 123.456,
            0.434959349593496, 99.99999999999999, 0.000123, Double.leastNonzeroMagnitude, 1.7976931348623157e308,
        ])
    func examples(_ x: Double) {
        #expect(bytes(x) == MachineNumber.text(x))
    }

    @Test("fifteen digits without printf are printf's, on 1,000,000 doubles of every size")
    func digits15() {
        var g = SplitMix(seed: 1_290_000)
        var checked = 0
        for k in 0..<1_000_000 {
            let x: Double
            switch k % 5 {
            case 0: x = Double(bitPattern: g.next())
            case 1: x = Double(Int64(bitPattern: g.next()) % 1_000_000) / Double(g.next() % 1000 + 1)
            case 2: x = Double(g.next() >> 11) * 0x1p-53 * pow10(Int(g.next() % 29) - 13)
            // Ties and near ties: 16 digits ending in 5, and integers of every size.
            case 3: x = Double((g.next() % 900_000_000_000_000 + 100_000_000_000_000) * 10 + 5) * pow10(-Int(g.next() % 20))
            default: x = Double(Int64(bitPattern: g.next()) >> Int(g.next() % 64))
            }
            guard let (negative, n, exponent) = Digits15.of(x) else { continue }
            checked += 1
            let d = Decimal15(printf: x)
            var expected: UInt64 = 0
            for digit in d.digits { expected = expected * 10 + UInt64(digit) }
            if negative != (x < 0) || n != expected || exponent != d.exponent {
                Issue.record("\(x) (\(x.bitPattern)): \(n)e\(exponent) != \(expected)e\(d.exponent)")
                return
            }
        }
        #expect(checked > 500_000)
    }

    private func pow10(_ k: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(k) { p *= 10 }
        return k < 0 ? 1 / p : p
    }

    @Test("the same text as MachineNumber.text on 200,000 random doubles")
    func random() {
        var g = SplitMix(seed: 15)
        for k in 0..<200_000 {
            let x: Double
            switch k % 4 {
            case 0: x = Double(bitPattern: g.next())  // any bits: huge, tiny, NaN
            case 1: x = Double(Int64(bitPattern: g.next()) % 1_000_000) / Double(g.next() % 1000 + 1)  // ratios
            case 2: x = Double(g.next() % 10_000_000) / 100  // money
            default: x = Double(Int64(bitPattern: g.next()) >> Int(g.next() % 64))  // integers of every size
            }
            guard x.isFinite else { continue }
            let a = bytes(x), b = MachineNumber.text(x)
            if a != b {
                Issue.record("\(x.bitPattern): \(a) != \(b)")
                return
            }
        }
    }

    @Test(
        "the largest doubles read back as themselves, not infinity (15 digits round them past the largest finite one)",
        arguments: [
            Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude.nextDown,
            1.797693134862315e308, 1.79769313486231e308, 1e308,
        ])
    func largest(_ x: Double) throws {
        let text = MachineNumber.text(x)
        #expect(bytes(x) == text)
        #expect(!text.contains("e") && !text.contains("E"))
        let back = try #require(Double(text))
        #expect(back.isFinite)
        // Exactly itself when 15 digits would not do; else the 15 digits' number.
        let fifteen = Decimal15(x).trimmed.doubleValue
        #expect(back == (fifteen.isFinite ? fifteen : x))
    }

    @Test("a CSV of the largest double reads back as the same finite double")
    func largestInCSV() throws {
        let x = 1.7976931348623157e308
        let report = Report(
            locale: .en, items: [.scalars([Report.Scalar(name: "m", value: .number(x), format: .general)])])
        let csv = CSVRenderer.render(report)
        let lines = csv.split(separator: "\r\n")
        #expect(lines.count == 2)
        let field = try #require(lines.last?.split(separator: ",", omittingEmptySubsequences: false).last)
        #expect(field.hasPrefix("17976931348623157"))
        #expect(Double(String(field)) == x)
    }
}
