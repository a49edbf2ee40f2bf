"""The malformed corpus's other formats (used by scripts/make-malformed-corpus): small real inputs
of each format Parley reads besides its own, broken one way at a time.

Each case is (format, name, files, command): `files` maps a path inside the case to its text; a
folder format's case is a folder (read as `parley validate FOLDER` reads it), a file format's case
is one file, read by the command that takes it (`forecast` for KTAB, `stability` for gmcr-py,
`backtest` for DEU III).
"""
import os
import re

SHARED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "data")

# The command that reads each format, and the extension of a file format's case (None: a folder).
COMMANDS = {
    "genius": ("validate", None), "geniusweb": ("validate", None), "negmas": ("validate", None),
    "llm-deliberation": ("validate", None), "ktab": ("forecast", "csv"), "gmcr": ("stability", "gmcr"),
    "deu": ("backtest", "tsv"),
}

BOMB_XML = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
            '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>\n')
BOMB_YAML = ('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
             'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n'
             'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n')


def read(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def once(text, old, new):
    """`text` with the first `old` replaced by `new` (which must be there)."""
    assert old in text, f"no {old!r} to replace"
    return text.replace(old, new, 1)


def genius():
    folder = os.path.join(SHARED, "negmas/scenarios/Laptop")
    base = {name: read(os.path.join(folder, name)) for name in ("Laptop-C-domain.xml", "Laptop-C-prof1.xml", "Laptop-C-prof2.xml")}
    d, p1, p2 = "Laptop-C-domain.xml", "Laptop-C-prof1.xml", "Laptop-C-prof2.xml"

    def case(name, file, text):
        return name, {**base, file: text}
    yield case("domain-truncated", d, base[d][: len(base[d]) // 2])
    yield case("domain-duplicate-value", d, once(base[d], 'value="HP"', 'value="Dell"'))
    yield case("domain-issue-without-values", d, re.sub(r'(name="Harddisk">).*?(<similarity_function)', r"\1\n\2", base[d], count=1, flags=re.S))
    yield case("domain-entity-bomb", d, BOMB_XML + base[d].replace('description="cheap laptop"', 'description="&lol4;"', 1))
    yield case("domain-external-entity", d, '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
               + base[d].replace('description="cheap laptop"', 'description="&x;"', 1))
    yield case("profile-evaluation-text", p1, once(base[p1], 'evaluation="12"', 'evaluation="twelve"'))
    yield case("profile-weight-negative", p1, re.sub(r'(<weight index="1" value=")[^"]*', r"\g<1>-0.4", base[p1], count=1))
    yield case("profile-weight-text", p2, re.sub(r'(<weight index="2" value=")[^"]*', r"\g<1>heavy", base[p2], count=1))
    yield case("profile-unknown-value", p1, once(base[p1], 'value="Macintosh"', 'value="Amiga"'))
    yield case("profile-unknown-issue", p1, once(base[p1], 'name="Harddisk"', 'name="Floppy"'))
    yield case("profile-reservation-text", p1, once(base[p1], '<reservation value="0.00" />', '<reservation value="high" />'))
    yield case("profile-discount-above-one", p1, once(base[p1], '<discount_factor value="1.00" />', '<discount_factor value="1.5" />'))
    yield case("profile-empty", p2, "")
    yield case("profile-not-xml", p2, "evaluation: 12\n")
    yield case("profile-evaluation-negative", p2, re.sub(r'evaluation="\d+"', 'evaluation="-5"', base[p2], count=1))


def geniusweb():
    folder = os.path.join(SHARED, "negmas/scenarios/geniusweb/FlightBooking")
    d, p1, p2 = "flightbooking.json", "flightbooking1.json", "flightbooking2.json"
    base = {name: read(os.path.join(folder, name)) for name in (d, p1, p2)}

    def case(name, file, text):
        return name, {**base, file: text}
    yield case("domain-truncated", d, base[d][: len(base[d]) // 2])
    yield case("domain-values-not-a-list", d, re.sub(r'"values": \[[^\]]*\]', '"values": "CentAir"', base[d].replace('"price"', '"price"', 1), count=1))
    yield case("profile-truncated", p1, base[p1][: len(base[p1]) * 2 // 3])
    yield case("profile-weight-text", p1, once(base[p1], '"price": 0.35', '"price": "heavy"'))
    yield case("profile-weight-negative", p1, once(base[p1], '"price": 0.35', '"price": -0.35'))
    yield case("profile-unknown-value", p1, once(base[p1], '"CentAir": 0.667', '"Haneda": 0.667'))
    yield case("profile-utility-text", p2, re.sub(r'("150000yen": )[0-9.]+', r'\g<1>"high"', base[p2], count=1))
    yield case("profile-no-weights", p2, re.sub(r'"issueWeights": \{[^}]*\},', "", base[p2], count=1, flags=re.S))
    yield case("profile-empty", p2, "")
    yield case("profile-not-finite", p1, once(base[p1], '"price": 0.35', '"price": NaN'))
    yield case("profile-unknown-issue", p1, once(base[p1], '"departure date": 0.3', '"arrival date": 0.3'))


def negmas():
    folder = os.path.join(SHARED, "negmas/scenarios/hani/Trade")
    d, b, s = "Trade.yml", "Buyer.yml", "Seller.yml"
    base = {name: read(os.path.join(folder, name)) for name in (d, b, s)}

    def case(name, file, text):
        return name, {**base, file: text}
    yield case("domain-tab", d, once(base[d], "- name: Price", "-\tname: Price"))
    yield case("domain-issue-type-unknown", d, once(base[d], "type: DiscreteCardinalIssue", "type: SphericalIssue"))
    yield case("domain-values-empty", d, re.sub(r"(name: Price\n  type: DiscreteCardinalIssue\n)  values:\n(  - \d+\n)+", r"\1  values: []\n", base[d], count=1))
    yield case("domain-value-text", d, once(base[d], "  - 110", "  - cheap"))
    yield case("domain-alias-bomb", d, BOMB_YAML + base[d])
    yield case("profile-reserved-value-text", b, once(base[b], "reserved_value: 0.0", "reserved_value: none"))
    yield case("profile-one-weight", b, re.sub(r"weights:\n(- [0-9.]+\n)+", "weights:\n- 1.0\n", base[b], count=1))
    yield case("profile-weight-negative", s, re.sub(r"(weights:\n- )[0-9.]+", r"\g<1>-0.5", base[s], count=1))
    yield case("profile-mapping-text", b, once(base[b], "110: 0.8", "110: good"))
    yield case("profile-type-unknown", b, once(base[b], "type: LinearAdditiveUtilityFunction", "type: QuantumUtilityFunction"))
    yield case("profile-empty", s, "")
    yield case("profile-mapping-unknown-value", s, re.sub(r"\n(\s+)100: ", r"\n\g<1>105: ", base[s], count=1))


def llm_deliberation():
    """A small game in the benchmark's layout (three parties, two issues)."""
    base = {
        "config.txt": "Builder,builder,p1,greedy,m\nCity,city,p2,cooperative,m\nUnion,union,player,cooperative,m\n",
        "global_instructions.txt": ('Issue A: "Site"\nA1 "north": build north\nA2 "south": build south\n'
                                    'Issue B: "Jobs"\nB1 "few": fifty jobs\nB2 "many": five hundred jobs\n'),
        "initial_deal.txt": "A1,B1",
        "scores_files/builder.txt": "60, 10\n40, 0\n50\n",
        "scores_files/city.txt": "0, 40\n0, 60\n40\n",
        "scores_files/union.txt": "20, 0\n0, 80\n50\n",
    }

    def case(name, file, text):
        files = {**base}
        if text is None:
            del files[file]
        else:
            files[file] = text
        return name, files
    yield case("scores-text", "scores_files/city.txt", "0, forty\n0, 60\n40\n")
    yield case("scores-missing-issue", "scores_files/union.txt", "20, 0\n50\n")
    yield case("scores-too-many-options", "scores_files/builder.txt", "60, 10, 5\n40, 0\n50\n")
    yield case("scores-no-minimum", "scores_files/city.txt", "0, 40\n0, 60\n")
    yield case("scores-file-missing", "scores_files/union.txt", None)
    yield case("config-role-unknown", "config.txt", base["config.txt"].replace("player", "spectator"))
    yield case("config-no-proposer", "config.txt", base["config.txt"].replace("p1", "player"))
    yield case("config-short-line", "config.txt", base["config.txt"].replace("City,city,p2,cooperative,m", "City,city"))
    yield case("story-no-issues", "global_instructions.txt", "The parties meet to discuss a project.\n")
    yield case("initial-deal-unknown-option", "initial_deal.txt", "A1,B7")


def ktab():
    base = read(os.path.join(SHARED, "ktab/dummyData-a040.csv"))
    lines = base.split("\n")
    row = lines[2]
    cells = [c.strip() for c in row.split(",")]

    def with_row(new):
        return "\n".join(lines[:2] + [new] + lines[3:])
    yield "influence-text", with_row(row.replace(cells[2], "heavy", 1))
    yield "position-out-of-range", with_row(", ".join(cells[:3] + ["140"] + cells[4:]))
    yield "salience-negative", with_row(", ".join(cells[:4] + ["-3"] + cells[5:]))
    yield "row-too-short", with_row(", ".join(cells[:3]))
    yield "header-missing", "\n".join(lines[:1] + lines[2:])
    yield "actor-count-wrong", base.replace(",  40,", ",  41,", 1)
    yield "not-finite", with_row(", ".join(cells[:3] + ["nan"] + cells[4:]))
    yield "empty", ""
    yield "position-and-salience-text", with_row(", ".join(cells[:3] + ["left", "much"]))


def gmcr():
    base = read(os.path.join(SHARED, "gmcr/examples/Elmira.gmcr"))
    yield "truncated", base[: len(base) // 2]
    yield "option-out-of-range", once(base, '"decisionMakers": [{"options": [0]', '"decisionMakers": [{"options": [7]')
    yield "ranking-state-out-of-range", once(base, '"preferenceRanking": [9, 3,', '"preferenceRanking": [99, 3,')
    yield "direction-unknown", once(base, '"permittedDirection": "back"', '"permittedDirection": "sideways"')
    yield "no-decision-makers", re.sub(r'"decisionMakers": \[.*\], "infeasibles"', '"decisionMakers": [], "infeasibles"', base, count=1, flags=re.S)
    yield "infeasible-unknown-option", once(base, '"infeasibles": [[[1, "Y"]', '"infeasibles": [[[9, "Y"]')
    yield "infeasible-flag-unknown", once(base, '"infeasibles": [[[1, "Y"]', '"infeasibles": [[[1, "Q"]')
    yield "ranking-state-twice", once(base, '"preferenceRanking": [9, 3,', '"preferenceRanking": [9, 9,')
    yield "not-json", "options: Modify, Delay\n"


def deu():
    # Positions outside 0..100 or not numbers are missing data and dates are repaired (DEUReader's
    # documented reading of the data set), so only the table's shape can be wrong.
    lines = read(os.path.join(SHARED, "deu3/deu3-dev.tsv")).split("\n")[:13]
    header, row = lines[0], lines[1]
    cells = row.split("\t")

    def with_row(new):
        return "\n".join([header, new] + lines[2:]) + "\n"
    yield "column-missing", "\n".join(["\t".join(header.split("\t")[:5])] + lines[1:]) + "\n"
    yield "row-too-short", with_row("\t".join(cells[:8]))
    yield "empty", ""


def cases():
    """Every case: (format, name, files)."""
    for fmt, make in (("genius", genius), ("geniusweb", geniusweb), ("negmas", negmas), ("llm-deliberation", llm_deliberation)):
        for name, files in make():
            yield fmt, name, files
    for fmt, make in (("ktab", ktab), ("gmcr", gmcr), ("deu", deu)):
        extension = COMMANDS[fmt][1]
        for name, text in make():
            yield fmt, name, {f"{name}.{extension}": text}
