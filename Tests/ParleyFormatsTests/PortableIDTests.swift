import ParleyCore
import ParleyFormats
import Testing

/// Ids outside the portable rule (letters, digits, dots, dashes, underscores) are read, with a
/// located warning that suggests a portable id; references to them are not warned about twice.
@Suite struct PortableIDTests {
    static let scenario = """
        parley: 1
        id: ukraine 2024/11
        title: Ids
        parties:
          - id: A
          - id: B side
        issues:
          - id: flag
            options: [red, blue]
        preferences:
          A:
            reservation: 0.3
            issues:
              flag: {weight: 1, values: {red: 1, blue: 0}}
          B side:
            reservation: 0.2
            issues:
              flag: {weight: 1, values: {red: 0, blue: 1}}

        """

    @Test func theRule() {
        for good in ["RU", "nato", "legal-form", "v1.2", "a_b", "РФ", "2024"] { #expect(PortableID.isPortable(good), "\(good)") }
        for bad in ["", "ukraine 2024/11", "-lead", ".dot", "a=b", "x,y", "<b>", "tab\there"] { #expect(!PortableID.isPortable(bad), "\(bad)") }
        #expect(PortableID.suggestion(for: "ukraine 2024/11") == "ukraine-2024-11")
        #expect(PortableID.suggestion(for: "  --US [") == "US")
        #expect(PortableID.suggestion(for: "///") == "id")
        #expect(PortableID.offending("ukraine 2024/11 /x") == [" ", "/"])
        for text in ["a b", "--x", "é/ü", "!!"] { #expect(PortableID.isPortable(PortableID.suggestion(for: text)), "\(text)") }
    }

    @Test func declaredIdsOutsideTheRuleAreWarnedAboutWhereTheyStand() throws {
        let decoded = try ScenarioReader.read(Self.scenario, file: "ids.yaml")
        let warnings = decoded.warnings.filter { $0.message.contains("do not carry safely") }
        #expect(warnings.map { $0.location?.line } == [2, 6], "the scenario id and the party id, not the reference under preferences")
        #expect(warnings[0].message.contains("'ukraine 2024/11' contains a space, '/'"))
        #expect(warnings[0].help?.hasSuffix("write 'ukraine-2024-11'") == true)
        #expect(decoded.scenario.parties.map(\.id.rawValue) == ["A", "B side"], "the ids are read as written")
    }
}
