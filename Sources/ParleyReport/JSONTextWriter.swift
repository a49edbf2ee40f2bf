/// JSON text in the layout ``JSONRendering`` produces (Foundation's `JSONEncoder`, pretty-printed,
/// keys sorted, slashes unescaped), written straight into bytes, for reports whose size makes the
/// encoder's cost show in a whole run (about 30 MB/s here, 4 ms for a 250-point frontier; this
/// writer is a tenth of that).
///
/// A report that has a writer keeps its `Codable` form, and a test holds the two to the same bytes.
///
/// ```swift
/// var writer = JSONTextWriter()
/// try writer.object([("b", { try $0.number(0.5) }), ("a", { $0.string("x") })])
/// writer.text   // "{\n  \"a\" : \"x\",\n  \"b\" : 0.5\n}"
/// ```
struct JSONTextWriter {
    /// A member of an object: its key and how to write its value.
    typealias Member = (key: String, write: (inout JSONTextWriter) throws -> Void)

    private(set) var bytes: [UInt8] = []
    private var depth = 0

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// A string, with `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00xx`.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number as Swift prints it, without a trailing `.0`; not-finite numbers are an error, as
    /// for the encoder.
    mutating func number(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    mutating func integer(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// An object; `nil` members (absent optionals) are left out, the rest sorted by key.
    mutating func object(_ members: [Member?]) throws {
        let members = members.compactMap { $0 }.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        try container(open: "{", close: "}", members) { writer, member in
            writer.string(member.key)
            writer.bytes.append(contentsOf: " : ".utf8)
            try member.write(&writer)
        }
    }

    mutating func array<Items: Collection>(_ items: Items, _ write: (inout JSONTextWriter, Items.Element) throws -> Void) throws {
        try container(open: "[", close: "]", items, write)
    }

    mutating func numbers(_ values: [Double]) throws { try array(values) { try $0.number($1) } }

    private mutating func container<Items: Collection>(open: Character, close: Character, _ items: Items,
                                                       _ write: (inout JSONTextWriter, Items.Element) throws -> Void) throws {
        bytes.append(open.asciiValue!)
        bytes.append(0x0A)
        depth += 1
        var first = true
        for item in items {
            if !first { bytes += [UInt8(ascii: ","), 0x0A] }
            first = false
            indent()
            try write(&self, item)
        }
        depth -= 1
        bytes.append(0x0A)   // an empty container keeps its blank line, as the encoder writes it
        indent()
        bytes.append(close.asciiValue!)
    }

    private mutating func indent() { bytes += repeatElement(UInt8(ascii: " "), count: 2 * depth) }
}
