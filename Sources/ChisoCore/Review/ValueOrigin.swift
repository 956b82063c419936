// MARK: - Where an amended value came from
//
// A value is amended when something other than its own definition set it: a cell
// override `row@P = …` in the notebook, a line of an importer's `use … with { … }`, or
// `--set` on the command line. The report marks such values (a `*` on the cell and a
// note under the table), `chiso why` says so, and JSON carries it as data.
//
// The resolver records what an importer's `with` replaced; a `--set` is known by its
// source (`--set target`), and any other override is the notebook's own. A cell that
// only passes another cell on (`x = other.row`) carries that cell's origin, so a figure
// amended in an import stays marked where the importer shows it.

public struct ValueOrigin: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable {
        /// `row@P = …` in the notebook that defines the row.
        case override
        /// A line of an importer's `use … with { … }`.
        case with
        /// `--set` on the command line.
        case set
    }

    public var kind: Kind
    /// `file:line` of the amending line, or `--set target` for the command line.
    public var place: String

    /// How a note under a table says it: `overridden at a.chiso:12`.
    public var description: String { text(.en) }

    /// The note in the report's language: `sửa bằng dòng with tại gop-y.chiso:9` in `vi`.
    public func text(_ locale: DisplayLocale) -> String {
        switch (kind, locale) {
        case (.override, .en): "overridden at \(place)"
        case (.with, .en): "set by a `with` line at \(place)"
        case (.set, .en): "set by \(place) on the command line"
        case (.override, .vi): "ghi đè tại \(place)"
        case (.with, .vi): "sửa bằng dòng `with` tại \(place)"
        case (.set, .vi): "đặt bằng \(place) trên dòng lệnh"
        }
    }
}

enum Provenance {
    /// How many pass-through cells are followed before giving up (a chain, not a cycle).
    static let maxChain = 64

    /// The origin of node `id`'s value at period index `i` (0 for a scalar); nil when its
    /// own definition made it.
    static func origin(of id: NodeID, at i: Int, in program: Program, sources: SourceMap) -> ValueOrigin? {
        var id = id, i = i
        for _ in 0..<maxChain {
            let node = program.nodes[id]
            if node.overrides[i] != nil, let span = program.overrideSpans[id]?[i] {
                return origin(span, byImporter: program.importerCells[id]?.contains(i) == true, sources: sources)
                    ?? ValueOrigin(kind: .override, place: place(span, sources))
            }
            if let span = node.bodySpan, let o = origin(span, byImporter: node.replacedByImporter, sources: sources) { return o }
            // A cell that passes another one on: follow it at the same period.
            guard case .formula(let code) = node.body else { return nil }
            switch (code, node.kind) {
            case (.scalar(let next), _):
                (id, i) = (next, 0)
            case (.row(let next), .row(let t)):
                guard case .row(let u) = program.nodes[next].kind, i < program.tables[t].range.count,
                    let j = program.tables[u].range.index(of: program.tables[t].range[i])
                else { return nil }
                (id, i) = (next, j)
            default:
                return nil
            }
        }
        return nil
    }

    /// A `--set` or `with` origin for an expression written at `span`, else nil.
    private static func origin(_ span: SourceSpan, byImporter: Bool, sources: SourceMap) -> ValueOrigin? {
        let name = sources[span.source].name
        // `--set` into an import acts as a line of its `with`, but is the command line's.
        if name.hasPrefix("--set ") { return ValueOrigin(kind: .set, place: name) }
        return byImporter ? ValueOrigin(kind: .with, place: place(span, sources)) : nil
    }

    static func place(_ span: SourceSpan, _ sources: SourceMap) -> String {
        let file = sources[span.source]
        return "\(file.name):\(file.location(of: span.start).line + file.lineOffset)"
    }
}

extension Provenance {
    /// Whether the node only passes another cell on (`x = other.row`).
    static func passesOn(_ node: Node) -> Bool {
        guard case .formula(let code) = node.body else { return false }
        switch code {
        case .scalar, .row: return true
        default: return false
        }
    }

    /// The origin of every cell of row (or scalar) `id`, by period index; `count` cells.
    static func origins(of id: NodeID, count: Int, in program: Program, sources: SourceMap) -> [Int: ValueOrigin] {
        let node = program.nodes[id]
        // Most rows: no override and not passing on, so one answer holds for every cell.
        if program.overrideSpans[id] == nil, !passesOn(node) {
            guard let o = origin(of: id, at: 0, in: program, sources: sources) else { return [:] }
            return Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, o) })
        }
        var out: [Int: ValueOrigin] = [:]
        for i in 0..<count { out[i] = origin(of: id, at: i, in: program, sources: sources) }
        return out
    }
}

extension ReportBuilder {
    /// Marks the amended values of the report's scalars and rows with their origin.
    static func markOrigins(_ items: inout [Report.Item], _ program: Program, _ sources: SourceMap) {
        for k in items.indices {
            switch items[k] {
            case .heading, .paragraph, .chart: break
            case .across(var a):
                markAcrossOrigins(&a, program, sources)
                items[k] = .across(a)
            case .scalars(var scalars):
                for s in scalars.indices {
                    guard let id = program.scalarByName[scalars[s].name] else { continue }
                    scalars[s].origin = Provenance.origin(of: id, at: 0, in: program, sources: sources)
                }
                items[k] = .scalars(scalars)
            case .table(var table):
                // A cell holding a whole row (`x = other.row`) is shown as a table of one row.
                if program.tableByName[table.name] == nil, let id = program.scalarByName[table.name], table.rows.count == 1,
                    case .formula(.row(let row)) = program.nodes[id].body
                {
                    table.rows[0].origins = Provenance.origins(of: row, count: table.rows[0].values.count, in: program, sources: sources)
                    items[k] = .table(table)
                    continue
                }
                guard let t = program.tableByName[table.name] else { continue }
                for r in table.rows.indices {
                    guard let id = program.tables[t].rowByName[table.rows[r].name] else { continue }
                    table.rows[r].origins = Provenance.origins(of: id, count: table.rows[r].values.count, in: program, sources: sources)
                }
                items[k] = .table(table)
            }
        }
    }
}
