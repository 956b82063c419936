// `chiso run --format html`, read back by a real parser.
//
// The page is written as well-formed XML (void elements self-closed, only the XML
// entities), so FoundationXML's `XMLParser` reads it. Its `XMLDocument` with
// `.documentTidyHTML` is no help on Linux: it parses as XML and loses escaped text
// ("a &amp; &lt;b&gt;" comes back as "a  b"), so the tests build their own small tree.

import ChisoCore
import ChisoTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

// MARK: - A small element tree from XMLParser

final class Element {
    let name: String
    let attributes: [String: String]
    var children: [Element] = []
    /// Text and elements in document order, to rebuild an element's whole text.
    fileprivate var parts: [Part] = []

    fileprivate enum Part {
        case text(String)
        case element(Element)
    }

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// All the text inside, as a reader sees it.
    var text: String {
        parts.map { part in
            switch part {
            case .text(let s): s
            case .element(let e): e.text
            }
        }.joined()
    }

    var classes: Set<String> {
        Set((attributes["class"] ?? "").split(separator: " ").map(String.init))
    }

    /// Every element below this one, depth first, in document order.
    var descendants: [Element] {
        children.flatMap { [$0] + $0.descendants }
    }

    func all(_ name: String, class cls: String? = nil) -> [Element] {
        descendants.filter { $0.name == name && (cls == nil || $0.classes.contains(cls!)) }
    }

    func first(_ name: String, class cls: String? = nil) -> Element? {
        all(name, class: cls).first
    }
}

final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: Element?
    var stack: [Element] = []
    var error: Error?

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        let e = Element(name: name, attributes: attributes)
        if let parent = stack.last {
            parent.children.append(e)
            parent.parts.append(.element(e))
        } else {
            root = e
        }
        stack.append(e)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.parts.append(.text(string))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = parseError
    }
}

struct ParseFailure: Error, CustomStringConvertible {
    var description: String
}

enum HTMLPage {
    /// The page's `<html>` element; throws unless the whole page is well-formed.
    static func parse(_ page: String) throws -> Element {
        let parser = XMLParser(data: Data(page.utf8))
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse(), builder.error == nil, let root = builder.root else {
            throw ParseFailure(description: "not well-formed: \(builder.error.map { "\($0)" } ?? "no root") at line \(parser.lineNumber)")
        }
        return root
    }

    /// The texts of a table row's cells (`th` and `td`), in order.
    static func cells(_ row: Element) -> [String] {
        row.children.filter { $0.name == "th" || $0.name == "td" }.map(\.text)
    }
}

// MARK: - Tests

@Suite("HTML export")
struct HTMLTests {
    func page(_ arguments: [String]) throws -> (raw: String, html: Element, status: Int32, stderr: String) {
        let r = try Chiso.run(["run"] + arguments + ["--format", "html"])
        return (r.stdout, try HTMLPage.parse(r.stdout), r.status, r.stderr)
    }

    @Test func tourIsACompletePage() throws {
        let p = try page(["notebooks/tour.chiso"])
        #expect(p.status == 0)
        #expect(p.stderr == "")
        #expect(p.raw.hasPrefix("<!DOCTYPE html>\n"))
        #expect(p.html.name == "html")
        #expect(p.html.attributes["lang"] == "vi")
        let head = try #require(p.html.first("head"))
        let metas = head.all("meta")
        #expect(metas.contains { $0.attributes["charset"] == "utf-8" })
        #expect(metas.contains { $0.attributes["name"] == "viewport" && $0.attributes["content"]?.contains("width=device-width") == true })
        #expect(head.first("title")?.text == "Chiso in five minutes: online public services, Quarter I/2019")
        #expect(p.html.all("h2").map(\.text) == ["Chiso in five minutes: online public services, Quarter I/2019"])
    }

    @Test func tourTableHasCaptionHeadersAndRows() throws {
        let p = try page(["notebooks/tour.chiso"])
        let tables = p.html.all("table", class: "series")
        #expect(tables.count == 1)
        let table = try #require(tables.first)
        #expect(table.first("caption")?.text == "Hồ sơ dịch vụ công mức 3, 4")
        let thead = try #require(table.first("thead"))
        #expect(thead.all("th").map(\.text) == ["Quý I/2018", "Quý II/2018", "Quý III/2018", "Quý IV/2018", "Quý I/2019", "Cả kỳ"])
        #expect(thead.all("th").allSatisfy { $0.attributes["scope"] == "col" })
        #expect(thead.all("th").last?.classes.contains("total") == true)
        let rows = try #require(table.first("tbody")).all("tr")
        #expect(rows.count == 10)
        // Row headers are the labels, marked as such for screen readers.
        let headers = rows.compactMap { $0.children.first }
        #expect(headers.allSatisfy { $0.name == "th" && $0.attributes["scope"] == "row" })
        #expect(headers.map(\.text).first == "Hồ sơ tiếp nhận")
        #expect(headers.map(\.text).last == "Tồn cuối kỳ")

        let rate = try #require(rows.first { $0.children.first?.text == "Tỷ lệ giải quyết" })
        #expect(HTMLPage.cells(rate) == ["Tỷ lệ giải quyết", "95,0%", "100,0%", "97,6%", "96,2%", "96,7%", "97,1%"])
        #expect(rate.all("td").allSatisfy { $0.classes.contains("num") })
        #expect(rate.all("td").last?.classes.contains("total") == true)

        // Blanks are empty cells, marked blank; numbers keep their grouping.
        let yoy = try #require(rows.first { $0.children.first?.text == "So với cùng kỳ" })
        #expect(HTMLPage.cells(yoy).dropFirst() == ["", "", "", "", "200,0%", ""])
        #expect(yoy.all("td").first?.classes == ["blank"])
        let services = try #require(rows.first { $0.children.first?.text == "Số DVC mức 3" })
        #expect(HTMLPage.cells(services).dropFirst() == ["2.048", "", "", "2.010", "1.997", "1.997"])
    }

    @Test func cellGroupsAreTwoColumnTables() throws {
        let p = try page(["notebooks/tour.chiso"])
        let groups = p.html.all("table", class: "cells")
        #expect(groups.count == 2)
        let first = try #require(groups.first).all("tr").map(HTMLPage.cells)
        #expect(
            first == [
                ["Dân số", "1.290.000"], ["Thuê bao di động", "1.135.200"], ["Thuê bao /100 dân", "88,0"],
                ["Kế hoạch thuê bao", "1.200.000"], ["Đạt so với kế hoạch", "94,6%"],
            ])
        #expect(groups[0].all("th").allSatisfy { $0.attributes["scope"] == "row" })
    }

    @Test func englishLocale() throws {
        let p = try page(["notebooks/tour.chiso", "--locale", "en"])
        #expect(p.html.attributes["lang"] == "en")
        let rows = try #require(p.html.first("table", class: "series")).all("tr")
        let rate = try #require(rows.first { $0.children.first?.text == "Tỷ lệ giải quyết" })
        #expect(HTMLPage.cells(rate).dropFirst() == ["95.0%", "100.0%", "97.6%", "96.2%", "96.7%", "97.1%"])
        let cells = try #require(p.html.first("table", class: "cells")).all("tr").map(HTMLPage.cells)
        #expect(cells.first == ["Dân số", "1,290,000"])
        #expect(cells.last == ["Đạt so với kế hoạch", "94.6%"])
    }

    /// Every real notebook: the page holds the same items, in the same order, with the
    /// same texts as the JSON export (whose `texts` are the terminal's cell texts).
    @Test(arguments: [
        "notebooks/tour.chiso", "notebooks/tra-vinh-cchc-2011-2020.chiso", "notebooks/ha-tinh-cchc-q1-2018.chiso",
        "notebooks/ha-tinh-cchc-q1-2019.chiso", "notebooks/ha-tinh-ict-2017-plan-2018.chiso",
        "notebooks/province/tong-hop.chiso", "notebooks/gop-y-2022/gop-y-stttt.chiso",
    ])
    func sameContentAsJSON(_ notebook: String) throws {
        for locale in ["vi", "en"] {
            let p = try page([notebook, "--locale", locale])
            let json = try Chiso.run(["run", notebook, "--format", "json", "--locale", locale])
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let items = try #require(doc["items"] as? [[String: Any]])
            let main = try #require(p.html.first("main"))
            // Each item is an <h2> or a <div class="scroll"> around one table (the notes
            // about amended values under a table are not items).
            let blocks = main.children.filter { $0.name != "ul" }
            #expect(blocks.count == items.count, "\(notebook)")
            for (item, block) in zip(items, blocks) {
                switch item["type"] as? String {
                case "heading":
                    #expect(block.name == "h2")
                    #expect(block.text == item["text"] as? String)
                case "scalars":
                    let table = try #require(block.first("table", class: "cells"))
                    let scalars = try #require(item["scalars"] as? [[String: Any]])
                    // An amended value carries its mark (`<sup>*</sup>`).
                    let expected = scalars.map {
                        [
                            ($0["label"] as? String) ?? ($0["name"] as? String ?? ""),
                            ($0["text"] as? String ?? "") + ($0["origin"] == nil ? "" : "*"),
                        ]
                    }
                    #expect(table.all("tr").map(HTMLPage.cells) == expected, "\(notebook)")
                case "table":
                    let table = try #require(block.first("table", class: "series"))
                    #expect(table.first("caption")?.text == (item["label"] as? String) ?? (item["name"] as? String))
                    // The page labels periods for people (`Quý I/2019`); JSON keeps `2019Q1`.
                    let locale = try #require(DisplayLocale(rawValue: doc["locale"] as? String ?? ""))
                    var header = try #require(item["periods"] as? [String]).map { Period.parse($0)?.label(locale) ?? $0 }
                    if let total = item["totalLabel"] as? String { header.append(total) }
                    // A trend column (`"trend": true`): its heading, and a sparkline (no text) on each row.
                    let trend = item["trend"] as? Bool == true
                    if trend { header.append(locale == .vi ? "Xu hướng" : "Trend") }
                    #expect(table.first("thead")?.all("th").map(\.text) == header)
                    let rows = try #require(item["rows"] as? [[String: Any]])
                    let periods = item["periods"] as? [String] ?? []
                    let expected = rows.map { r in
                        var texts = r["texts"] as? [String] ?? []
                        for o in r["origins"] as? [[String: Any]] ?? [] {
                            if let p = o["period"] as? String, let i = periods.firstIndex(of: p), i < texts.count { texts[i] += "*" }
                        }
                        return [(r["label"] as? String) ?? (r["name"] as? String ?? "")] + texts
                            + ((r["totalText"] as? String).map { [$0] } ?? [])
                    }
                    // The trend cell's text is its sparkline's title (the terminal's sparkline).
                    let shown = table.first("tbody")?.all("tr").map { trend ? Array(HTMLPage.cells($0).dropLast()) : HTMLPage.cells($0) }
                    #expect(shown == expected, "\(notebook)")
                case "across":
                    // A table across notebooks: as JSON gives it, or its lines per column when transposed.
                    let table = try #require(block.first("table", class: "across"))
                    #expect(table.first("caption")?.text == (item["label"] as? String) ?? (item["name"] as? String))
                    let body = try #require(item["across"] as? [String: Any])
                    let columns = try #require(body["columns"] as? [[String: Any]]).map {
                        ($0["label"] as? String) ?? ($0["name"] as? String ?? "")
                    }
                    let extra = body["extraLabel"] as? String
                    let rows = try #require(body["rows"] as? [[String: Any]])
                    let heads = rows.map { ($0["label"] as? String) ?? ($0["name"] as? String ?? "") }
                    let names = try #require(body["columns"] as? [[String: Any]]).map { $0["name"] as? String ?? "" }
                    let texts = rows.map { r in
                        // An amended value carries its mark.
                        var texts = r["texts"] as? [String] ?? []
                        for o in r["origins"] as? [[String: Any]] ?? [] {
                            if let c = names.firstIndex(of: o["column"] as? String ?? ""), c < texts.count { texts[c] += "*" }
                        }
                        return texts + ((r["extraText"] as? String).map { [$0] } ?? [])
                    }
                    let lines: [[String]]
                    let header: [String]
                    if body["transposed"] as? Bool == true {
                        header = heads
                        lines = (columns + (extra.map { [$0] } ?? [])).enumerated().map { k, c in [c] + texts.map { $0[k] } }
                    } else {
                        header = columns + (extra.map { [$0] } ?? [])
                        lines = zip(heads, texts).map { [$0] + $1 }
                    }
                    #expect(table.first("thead")?.all("th").map(\.text) == header)
                    #expect(table.first("tbody")?.all("tr").map(HTMLPage.cells) == lines, "\(notebook)")
                case "paragraph":
                    #expect(block.name == "p")
                    #expect(block.text == item["text"] as? String)
                case "chart":
                    #expect(block.name == "figure")
                    #expect(block.first("figcaption")?.text == item["title"] as? String)
                default:
                    Issue.record("unknown item type")
                }
            }
        }
    }

    @Test func cellTextsAreTheTerminals() throws {
        let terminal = try Chiso.run(["run", "notebooks/tra-vinh-cchc-2011-2020.chiso"]).stdout
        let p = try page(["notebooks/tra-vinh-cchc-2011-2020.chiso"])
        let rows = try #require(p.html.first("table", class: "series")?.first("tbody")).all("tr")
        // The terminal's lines for the same rows, split on the box's bars.
        for row in rows {
            let cells = HTMLPage.cells(row)
            let line = try #require(terminal.split(separator: "\n").first { $0.hasPrefix("│ \(cells[0]) ") })
            let boxed = line.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }
            // Both sides without the spaces around (a sparkline may start with a gap).
            #expect(boxed == cells.map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }

    @Test func nothingIsFetchedFromElsewhere() throws {
        for notebook in ["notebooks/tour.chiso", "notebooks/tra-vinh-cchc-2011-2020.chiso"] {
            let p = try page([notebook])
            for marker in ["http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link"] {
                #expect(!p.raw.contains(marker), "\(notebook) contains \(marker)")
            }
            // One style sheet, inline, and nothing else that could load anything: a chart's
            // SVG holds only shapes and text (no image, use, foreignObject or link).
            #expect(p.html.all("style").count == 1)
            for e in p.html.descendants {
                #expect(
                    !["script", "link", "img", "iframe", "object", "embed", "a", "base", "image", "use", "foreignObject"].contains(e.name))
            }
            for svg in p.html.all("svg") {
                for e in svg.descendants {
                    #expect(["title", "line", "polyline", "circle", "rect", "text"].contains(e.name), "\(e.name)")
                }
            }
        }
    }

    @Test func errorCellsAreMarked() throws {
        let path = try Chiso.notebook(
            """
            ## Lỗi
            locale vi
            x "Chia cho 0" = 1 / 0
            table t "Bảng" over 2019..2021 with total {
              a "A" = 1, 0, 2
              b "B" = 4, 4, 4
              q "B / A" = b / a as percent(1)
            }

            """)
        let p = try page([path])
        #expect(p.status == 0)
        let scalar = try #require(p.html.first("table", class: "cells")?.first("td"))
        #expect(scalar.text == "#DIV/0!")
        #expect(scalar.classes.contains("error"))
        let rows = try #require(p.html.first("table", class: "series")?.first("tbody")).all("tr")
        let q = try #require(rows.last)
        #expect(HTMLPage.cells(q) == ["B / A", "400,0%", "#DIV/0!", "200,0%", "400,0%"])
        #expect(q.all("td").map { $0.classes.contains("error") } == [false, true, false, false])
        #expect(try #require(p.html.first("thead")).all("th").last?.text == "Tổng")
        // The style sheet gives errors a look of their own.
        #expect(p.html.first("style")?.text.contains("td.error") == true)
    }

    @Test func anUnknownNameStillGivesAPage() throws {
        let path = try Chiso.notebook("x \"Đã nhận\" = recieved\n")
        let p = try page([path])
        #expect(p.status == 65)
        #expect(p.stderr.contains("unknown name 'recieved'"))
        let cell = try #require(p.html.first("td", class: "error"))
        #expect(cell.text == "#NAME?")
    }

    @Test func hostileTextIsShownAsText() throws {
        let path = try Chiso.notebook(
            """
            ## <b>Báo cáo</b> & "tổng hợp" 'quý'
            x "<script>alert(1)</script>" = "<a href=\\"http://evil.example/\\">bấm</a>"
            y "\u{1B}[31mĐỏ" = "\u{1B}]0;title\u{07}"
            table t "</caption><img src=x onerror=alert(1)>" over 2019..2019 with total "<th>" {
              r "<tr><td>" = "<style>body{display:none}</style>"
            }

            """)
        let p = try page([path])
        #expect(p.status == 0, "\(p.stderr)")
        #expect(!p.raw.contains("<script"))
        #expect(!p.raw.contains("<img"))
        #expect(!p.raw.contains("<a "))
        #expect(!p.raw.contains("\u{1B}"))
        #expect(!p.raw.contains("\u{07}"))
        #expect(p.raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Read back, every piece of text is exactly what the notebook said.
        #expect(p.html.first("title")?.text == "<b>Báo cáo</b> & \"tổng hợp\" 'quý'")
        #expect(p.html.all("h2").map(\.text) == ["<b>Báo cáo</b> & \"tổng hợp\" 'quý'"])
        let cells = try #require(p.html.first("table", class: "cells")).all("tr").map(HTMLPage.cells)
        #expect(
            cells == [
                ["<script>alert(1)</script>", "<a href=\"http://evil.example/\">bấm</a>"],
                ["\u{FFFD}[31mĐỏ", "\u{FFFD}]0;title\u{FFFD}"],
            ])
        let table = try #require(p.html.first("table", class: "series"))
        #expect(table.first("caption")?.text == "</caption><img src=x onerror=alert(1)>")
        #expect(table.first("thead")?.all("th").map(\.text) == ["2019", "<th>"])
        #expect(table.first("tbody")?.all("tr").map(HTMLPage.cells) == [["<tr><td>", "<style>body{display:none}</style>", ""]])
        // No element or attribute came from the notebook.
        let names = Set(p.html.descendants.map(\.name))
        #expect(
            names.isSubset(of: [
                "head", "meta", "title", "style", "body", "main", "h2", "div", "table", "caption",
                "thead", "tbody", "tr", "th", "td",
            ]))
        #expect(p.html.all("style").count == 1)
        for e in p.html.descendants {
            #expect(Set(e.attributes.keys).isSubset(of: ["class", "scope", "charset", "name", "content"]))
            #expect(e.attributes["src"] == nil && e.attributes["href"] == nil)
        }
    }

    @Test func amendedCellsAreMarkedAndNoted() throws {
        let path = try Chiso.notebook("table t over 2019..2020 {\n  a \"<b>\" = 1, 2\n}\nt.a@2020 = 3\n")
        let p = try page([path])
        let cells = try #require(p.html.first("tbody")?.all("td"))
        #expect(cells.map { $0.classes.contains("amended") } == [false, true])
        #expect(cells[1].text == "3*")
        let name = URL(fileURLWithPath: path).lastPathComponent
        #expect(cells[1].attributes["title"]?.hasSuffix("\(name):4") == true)
        // The note names the row by its label, escaped like every text from the notebook.
        #expect(p.html.first("ul", class: "notes")?.all("li").map(\.text) == ["* <b> 2020: overridden at \(path):4"])
    }

    @Test func titleFallsBackToTheFileName() throws {
        let path = try Chiso.notebook("x = 1\n", name: "so-lieu <q1>.chiso")
        let p = try page([path])
        #expect(p.html.first("title")?.text == "so-lieu <q1>.chiso")
        #expect(p.html.all("h2").isEmpty)
    }

    @Test func wideTablesPrintOnLandscapePages() throws {
        let values = (1...12).map(String.init).joined(separator: ", ")
        let path = try Chiso.notebook(
            """
            table m "Theo tháng" over 2019M01..2019M12 with total {
              a "Hồ sơ" = \(values)
            }
            table q "Theo quý" over 2019Q1..2019Q4 with total {
              a "Hồ sơ" = 1, 2, 3, 4
            }

            """)
        let p = try page([path])
        let wrappers = try #require(p.html.first("main")).children
        #expect(wrappers.map(\.classes) == [["scroll", "wide"], ["scroll"]])
        #expect(wrappers[0].first("thead")?.all("th").count == 13)
        #expect(HTMLPage.cells(try #require(wrappers[0].first("tbody")?.first("tr"))).last == "78")
    }
}

// MARK: - Charts and sparklines

@Suite("HTML charts")
struct HTMLChartTests {
    /// A number of the value axis as the page writes it in English (`1,500`, `75%`).
    static func number(_ label: String) -> Double? {
        let plain = label.replacingOccurrences(of: ",", with: "")
        if plain.hasSuffix("%") { return Double(plain.dropLast()).map { $0 / 100 } }
        return Double(plain)
    }

    static func attribute(_ e: Element, _ name: String) throws -> Double {
        try #require(Double(e.attributes[name] ?? ""), "\(e.name) has no number in '\(name)'")
    }

    /// Each chart's SVG is well-formed (the page parses as XML) and draws its values
    /// where its own axis says they are: each point (a line's circle, a bar's top) at the
    /// height the axis' labels give the value, from the JSON export's numbers.
    @Test("the points and bars stand where the axis' labels put their values")
    func pointsMatchValues() throws {
        let notebook = "Tests/ChisoCoreTests/Fixtures/charts-en.chiso"
        let r = try Chiso.run(["run", notebook, "--format", "html"])
        let html = try HTMLPage.parse(r.stdout)
        let json = try Chiso.run(["run", notebook, "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let charts = try #require(doc["items"] as? [[String: Any]]).filter { $0["type"] as? String == "chart" }
        let figures = html.all("figure", class: "chart")
        #expect(figures.count == charts.count && charts.count == 4)
        for (chart, figure) in zip(charts, figures) {
            #expect(figure.first("figcaption")?.text == chart["title"] as? String)
            let svg = try #require(figure.first("svg"))
            // The axis: each label's value at the height of its grid line.
            let ticks = try svg.all("text", class: "tick").map {
                (value: try #require(Self.number($0.text)), y: try Self.attribute($0, "y") - 4)
            }
            #expect(ticks.count == 5)
            let grid = try svg.all("line", class: "grid").map { try Self.attribute($0, "y1") }
            #expect(grid == ticks.map(\.y))
            let (a, b) = (try #require(ticks.first), try #require(ticks.last))
            let y = { (v: Double) in a.y + (v - a.value) / (b.value - a.value) * (b.y - a.y) }
            let series = try #require(chart["series"] as? [[String: Any]])
            for (j, s) in series.enumerated() {
                let values = (s["values"] as? [Any] ?? []).compactMap { $0 as? Double }
                switch chart["chart"] as? String {
                case "line":
                    let points = svg.all("circle", class: "s\(j)")
                    #expect(points.count == values.count)
                    for (p, v) in zip(points, values) { #expect(abs(try Self.attribute(p, "cy") - y(v)) < 0.02, "\(v)") }
                    let xs = try points.map { try Self.attribute($0, "cx") }
                    #expect(xs == xs.sorted())
                case "bar":
                    let bars = svg.all("rect", class: "s\(j)")
                    #expect(bars.count == values.count)
                    for (bar, v) in zip(bars, values) {
                        let top = try Self.attribute(bar, "y"), height = try Self.attribute(bar, "height")
                        #expect(abs(top - min(y(v), y(0))) < 0.02, "\(v)")
                        #expect(abs(height - abs(y(v) - y(0))) < 0.03, "\(v)")
                    }
                default:
                    Issue.record("unknown chart kind")
                }
            }
            // A period with an error has its mark; the legend names each series (more than one).
            let errors = (0..<(chart["periods"] as? [Any] ?? []).count).filter { i in
                series.contains { (($0["values"] as? [Any])?[i] as? [String: Any])?["error"] != nil }
            }
            #expect(svg.all("text", class: "error").count == errors.count)
            #expect(svg.all("text", class: "legend").map(\.text) == (series.count > 1 ? series.compactMap { $0["label"] as? String } : []))
        }
    }

    /// A trend column's sparklines: one line through each run of numbers, each point
    /// as high as its value is within the row's lowest and highest.
    @Test("a sparkline's points follow its row's values; a gap breaks the line, an error is marked")
    func sparklines() throws {
        let path = try Chiso.notebook(
            """
            table t "T" over 2019Q1..2020Q2 with trend {
              a "A" = 10, 30, 20, _, 40, 25
              b "B" = if period() == 2019Q3 then 1 / 0 else 5
              c "C" = "x", "y", "z", "w", "v", "u"
            }

            """)
        let r = try Chiso.run(["run", path, "--format", "html"])
        let html = try HTMLPage.parse(r.stdout)
        let table = try #require(html.first("table", class: "series"))
        #expect(table.first("thead")?.all("th").last?.text == "Trend")
        let cells = table.all("td", class: "trend")
        #expect(cells.count == 3)
        // a: two runs (10, 30, 20 and 40, 25), heights from the row's lowest (10) to highest (40).
        let lines = cells[0].all("polyline")
        #expect(lines.count == 2)
        let points = lines.flatMap {
            ($0.attributes["points"] ?? "").split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
        }
        let heights = points.map { ($0[1] - 3) / 14 }  // 0 at the top (the highest), 1 at the bottom
        let expected = [10.0, 30, 20, 40, 25].map { 1 - ($0 - 10) / 30 }
        #expect(zip(heights, expected).allSatisfy { abs($0 - $1) < 0.01 }, "\(heights)")
        // b: flat, broken by an error, which is marked.
        #expect(cells[1].all("line", class: "error").count == 1)
        #expect(cells[1].all("polyline").count == 2)
        // c: text has no trend.
        #expect(cells[2].children.isEmpty)
        // Each sparkline's title is the terminal's.
        #expect(cells.map(\.text) == ["▁▆▃ █▅", "▄▄!▄▄▄", ""])
    }
}
