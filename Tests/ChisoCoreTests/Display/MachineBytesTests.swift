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
            0.434959349593496, 99.99999999999999, 0.000123, 5e-324, 1.7976931348623157e308,
        ])
    func examples(_ x: Double) {
        #expect(bytes(x) == MachineNumber.text(x))
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
}
