#!/usr/bin/env python3
"""Helper for bench/compare-negmas: runs NegMAS, makes the synthetic scenario, compares, reports.

Subcommands (run with the benchmark virtualenv's Python, bench/.venv/bin/python):

  run FOLDER            Load FOLDER with NegMAS and time its Pareto frontier + Nash point; prints
                        one JSON document on stdout.
  synth FOLDER          Write a synthetic GENIUS XML scenario (domain + two profiles) into FOLDER.
  summary FILE          One line about a `run` result, for the progress log.
  report WORKDIR        Read the per-scenario results that compare-negmas left in WORKDIR, check
                        that the answers agree, print a Markdown table and write the JSON results.

Only `run` imports negmas; `synth` and `report` use the standard library alone.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import resource
import sys
import time
import warnings
from pathlib import Path
from xml.sax.saxutils import quoteattr

# Utilities closer than this (in every party's utility) are the same point. NegMAS compares floats
# exactly, so its frontier can keep points dominated by one unit in the last place, which Parley's
# 1e-9 tolerance removes: such extra NegMAS points are reported, not counted as a difference.
TOLERANCE = 1e-9


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------------------------
# run: NegMAS's Pareto frontier and Nash point, timed in-process after loading
# --------------------------------------------------------------------------------------------


def run_negmas(folder: str) -> dict:
    warnings.simplefilter("ignore")  # NegMAS warns that large outcome spaces are slow
    import negmas
    from negmas.inout import Scenario
    from negmas.preferences.ops import nash_points, pareto_frontier

    t0 = time.perf_counter()
    scenario = Scenario.load(folder, ignore_discount=True)
    load_seconds = time.perf_counter() - t0
    if scenario is None:
        raise RuntimeError(f"NegMAS found no scenario in {folder}")
    ufuns = list(scenario.ufuns)
    outcome_space = scenario.outcome_space
    rss_after_load = peak_rss_mb()

    # The timed part is what negmas.preferences.ops.calc_scenario_stats does before its other
    # solution concepts: enumerate the outcomes, find each party's utility range (for the
    # disagreement point), the Pareto frontier, then the Nash points on it.
    t0 = time.perf_counter()
    outcomes = list(outcome_space.enumerate_or_sample(max_cardinality=float("inf")))
    t1 = time.perf_counter()
    ranges = [u.minmax(outcome_space, above_reserve=False) for u in ufuns]
    t2 = time.perf_counter()
    frontier, frontier_indices = pareto_frontier(ufuns, outcomes, sort_by_welfare=True)
    t3 = time.perf_counter()
    nash = nash_points(ufuns, frontier, ranges=ranges)
    t4 = time.perf_counter()

    def outcome_dict(outcome) -> dict:
        return {issue.name: value for issue, value in zip(outcome_space.issues, outcome)}

    return {
        "tool": "negmas",
        "negmasVersion": negmas.__version__,
        "python": platform.python_version(),
        "folder": folder,
        "packages": len(outcomes),
        "parties": len(ufuns),
        "profiles": [getattr(u, "name", None) for u in ufuns],
        "reservedValues": [float(u.reserved_value) if u.reserved_value is not None else None for u in ufuns],
        "loadSeconds": load_seconds,
        "seconds": t4 - t0,
        "breakdown": {
            "enumerateSeconds": t1 - t0,
            "rangesSeconds": t2 - t1,
            "paretoSeconds": t3 - t2,
            "nashSeconds": t4 - t3,
        },
        "peakRssMB": peak_rss_mb(),
        "rssAfterLoadMB": rss_after_load,
        "utilityRanges": [[float(lo), float(hi)] for lo, hi in ranges],
        "frontierPoints": len(frontier),
        "frontier": [[float(x) for x in utils] for utils in frontier],
        "nash": [
            {
                "utilities": [float(x) for x in utils],
                "package": outcome_dict(outcomes[frontier_indices[index]]),
            }
            for utils, index in nash
        ],
    }


# --------------------------------------------------------------------------------------------
# simulate: NegMAS's SAO mechanism between two time-based negotiators, timed after loading
# --------------------------------------------------------------------------------------------


def simulate_negmas(folder: str, n_steps: int, min_seconds: float, min_negotiations: int,
                    max_negotiations: int) -> dict:
    """Run SAO negotiations (Boulware vs Conceder) on FOLDER until `min_seconds` of wall time and
    `min_negotiations` negotiations have been run (at most `max_negotiations`).

    One SAO step (NegMAS 0.16.0, one_offer_per_step=False, the default) is one round: every
    negotiator is called once in turn and either accepts the offer on the table or rejects it
    with a counter-offer. Actions counts those calls, the unit of Parley's trace."""
    warnings.simplefilter("ignore")
    import negmas
    from negmas.inout import Scenario
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

    t0 = time.perf_counter()
    scenario = Scenario.load(folder, ignore_discount=True)
    load_seconds = time.perf_counter() - t0
    if scenario is None:
        raise RuntimeError(f"NegMAS found no scenario in {folder}")
    ufuns = list(scenario.ufuns)
    if len(ufuns) != 2:
        raise RuntimeError(f"{folder}: {len(ufuns)} parties; the simulation comparison needs 2")
    outcome_space = scenario.outcome_space
    packages = outcome_space.cardinality
    rss_after_load = peak_rss_mb()

    calls = [0]

    def counting(cls):
        # Counts the mechanism's calls to each negotiator (one call = one action: accept, or
        # reject with a counter-offer); the increment costs far less than a call (~0.1 us).
        class Counting(cls):
            def __call__(self, *args, **kwargs):
                calls[0] += 1
                return super().__call__(*args, **kwargs)

        Counting.__name__ = Counting.__qualname__ = cls.__name__
        return Counting

    boulware, conceder = counting(BoulwareTBNegotiator), counting(ConcederTBNegotiator)

    negotiations = []
    setup_seconds = first_step_seconds = rest_seconds = 0.0
    start = time.perf_counter()
    while True:
        calls[0] = 0
        a = time.perf_counter()
        mechanism = SAOMechanism(outcome_space=outcome_space, n_steps=n_steps, time_limit=None)
        mechanism.add(boulware(name="boulware"), ufun=ufuns[0])
        mechanism.add(conceder(name="conceder"), ufun=ufuns[1])
        b = time.perf_counter()
        mechanism.step()  # the first round, where the negotiators initialise (e.g. sort the outcomes)
        c = time.perf_counter()
        state = mechanism.run()
        d = time.perf_counter()
        setup_seconds += b - a
        first_step_seconds += c - b
        rest_seconds += d - c
        negotiations.append({"steps": int(mechanism.current_step), "actions": calls[0],
                             "agreement": state.agreement, "timedout": bool(state.timedout),
                             "broken": bool(state.broken)})
        elapsed = time.perf_counter() - start
        if len(negotiations) >= max_negotiations:
            break
        if elapsed >= min_seconds and len(negotiations) >= min_negotiations:
            break
    seconds = time.perf_counter() - start

    def outcome_dict(outcome) -> dict:
        return {issue.name: value for issue, value in zip(outcome_space.issues, outcome)}

    # Utilities and packages are computed after the timed loop.
    for entry in negotiations:
        agreement = entry.pop("agreement")
        entry["agreed"] = agreement is not None
        entry["utilities"] = [float(u(agreement)) for u in ufuns] if agreement is not None else None
        entry["package"] = outcome_dict(agreement) if agreement is not None else None
    steps = sum(n["steps"] for n in negotiations)
    actions = sum(n["actions"] for n in negotiations)
    distinct = {json.dumps([n["steps"], n["actions"], n["package"]], sort_keys=True) for n in negotiations}
    return {
        "tool": "negmas",
        "negmasVersion": negmas.__version__,
        "python": platform.python_version(),
        "folder": folder,
        "packages": int(packages),
        "parties": len(ufuns),
        "profiles": [getattr(u, "name", None) for u in ufuns],
        "negotiators": ["BoulwareTBNegotiator", "ConcederTBNegotiator"],
        "nSteps": n_steps,
        "loadSeconds": load_seconds,
        "negotiations": len(negotiations),
        "steps": steps,
        "actions": actions,
        "seconds": seconds,
        "stepsPerSecond": steps / seconds,
        "actionsPerSecond": actions / seconds,
        "negotiationsPerSecond": len(negotiations) / seconds,
        "breakdown": {
            "setupSeconds": setup_seconds,        # SAOMechanism(...) and add(...)
            "firstStepSeconds": first_step_seconds,  # mechanism.step() for step 0
            "restSeconds": rest_seconds,          # mechanism.run() for the remaining steps
        },
        "agreed": sum(1 for n in negotiations if n["agreed"]),
        "identical": len(distinct) == 1,   # every repetition gave the same steps, actions and agreement
        "first": negotiations[0],
        "peakRssMB": peak_rss_mb(),
        "rssAfterLoadMB": rss_after_load,
    }


# --------------------------------------------------------------------------------------------
# synth: a synthetic GENIUS XML scenario both tools read
# --------------------------------------------------------------------------------------------


def write_synthetic(folder: Path, issues: int, values: int, seed: int, parties: int = 2) -> None:
    """Discrete issues with `values` options each, random integer evaluations 1-100 and random
    weights summing to 1 (written with 6 decimals), reservation value 0, no discount."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    issue_names = [f"issue{i + 1}" for i in range(issues)]
    value_names = [f"v{j + 1}" for j in range(values)]

    lines = ['<negotiation_template>', f'<utility_space number_of_issues="{issues}">',
             '<objective index="0" etype="objective" type="objective" description="" name="synthetic">']
    for i, name in enumerate(issue_names):
        lines.append(f'  <issue index="{i + 1}" etype="discrete" type="discrete" vtype="discrete" name={quoteattr(name)}>')
        for j, value in enumerate(value_names):
            lines.append(f'    <item index="{j + 1}" value={quoteattr(value)} cost="0" description=""></item>')
        lines.append('  </issue>')
    lines += ['</objective>', '</utility_space>', '</negotiation_template>', '']
    (folder / "synthetic-domain.xml").write_text("\n".join(lines))

    for p in range(parties):
        raw = [rng.uniform(0.05, 1.0) for _ in range(issues)]
        weights = [round(w / sum(raw), 6) for w in raw]
        weights[-1] = round(1.0 - sum(weights[:-1]), 6)
        lines = ['<utility_space>',
                 '<objective index="0" etype="objective" type="objective" description="" name="synthetic">']
        for i, name in enumerate(issue_names):
            lines.append(f'  <issue index="{i + 1}" etype="discrete" type="discrete" vtype="discrete" name={quoteattr(name)}>')
            for j, value in enumerate(value_names):
                evaluation = rng.randint(1, 100)
                lines.append(f'    <item index="{j + 1}" value={quoteattr(value)} cost="0" evaluation="{evaluation}" description=""></item>')
            lines.append('  </issue>')
        for i, weight in enumerate(weights):
            lines.append(f'  <weight index="{i + 1}" value="{weight:.6f}"></weight>')
        lines += ['</objective>', '<reservation value="0" />', '</utility_space>', '']
        (folder / f"synthetic-profile{p + 1}.xml").write_text("\n".join(lines))


# --------------------------------------------------------------------------------------------
# report: compare the answers, print the table, write the JSON
# --------------------------------------------------------------------------------------------


def read_text(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def read_json(path: Path):
    text = read_text(path)
    if not text or not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def read_int(path: Path) -> int | None:
    text = read_text(path)
    try:
        return int(text.strip()) if text else None
    except ValueError:
        return None


def first_line(text: str | None) -> str | None:
    if not text:
        return None
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return None


def last_lines(text: str | None, count: int = 3) -> str | None:
    if not text:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-count:])[:500] if lines else None


def parse_time_v(text: str | None) -> dict:
    """Wall time and peak RSS from GNU time's -v output."""
    out: dict = {}
    if not text:
        return out
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if match:
        out["peakRssMB"] = int(match.group(1)) / 1024.0
    match = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    if match:
        seconds = 0.0
        for part in match.group(1).split(":"):
            seconds = seconds * 60 + float(part)
        out["elapsedSeconds"] = seconds
    match = re.search(r"Exit status: (\d+)", text)
    if match:
        out["exitStatus"] = int(match.group(1))
    return out


def close(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= TOLERANCE for x, y in zip(a, b))


def weakly_dominated(point: list[float], by: list[float]) -> bool:
    return len(point) == len(by) and all(y >= x - TOLERANCE for x, y in zip(point, by))


def compare(negmas: dict, parley: dict) -> dict:
    """Frontiers and Nash utilities of the two tools.

    The frontiers agree when every Parley point is (within TOLERANCE) a NegMAS point and every
    NegMAS point that is not a Parley point is weakly dominated, within TOLERANCE, by one (the
    points NegMAS keeps because it compares floats exactly). The Nash points agree when Parley's
    first is within TOLERANCE of one of NegMAS's ties, or neither tool has one."""
    space = parley.get("agreementSpace", {})
    parley_frontier = [entry.get("utilities", []) for entry in space.get("frontier", [])]
    parley_nash = [entry.get("utilities", []) for entry in space.get("solutions", {}).get("nash", [])]
    negmas_frontier = negmas["frontier"]
    negmas_nash = [entry["utilities"] for entry in negmas["nash"]]

    missing = [p for p in parley_frontier if not any(close(p, n) for n in negmas_frontier)]
    extra = [n for n in negmas_frontier if not any(close(n, p) for p in parley_frontier)]
    unexplained = [n for n in extra if not any(weakly_dominated(n, p) for p in parley_frontier)]
    frontier_ok = not missing and not unexplained

    nash_distance = None
    if parley_nash and negmas_nash:
        first = parley_nash[0]
        distances = [max(abs(a - b) for a, b in zip(first, n)) for n in negmas_nash if len(n) == len(first)]
        nash_distance = min(distances) if distances else None
    nash_ok = (nash_distance is not None and nash_distance <= TOLERANCE) or (not parley_nash and not negmas_nash)
    return {
        "frontierNegMAS": len(negmas_frontier),
        "frontierParley": len(parley_frontier),
        "frontierDifference": len(negmas_frontier) - len(parley_frontier),
        # NegMAS points within TOLERANCE of being dominated by a Parley point (exact-float extras)
        "frontierExtraInNegMAS": extra[:20],
        # Parley points NegMAS does not have, and NegMAS points Parley neither has nor dominates
        "frontierMissingInNegMAS": missing[:20],
        "frontierUnexplainedInNegMAS": unexplained[:20],
        "frontierAgree": frontier_ok,
        "nashParley": parley_nash[0] if parley_nash else None,
        "nashNegMAS": negmas_nash,
        "nashDistance": nash_distance,
        "nashAgree": nash_ok,
        "agree": frontier_ok and nash_ok,
    }


def scenario_result(name: str, directory: Path) -> dict:
    folder = first_line(read_text(directory / "folder.txt"))
    result: dict = {"scenario": name, "folder": folder, "packages": None, "parties": None}

    negmas = read_json(directory / "negmas.json")
    negmas_rc = read_int(directory / "negmas.rc")
    if negmas is not None and negmas_rc == 0:
        result["negmas"] = {key: negmas[key] for key in (
            "seconds", "peakRssMB", "loadSeconds", "breakdown", "rssAfterLoadMB", "frontierPoints", "nash",
            "utilityRanges", "profiles")}
        result["packages"], result["parties"] = negmas["packages"], negmas["parties"]
        result["negmasVersion"] = negmas.get("negmasVersion")
    elif (directory / "negmas.rc").exists():
        result["negmas"] = {"failed": True, "exitCode": negmas_rc, "error": last_lines(read_text(directory / "negmas.err"))}
    else:
        result["negmas"] = None  # not run

    if not (directory / "parley.rc").exists():
        result["parley"] = None  # not run
    else:
        parley_rc = read_int(directory / "parley.rc")
        timing = parse_time_v(read_text(directory / "parley.time"))
        wall_text = read_text(directory / "parley.wall")
        wall = float(wall_text) if wall_text and wall_text.strip() else timing.get("elapsedSeconds")
        parley = read_json(directory / "parley.json") if parley_rc == 0 else None
        if parley is None:
            stderr = read_text(directory / "parley.err")
            result["parley"] = {"unsupported": True, "exitCode": parley_rc, "seconds": wall,
                                "peakRssMB": timing.get("peakRssMB"),
                                "error": first_line(stderr) or "no JSON on stdout"}
        else:
            space = parley.get("agreementSpace", {})
            # `--timings` prints "timings: read X ms, analysis Y ms, output Z ms" on stderr; the
            # analysis part is what NegMAS is timed on (in-process, after loading).
            found = re.search(r"analysis ([\d.]+) ms", read_text(directory / "parley.err") or "")
            result["parley"] = {"seconds": wall, "peakRssMB": timing.get("peakRssMB"),
                                "analysisSeconds": float(found.group(1)) / 1000 if found else None,
                                "frontierPoints": len(space.get("frontier", [])),
                                "nash": space.get("solutions", {}).get("nash", [])}
            if result["packages"] is None:
                result["packages"] = space.get("packages")
                result["parties"] = len(parley.get("scenario", {}).get("parties", [])) or None
            if isinstance(result.get("negmas"), dict) and "seconds" in result["negmas"]:
                result["comparison"] = compare(negmas, parley)

    negmas_part, parley_part = result.get("negmas"), result.get("parley")
    if negmas_part and "seconds" in negmas_part and parley_part and parley_part.get("seconds") \
            and not parley_part.get("unsupported"):
        result["ratio"] = negmas_part["seconds"] / parley_part["seconds"]
        analysis = parley_part.get("analysisSeconds")
        result["ratioInProcess"] = negmas_part["seconds"] / analysis if analysis else None
    else:
        result["ratio"] = None
        result["ratioInProcess"] = None

    if parley_part is None:
        result["answers"] = "-"
    elif parley_part.get("unsupported"):
        result["answers"] = "unsupported"
    elif not negmas_part or negmas_part.get("failed"):
        result["answers"] = "NegMAS failed" if negmas_part else "-"
    else:
        comparison = result["comparison"]
        result["answers"] = "agree" if comparison["agree"] else "DIFFER"
    return result


def fmt_number(value, decimals: int) -> str:
    return "-" if value is None else f"{value:,.{decimals}f}"


def fmt_seconds(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def fmt_ratio(value) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value:.2g}x"
    return f"{value:.1f}x" if value < 10 else f"{value:.0f}x"


def table(results: list[dict]) -> str:
    header = ["scenario", "packages", "parties", "NegMAS time (s)", "NegMAS peak memory (MB)",
              "Parley time (s)", "Parley analysis (s)", "Parley peak memory (MB)", "NegMAS/Parley",
              "NegMAS/Parley analysis", "frontier NegMAS/Parley", "answers"]
    rows = [header, ["---"] * 3 + ["---:"] * 8 + ["---"]]
    for r in results:
        negmas = r.get("negmas") or {}
        parley = r.get("parley") or {}
        comparison = r.get("comparison")
        answers = r["answers"]
        if comparison and comparison["agree"] and comparison["frontierDifference"] != 0:
            answers += f" (frontier {comparison['frontierDifference']:+d})"
        if comparison and comparison["agree"] and comparison["frontierNegMAS"] == 0 == comparison["frontierParley"]:
            answers += " (no rational package)"
        if comparison and not comparison["agree"]:
            why = []
            if not comparison["frontierAgree"]:
                why.append(f"frontier: {len(comparison['frontierMissingInNegMAS'])} Parley points not in NegMAS's, "
                           f"{len(comparison['frontierUnexplainedInNegMAS'])} NegMAS points not in Parley's")
            if not comparison["nashAgree"]:
                distance = comparison["nashDistance"]
                why.append("Nash " + ("missing" if distance is None else f"off by {distance:.2e}"))
            answers += " (" + ", ".join(why) + ")"
        frontier = "-"
        if comparison:
            frontier = f"{comparison['frontierNegMAS']:,}/{comparison['frontierParley']:,}"
        elif negmas.get("frontierPoints") is not None:
            frontier = f"{negmas['frontierPoints']:,}/-"
        negmas_time = "failed" if negmas.get("failed") else fmt_seconds(negmas.get("seconds"))
        parley_time = fmt_seconds(parley.get("seconds")) if not parley.get("unsupported") else "-"
        parley_memory = fmt_number(parley.get("peakRssMB"), 0) if not parley.get("unsupported") else "-"
        rows.append([
            r["scenario"], fmt_number(r.get("packages"), 0), str(r.get("parties") or "-"),
            negmas_time, fmt_number(negmas.get("peakRssMB"), 0),
            parley_time, fmt_seconds(parley.get("analysisSeconds")), parley_memory, fmt_ratio(r.get("ratio")),
            fmt_ratio(r.get("ratioInProcess")), frontier, answers])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def machine_info() -> dict:
    info = {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memoryGB"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return info


def report(workdir: Path, order: list[str], out: Path | None, context: dict) -> int:
    results = [scenario_result(name, workdir / name) for name in order]
    print(table(results))
    failures = [r for r in results if r["answers"] in ("DIFFER", "NegMAS failed")]
    notes = []
    for r in results:
        parley = r.get("parley") or {}
        if parley.get("unsupported"):
            notes.append(f"- {r['scenario']}: Parley could not analyse it (exit {parley.get('exitCode')}): {parley.get('error')}")
        negmas = r.get("negmas") or {}
        if negmas.get("failed"):
            notes.append(f"- {r['scenario']}: NegMAS failed (exit {negmas.get('exitCode')}): {negmas.get('error')}")
    if notes:
        print()
        print("\n".join(notes))
    if out is not None:
        document = {
            "benchmark": "compare-negmas",
            "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": machine_info(),
            "negmasVersion": next((r["negmasVersion"] for r in results if r.get("negmasVersion")), None),
            "measures": {
                "negmas": "in-process wall time (time.perf_counter) after Scenario.load(folder, ignore_discount=True): "
                          "enumerate outcomes, utility ranges (minmax), pareto_frontier(ufuns, outcomes), "
                          "nash_points(ufuns, frontier, ranges); peak RSS of the whole Python process",
                "parley": "wall time and peak RSS (GNU time -v) of the whole process: "
                          "parley analyze FOLDER --conventions negmas --normalization raw --format json",
                "agreement": "frontiers agree when every Parley point is a NegMAS point and every other NegMAS "
                             "point is weakly dominated by a Parley point; Nash agrees when Parley's first Nash "
                             "point is one of NegMAS's; all within the tolerance, in every utility",
                "tolerance": TOLERANCE,
            },
            **context,
            "results": results,
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(document, indent=2) + "\n")
        print(f"\nresults written to {out}")
    return 1 if failures else 0


# --------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="time NegMAS's Pareto frontier + Nash point on a scenario folder")
    run.add_argument("folder")
    synth = sub.add_parser("synth", help="write a synthetic GENIUS XML scenario")
    synth.add_argument("folder", type=Path)
    synth.add_argument("--issues", type=int, default=6)
    synth.add_argument("--values", type=int, default=10)
    synth.add_argument("--seed", type=int, default=20240601)
    rep = sub.add_parser("report", help="compare, print the Markdown table and write the JSON results")
    rep.add_argument("workdir", type=Path)
    rep.add_argument("--order", required=True, help="comma-separated scenario names (subfolders of workdir)")
    rep.add_argument("--out", type=Path)
    rep.add_argument("--parley-bin", default="")
    rep.add_argument("--parley-commit", default="")
    summary = sub.add_parser("summary", help="one line about a `run` result")
    summary.add_argument("file", type=Path)
    args = parser.parse_args(argv)

    if args.command == "run":
        print(json.dumps(run_negmas(args.folder)))
        return 0
    if args.command == "synth":
        write_synthetic(args.folder, args.issues, args.values, args.seed)
        return 0
    if args.command == "summary":
        d = json.loads(args.file.read_text())
        print(f"{d['seconds']:.3f} s (Pareto {d['breakdown']['paretoSeconds']:.3f} s), "
              f"peak {d['peakRssMB']:.0f} MB, {d['frontierPoints']} frontier points, {len(d['nash'])} Nash")
        return 0
    context = {"parleyBin": args.parley_bin or None, "parleyCommit": args.parley_commit or None}
    return report(args.workdir, [name for name in args.order.split(",") if name], args.out, context)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
