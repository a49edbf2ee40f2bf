import Foundation
import Hummingbird

/// The workspace's static files (style and scripts), from the server's bundle.
struct AssetRoutes: Sendable {
    static let files: [String: (Data, String)] = {
        var files: [String: (Data, String)] = [:]
        for (name, type) in [("workspace.css", "text/css"), ("editor.js", "text/javascript"), ("whatif.js", "text/javascript"),
                             ("progress.js", "text/javascript"), ("session.js", "text/javascript"), ("table.js", "text/javascript")] {
            if let url = Bundle.module.url(forResource: (name as NSString).deletingPathExtension, withExtension: (name as NSString).pathExtension,
                                           subdirectory: "Assets"),
               let data = try? Data(contentsOf: url) {
                files[name] = (data, type + "; charset=utf-8")
            }
        }
        return files
    }()

    func add(to router: Router<WorkspaceContext>) {
        router.get("/assets/:name") { _, context in
            guard let name = context.parameters.get("name"), let (data, type) = Self.files[name] else {
                return Reply.problem(.notFound, "no such asset")
            }
            var response = Reply.bytes(data, mediaType: type)
            response.headers[.cacheControl] = "max-age=3600"
            return response
        }
    }
}
