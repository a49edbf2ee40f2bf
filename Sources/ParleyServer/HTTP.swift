import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore
import ParleyKit

/// Responses the routes give.
enum Reply {
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        json((try? JSONRendering.text(value)).map { $0 + "\n" } ?? "{}\n", status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(_ data: Data, mediaType: String, fileName: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: mediaType]
        if let fileName { headers[.contentDisposition] = "attachment; filename=\"\(fileName)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A JSON error: `{"error": message, "help": ...}`.
    static func problem(_ status: HTTPResponse.Status, _ message: String, help: String? = nil) -> Response {
        json(Problem(error: message, help: help), status: status)
    }

    /// Diagnostics as JSON (`422` by default): every problem, each with its line and column.
    static func diagnostics(_ error: DiagnosticError, file: String?, status: HTTPResponse.Status = .unprocessableContent) -> Response {
        json(DiagnosticsBody(file: file, diagnostics: error.diagnostics.map(APIDiagnostic.init)), status: status)
    }
}

struct Problem: Encodable {
    var error: String
    var help: String?
}

/// The API's diagnostics document (`parley.diagnostics/1`, with line and column at the top level
/// of each diagnostic as well as in its location).
struct DiagnosticsBody: Encodable {
    var contract = "parley.diagnostics/1"
    var file: String?
    var diagnostics: [APIDiagnostic]
}

struct APIDiagnostic: Encodable {
    var severity: String
    var message: String
    var file: String?
    var line: Int?
    var column: Int?
    var help: String?

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        message = diagnostic.message
        file = diagnostic.location?.file
        line = diagnostic.location?.line
        column = diagnostic.location?.column
        help = diagnostic.help
    }
}

/// The media type of a posted scenario, from its text (a JSON document starts with `{`), not from
/// the header a client may have got wrong; the text is then read and stored as what it is.
func scenarioMediaType(_ text: String) -> String {
    text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first == "{" ? "application/json" : "application/yaml"
}

/// Turns errors a use case throws into the response the API gives.
func apiResponse(for error: any Error, file: String?) -> Response {
    switch error {
    case let error as DiagnosticError: return Reply.diagnostics(error, file: file)
    case let error as UsageError: return Reply.problem(.badRequest, error.message)
    case let error as BodyTooLarge: return Reply.problem(.contentTooLarge, error.message, help: "parley serve --body-limit BYTES raises the limit")
    default: return Reply.problem(.internalServerError, "the analysis failed: \(error)")
    }
}

struct BodyTooLarge: Error {
    var limit: Int
    var message: String { "the request body is larger than the \(limit.grouped) bytes this server accepts" }
}

extension Request {
    /// The body, at most `limit` bytes.
    mutating func data(limit: Int) async throws -> Data {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { throw BodyTooLarge(limit: limit) }
        do {
            let buffer = try await collectBody(upTo: limit)
            return Data(buffer: buffer)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw BodyTooLarge(limit: limit)
        } catch is NIOTooManyBytesError {
            // A chunked body has no Content-Length: the limit is found while reading it.
            throw BodyTooLarge(limit: limit)
        }
    }

    /// The query's values for `name` (all of them, in order).
    func query(_ name: String) -> [String] {
        uri.queryParameters[values: Substring(name)].map { String($0) }
    }

    /// The query's parameters as a dictionary (the last value wins).
    var queryDictionary: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in uri.queryParameters { result[String(key)] = String(value) }
        return result
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self = buffer.getData(at: buffer.readerIndex, length: buffer.readableBytes) ?? Data()
    }
}

/// `application/x-www-form-urlencoded` bodies and query strings.
enum Form {
    /// The fields of a form body, in order (a name may repeat).
    static func fields(_ data: Data) -> [(name: String, value: String)] {
        String(decoding: data, as: UTF8.self).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(String(parts[0])), parts.count > 1 ? unescape(String(parts[1])) : "")
        }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A part of a `multipart/form-data` body.
struct FormPart {
    var name: String
    var fileName: String?
    var data: Data
}

enum Multipart {
    /// The parts of a multipart body (the boundary comes from the content type).
    static func parts(_ data: Data, contentType: String) throws(UsageError) -> [FormPart] {
        guard let range = contentType.range(of: "boundary=") else { throw UsageError("the form has no multipart boundary") }
        var boundary = String(contentType[range.upperBound...].prefix { $0 != ";" })
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 { boundary = String(boundary.dropFirst().dropLast()) }
        let parser = MultipartParser(boundary: boundary)
        var parts: [FormPart] = []
        var headers: [String: String] = [:]
        var body = Data()
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in body.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            parts.append(FormPart(name: Self.parameter("name", in: disposition) ?? "", fileName: Self.parameter("filename", in: disposition),
                                  data: body))
            headers = [:]
            body = Data()
        }
        do { try parser.execute([UInt8](data)) } catch { throw UsageError("the form's multipart body is malformed") }
        return parts
    }

    static func parameter(_ name: String, in disposition: String) -> String? {
        for item in disposition.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
