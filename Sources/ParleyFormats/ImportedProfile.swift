import ParleyCore

/// A linear additive utility function as the imported formats state it, before it becomes a
/// party's ``Preferences``.
struct ImportedProfile {
    var name: String
    var weights: [Double]
    /// One value per option of each issue, aligned with the scenario's issues.
    var values: [[Double]]
    var reservation: Double
    var offset: Double = 0
    var discount: Double?

    /// The preferences under `normalization`; `genius` reads the numbers as written (only GENIUS
    /// XML files have a reading of their own).
    func preferences(normalization: UtilityNormalization, issues: [Issue]) -> Preferences {
        let raw = Preferences(reservation: Estimate(reservation),
                              stances: zip(weights, values).map { Stance(weight: Estimate($0), values: $1.map { Estimate($0) }) },
                              offset: offset, discount: discount)
        guard normalization == .normalized else { return raw }
        return raw.normalized(rangeLimits: issues.map { $0.kind == .categorical ? 10 : nil })
    }

    /// The utility of a package given as option indices.
    func utility(_ options: [Int]) -> Double {
        offset + zip(weights, zip(values, options)).reduce(0) { $0 + $1.0 * $1.1.0[$1.1.1] }
    }
}

extension DocumentNode {
    /// The entries of a mapping node (empty for other nodes).
    var entries: [DocumentNode.Entry] {
        if case .mapping(let entries) = content { return entries }
        return []
    }

    subscript(key: String) -> DocumentNode? { entries.first { $0.key.text == key }?.value }

    var items: [DocumentNode] {
        if case .sequence(let items) = content { return items }
        return []
    }

    var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    var number: Double? { scalarText.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
}
