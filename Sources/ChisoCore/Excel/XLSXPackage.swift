// MARK: - The parts of an .xlsx package
//
// The smallest package Excel opens without a repair prompt: content types, the package
// relationships, the workbook and its relationships, styles, shared strings (when there
// are any) and the sheets. `ExcelWriter` fills the sheets; the tests use it to make the
// workbooks they read.

enum XLSXPackage {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A sheet: its name and the XML of its `<worksheet>` part.
    struct Sheet {
        var name: String
        var xml: String
    }

    /// The package's bytes: `sheets` in order, `styles` as the whole styles part (a
    /// minimal one when nil), the shared strings when there are any.
    static func make(sheets: [Sheet], styles: String? = nil, sharedStrings: [String] = []) -> [UInt8] {
        var types = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for k in sheets.indices {
            types +=
                "<Override PartName=\"/xl/worksheets/sheet\(k + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        if !sharedStrings.isEmpty {
            types +=
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        }
        types += "</Types>"
        let rootRels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relType)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """
        var workbook = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(relNamespace)"><sheets>
            """
        var workbookRels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for (k, sheet) in sheets.enumerated() {
            workbook += "<sheet name=\"\(escape(sheet.name))\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>"
            workbookRels += "<Relationship Id=\"rId\(k + 1)\" Type=\"\(relType)/worksheet\" Target=\"worksheets/sheet\(k + 1).xml\"/>"
        }
        workbook += "</sheets><calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/></workbook>"
        let n = sheets.count
        workbookRels += "<Relationship Id=\"rId\(n + 1)\" Type=\"\(relType)/styles\" Target=\"styles.xml\"/>"
        if !sharedStrings.isEmpty {
            workbookRels += "<Relationship Id=\"rId\(n + 2)\" Type=\"\(relType)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        workbookRels += "</Relationships>"
        var parts: [(path: String, bytes: [UInt8])] = [
            ("[Content_Types].xml", Array(types.utf8)),
            ("_rels/.rels", Array(rootRels.utf8)),
            ("xl/workbook.xml", Array(workbook.utf8)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)),
            ("xl/styles.xml", Array((styles ?? minimalStyles).utf8)),
        ]
        if !sharedStrings.isEmpty {
            var xml = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="\(mainNamespace)" count="\(sharedStrings.count)" uniqueCount="\(sharedStrings.count)">
                """
            for s in sharedStrings { xml += "<si><t xml:space=\"preserve\">\(escapeString(s))</t></si>" }
            xml += "</sst>"
            parts.append(("xl/sharedStrings.xml", Array(xml.utf8)))
        }
        for (k, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(k + 1).xml", Array(sheet.xml.utf8))) }
        return Zip.write(parts)
    }

    static let minimalStyles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(mainNamespace)">\
        <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    /// Text for XML content and attributes; characters XML 1.0 cannot hold are dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Text for a string cell: `escape`, and an `_` that would start one of OOXML's
    /// `_xHHHH_` escapes (`tl_xa_cong` reads as a line break in LibreOffice) written as `_x005F_`.
    static func escapeString(_ s: String) -> String {
        guard s.contains("_") else { return escape(s) }
        let chars = Array(s)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c == "_", i + 2 < chars.count, chars[i + 1] == "x" || chars[i + 1] == "X" {
                var k = i + 2
                while k < chars.count, k - i - 2 < 4, chars[k].isHexDigit { k += 1 }
                if k > i + 2, k < chars.count, chars[k] == "_" {
                    out += "_x005F_"
                    continue
                }
            }
            out.append(c)
        }
        return escape(out)
    }

    /// Text of a string cell with OOXML's `_xHHHH_` escapes decoded (`_x000D_` is a CR).
    static func unescapeString(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        let chars = Array(s)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "_", i + 6 < chars.count, chars[i + 1] == "x", chars[i + 6] == "_",
                let code = UInt32(String(chars[(i + 2)..<(i + 6)]), radix: 16), let scalar = Unicode.Scalar(code)
            {
                out.unicodeScalars.append(scalar)
                i += 7
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// A `<worksheet>` holding `rows` of raw `<c>` elements (for tests and simple sheets).
    static func worksheet(rows: [String], extra: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="\(mainNamespace)" xmlns:r="\(relNamespace)"><sheetData>\
        \(rows.enumerated().map { "<row r=\"\($0.offset + 1)\">\($0.element)</row>" }.joined())\
        </sheetData>\(extra)</worksheet>
        """
    }
}
