"""Checks the NegMAS adapter against NegMAS itself (run by scripts/check-negmas, which installs
negmas 0.16.0 from PyPI and this package into .build/venv-negmas).

1. The utility function: for every party of GENIUS domains, the adapter writes the utility of each
   outcome as the agent sees it (built from Parley's `start` message, the folder read with
   `--normalization raw`); it must equal NegMAS's own function read from the same files
   (`Scenario.load`), outcome by outcome, and so must the reserved value.
2. Play: a Parley tournament with NegMAS's AspirationNegotiator and NaiveTitForTatNegotiator as
   external strategies beside Parley's built-in ones finishes every match without a problem, and
   the NegMAS strategies reach agreements.
Prints `N passed, N failed` and exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

from negmas.inout import Scenario

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PARLEY = os.environ.get("PARLEY", os.path.join(ROOT, ".build/debug/parley"))
SHARED = os.path.join(ROOT, "..", "shared", "data", "negmas", "scenarios")
PYTHON = sys.executable
DOMAINS = ["anac/y2012/LaptopA", "ItexvsCypress", "anac/y2010/Travel", "anac/y2011/Grocery"]
passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FAIL  {what}")


def agent(negotiator, *extra):
    return " ".join([PYTHON, "-m", "parley_negmas", negotiator, *extra])


def utility_functions():
    for domain in DOMAINS:
        folder = os.path.join(SHARED, domain)
        if not os.path.isdir(folder):
            print(f"skip  {domain}: not in ../shared/data")
            continue
        scenario = Scenario.load(folder)
        shown = json.loads(subprocess.run([PARLEY, "show", folder, "--format", "json"],
                                          capture_output=True, text=True, check=True).stdout)
        parties = [party["id"] for party in shown["parties"]]
        for index, party in enumerate(parties):
            with tempfile.TemporaryDirectory() as work:
                dump = os.path.join(work, "ufun.json")
                other = parties[1 - index] if len(parties) == 2 else parties[0]
                result = subprocess.run([PARLEY, "simulate", folder, "--normalization", "raw", "--rounds", "5", "--strategies", "boulware",
                                         "--agent", f"{party}={agent('negmas.sao.AspirationNegotiator', '--dump-ufun', dump)}"],
                                        capture_output=True, text=True)
                if result.returncode != 0 or not os.path.exists(dump):
                    check(False, f"{domain} {party}: the adapter ran ({result.returncode}: {result.stderr.strip()[:300]})")
                    continue
                seen = json.load(open(dump, encoding="utf-8"))
            ufun = scenario.ufuns[index]
            # A profile with a discount factor is NegMAS's ExpDiscountedUFun around the linear function;
            # the wrapper's own reserved value is -inf, the inner function keeps the file's. The
            # parley.agent/1 start message carries no discount, so the inner function is compared.
            ufun = getattr(ufun, "ufun", ufun)
            issues = scenario.outcome_space.issues
            worst = 0.0
            for outcome, value in seen["utilities"]:
                # NegMAS's values keep their types (an integer issue's are ints); Parley's are their text.
                negmas_outcome = tuple(next(v for v in issue.all if str(v) == text) for issue, text in zip(issues, outcome))
                worst = max(worst, abs(float(ufun(negmas_outcome)) - value))
            count = len(seen["utilities"])
            check(count == scenario.outcome_space.cardinality and worst < 1e-9,
                  f"{domain} {party} ({other} opposite): {count} outcomes, largest difference from NegMAS's utility {worst:.2e}")
            check(abs(float(ufun.reserved_value) - seen["reservation"]) < 1e-9,
                  f"{domain} {party}: reserved value {seen['reservation']} (NegMAS {ufun.reserved_value})")


def tournament():
    folder = os.path.join(SHARED, DOMAINS[0])
    command = [PARLEY, "tournament", folder, "--normalization", "raw", "--rounds", "60",
               "--strategies", "boulware,conceder,aspiration,titfortat",
               "--agent", f"aspiration={agent('negmas.sao.AspirationNegotiator')}",
               "--agent", f"titfortat={agent('NaiveTitForTatNegotiator')}",
               "--move-time-limit", "20", "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True)
    check(result.returncode == 0, f"the tournament ran (exit {result.returncode}{': ' + result.stderr.strip()[:300] if result.returncode else ''})")
    if result.returncode != 0:
        return
    report = json.loads(result.stdout)
    problems = [problem for match in report["matches"] for problem in match.get("problems", [])]
    check(not problems, f"{len(report['matches'])} matches, no problem" + (f" (first: {problems[0]})" if problems else ""))
    standings = {row["strategy"]: row for row in report["standings"]}
    for name in ("aspiration", "titfortat"):
        row = standings.get(name, {})
        rate = row.get("agreementRate", 0)
        check(rate > 0, f"{name} reaches agreements (rate {rate:.2f}, mean own utility {row.get('meanUtility', 0):.3f})")


def discount():
    """With `simulate --discount`, the agent's function is discounted by the factor NegMAS reads."""
    folder = os.path.join(SHARED, DOMAINS[0])
    scenario = Scenario.load(folder)
    with tempfile.TemporaryDirectory() as work:
        dump = os.path.join(work, "ufun.json")
        subprocess.run([PARLEY, "simulate", folder, "--normalization", "raw", "--discount", "--rounds", "5", "--strategies", "boulware",
                        "--agent", f"Laptop-A-prof1={agent('negmas.sao.AspirationNegotiator', '--dump-ufun', dump)}"],
                       capture_output=True, text=True)
        seen = json.load(open(dump, encoding="utf-8")) if os.path.exists(dump) else {}
    expected = getattr(scenario.ufuns[0], "discount", None)
    check(seen.get("discount") is not None and abs(seen["discount"] - expected) < 1e-12,
          f"{DOMAINS[0]}: the discount factor reaches the agent ({seen.get('discount')}; NegMAS {expected})")


def red_lines():
    """A package across one of the party's red lines is worth less than its reservation value."""
    from parley_negmas import build_ufun
    start = {"type": "start", "party": "B", "rounds": 10,
             "issues": [{"id": "x", "options": ["x1", "x2"]}, {"id": "y", "options": ["y1", "y2"]}],
             "preferences": {"offset": 0.1, "values": {"x": {"x1": 0.0, "x2": 0.5}, "y": {"y1": 0.0, "y2": 0.4}},
                             "reservation": 0.3,
                             "redLines": [{"id": "no-x2-y2", "forbid": [{"issue": "x", "options": ["x2"]}, {"issue": "y", "options": ["y2"]}]}]}}
    ufun, _, _ = build_ufun(start)
    check(abs(float(ufun(("x2", "y1"))) - 0.6) < 1e-12 and abs(float(ufun(("x1", "y2"))) - 0.5) < 1e-12,
          "the utility is the offset plus the weighted values")
    check(float(ufun(("x2", "y2"))) < 0.3, f"a package across a red line is below the reservation value ({float(ufun(('x2', 'y2')))})")


utility_functions()
discount()
red_lines()
tournament()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
