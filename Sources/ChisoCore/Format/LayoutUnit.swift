// MARK: - Layout units
//
// What the formatter lays out: one unit per output line (or per verbatim block), read
// from the source by `UnitReader` and written, aligned, by `LayoutWriter`.

struct LayoutUnit {
    enum Kind {
        /// `## text`, as written.
        case heading(String)
        /// A comment on a line of its own.
        case comment(String)
        /// A cell, a row or a cell override: its parts are aligned in columns.
        case entry(Entry)
        /// A statement on one line in canonical spacing (`fn …`, `locale …`, `check …`).
        /// A transparent line (a check) does not end a block of aligned cells.
        case line(String, transparent: Bool)
        /// `table name "Label" over P1..P2 … {`.
        case tableOpen(String)
        /// The `}` closing a table.
        case tableClose
        /// A row of a table across notebooks: `hs.tiep_nhan "Label"`, labels aligned.
        case figure(name: String, label: String?)
        /// Source text kept exactly as written (a statement the formatter does not know,
        /// or one with comments inside it), possibly over several lines.
        case verbatim(String)
    }

    /// `name "Label" = body tail`, or `row@P = body`.
    struct Entry {
        enum Left {
            case definition(name: String, label: String?)
            /// `row@P` or `table.row@P`: written across the name and label columns.
            case override(String)
        }

        enum Body {
            case formula(String)
            /// A data row's values, one per period, aligned in columns across the rows.
            case data([Value])
        }

        struct Value {
            var text: String
            /// A figure (number, percent, blank, period, boolean): right-aligned in its
            /// period's column. False for a text.
            var alignRight: Bool
        }

        var left: Left
        var body: Body
        /// `agg …` and `as …`, in the order written.
        var tail: String?
        /// Whether the body is figures rather than a formula: a data row, or a single
        /// literal (`1_290_000`, `95%`, `-5`, `"text"`). Their tails line up apart from
        /// the tails of formulas.
        var holdsValues: Bool
    }

    var kind: Kind
    /// 0 at the top level, 1 inside a table.
    var depth: Int
    /// 0-based source lines of the unit's first and last tokens.
    var firstLine: Int
    var lastLine: Int
    /// A comment at the end of the unit's last line.
    var comment: String?
    /// Indices (into the reader's code tokens) of the unit's tokens.
    var tokens: Range<Int>

    var isEntry: Bool {
        if case .entry = kind { return true }
        return false
    }
}
