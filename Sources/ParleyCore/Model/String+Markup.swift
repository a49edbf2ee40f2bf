extension String {
    /// The text with `&`, `<`, `>`, `"` and `'` replaced by entities, safe inside XML, HTML and SVG
    /// elements and attributes.
    public var markupEscaped: String {
        var out = ""
        out.reserveCapacity(count)
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
