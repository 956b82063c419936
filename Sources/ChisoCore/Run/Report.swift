// MARK: - The report
//
// What a run shows, in source order: headings, groups of scalars, tables and paragraphs, with each
// value and its display format. Renderers (terminal, Markdown, CSV, JSON) read only this.

public struct Report: Sendable {
    public struct Scalar: Sendable {
        public var name: String
        public var label: String?
        public var value: Value
        public var format: DisplayFormat
        /// Set when an override, a `with` line or `--set` made the value.
        public var origin: ValueOrigin? = nil
    }

    public struct Row: Sendable {
        public var name: String
        public var label: String?
        /// One value per period.
        public var values: [Value]
        public var total: Value
        public var format: DisplayFormat
        /// The amended cells, by period index: what made each (see `ValueOrigin`).
        public var origins: [Int: ValueOrigin] = [:]
        /// One value per subtotal of its table (`with subtotals`).
        public var subtotalValues: [Value] = []
    }

    public struct Table: Sendable {
        public var name: String
        public var label: String?
        public var periods: [Period]
        /// The total column's heading, when the table has one.
        public var totalLabel: String?
        public var rows: [Row]
        /// `with subtotals`: a column after each year (see `Report+Subtotals.swift`).
        public var subtotals: [Subtotal] = []
    }

    /// A paragraph, its values written in: one text, wrapped by the renderer.
    public struct Paragraph: Sendable, Equatable {
        public var text: String
        public init(text: String) { self.text = text }
    }

    public enum Item: Sendable {
        case heading(String)
        /// Consecutive scalars, shown together.
        case scalars([Scalar])
        case table(Table)
        case paragraph(Paragraph)
        /// A table whose columns are imported notebooks (Report+Across.swift).
        case across(AcrossTable)
    }

    public var locale: DisplayLocale
    public var items: [Item]

    public init(locale: DisplayLocale, items: [Item]) {
        self.locale = locale
        self.items = items
    }
}
