// MARK: - Numbers as a careful spreadsheet user expects
//
// `0.1 + 0.2 == 0.3` is true and shows 0.3; rounding works on the number as written to
// 15 significant digits, half away from zero; integers are exact up to 2^53.

import Testing

@testable import ChisoCore

@Suite("Decimal15")
struct Decimal15Tests {
    @Test("a double as 15 significant decimal digits")
    func digits() {
        let d = Decimal15(1234.5)
        #expect(d.negative == false)
        #expect(d.exponent == 3)
        #expect(d.digits == [1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(d.trimmed.digits == [1, 2, 3, 4, 5])
    }

    @Test("the number as written: 2.675 and 1.005 are not their binary neighbours")
    func asWritten() {
        // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875.
        #expect(Decimal15(2.675).trimmed.digits == [2, 6, 7, 5])
        #expect(Decimal15(1.005).trimmed.digits == [1, 0, 0, 5])
        #expect(Decimal15(0.1 + 0.2).trimmed.plainText == "0.3")
    }

    @Test("negative numbers, small numbers and zero")
    func signsAndZero() {
        let n = Decimal15(-2.5)
        #expect(n.negative)
        #expect(n.exponent == 0)
        #expect(n.trimmed.plainText == "-2.5")
        #expect(Decimal15(0.001).exponent == -3)
        #expect(Decimal15(0).isZero)
        #expect(Decimal15(0).exponent == 0)
        #expect(Decimal15(0).plainText == "0")
        // Negative zero is zero, without a sign.
        #expect(Decimal15(-0.0).negative == false)
        #expect(Decimal15(-0.0).plainText == "0")
    }

    @Test("plain text, with no grouping and '.' as the point")
    func plainText() {
        #expect(Decimal15(1234.5).trimmed.plainText == "1234.5")
        #expect(Decimal15(-1234.5).trimmed.plainText == "-1234.5")
        #expect(Decimal15(0.00001).trimmed.plainText == "0.00001")
        #expect(Decimal15(1.5e20).trimmed.plainText == "150000000000000000000")
        #expect(Decimal15(100).trimmed.plainText == "100")
        #expect(Decimal15(1.0 / 3.0).plainText == "0.333333333333333")
    }

    @Test("integer and fraction parts, zero-padded")
    func parts() {
        let text = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self) }
        let (i, f) = Decimal15(1234.5).parts(minFraction: 3)
        #expect(text(i) == "1234")
        #expect(text(f) == "500")
        let (i0, f0) = Decimal15(0.05).parts(minFraction: 0)
        #expect(text(i0) == "0")
        #expect(text(f0) == "05")
    }

    @Test("rounding half away from zero on the decimal digits")
    func rounding() {
        #expect(Decimal15(2.675).rounded(decimals: 2).doubleValue == 2.68)
        #expect(Decimal15(1.005).rounded(decimals: 2).doubleValue == 1.01)
        #expect(Decimal15(-2.5).rounded(decimals: 0).doubleValue == -3)
        #expect(Decimal15(999.5).rounded(decimals: 0).doubleValue == 1000)
        #expect(Decimal15(0.005).rounded(decimals: 2).doubleValue == 0.01)
        #expect(Decimal15(0.004).rounded(decimals: 2).isZero)
        #expect(Decimal15(1234.5678).rounded(decimals: -2).doubleValue == 1200)
        #expect(Decimal15(1250).rounded(decimals: -2).doubleValue == 1300)
        #expect(Decimal15(49).rounded(decimals: -2).isZero)
        #expect(Decimal15(50).rounded(decimals: -2).doubleValue == 100)
        // Rounding to nothing leaves no negative zero behind.
        #expect(Decimal15(-0.004).rounded(decimals: 2).negative == false)
    }

    @Test("rounding away from and toward zero")
    func roundingModes() {
        #expect(Decimal15(2.121).rounded(decimals: 2, mode: .awayFromZero).doubleValue == 2.13)
        #expect(Decimal15(-2.121).rounded(decimals: 2, mode: .awayFromZero).doubleValue == -2.13)
        #expect(Decimal15(2.12).rounded(decimals: 2, mode: .awayFromZero).doubleValue == 2.12)
        #expect(Decimal15(0.0004).rounded(decimals: 2, mode: .awayFromZero).doubleValue == 0.01)
        #expect(Decimal15(2.129).rounded(decimals: 2, mode: .towardZero).doubleValue == 2.12)
        #expect(Decimal15(-2.129).rounded(decimals: 2, mode: .towardZero).doubleValue == -2.12)
    }

    @Test("scaling by a power of ten is exact")
    func scaled() {
        #expect(Decimal15(0.3104).scaled(by: 2).trimmed.plainText == "31.04")
        #expect(Decimal15(0.07).scaled(by: 2).trimmed.plainText == "7")
        #expect(Decimal15(0).scaled(by: 2).isZero)
    }
}

@Suite("Numeric")
struct NumericTests {
    // MARK: Unit level

    @Test("approximate equality forgives the last bits only")
    func approxEqual() {
        #expect(Numeric.approxEqual(0.1 + 0.2, 0.3))
        #expect(Numeric.approxEqual(0.1 * 3, 0.3))
        #expect(!Numeric.approxEqual(0.3, 0.3000001))
        #expect(!Numeric.approxEqual(1, 1.000000001))
        #expect(!Numeric.approxEqual(0, 1e-300))
        #expect(Numeric.approxEqual(0, 0))
        #expect(!Numeric.approxEqual(.nan, .nan))
    }

    @Test("sums and differences that cancel are exactly zero")
    func cancellation() {
        #expect(Numeric.subtract(Numeric.subtract(0.3, 0.1), 0.2) == 0)
        #expect(Numeric.add(0.3, -0.1 - 0.2) == 0)
        #expect(Numeric.subtract(5, 3) == 2)
        #expect(Numeric.add(-1.5, 1.5) == 0)
    }

    @Test("comparison with approximate equality")
    func compare() {
        #expect(Numeric.compare(0.1 + 0.2, 0.3) == 0)
        #expect(Numeric.compare(1, 2) == -1)
        #expect(Numeric.compare(2, 1) == 1)
    }

    @Test("round, roundup, rounddown on the number as written")
    func round() {
        #expect(Numeric.round(2.675, 2) == 2.68)
        #expect(Numeric.round(1.005, 2) == 1.01)
        #expect(Numeric.round(-2.5, 0) == -3)
        #expect(Numeric.round(2.5, 0) == 3)
        #expect(Numeric.round(-1.005, 2) == -1.01)
        #expect(Numeric.round(1.2345, 3) == 1.235)
        #expect(Numeric.round(1234.5678, -2) == 1200)
        #expect(Numeric.round(2.121, 2, mode: .awayFromZero) == 2.13)
        #expect(Numeric.round(2.129, 2, mode: .towardZero) == 2.12)
        #expect(Numeric.round(0, 2) == 0)
        #expect(Numeric.round(1.5, 500) == 1.5)
        #expect(Numeric.round(.infinity, 2) == .infinity)
    }

    @Test("whole numbers, read at 15 significant digits")
    func isWhole() {
        #expect(Numeric.isWhole(3))
        #expect(Numeric.isWhole(0.1 * 3 * 10))
        #expect(!Numeric.isWhole(2.5))
        #expect(!Numeric.isWhole(.infinity))
        #expect(!Numeric.isWhole(.nan))
    }

    @Test("integers up to 2^53 survive addition and subtraction exactly")
    func largeIntegersUnit() {
        #expect(Numeric.add(9_007_199_254_740_991, 1) == 9_007_199_254_740_992)
        #expect(Numeric.subtract(1_000_000_000_000_001, 1_000_000_000_000_000) == 1)
        #expect(Numeric.subtract(9_007_199_254_740_991, 9_007_199_254_740_990) == 1)
        #expect(Numeric.compare(9_007_199_254_740_991, 9_007_199_254_740_990) == 1)
    }

    // MARK: In a notebook

    @Test("0.1 + 0.2 == 0.3 is true in Chiso, and 0.1 + 0.2 shows 0.3")
    func pointOnePlusPointTwo() {
        let r = runNotebook(
            """
            a = 0.1 + 0.2 == 0.3
            b = 0.1 + 0.2
            c = 0.3 - 0.1 - 0.2
            d = 0.1 * 3 == 0.3
            e = 0.1 + 0.2 != 0.3
            f = 1.1 + 2.2
            """)
        #expect(value(r, "a") == .bool(true))
        #expect(shown(r, "b") == "0.3")
        #expect(num(value(r, "c")) == 0)
        #expect(shown(r, "c") == "0")
        #expect(value(r, "d") == .bool(true))
        #expect(value(r, "e") == .bool(false))
        #expect(shown(r, "f") == "3.3")
    }

    @Test("round(2.675, 2) is 2.68 and round(1.005, 2) is 1.01")
    func roundAsWritten() {
        let r = runNotebook("a = round(2.675, 2)\nb = round(1.005, 2)\nc = round(2.675, 2) == 2.68")
        #expect(num(value(r, "a")) == 2.68)
        #expect(num(value(r, "b")) == 1.01)
        #expect(value(r, "c") == .bool(true))
        #expect(shown(r, "a") == "2.68")
        #expect(shown(r, "b") == "1.01")
    }

    @Test("round(-2.5) is -3: half away from zero")
    func roundHalfAway() {
        let r = runNotebook("a = round(-2.5)\nb = round(2.5)\nc = round(0.5)\nd = round(-0.5)\ne = round(1.5)\nf = round(2.4)")
        #expect(num(value(r, "a")) == -3)
        #expect(num(value(r, "b")) == 3)
        #expect(num(value(r, "c")) == 1)
        #expect(num(value(r, "d")) == -1)
        #expect(num(value(r, "e")) == 2)
        #expect(num(value(r, "f")) == 2)
    }

    @Test("round to tens and hundreds with negative digits")
    func roundNegativeDigits() {
        let r = runNotebook("a = round(1234.5678, -2)\nb = round(1250, -2)\nc = round(-1250, -2)")
        #expect(num(value(r, "a")) == 1200)
        #expect(num(value(r, "b")) == 1300)
        #expect(num(value(r, "c")) == -1300)
    }

    @Test("roundup goes away from zero, rounddown toward zero")
    func roundupRounddown() {
        let r = runNotebook(
            """
            a = roundup(2.121, 2)
            b = roundup(-2.121, 2)
            c = rounddown(2.129, 2)
            d = rounddown(-2.129, 2)
            e = roundup(2.1)
            f = rounddown(2.9)
            g = roundup(3, 2)
            h = rounddown(0.1 + 0.2, 1)
            """)
        #expect(num(value(r, "a")) == 2.13)
        #expect(num(value(r, "b")) == -2.13)
        #expect(num(value(r, "c")) == 2.12)
        #expect(num(value(r, "d")) == -2.12)
        #expect(num(value(r, "e")) == 3)
        #expect(num(value(r, "f")) == 2)
        #expect(num(value(r, "g")) == 3)
        // 0.30000000000000004 read as written is 0.3: rounding down keeps 0.3.
        #expect(num(value(r, "h")) == 0.3)
    }

    @Test("round with a non-whole number of digits is #VALUE!; round of an error keeps it")
    func roundErrors() {
        let r = runNotebook("a = round(1.5, 0.5)\nb = round(1/0, 2)\nc = round(\"x\")\nd = round(_, 2)")
        #expect(value(r, "a") == .error(.value))
        #expect(value(r, "b") == .error(.div0))
        #expect(value(r, "c") == .error(.value))
        #expect(value(r, "d") == .blank)
    }

    @Test("integers are exact up to 2^53")
    func largeIntegers() {
        let r = runNotebook(
            """
            a = 9007199254740991
            b = 9007199254740991 + 1
            c = 2^53
            d = 1_000_000_000_000_001 - 1_000_000_000_000_000
            e = 9007199254740991 - 9007199254740990
            f = 9007199254740991 == 9007199254740990
            g = 123456789012345 * 10 + 6
            """)
        #expect(num(value(r, "a")) == 9_007_199_254_740_991)
        #expect(num(value(r, "b")) == 9_007_199_254_740_992)
        #expect(num(value(r, "c")) == 9_007_199_254_740_992)
        #expect(num(value(r, "d")) == 1)
        #expect(num(value(r, "e")) == 1)
        #expect(value(r, "f") == .bool(false))
        #expect(num(value(r, "g")) == 1_234_567_890_123_456)
    }

    @Test("integer arithmetic on ordinary sizes is exact")
    func ordinaryIntegers() {
        let r = runNotebook("a = 1_290_000 + 1_135_200\nb = 1_636 - 505\nc = 20 * 35\nd = 2^10\ne = 7 / 2")
        #expect(num(value(r, "a")) == 2_425_200)
        #expect(num(value(r, "b")) == 1_131)
        #expect(num(value(r, "c")) == 700)
        #expect(num(value(r, "d")) == 1024)
        #expect(num(value(r, "e")) == 3.5)
    }

    @Test("a result that is not a finite number is #NUM!")
    func overflow() {
        let r = runNotebook("a = 1e308 * 10\nb = sqrt(-1)\nc = (-8)^(1/3)")
        #expect(value(r, "a") == .error(.num))
        #expect(value(r, "b") == .error(.num))
        #expect(value(r, "c") == .error(.num))
    }
}
