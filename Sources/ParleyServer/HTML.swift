import Foundation
import ParleyKit

/// HTML that is safe by construction: every interpolated `String` is escaped; only another
/// `SafeHTML` (or a fragment the report renderer produced, marked `trusted:`) goes in as markup.
struct SafeHTML: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    var text: String

    init(stringLiteral value: String) { text = value }
    init(stringInterpolation: Interpolation) { text = stringInterpolation.text }
    /// Markup from Parley's own renderer (the report's sections, which escape their text).
    init(trusted: String) { text = trusted }

    var description: String { text }

    struct Interpolation: StringInterpolationProtocol {
        var text = ""
        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: String) { text += SafeHTML.escape(value) }
        mutating func appendInterpolation(_ value: Int) { text += String(value) }
        mutating func appendInterpolation(_ html: SafeHTML) { text += html.text }
        mutating func appendInterpolation(_ list: [SafeHTML]) { text += list.map(\.text).joined() }
    }

    static func escape(_ value: String) -> String { value.markupEscaped }

    static func join(_ parts: [SafeHTML], separator: SafeHTML = "") -> SafeHTML {
        SafeHTML(trusted: parts.map(\.text).joined(separator: separator.text))
    }
}

/// The frame of every page: a skip link, the header with the way back to the library, the main
/// content, the report's style sheet and the workspace's own; scripts only from `/assets/`.
enum Layout {
    static func page(title: String, csrf: String, breadcrumbs: [(String, String)] = [], scripts: [String] = [],
                     _ content: SafeHTML) -> String {
        let crumbs = SafeHTML.join(breadcrumbs.map { "<a href=\"\($0.1)\">\($0.0)</a> › " })
        let scriptTags = SafeHTML.join(scripts.map { "<script type=\"module\" src=\"/assets/\($0)\"></script>" })
        let page: SafeHTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="parley-csrf" content="\(csrf)">
            <link rel="icon" href="data:,">
            <title>\(title) · Parley workspace</title>
            <style>\(SafeHTML(trusted: HTMLReport.stylesheet))</style>
            <link rel="stylesheet" href="/assets/workspace.css">
            \(scriptTags)
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="bar"><a class="brand" href="/">Parley workspace</a> <a href="/sessions">Sessions</a></header>
            <nav class="crumbs" aria-label="Breadcrumbs">\(crumbs)<span aria-current="page">\(title)</span></nav>
            <main id="main">
            \(content)
            </main>
            <footer><p>Parley \(ParleyVersion.current). Every judgment without a source is the analyst's assumption.</p></footer>
            </body>
            </html>

            """
        return page.text
    }

    /// A page with one message and no navigation (the 401 page).
    static func plain(title: String, message: String) -> String {
        let page: SafeHTML = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/workspace.css"></head>
            <body><main id="main"><h1>\(title)</h1><p>\(message)</p></main></body></html>

            """
        return page.text
    }

    /// The hidden CSRF field every state-changing form carries.
    static func csrfField(_ token: String) -> SafeHTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">"
    }

    /// Diagnostics as a list, each with its line and column (a link to it in the YAML editor when `editor` is set).
    static func diagnostics(_ diagnostics: [Diagnostic], editor: Bool = false) -> SafeHTML {
        guard !diagnostics.isEmpty else { return "" }
        let items = diagnostics.map { diagnostic -> SafeHTML in
            let place: SafeHTML
            if let location = diagnostic.location, location.line > 0 {
                let label = "line \(location.line), column \(location.column)"
                place = editor
                    ? "<a href=\"#yaml\" class=\"goto\" data-line=\"\(location.line)\" data-column=\"\(location.column)\">\(label)</a>: "
                    : "<span class=\"where\">\(location.file) \(label)</span>: "
            } else {
                place = ""
            }
            let help: SafeHTML = diagnostic.help.map { "<br><span class=\"help\">help: \($0)</span>" } ?? ""
            return "<li class=\"\(diagnostic.severity.rawValue)\">\(place)<strong>\(diagnostic.severity.rawValue):</strong> \(diagnostic.message)\(help)</li>"
        }
        return "<ul class=\"diagnostics\" role=\"alert\">\(items)</ul>"
    }
}
