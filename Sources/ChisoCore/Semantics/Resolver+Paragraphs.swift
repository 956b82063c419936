// MARK: - Resolver: paragraphs
//
// Each `{…}` of a paragraph becomes a node: a private scalar, compiled, given a display
// format and evaluated exactly like a top-level cell (`{x as percent(1)}` is `as`), so
// a paragraph is part of the dependency graph and a session recomputes it with what it
// reads. Only the notebook being run prints paragraphs; an imported one's are not read.

extension Resolver {
    mutating func declareParagraph(_ p: ParagraphDecl) {
        let index = program.paragraphs.count
        var parts: [Paragraph.Part] = []
        for part in p.parts {
            switch part {
            case .text(let t):
                parts.append(.text(t))
            case .value(let e, let format, let braces):
                let name = "_paragraph\(index)_\(parts.count)"
                let decl = CellDecl(name: Name(text: name, span: e.span), label: nil, body: e, format: format, span: braces)
                let id = addNode(
                    Node(kind: .scalar, name: name, span: e.span, definition: braces, body: .formula(.constant(.blank))),
                    .scalar(decl), format?.format)
                var reported = false
                if case .invalid = e.kind { reported = true }
                parts.append(.value(id, braces: braces, reported: reported))
            }
        }
        program.paragraphs.append(Paragraph(parts: parts, span: p.span))
        program.output.append(.paragraph(index))
    }
}
