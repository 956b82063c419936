// MARK: - Paragraphs in the report
//
// A paragraph's text with its values written in, in the notebook's own locale (the
// language its sentences are written in; `--locale` changes tables, not prose): each
// value in its display format, a period by its label for prose (`quý I/2019`). A value must be
// one value: a series is an error at its braces. An error value is written as itself
// (`#DIV/0!`) and a blank as `—`, each with a warning at its place, so that nobody
// hands in a report with a hole in it without knowing.

enum Paragraphs {
    /// What a blank value shows in a paragraph.
    static let blankText = "—"

    /// Paragraph `index` of the program, as the report shows it.
    static func paragraph(_ index: Int, _ evaluator: Evaluator) -> Report.Paragraph {
        let program = evaluator.program
        let locale = evaluator.locale
        var text = ""
        for part in program.paragraphs[index].parts {
            switch part {
            case .text(let t): text += t
            case .value(let id, _, _): text += show(evaluator.value(of: id), program.nodes[id].format, locale)
            }
        }
        return Report.Paragraph(text: text)
    }

    /// One value as a paragraph writes it.
    static func show(_ v: Value, _ format: DisplayFormat, _ locale: DisplayLocale) -> String {
        switch v {
        case .blank: blankText
        case .period(let p): p.proseLabel(locale)
        case .series: ErrorCode.value.rawValue
        default: CellText.format(v, format, locale)
        }
    }

    /// The problems of every paragraph's values (that `include` accepts), in source order.
    static func diagnostics(_ evaluator: Evaluator, where include: (Paragraph) -> Bool = { _ in true }) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for paragraph in evaluator.program.paragraphs where include(paragraph) {
            for case .value(let id, let braces, let reported) in paragraph.parts where !reported {
                if let d = problem(evaluator.value(of: id), at: braces) { out.append(d) }
            }
        }
        return out
    }

    /// The problem of one value at `braces`, if it has one.
    static func problem(_ v: Value, at braces: SourceSpan) -> Diagnostic? {
        switch v {
        case .series:
            .error(
                .evaluation, "a paragraph shows one value: pick a period with @", at: braces,
                help: "for example {t.row@2019Q1}, or {sum(t.row)} for the whole series")
        case .error(.name), .error(.cycle):
            // An unknown name or a cycle: its error has been reported where it is.
            nil
        case .error(let e):
            .warning(
                .evaluation, "this value of the paragraph is \(e.rawValue): the report shows \(e.rawValue)", at: braces,
                help: "fix the figure it reads, or pick another period")
        case .blank:
            .warning(
                .evaluation, "this value of the paragraph is blank: the report shows '\(blankText)'", at: braces,
                help: "fill in the figure it reads, or pick another period")
        default: nil
        }
    }
}

// MARK: - What an input changed (the REPL)

extension Paragraphs {
    /// The text of each paragraph that `include` accepts, by where it is written, in order.
    static func texts(_ evaluator: Evaluator, where include: (Paragraph) -> Bool = { _ in true })
        -> [(span: SourceSpan, paragraph: Report.Paragraph)]
    {
        evaluator.program.paragraphs.indices.compactMap { i in
            let p = evaluator.program.paragraphs[i]
            return include(p) ? (p.span, paragraph(i, evaluator)) : nil
        }
    }

    /// The paragraphs of `after` not in `before` (new), and those whose text changed.
    static func differences(
        before: [(span: SourceSpan, paragraph: Report.Paragraph)], after: [(span: SourceSpan, paragraph: Report.Paragraph)]
    ) -> (new: [Report.Item], changed: [Report.Item]) {
        let old = Dictionary(before.map { ($0.span, $0.paragraph) }, uniquingKeysWith: { a, _ in a })
        var new: [Report.Item] = [], changed: [Report.Item] = []
        for (span, p) in after where !p.text.isEmpty {
            switch old[span] {
            case nil: new.append(.paragraph(p))
            case let q? where q != p: changed.append(.paragraph(p))
            default: continue
            }
        }
        return (new, changed)
    }
}
