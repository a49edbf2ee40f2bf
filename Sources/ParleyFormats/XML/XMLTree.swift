import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ParleyCore

/// An XML element with its attributes, children and where it starts in the file.
public struct XMLElement: Hashable, Sendable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElement]
    public var text: String
    public var location: SourceLocation

    /// The children named `name`.
    public func children(named name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The first descendant named `name`, depth first.
    public func firstDescendant(named name: String) -> XMLElement? {
        for child in children {
            if child.name == name { return child }
            if let found = child.firstDescendant(named: name) { return found }
        }
        return nil
    }

    /// Every descendant named `name`, in document order.
    public func descendants(named name: String) -> [XMLElement] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(named: name) }
    }
}

/// Reads an XML file into an ``XMLElement`` tree; malformed XML becomes a located diagnostic.
public enum XMLTreeReader {
    public static func read(_ text: String, file: String) throws(DiagnosticError) -> XMLElement {
        let builder = TreeBuilder(file: file)
        let parser = XMLParser(data: Data(withoutEmptyProcessingInstructions(Array(text.utf8))))
        parser.delegate = builder
        let ok = parser.parse()
        guard ok, let root = builder.root else {
            let location = builder.errorLocation
                ?? SourceLocation(file: file, line: max(1, parser.lineNumber), column: max(1, parser.columnNumber))
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "the document has no root element"
            throw DiagnosticError([Diagnostic(.error, "\(file) is not well-formed XML: \(reason)", at: location,
                                              help: "check that every tag is closed and attribute values are quoted")],
                                  sources: [file: text])
        }
        return root
    }

    /// `bytes` with every processing instruction that has no data (`<?name?>`, other than the
    /// XML declaration) blanked out with spaces, so that lines and columns stay where they were.
    /// Foundation's parser on Linux reads such an instruction's missing data as a C string and
    /// crashes (found by fuzzing); Parley reads no processing instruction, so nothing is lost.
    /// - Complexity: O(n).
    static func withoutEmptyProcessingInstructions(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        let less = UInt8(ascii: "<"), question = UInt8(ascii: "?"), greater = UInt8(ascii: ">")
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == less, bytes[i + 1] == question else { i += 1; continue }
            var end = i + 2
            while end < bytes.count, !isSpace(bytes[end]), bytes[end] != question, bytes[end] != greater, bytes[end] != less { end += 1 }
            let name = bytes[(i + 2)..<end]
            while end < bytes.count, isSpace(bytes[end]) { end += 1 }
            let isDeclaration = name.count == 3 && String(decoding: name, as: UTF8.self).lowercased() == "xml"
            if !isDeclaration, end + 1 < bytes.count, bytes[end] == question, bytes[end + 1] == greater {
                for k in i...(end + 1) where bytes[k] != 0x0A && bytes[k] != 0x0D { bytes[k] = 0x20 }
                i = end + 2
            } else {
                i += 2
            }
        }
        return bytes
    }

    /// Collects elements as the parser reports them.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        let file: String
        var stack: [XMLElement] = []
        var root: XMLElement?
        /// Where the parser first reported an error.
        var errorLocation: SourceLocation?

        init(file: String) { self.file = file }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if errorLocation == nil {
                errorLocation = SourceLocation(file: file, line: max(1, parser.lineNumber), column: max(1, parser.columnNumber))
            }
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            stack.append(XMLElement(name: elementName, attributes: attributes, children: [], text: "",
                                    location: SourceLocation(file: file, line: max(1, parser.lineNumber),
                                                             column: max(1, parser.columnNumber))))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}
