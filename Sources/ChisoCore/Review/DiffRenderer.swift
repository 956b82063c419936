// MARK: - Writing a diff: for the terminal, Markdown and JSON
//
// Values are written as the report writes them (each side in its own format, in the
// display locale), a blank as `_`; the change in parentheses when both are numbers.

import Foundation

public enum DiffRenderer {
    public static func text(_ d: NotebookDiff, formulas: Bool) -> String {
        var out: [String] = []
        if !d.differs(formulas: formulas) { return "No value differs.\n" }
        if d.oldLocale != d.newLocale {
            out.append("locale: \(name(d.oldLocale)) → \(name(d.newLocale)) (values are shown in \(d.locale.rawValue))\n")
        }
        for k in d.kinds { out.append("\(clean(k.name)): \(k.old) → \(k.new)\n") }
        for r in d.ranges { out.append("\(clean(r.table)): periods \(r.old.description) → \(r.new.description)\n") }
        if d.valueCount > 0 {
            out.append("\(d.valueCount) value\(d.valueCount == 1 ? "" : "s") differ\(d.valueCount == 1 ? "s" : ""):\n")
            for g in d.groups {
                let rows = g.changes.map { c in (clean(c.target), line(c, d.locale)) }
                let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
                var block = heading(g) + "\n"
                for (target, rest) in rows { block += "  " + DisplayWidth.pad(target, to: width, alignRight: false) + "  " + rest + "\n" }
                out.append(block)
            }
        }
        if !d.paragraphs.isEmpty { out.append(paragraphsText(d)) }
        if !d.added.isEmpty { out.append("Added: " + d.added.map(clean).joined(separator: ", ") + "\n") }
        if !d.removed.isEmpty { out.append("Removed: " + d.removed.map(clean).joined(separator: ", ") + "\n") }
        if !d.newlyFailing.isEmpty {
            out.append(
                "Checks that now fail:\n"
                    + d.newlyFailing.map {
                        "  \(clean($0.place))  check \(clean($0.text)) — \(clean($0.failures.joined(separator: "; ")))\n"
                    }
                    .joined())
        }
        if !d.noLongerFailing.isEmpty {
            out.append(
                "Checks that no longer fail:\n"
                    + d.noLongerFailing.map {
                        "  \(clean($0.check.place))  check \(clean($0.check.text))\($0.removed ? " (removed)" : "")\n"
                    }
                    .joined())
        }
        if formulas, !d.formulas.isEmpty {
            out.append(
                "Formulas changed:\n" + d.formulas.map { "  \(clean($0.name))\n    - \(clean($0.old))\n    + \(clean($0.new))\n" }.joined())
        }
        return out.joined(separator: "\n")
    }

    public static func markdown(_ d: NotebookDiff, formulas: Bool) -> String {
        if !d.differs(formulas: formulas) { return "No value differs.\n" }
        var blocks: [String] = []
        var notes: [String] = []
        if d.oldLocale != d.newLocale { notes.append("locale: \(name(d.oldLocale)) → \(name(d.newLocale))") }
        for k in d.kinds { notes.append("`\(clean(k.name))`: \(k.old) → \(k.new)") }
        for r in d.ranges { notes.append("`\(clean(r.table))`: periods \(r.old.description) → \(r.new.description)") }
        if !notes.isEmpty { blocks.append(notes.map { "- " + md($0) + "\n" }.joined()) }
        for g in d.groups {
            var out = "**\(md(heading(g)))**\n\n| | old | new | change |\n|---|--:|--:|--:|\n"
            for c in g.changes {
                let delta = c.delta.map { signed($0, c.newFormat, d.locale) } ?? ""
                out +=
                    "| \(md(c.target)) | \(md(shown(c.old, c.oldFormat, d.locale))) | \(md(shown(c.new, c.newFormat, d.locale))) | \(md(delta)) |\n"
            }
            blocks.append(out)
        }
        if !d.paragraphs.isEmpty { blocks.append(paragraphsMarkdown(d)) }
        if !d.added.isEmpty { blocks.append("**Added:** " + d.added.map { "`\(clean($0))`" }.joined(separator: ", ") + "\n") }
        if !d.removed.isEmpty { blocks.append("**Removed:** " + d.removed.map { "`\(clean($0))`" }.joined(separator: ", ") + "\n") }
        if !d.newlyFailing.isEmpty {
            blocks.append(
                "**Checks that now fail**\n\n"
                    + d.newlyFailing.map { "- \(md($0.place)): `\(clean($0.text))` — \(md($0.failures.joined(separator: "; ")))\n" }
                    .joined())
        }
        if !d.noLongerFailing.isEmpty {
            blocks.append(
                "**Checks that no longer fail**\n\n"
                    + d.noLongerFailing.map { "- \(md($0.check.place)): `\(clean($0.check.text))`\($0.removed ? " (removed)" : "")\n" }
                    .joined())
        }
        if formulas, !d.formulas.isEmpty {
            blocks.append(
                "**Formulas changed**\n\n| | old | new |\n|---|---|---|\n"
                    + d.formulas.map { "| \(md($0.name)) | \(md($0.old)) | \(md($0.new)) |\n" }.joined())
        }
        return blocks.joined(separator: "\n")
    }

    /// `importedAs`: the alias under which NEW imports OLD, when the diff compares that import.
    public static func json(_ d: NotebookDiff, formulas: Bool, importedAs: String? = nil) -> String {
        typealias V = JSONRenderer.JSONValue
        struct ChangeJSON: Encodable {
            var name: String, period: String?, old: V, new: V, oldText: String, newText: String, change: Double?
        }
        struct GroupJSON: Encodable {
            var table: String?, label: String?, changes: [ChangeJSON]
        }
        struct CheckJSON: Encodable {
            var place: String, check: String, failures: [String], removed: Bool? = nil
        }
        struct Pair: Encodable {
            var name: String, old: String, new: String
        }
        struct ParagraphJSON: Encodable {
            var paragraph: Int, old: String?, new: String?
        }
        struct Document: Encodable {
            var importedAs: String?
            var differs: Bool
            var locale: Pair?
            var values: [GroupJSON]
            var added: [String], removed: [String]
            var kinds: [Pair], periods: [Pair]
            var newlyFailing: [CheckJSON], noLongerFailing: [CheckJSON]
            var formulas: [Pair]?
            var paragraphs: [ParagraphJSON]?
        }
        let doc = Document(
            importedAs: importedAs.map(clean), differs: d.differs(formulas: formulas),
            locale: d.oldLocale == d.newLocale ? nil : Pair(name: "locale", old: name(d.oldLocale), new: name(d.newLocale)),
            values: d.groups.map { g in
                GroupJSON(
                    table: g.table.map(clean), label: g.label.map(clean),
                    changes: g.changes.map { c in
                        ChangeJSON(
                            name: clean(c.name), period: c.period, old: V(c.old), new: V(c.new),
                            oldText: clean(CellText.format(c.old, c.oldFormat, d.locale)),
                            newText: clean(CellText.format(c.new, c.newFormat, d.locale)), change: c.delta)
                    })
            },
            added: d.added.map(clean), removed: d.removed.map(clean),
            kinds: d.kinds.map { Pair(name: clean($0.name), old: $0.old, new: $0.new) },
            periods: d.ranges.map { Pair(name: clean($0.table), old: $0.old.description, new: $0.new.description) },
            newlyFailing: d.newlyFailing.map { CheckJSON(place: clean($0.place), check: clean($0.text), failures: $0.failures.map(clean)) },
            noLongerFailing: d.noLongerFailing.map {
                CheckJSON(
                    place: clean($0.check.place), check: clean($0.check.text), failures: $0.check.failures.map(clean), removed: $0.removed)
            },
            formulas: formulas ? d.formulas.map { Pair(name: clean($0.name), old: clean($0.old), new: clean($0.new)) } : nil,
            paragraphs: d.paragraphs.isEmpty
                ? nil : d.paragraphs.map { ParagraphJSON(paragraph: $0.index, old: $0.old.map(clean), new: $0.new.map(clean)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(doc) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: Pieces

    static func line(_ c: NotebookDiff.Change, _ locale: DisplayLocale) -> String {
        let change = c.delta.map { "  (" + signed($0, c.newFormat, locale) + ")" } ?? ""
        return clean(shown(c.old, c.oldFormat, locale)) + " → " + clean(shown(c.new, c.newFormat, locale)) + change
    }

    static func heading(_ g: NotebookDiff.Group) -> String {
        guard let table = g.table else { return "Cells" }
        return clean(g.label.map { "\($0) (\(table))" } ?? table)
    }

    static func shown(_ v: Value, _ format: DisplayFormat, _ locale: DisplayLocale) -> String {
        v.isBlank ? "_" : CellText.format(v, format, locale)
    }

    static func signed(_ x: Double, _ format: DisplayFormat, _ locale: DisplayLocale) -> String {
        let text = NumberFormatter.format(x, format, locale)
        return x > 0 ? "+" + text : text
    }

    static func name(_ l: DisplayLocale?) -> String { l?.rawValue ?? "(none)" }

    static func clean(_ s: String) -> String { DisplayWidth.sanitized(s) }

    static func md(_ s: String) -> String { clean(s).replacingOccurrences(of: "|", with: "\\|") }
}
