import Foundation
import Hummingbird
import ParleyKit
import ParleyStore
import ZIPFoundation

/// Exports of a stored version: Parley YAML or JSON as a file, the other formats' folders as a zip
/// (with `DROPPED.txt` listing what the format cannot hold), and the self-contained HTML report.
enum Exports {
    static let formats = ["parley", "parley-json", "genius", "geniusweb", "negmas", "html"]

    static func response(format name: String, stored: StoredVersion, file: String, workspace: Workspace) async throws -> Response {
        let base = "\(stored.info.scenarioID)-v\(stored.info.number)"
        let text = String(decoding: stored.text, as: UTF8.self)
        switch name {
        case "html":
            let html = try await workspace.compute {
                try MakeReport(maxPackages: workspace.configuration.maxPackages)(try LoadedScenario.read(text, file: file), runs: 500)
            }
            return Reply.bytes(Data(html.utf8), mediaType: "text/html; charset=utf-8", fileName: base + ".html")
        case "parley", "parley-json", "genius", "geniusweb", "negmas":
            let format: ScenarioFormat = name.hasPrefix("parley") ? .parley : ScenarioFormat(rawValue: name)!
            let exported = try await workspace.compute { try Export()(try LoadedScenario.read(text, file: file), format: format, json: name == "parley-json") }
            if format == .parley, let only = exported.files.first {
                let json = name == "parley-json"
                return Reply.bytes(Data(only.text.utf8), mediaType: json ? "application/json" : "application/yaml",
                                   fileName: base + (json ? ".json" : ".yaml"))
            }
            var files = exported.files
            if !exported.dropped.isEmpty {
                files.append(("DROPPED.txt", "What the \(name) format cannot hold of this scenario:\n"
                              + exported.dropped.map { "- \($0)\n" }.joined()))
            }
            return Reply.bytes(try zip(files, folder: "\(base)-\(name)"), mediaType: "application/zip", fileName: "\(base)-\(name).zip")
        default:
            throw UsageError("unknown export format '\(name)'; the formats: \(formats.joined(separator: ", "))")
        }
    }

    /// The files in a zip archive, under one folder.
    static func zip(_ files: [(name: String, text: String)], folder: String) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for file in files {
            let data = Data(file.text.utf8)
            try archive.addEntry(with: "\(folder)/\(file.name)", type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    /// The files of an uploaded zip (the entries' base names), with limits on the number and size of
    /// entries so that a zip bomb is refused, not expanded.
    static func unzip(_ data: Data, maxEntries: Int = 200, maxBytes: Int = ImportFiles.maxBytes) throws(UsageError) -> [(name: String, data: Data)] {
        guard let archive = try? Archive(data: data, accessMode: .read) else { throw UsageError("the upload is not a readable zip archive") }
        var files: [(name: String, data: Data)] = []
        var total = 0
        for entry in archive where entry.type == .file {
            let name = (entry.path as NSString).lastPathComponent
            guard !name.hasPrefix("."), !entry.path.contains("__MACOSX") else { continue }
            guard files.count < maxEntries else { throw UsageError("the zip holds more than \(maxEntries) files") }
            total += Int(entry.uncompressedSize)
            guard total <= maxBytes else { throw UsageError("the zip expands to more than \(maxBytes.grouped) bytes") }
            var content = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    content.append(chunk)
                    if content.count > maxBytes { throw UsageError("the zip expands to more than \(maxBytes.grouped) bytes") }
                }
            } catch let error as UsageError { throw error } catch { throw UsageError("the zip entry \(entry.path) cannot be read") }
            files.append((name, content))
        }
        return files
    }
}

/// The OpenAPI 3.1 document of the API, checked in beside the server's assets.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Assets"),
              let data = try? Data(contentsOf: url) else { return Data("{}".utf8) }
        return data
    }()
}
