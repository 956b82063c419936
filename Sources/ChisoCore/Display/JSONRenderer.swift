// MARK: - JSON
//
// The whole report, each value both as data (`value`: number, string, boolean, null for
// blank, {"error": "#DIV/0!"}) and as shown (`text`, in the notebook's locale). Every
// string from the notebook is sanitized as in every other output (`DisplayWidth.sanitized`):
// an escape sequence written as \u001b is still one for whatever prints it.

import Foundation

public enum JSONRenderer {
    public static func render(_ report: Report) -> String {
        String(decoding: bytes(report), as: UTF8.self)
    }

    /// The report's JSON as bytes, one item at a time: `{"items": [...], "locale": "vi"}`
    /// (the keys in `JSONEncoder`'s sorted order), each item's structures built, written
    /// and let go before the next.
    public static func bytes(_ report: Report) -> [UInt8] {
        ByteChunks.collect { write(report, chunk: $0) }
    }

    /// The same bytes, handed to `chunk` a megabyte or so at a time (between items); a
    /// table's values and texts are written without a node or a `String` each.
    public static func write(_ report: Report, chunk: ([UInt8]) -> Void) {
        var writer = JSONWriter(capacity: ByteChunks.size + (1 << 16))
        writer.raw("{\n  \"items\" : [\n")
        // The periods of the last table, written once: most tables of a notebook share them.
        var periods: ([Period], JSONNode)?
        for (k, item) in report.items.enumerated() {
            writer.raw("    ")
            if case .table(let t) = item {
                if periods?.0 != t.periods { periods = (t.periods, .shared(JSONShared(.array(t.periods.map { .string($0.description) })))) }
                writer.write(table(t, report.locale, periods: periods?.1), indent: 4)
            } else {
                writer.write(Self.item(item, report.locale).node, indent: 4)
            }
            writer.raw(k < report.items.count - 1 ? ",\n" : "\n")
            ByteChunks.flush(&writer.bytes, chunk)
        }
        if report.items.isEmpty { writer.raw("\n") }
        writer.raw("  ],\n  \"locale\" : ")
        writer.write(.string(report.locale.rawValue))
        writer.raw("\n}\n")
        ByteChunks.finish(&writer.bytes, chunk)
    }

    /// A table's node: `item(.table(t))`'s, its rows' values and texts left to the writer.
    static func table(_ t: Report.Table, _ locale: DisplayLocale, periods: JSONNode? = nil) -> JSONNode {
        let clean = { (s: String) in DisplayWidth.sanitized(s) }
        let frame = Item(
            type: "table", name: clean(t.name), label: t.label.map(clean), periods: periods == nil ? t.periods.map(\.description) : nil,
            totalLabel: t.totalLabel.map(clean), subtotals: t.subtotals.isEmpty ? nil : t.subtotals.map { SubtotalJSON($0, t, locale) },
            trend: t.showsTrend ? true : nil, rows: nil
        ).node
        let rows: [JSONNode] = t.rows.map { r in
            .fields([
                ("name", .string(clean(r.name))), ("label", r.label.map { .string(clean($0)) }), ("format", .string(r.format.description)),
                ("values", .values(r.values)), ("texts", .texts(r.values, r.format, locale)),
                ("total", t.totalLabel == nil ? nil : .value(r.total)),
                ("totalText", t.totalLabel == nil ? nil : .string(clean(CellText.format(r.total, r.format, locale)))),
                ("origins", OriginJSON.list(r.origins, t.periods).map { .array($0.map(\.node)) }),
                ("subtotals", t.subtotals.isEmpty ? nil : .values(r.subtotalValues)),
                ("subtotalTexts", t.subtotals.isEmpty ? nil : .texts(r.subtotalValues, r.format, locale)),
            ])
        }
        guard case .object(var pairs) = frame else { return frame }
        pairs.append(("rows", .array(rows)))
        if let periods { pairs.append(("periods", periods)) }
        return .object(pairs)
    }

    /// The report as the structures its JSON is written from.
    static func document(_ report: Report) -> Document {
        Document(locale: report.locale.rawValue, items: report.items.map { item($0, report.locale) })
    }

    /// One item of the report as the structures its JSON is written from.
    static func item(_ item: Report.Item, _ locale: DisplayLocale) -> Item {
        let clean = { (s: String) in DisplayWidth.sanitized(s) }
        return switch item {
        case .heading(let text): Item(type: "heading", text: clean(text))
        case .paragraph(let p): Item(type: "paragraph", text: clean(p.text))
        case .across(let a): across(a, locale)
        case .chart(let c): chart(c, locale)
        case .scalars(let scalars):
            Item(
                type: "scalars",
                scalars: scalars.map { s in
                    ScalarJSON(
                        name: clean(s.name), label: s.label.map(clean), format: s.format.description, value: JSONValue(s.value),
                        text: clean(CellText.format(s.value, s.format, locale)),
                        origin: s.origin.map { OriginJSON($0, period: nil) })
                })
        case .table(let t):
            Item(
                type: "table", name: clean(t.name), label: t.label.map(clean), periods: t.periods.map(\.description),
                totalLabel: t.totalLabel.map(clean),
                subtotals: t.subtotals.isEmpty ? nil : t.subtotals.map { SubtotalJSON($0, t, locale) },
                trend: t.showsTrend ? true : nil,
                rows: t.rows.map { r in
                    RowJSON(
                        name: clean(r.name), label: r.label.map(clean), format: r.format.description,
                        values: r.values.map(JSONValue.init),
                        texts: r.values.map { clean(CellText.format($0, r.format, locale)) },
                        total: t.totalLabel == nil ? nil : JSONValue(r.total),
                        totalText: t.totalLabel == nil ? nil : clean(CellText.format(r.total, r.format, locale)),
                        origins: OriginJSON.list(r.origins, t.periods),
                        subtotals: t.subtotals.isEmpty ? nil : r.subtotalValues.map(JSONValue.init),
                        subtotalTexts: t.subtotals.isEmpty
                            ? nil : r.subtotalValues.map { clean(CellText.format($0, r.format, locale)) })
                })
        }
    }

    /// The same text through `JSONEncoder`, which the tests compare `bytes` with.
    static func encoded(_ document: Document) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Document: Encodable {
        var locale: String
        var items: [Item]
    }

    struct Item: Encodable {
        var type: String
        var text: String?
        var scalars: [ScalarJSON]?
        var name: String?
        var label: String?
        var periods: [String]?
        var totalLabel: String?
        var subtotals: [SubtotalJSON]? = nil
        /// `with trend` (over more than one period): the sparklines are the rows' values.
        var trend: Bool? = nil
        var rows: [RowJSON]?
        var title: String? = nil
        /// A chart's kind: `line` or `bar`.
        var chart: String? = nil
        var series: [SeriesJSON]? = nil
        var across: AcrossJSON? = nil
    }

    /// A subtotal column (`with subtotals`): its year as a machine writes it (`2018`), its
    /// header as people read it, and the period it follows; each row's `subtotals` holds
    /// its values in this order.
    struct SubtotalJSON: Encodable {
        var period: String
        var label: String
        var after: String

        init(_ s: Report.Subtotal, _ t: Report.Table, _ locale: DisplayLocale) {
            period = s.year.description
            label = s.year.label(locale)
            after = t.periods[s.after].description
        }
    }

    /// A chart's series: one value per period of the chart (null: a gap).
    struct SeriesJSON: Encodable {
        var name: String
        var label: String
        var format: String
        var values: [JSONValue]
    }

    /// `{"type": "chart", "chart": "line", "title": …, "periods": […], "series": […]}`.
    static func chart(_ c: Report.Chart, _ locale: DisplayLocale) -> Item {
        let clean = { (s: String) in DisplayWidth.sanitized(s) }
        return Item(
            type: "chart", periods: c.periods.map(\.description), title: clean(c.title), chart: c.kind.rawValue,
            series: c.series.map { s in
                SeriesJSON(
                    name: clean(s.name), label: clean(s.label), format: s.format.description,
                    values: s.points.map { p in
                        switch p {
                        case .number(let x): JSONValue(.number(x))
                        case .blank: JSONValue(.blank)
                        case .error(let e): JSONValue(.error(e))
                        }
                    })
            })
    }

    struct ScalarJSON: Encodable {
        var name: String
        var label: String?
        var format: String
        var value: JSONValue
        var text: String
        var origin: OriginJSON? = nil
    }

    struct RowJSON: Encodable {
        var name: String
        var label: String?
        var format: String
        var values: [JSONValue]
        var texts: [String]
        var total: JSONValue?
        var totalText: String?
        var origins: [OriginJSON]? = nil
        var subtotals: [JSONValue]? = nil
        var subtotalTexts: [String]? = nil
    }

    /// An amended value: which period, what amended it (`override`, `with`, `set`) and where.
    struct OriginJSON: Encodable {
        var period: String?
        var kind: String
        var place: String

        init(_ o: ValueOrigin, period: String?) {
            self.period = period
            kind = o.kind.rawValue
            place = DisplayWidth.sanitized(o.place)
        }

        static func list(_ origins: [Int: ValueOrigin], _ periods: [Period]) -> [OriginJSON]? {
            origins.isEmpty ? nil : origins.keys.sorted().map { OriginJSON(origins[$0]!, period: periods[$0].description) }
        }
    }

    struct JSONValue: Encodable {
        var value: Value
        init(_ value: Value) { self.value = value }

        /// A number to 15 significant digits, as machines read it; the largest doubles, which
        /// 15 digits round past the largest finite one, as they are (JSON has no infinity:
        /// `JSONEncoder` refused the whole document and printed `{}`).
        static func machine(_ x: Double) -> Double {
            let v = MachineNumber.value(x)
            return v.isFinite ? v : x
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch value {
            case .number(let x): try c.encode(Self.machine(x))
            case .text(let s): try c.encode(DisplayWidth.sanitized(s))
            case .bool(let b): try c.encode(b)
            case .blank: try c.encodeNil()
            case .error(let e): try c.encode(["error": e.rawValue])
            case .period(let p): try c.encode(["period": p.description])
            case .series(let s): try c.encode(s.values.map(JSONValue.init))
            }
        }
    }
}

// MARK: - Tables across imported notebooks

extension JSONRenderer {
    /// `{"type": "across", "name", "label", "across": {period, columns, extra, extraLabel,
    /// transposed, rows: [{name, label, format, values, texts, extra, extraText}]}}`: the
    /// figures as rows and the columns across whatever the display, `transposed` saying
    /// how people see it.
    struct AcrossJSON: Encodable {
        struct Column: Encodable {
            var name: String
            var label: String?
        }
        struct Row: Encodable {
            var name: String
            var label: String?
            var format: String
            var values: [JSONValue]
            var texts: [String]
            var extra: JSONValue?
            var extraText: String?
            var extraFormat: String?
            /// Amended cells: `[{"column", "kind", "place"}]`.
            var origins: [Origin]?
        }
        struct Origin: Encodable {
            var column: String
            var kind: String
            var place: String
        }
        var period: String
        var columns: [Column]
        var extra: String?
        var extraLabel: String?
        var transposed: Bool
        var rows: [Row]
    }

    static func across(_ a: Report.AcrossTable, _ locale: DisplayLocale) -> Item {
        let clean = { (s: String) in DisplayWidth.sanitized(s) }
        let body = AcrossJSON(
            period: a.period.description, columns: a.columns.map { .init(name: clean($0.name), label: $0.label.map(clean)) },
            extra: a.extra?.rawValue, extraLabel: a.extraLabel.map(clean), transposed: a.transposed,
            rows: a.rows.map { r in
                AcrossJSON.Row(
                    name: clean(r.name), label: r.label.map(clean), format: r.format.description, values: r.values.map(JSONValue.init),
                    texts: r.values.map { clean(CellText.format($0, r.format, locale)) },
                    extra: a.extra == nil ? nil : JSONValue(r.extra),
                    extraText: a.extra == nil ? nil : clean(CellText.format(r.extra, r.extraFormat, locale)),
                    extraFormat: a.extra == nil ? nil : r.extraFormat.description,
                    origins: r.origins.isEmpty
                        ? nil
                        : r.origins.keys.sorted().map {
                            .init(column: clean(a.columns[$0].name), kind: r.origins[$0]!.kind.rawValue, place: clean(r.origins[$0]!.place))
                        })
            })
        return Item(type: "across", name: clean(a.name), label: a.label.map(clean), across: body)
    }
}
