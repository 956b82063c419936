// MARK: - JSON written into one byte buffer
//
// The report's JSON as `JSONEncoder` with `.prettyPrinted, .sortedKeys,
// .withoutEscapingSlashes` writes it, byte for byte, without its tree of boxed values:
// on the large department workload `JSONEncoder` took seven times as long as the
// evaluation. Keys are sorted by their UTF-8 bytes, nested values are indented by two
// spaces, `"key" : value`, an empty array is `[`, a blank line and `]`, and numbers are
// Swift's shortest round-trip text without a trailing `.0`.

indirect enum JSONNode {
    case object([(String, JSONNode)])
    case array([JSONNode])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// A value as `JSONRenderer.JSONValue` writes it, its number as machines read it
    /// (`JSONValue.machine`).
    case value(Value)
    /// An array of values (`value`), written without a node each.
    case values([Value])
    /// An array of values' texts for people (`CellText.format`, sanitized), written
    /// without a `String` each where `CellBytes` writes them.
    case texts([Value], DisplayFormat, DisplayLocale)
    /// A node written once and its bytes copied after (the periods most tables share).
    case shared(JSONShared)

    /// An object of the fields that are present (an absent optional field is left out).
    static func fields(_ pairs: [(String, JSONNode?)]) -> JSONNode {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }
}

/// A node whose bytes are made once, at the indentation it is first written at, and
/// copied after (again only if it is written at another).
final class JSONShared {
    let node: JSONNode
    var bytes: [UInt8] = []
    var indent = 0
    init(_ node: JSONNode) { self.node = node }
}

struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func write(_ node: JSONNode, indent: Int = 0) {
        switch node {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let x): number(x)
        case .string(let s): string(s)
        case .value(let v): value(v, indent: indent)
        case .values(let values):
            array(values.count, indent: indent) { k, writer in writer.value(values[k], indent: indent + 2) }
        case .texts(let values, let format, let locale):
            array(values.count, indent: indent) { k, writer in
                writer.bytes.append(UInt8(ascii: "\""))
                if !CellBytes.append(values[k], format, locale, to: &writer.bytes) {
                    writer.stringBody(DisplayWidth.sanitized(CellText.format(values[k], format, locale)))
                }
                writer.bytes.append(UInt8(ascii: "\""))
            }
        case .array(let items):
            array(items.count, indent: indent) { k, writer in writer.write(items[k], indent: indent + 2) }
        case .object(let pairs):
            bytes.append(UInt8(ascii: "{"))
            let sorted = pairs.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            for (k, pair) in sorted.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                lineBreak(indent + 2)
                string(pair.0)
                append(" : ")
                write(pair.1, indent: indent + 2)
            }
            if pairs.isEmpty { bytes.append(UInt8(ascii: "\n")) }
            lineBreak(indent)
            bytes.append(UInt8(ascii: "}"))
        case .shared(let shared):
            if shared.indent != indent || shared.bytes.isEmpty {
                var writer = JSONWriter(capacity: 0)
                writer.write(shared.node, indent: indent)
                (shared.bytes, shared.indent) = (writer.bytes, indent)
            }
            bytes.append(contentsOf: shared.bytes)
        }
    }

    private mutating func append(_ s: String) { bytes.append(utf8: s) }

    /// An array of `count` items, as `.array` writes one, each written by `item`.
    private mutating func array(_ count: Int, indent: Int, _ item: (Int, inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for k in 0..<count {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            lineBreak(indent + 2)
            item(k, &self)
        }
        if count == 0 { bytes.append(UInt8(ascii: "\n")) }
        lineBreak(indent)
        bytes.append(UInt8(ascii: "]"))
    }

    /// A value as `JSONValue.node` writes it; a number without a node or a `String`.
    private mutating func value(_ v: Value, indent: Int) {
        guard case .number(let x) = v else { return write(JSONRenderer.JSONValue(v).node, indent: indent) }
        machine(x)
    }

    /// `number(JSONValue.machine(x))`: `x` to 15 significant digits, in the text Swift's
    /// shortest round-trip form gives that number (a number of at most 15 digits is its
    /// own shortest form), written directly in the plain range (10^-4 ≤ |x| < 10^15),
    /// where Swift writes no exponent.
    mutating func machine(_ x: Double) {
        if abs(x) < 1e15, x == x.rounded(.towardZero) {
            if x == 0, x.sign == .minus { return append("-0") }
            return MachineBytes.appendInteger(Int(x), to: &bytes)
        }
        if let (negative, n, exponent) = Digits15.of(x), exponent >= -4, exponent <= 14 {
            return MachineBytes.appendDigits(negative, n, exponent, to: &bytes)
        }
        number(JSONRenderer.JSONValue.machine(x))
    }

    /// Text written as it is (the document's frame around its items).
    mutating func raw(_ s: String) { append(s) }

    /// A line break and the next line's indentation, copied at once from a prepared array
    /// for each indentation up to 64 (an array appended to an array is one copy).
    private static let breaks: [[UInt8]] = (0...64).map { [UInt8(ascii: "\n")] + [UInt8](repeating: UInt8(ascii: " "), count: $0) }

    private mutating func lineBreak(_ indent: Int) {
        guard indent > 64 else { return bytes.append(contentsOf: Self.breaks[indent]) }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    mutating func number(_ x: Double) {
        // Values are finite; were one not, `null` keeps the document JSON.
        guard x.isFinite else { return append("null") }
        var text = x.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        append(text)
    }

    private mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        stringBody(s)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string's text between its quotes, escaped.
    private mutating func stringBody(_ s: String) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append("\\u00")
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
    }
}

// MARK: - The report's structures as nodes (the same keys their `Encodable` forms have)

extension JSONRenderer.Document {
    var node: JSONNode { .fields([("locale", .string(locale)), ("items", .array(items.map(\.node)))]) }
}

extension JSONRenderer.Item {
    var node: JSONNode {
        .fields([
            ("type", .string(type)), ("text", text.map(JSONNode.string)), ("scalars", scalars.map { .array($0.map(\.node)) }),
            ("name", name.map(JSONNode.string)), ("label", label.map(JSONNode.string)),
            ("periods", periods.map { .array($0.map(JSONNode.string)) }), ("totalLabel", totalLabel.map(JSONNode.string)),
            ("subtotals", subtotals.map { .array($0.map(\.node)) }), ("trend", trend.map(JSONNode.bool)),
            ("rows", rows.map { .array($0.map(\.node)) }), ("title", title.map(JSONNode.string)),
            ("chart", chart.map(JSONNode.string)), ("series", series.map { .array($0.map(\.node)) }), ("across", across?.node),
        ])
    }
}

extension JSONRenderer.SubtotalJSON {
    var node: JSONNode { .fields([("period", .string(period)), ("label", .string(label)), ("after", .string(after))]) }
}

extension JSONRenderer.SeriesJSON {
    var node: JSONNode {
        .fields([
            ("name", .string(name)), ("label", .string(label)), ("format", .string(format)), ("values", .array(values.map(\.node))),
        ])
    }
}

extension JSONRenderer.ScalarJSON {
    var node: JSONNode {
        .fields([
            ("name", .string(name)), ("label", label.map(JSONNode.string)), ("format", .string(format)), ("value", value.node),
            ("text", .string(text)), ("origin", origin?.node),
        ])
    }
}

extension JSONRenderer.RowJSON {
    var node: JSONNode {
        .fields([
            ("name", .string(name)), ("label", label.map(JSONNode.string)), ("format", .string(format)),
            ("values", .array(values.map(\.node))), ("texts", .array(texts.map(JSONNode.string))), ("total", total?.node),
            ("totalText", totalText.map(JSONNode.string)), ("origins", origins.map { .array($0.map(\.node)) }),
            ("subtotals", subtotals.map { .array($0.map(\.node)) }),
            ("subtotalTexts", subtotalTexts.map { .array($0.map(JSONNode.string)) }),
        ])
    }
}

extension JSONRenderer.OriginJSON {
    var node: JSONNode { .fields([("period", period.map(JSONNode.string)), ("kind", .string(kind)), ("place", .string(place))]) }
}

extension JSONRenderer.JSONValue {
    var node: JSONNode {
        switch value {
        case .number: .value(value)
        case .text(let s): .string(DisplayWidth.sanitized(s))
        case .bool(let b): .bool(b)
        case .blank: .null
        case .error(let e): .object([("error", .string(e.rawValue))])
        case .period(let p): .object([("period", .string(p.description))])
        case .series(let s): .array(s.values.map { JSONRenderer.JSONValue($0).node })
        }
    }
}

extension JSONRenderer.AcrossJSON {
    var node: JSONNode {
        .fields([
            ("period", .string(period)),
            ("columns", .array(columns.map { .fields([("name", .string($0.name)), ("label", $0.label.map(JSONNode.string))]) })),
            ("extra", extra.map(JSONNode.string)), ("extraLabel", extraLabel.map(JSONNode.string)), ("transposed", .bool(transposed)),
            ("rows", .array(rows.map(\.node))),
        ])
    }
}

extension JSONRenderer.AcrossJSON.Row {
    var node: JSONNode {
        .fields([
            ("name", .string(name)), ("label", label.map(JSONNode.string)), ("format", .string(format)),
            ("values", .array(values.map(\.node))), ("texts", .array(texts.map(JSONNode.string))), ("extra", extra?.node),
            ("extraText", extraText.map(JSONNode.string)), ("extraFormat", extraFormat.map(JSONNode.string)),
            (
                "origins",
                origins.map {
                    .array(
                        $0.map { .fields([("column", .string($0.column)), ("kind", .string($0.kind)), ("place", .string($0.place))]) })
                }
            ),
        ])
    }
}
