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
        /// `with trend`: a sparkline column after the total.
        public var trend = false
    }

    /// A chart: its series over the periods of its axis (see Run/Charts.swift).
    public struct Chart: Sendable, Equatable {
        /// One value of a series: a number, a gap, or a gap with a mark (an error, or text).
        public enum Point: Sendable, Equatable {
            case number(Double)
            case blank
            case error(ErrorCode)

            public var number: Double? { if case .number(let x) = self { x } else { nil } }
        }
        public struct Series: Sendable, Equatable {
            /// The series as written (`dvc.received@2018Q1..2019Q1`).
            public var name: String
            /// Its row's or cell's label, else its name.
            public var label: String
            /// One point per period of the chart (`Chart.periods`): a gap outside the series' own periods.
            public var points: [Point]
            public var format: DisplayFormat
        }
        public var title: String
        public var kind: ChartDecl.Kind
        /// The axis: every period from the earliest series' start to the latest one's end.
        public var periods: [Period]
        public var series: [Series]
        /// The format of the axis' values: the first series'.
        public var format: DisplayFormat { series.first?.format ?? .general }
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
        case chart(Chart)
    }

    public var locale: DisplayLocale
    public var items: [Item]

    public init(locale: DisplayLocale, items: [Item]) {
        self.locale = locale
        self.items = items
    }
}
