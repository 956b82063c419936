// MARK: - A streaming XML scanner for workbook parts
//
// The parts of an .xlsx file are XML written by Excel, LibreOffice and their imitators.
// They come from other departments, so this scanner reads exactly what those programs
// write and refuses the rest: start and end tags with attributes, text, the five
// predefined entities and character references, comments, processing instructions and
// CDATA. A document type declaration (`<!DOCTYPE`, which is where entity definitions and
// their "billion laughs" expansion live) is refused, so no entity is ever expanded.
// It holds no stack and never recurses: a deeply nested part costs nothing, and every
// step moves forward, so it ends on any input. Namespace prefixes are dropped
// (`x:c` is `c`): the parts use one vocabulary, whatever prefix a writer chose.

struct XMLScanner {
    enum Event {
        /// A start tag (also for `<a/>`, followed by its `.end`).
        case start(String, [String: String])
        case end(String)
        case text(String)
    }

    struct Problem: Error {
        var message: String
    }

    private let bytes: [UInt8]
    private var i = 0
    /// The end tag owed by the last `<a/>`.
    private var pendingEnd: String?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A byte-order mark before the declaration.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    /// The next event, nil at the end of the document.
    mutating func next() throws(Problem) -> Event? {
        if let end = pendingEnd {
            pendingEnd = nil
            return .end(end)
        }
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") { return .text(try text()) }
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<![CDATA[") {
                let start = i + 9
                try skip(past: "]]>")
                return .text(String(decoding: bytes[start..<(i - 3)], as: UTF8.self))
            } else if starts("<!") {
                throw Problem(message: "it declares a document type or entities (<!DOCTYPE), which workbooks never do")
            } else if starts("</") {
                i += 2
                let name = self.name()
                skipSpaces()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw Problem(message: "an end tag is not closed") }
                i += 1
                return .end(name)
            } else {
                i += 1
                let name = self.name()
                guard !name.isEmpty else { throw Problem(message: "a '<' starts no tag") }
                var attributes: [String: String] = [:]
                while true {
                    skipSpaces()
                    guard i < bytes.count else { throw Problem(message: "the tag <\(name)> is not closed") }
                    if bytes[i] == UInt8(ascii: ">") {
                        i += 1
                        return .start(name, attributes)
                    }
                    if starts("/>") {
                        i += 2
                        pendingEnd = name
                        return .start(name, attributes)
                    }
                    let key = self.name()
                    skipSpaces()
                    guard !key.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                        throw Problem(message: "the tag <\(name)> has a malformed attribute")
                    }
                    i += 1
                    skipSpaces()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                        throw Problem(message: "the attribute \(key) of <\(name)> is not quoted")
                    }
                    let quote = bytes[i]
                    i += 1
                    let start = i
                    while i < bytes.count, bytes[i] != quote { i += 1 }
                    guard i < bytes.count else { throw Problem(message: "the attribute \(key) of <\(name)> is not closed") }
                    attributes[key] = try Self.unescape(bytes[start..<i])
                    i += 1
                }
            }
        }
        return nil
    }

    /// Text up to the next tag.
    private mutating func text() throws(Problem) -> String {
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
        return try Self.unescape(bytes[start..<i])
    }

    private func starts(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }

    private mutating func skip(past s: StaticString) throws(Problem) {
        while i < bytes.count {
            if starts(s) {
                i += s.utf8CodeUnitCount
                return
            }
            i += 1
        }
        throw Problem(message: "it ends inside a comment or declaration")
    }

    private mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    /// A tag or attribute name without its namespace prefix.
    private mutating func name() -> String {
        let start = i
        var local = i
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
                || b == UInt8(ascii: "=") || b == UInt8(ascii: "<")
            {
                break
            }
            if b == UInt8(ascii: ":") { local = i + 1 }
            i += 1
        }
        // `xmlns:x` keeps its prefix so that it never collides with a real attribute.
        if bytes[start..<i].starts(with: Array("xmlns".utf8)) { return String(decoding: bytes[start..<i], as: UTF8.self) }
        return String(decoding: bytes[local..<i], as: UTF8.self)
    }

    /// Text with `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;` and `&#…;` replaced; any other
    /// entity is refused (none is defined, since no document type is read).
    static func unescape(_ raw: ArraySlice<UInt8>) throws(Problem) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = raw.startIndex
        while k < raw.endIndex {
            let b = raw[k]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                k += 1
                continue
            }
            guard let semicolon = raw[k...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Problem(message: "a '&' starts no entity")
            }
            let entity = String(decoding: raw[(k + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var code: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    code = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    code = UInt32(entity.dropFirst())
                }
                guard let code, let scalar = Unicode.Scalar(code) else {
                    throw Problem(message: "it uses the entity &\(entity); which no workbook defines")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
