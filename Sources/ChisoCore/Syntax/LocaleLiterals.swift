// MARK: - Literals that read differently in Vietnamese
//
// Formulas always write the decimal point as '.', whatever the notebook's locale. A
// Vietnamese user types figures as the reports print them: `1.445` (one thousand four
// hundred forty-five) and `31,04%`. `1.445` is a valid decimal, so in a `locale vi`
// notebook it is read as written and gets a warning with both fixes; `1.288.866` is a
// malformed number whose error says `1_288_866`; `31,04%` in a formula is an error that
// says `31.04%`.

enum LocaleLiterals {
    /// `1.445`, `12.345.678`: one to three digits (not starting with 0, as `0.125` does),
    /// then groups of a point and three digits.
    static func looksLikeThousands(_ bytes: ArraySlice<UInt8>) -> Bool {
        let digit = { (b: UInt8) in b >= 48 && b <= 57 }
        let groups = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard groups.count >= 2, let head = groups.first, (1...3).contains(head.count), head.allSatisfy(digit),
            head.first != UInt8(ascii: "0")
        else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(digit) }
    }

    /// `looksLikeThousands` of `bytes[range]` (the lexer's data rows, read in place).
    static func looksLikeThousands(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        looksLikeThousands(ArraySlice(bytes[range]))
    }

    /// A warning for each thousands-like literal, when the notebook declares `locale vi`.
    static func warnings(_ spans: [SourceSpan], in file: SourceFile, statements: [Statement]) -> [Diagnostic] {
        guard !spans.isEmpty, statements.contains(where: { if case .locale(.vi, _) = $0 { true } else { false } }) else { return [] }
        return spans.prefix(Diagnostic.limit).map { span in
            let written = String(decoding: file.bytes[span.start..<span.end], as: UTF8.self)
            return .warning(
                .syntax,
                "'\(written)' is read as \(written) (the decimal point in formulas is always '.'), though in Vietnamese it reads as a thousands group",
                at: span,
                help:
                    "for the whole number write \(written.replacingOccurrences(of: ".", with: "_")); for the decimal, write it with another number of decimals (\(written)0) to say so"
            )
        }
    }
}

extension Expr {
    /// A value written out (a number, a text, a blank, …), as a data row's cells are.
    var isLiteral: Bool {
        switch kind {
        case .number, .text, .boolean, .blank, .period: true
        case .unary(.negate, let e): if case .number = e.kind { true } else { false }
        default: false
        }
    }
}
