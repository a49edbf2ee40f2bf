#!/usr/bin/env python3
"""Helper for bench/compare-negmas: runs NegMAS, makes the synthetic scenario, compares, reports.

Subcommands (run with the benchmark virtualenv's Python, bench/.venv/bin/python):

  run FOLDER            Load FOLDER with NegMAS and time its Pareto frontier + Nash point; prints
                        one JSON document on stdout.
  synth FOLDER          Write a synthetic GENIUS XML scenario (domain + two profiles) into FOLDER.
  summary FILE          One line about a `run` result, for the progress log.
  report WORKDIR        Read the per-scenario results that compare-negmas left in WORKDIR, check
                        that the answers agree, print a Markdown table and write the JSON results.
  simulate FOLDER       Load FOLDER with NegMAS and time SAO negotiations (BoulwareTBNegotiator vs
                        ConcederTBNegotiator) until enough wall time is measured; prints one JSON
                        document on stdout.
  sim-summary FILE      One line about a `simulate` result, for the progress log.
  sim-report WORKDIR    The simulation comparison: read the NegMAS and `parley simulate` results that
                        compare-negmas --simulation left in WORKDIR, print the Markdown tables and
                        write the JSON results.

  tournament FOLDER...  Load the FOLDERs with NegMAS and time its cartesian_tournament (Boulware,
                        Conceder and Linear time-based negotiators, every assignment to the parties)
                        on each scenario alone and on all of them, serially and in parallel; prints
                        one JSON document on stdout.
  tournament-summary FILE
                        One line per run of a `tournament` result, for the progress log.
  tournament-report WORKDIR
                        The tournament comparison: read the NegMAS and `parley tournament` results
                        that compare-negmas --tournament left in WORKDIR, print the Markdown tables
                        and write the JSON results.

Only `run`, `simulate` and `tournament` import negmas; the other subcommands use the standard
library alone.
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
            # analysis part is what NegMAS is timed on (in-process, after loading): the median
            # over the timed runs (or the one run's, when there are none).
            found = [float(ms) for ms in re.findall(r"analysis ([\d.]+) ms", read_text(directory / "parley.runs.err") or "")]
            if not found:
                found = [float(ms) for ms in re.findall(r"analysis ([\d.]+) ms", read_text(directory / "parley.err") or "")]
            result["parley"] = {"seconds": wall, "peakRssMB": timing.get("peakRssMB"),
                                "analysisSeconds": median(found) / 1000 if found else None,
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
    finish_report(notes, out, "compare-negmas", results, {
        "measures": {
            "negmas": "in-process wall time (time.perf_counter) after Scenario.load(folder, ignore_discount=True): "
                      "enumerate outcomes, utility ranges (minmax), pareto_frontier(ufuns, outcomes), "
                      "nash_points(ufuns, frontier, ranges); peak RSS of the whole Python process",
            "parley": "wall time of the whole process (the median of --parley-runs runs, timed by the shell) and "
                      "peak RSS (GNU time -v, one more run): "
                      "parley analyze FOLDER --conventions negmas --normalization raw --format json",
            "agreement": "frontiers agree when every Parley point is a NegMAS point and every other NegMAS "
                         "point is weakly dominated by a Parley point; Nash agrees when Parley's first Nash "
                         "point is one of NegMAS's; all within the tolerance, in every utility",
            "tolerance": TOLERANCE,
        },
        **context,
    })
    return 1 if failures else 0


def finish_report(notes: list[str], out, benchmark: str, results: list, extra: dict) -> None:
    """Prints the notes under the table and writes the JSON document (when `out` is set)."""
    if notes:
        print()
        print("\n".join(notes))
    if out is None:
        return
    document = {
        "benchmark": benchmark,
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine_info(),
        "negmasVersion": next((r["negmasVersion"] for r in results if r.get("negmasVersion")), None),
        **extra,
        "results": results,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nresults written to {out}")


# --------------------------------------------------------------------------------------------
# sim-report: the simulation comparison's table and JSON
# --------------------------------------------------------------------------------------------

# `parley simulate --timings` prints this on stderr.
SIMULATE_TIMINGS = re.compile(r"timings: read ([\d.]+) ms, simulation ([\d.]+) ms, steps (\d+)")
# With --repeat N, the same negotiation N more times in the process: their median, warm.
SIMULATE_REPEATED = re.compile(r"repeated (\d+): median ([\d.]+) ms")
# seconds: --timings prints microseconds, but medians of a few processes differ by this much
# from run to run, so a smaller difference between them is noise.
NOISE_FLOOR = 0.0002


def median(values: list[float]) -> float | None:
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def parley_simulate_runs(directory: Path) -> list[dict]:
    """The runs compare-negmas left in DIRECTORY (1.json, 1.err, 1.rc, 1.wall, 1.time, 2.json, …)."""
    runs = []
    for rc_file in sorted(directory.glob("*.rc"), key=lambda path: int(path.stem) if path.stem.isdigit() else 0):
        base = rc_file.with_suffix("")
        rc = read_int(rc_file)
        stderr = read_text(base.with_suffix(".err")) or ""
        wall_text = read_text(base.with_suffix(".wall"))
        run: dict = {"exitCode": rc, "seconds": float(wall_text) if wall_text and wall_text.strip() else None,
                     "peakRssMB": parse_time_v(read_text(base.with_suffix(".time"))).get("peakRssMB")}
        found = SIMULATE_TIMINGS.search(stderr)
        if found:
            run["readSeconds"] = float(found.group(1)) / 1000
            run["simulationSeconds"] = float(found.group(2)) / 1000
            run["steps"] = int(found.group(3))
        repeated = SIMULATE_REPEATED.search(stderr)
        if repeated:
            run["repeated"] = int(repeated.group(1))
            run["warmSimulationSeconds"] = float(repeated.group(2)) / 1000
        document = read_json(base.with_suffix(".json")) if rc == 0 else None
        if document is None or "trace" not in document:
            run["error"] = first_line(stderr) or "no JSON on stdout"
        else:
            run["actions"] = len(document["trace"])
            run["agreed"] = document.get("agreement") is not None
            run["agreement"] = document.get("agreement")
            run["endedInRound"] = document.get("endedInRound")
            run["walkedAway"] = document.get("walkedAway")
            run["payoffs"] = document.get("payoffs")
            run["strategies"] = document.get("strategies")
        runs.append(run)
    return runs


def parley_simulation_result(directory: Path) -> dict | None:
    runs = parley_simulate_runs(directory / "parley")
    if not runs:
        return None  # not run
    failed = [run for run in runs if run["exitCode"] != 0 or "error" in run]
    if failed:
        return {"failed": True, "exitCode": failed[0]["exitCode"], "error": failed[0].get("error")}
    first = runs[0]
    result: dict = {
        "runs": len(runs),
        "seconds": median([run["seconds"] for run in runs]),            # whole process, wall clock
        "readSeconds": median([run.get("readSeconds") for run in runs]),
        "simulationSeconds": median([run.get("simulationSeconds") for run in runs]),
        "peakRssMB": median([run.get("peakRssMB") for run in runs]),
        "allSeconds": [run["seconds"] for run in runs],
        "allSimulationSeconds": [run.get("simulationSeconds") for run in runs],
        "steps": first.get("steps"),
        "actions": first["actions"],
        "identical": len({json.dumps([run.get("steps"), run["actions"], run["agreement"]], sort_keys=True)
                          for run in runs}) == 1,
        **{key: first[key] for key in ("agreed", "agreement", "endedInRound", "walkedAway", "payoffs", "strategies")},
    }
    if result["simulationSeconds"] is None:
        result["error"] = "no `timings: read X ms, simulation Y ms, steps N` line on stderr (does this parley have simulate --timings?)"
    elif result["steps"] != result["actions"]:
        result["warning"] = f"--timings says {result['steps']} steps, the trace has {result['actions']} actions"
    steps = result["steps"] if result["steps"] is not None else result["actions"]
    # In-process: the warm negotiations of the process that repeated it (NegMAS is timed that way:
    # a loop of negotiations after a warm-up), else the process's only (cold) negotiation.
    warm = [run for run in parley_simulate_runs(directory / "parley-warm")
            if run["exitCode"] == 0 and "warmSimulationSeconds" in run]
    result["warmSimulationSeconds"] = warm[0]["warmSimulationSeconds"] if warm else None
    result["repeated"] = warm[0]["repeated"] if warm else None
    in_process = result["warmSimulationSeconds"] or result["simulationSeconds"]
    if in_process:
        result["actionsPerSecondInProcess"] = steps / in_process
        result["negotiationsPerSecondInProcess"] = 1 / in_process
    if result["simulationSeconds"]:
        result["actionsPerSecondFirstNegotiation"] = steps / result["simulationSeconds"]
    if result["seconds"]:
        result["actionsPerSecondWholeProcess"] = steps / result["seconds"]
        result["negotiationsPerSecondWholeProcess"] = 1 / result["seconds"]
    # The same negotiation with a 1-round deadline: its simulation time is the fixed cost (tables
    # of utilities, each negotiator sorting its acceptable packages); the difference
    # per extra action is the marginal cost of an action.
    short = [run for run in parley_simulate_runs(directory / "parley-1round")
             if run["exitCode"] == 0 and "simulationSeconds" in run]
    if short:
        fixed = median([run["simulationSeconds"] for run in short])
        result["oneRound"] = {"runs": len(short), "simulationSeconds": fixed, "steps": short[0]["steps"],
                              "seconds": median([run["seconds"] for run in short])}
        extra = steps - short[0]["steps"]
        if extra > 0 and result["simulationSeconds"] is not None:
            difference = result["simulationSeconds"] - fixed
            if difference >= NOISE_FLOOR:
                result["marginalSecondsPerAction"] = difference / extra
            else:
                result["marginalBelowResolution"] = True
    return result


def simulation_result(name: str, directory: Path) -> dict:
    folder = first_line(read_text(directory / "folder.txt"))
    result: dict = {"scenario": name, "folder": folder, "packages": None, "parties": None}

    negmas = read_json(directory / "negmas.json")
    negmas_rc = read_int(directory / "negmas.rc")
    if negmas is not None and negmas_rc == 0:
        result["negmas"] = {key: value for key, value in negmas.items()
                            if key not in ("tool", "folder", "packages", "parties", "negmasVersion", "python")}
        breakdown = negmas["breakdown"]
        # Step 0 calls each negotiator once; the later steps are the marginal cost of a step.
        later_steps = negmas["steps"] - negmas["negotiations"]
        later_actions = negmas["actions"] - negmas["parties"] * negmas["negotiations"]
        if later_steps > 0:
            result["negmas"]["marginalSecondsPerStep"] = breakdown["restSeconds"] / later_steps
        if later_actions > 0:
            result["negmas"]["marginalSecondsPerAction"] = breakdown["restSeconds"] / later_actions
        result["packages"], result["parties"] = negmas["packages"], negmas["parties"]
        result["negmasVersion"] = negmas.get("negmasVersion")
    elif (directory / "negmas.rc").exists():
        result["negmas"] = {"failed": True, "exitCode": negmas_rc, "error": last_lines(read_text(directory / "negmas.err"))}
    else:
        result["negmas"] = None  # not run

    parley = parley_simulation_result(directory)
    result["parley"] = parley
    negmas_part = result["negmas"] or {}
    parley_part = parley or {}
    if result["parties"] is None and parley_part.get("payoffs"):
        result["parties"] = len(parley_part["payoffs"])

    ratio = {}
    if negmas_part.get("actionsPerSecond"):
        for key, name_ in (("actionsPerSecondInProcess", "inProcess"), ("actionsPerSecondWholeProcess", "wholeProcess")):
            if parley_part.get(key):
                ratio[name_] = parley_part[key] / negmas_part["actionsPerSecond"]
    result["ratio"] = ratio  # Parley's actions per second over NegMAS's (above 1: Parley faster)

    if negmas_part.get("first") and "agreed" in parley_part:
        first = negmas_part["first"]
        mine = {str(k): str(v) for k, v in (first.get("package") or {}).items()}
        theirs = {str(k): str(v) for k, v in (parley_part.get("agreement") or {}).items()}
        roles = None
        strategies = parley_part.get("strategies") or {}
        profiles = negmas_part.get("profiles") or []
        if strategies and profiles:
            roles = [(strategies.get(profile) or "").removeprefix("negmas-") for profile in profiles] == ["boulware", "conceder"]
        result["agreements"] = {
            "bothAgreed": bool(first["agreed"]) and bool(parley_part.get("agreed")),
            "samePackage": bool(first["agreed"]) and bool(parley_part.get("agreed")) and mine == theirs,
            "sameRoles": roles,  # the same profile is Boulware in both tools
        }
    return result


def fmt_rate(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def fmt_ms(seconds) -> str:
    if seconds is None:
        return "-"
    ms = seconds * 1000
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.3g}"


def fmt_us(seconds) -> str:
    if seconds is None:
        return "-"
    us = seconds * 1e6
    return f"{us:,.0f}" if us >= 100 else f"{us:.3g}"


def simulation_tables(results: list[dict]) -> str:
    header = ["scenario", "packages", "NegMAS negotiations", "NegMAS steps/s", "NegMAS actions/s",
              "NegMAS negotiations/s", "Parley actions/s (in-process)", "Parley actions/s (whole process)",
              "Parley negotiations/s (in-process)", "Parley/NegMAS actions/s (in-process)",
              "Parley/NegMAS actions/s (whole process)", "NegMAS agreement", "Parley agreement"]
    rows = [header, ["---"] + ["---:"] * 10 + ["---"] * 2]
    for r in results:
        negmas = r.get("negmas") or {}
        parley = r.get("parley") or {}
        if negmas.get("failed"):
            negmas_agreement = "failed"
        elif negmas.get("first"):
            first = negmas["first"]
            negmas_agreement = (("yes" if first["agreed"] else "no")
                                + f", step {first['steps']} ({first['actions']} actions)")
        else:
            negmas_agreement = "-"
        if parley.get("failed"):
            parley_agreement = "failed"
        elif "actions" in parley:
            parley_agreement = (("yes" if parley["agreed"] else "no")
                                + f", round {parley['endedInRound']} ({parley['actions']} actions)")
            if (r.get("agreements") or {}).get("samePackage"):
                parley_agreement += ", same package"
            elif (r.get("agreements") or {}).get("bothAgreed"):
                parley_agreement += ", another package"
        else:
            parley_agreement = "-"
        ratio = r.get("ratio") or {}
        rows.append([
            r["scenario"], fmt_number(r.get("packages"), 0), str(negmas.get("negotiations", "-")),
            fmt_rate(negmas.get("stepsPerSecond")), fmt_rate(negmas.get("actionsPerSecond")),
            fmt_rate(negmas.get("negotiationsPerSecond")),
            fmt_rate(parley.get("actionsPerSecondInProcess")), fmt_rate(parley.get("actionsPerSecondWholeProcess")),
            fmt_rate(parley.get("negotiationsPerSecondInProcess")),
            fmt_ratio(ratio.get("inProcess")), fmt_ratio(ratio.get("wholeProcess")),
            negmas_agreement, parley_agreement])
    first_table = "\n".join("| " + " | ".join(row) + " |" for row in rows)

    header = ["scenario", "NegMAS setup + step 0 (ms)", "NegMAS later step (ms)", "NegMAS later action (µs)",
              "Parley read (ms)", "Parley simulation, 1 round (ms)", "Parley extra action (µs)",
              "Parley process (ms)"]
    rows = [header, ["---"] + ["---:"] * 7]
    for r in results:
        negmas = r.get("negmas") or {}
        parley = r.get("parley") or {}
        breakdown = negmas.get("breakdown") or {}
        fixed = None
        if breakdown and negmas.get("negotiations"):
            fixed = (breakdown["setupSeconds"] + breakdown["firstStepSeconds"]) / negmas["negotiations"]
        rows.append([
            r["scenario"], fmt_ms(fixed), fmt_ms(negmas.get("marginalSecondsPerStep")),
            fmt_us(negmas.get("marginalSecondsPerAction")), fmt_ms(parley.get("readSeconds")),
            fmt_ms((parley.get("oneRound") or {}).get("simulationSeconds")),
            fmt_us(parley.get("marginalSecondsPerAction")), fmt_ms(parley.get("seconds"))])
    second_table = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    return first_table + "\n\nWhere the time goes, per negotiation:\n\n" + second_table


def simulation_report(workdir: Path, order: list[str], out: Path | None, rounds: int, context: dict) -> int:
    results = [simulation_result(name, workdir / name) for name in order]
    print(simulation_tables(results))
    notes = []
    for r in results:
        negmas = r.get("negmas") or {}
        parley = r.get("parley") or {}
        if negmas.get("failed"):
            notes.append(f"- {r['scenario']}: NegMAS failed (exit {negmas.get('exitCode')}): {negmas.get('error')}")
        if parley.get("failed") or parley.get("error"):
            notes.append(f"- {r['scenario']}: Parley failed (exit {parley.get('exitCode', 0)}): {parley.get('error')}")
        if parley.get("warning"):
            notes.append(f"- {r['scenario']}: Parley: {parley['warning']}")
        if negmas and not negmas.get("failed") and not negmas.get("identical", True):
            notes.append(f"- {r['scenario']}: NegMAS's repeated negotiations differed (steps, actions or agreement)")
        if parley and not parley.get("failed") and not parley.get("identical", True):
            notes.append(f"- {r['scenario']}: Parley's runs differed (steps, actions or agreement)")
        if (r.get("agreements") or {}).get("sameRoles") is False:
            notes.append(f"- {r['scenario']}: the tools gave the Boulware role to different profiles")
    finish_report(notes, out, "compare-negmas --simulation", results, {
        "rounds": rounds,
        "measures": {
            "negmas": "in-process wall time (time.perf_counter) after Scenario.load(folder, ignore_discount=True) "
                      f"of SAOMechanism(outcome_space, n_steps={rounds}, time_limit=None) negotiations between "
                      "BoulwareTBNegotiator (first profile, opens) and ConcederTBNegotiator, mechanism "
                      "construction included, repeated until the minimum time is measured; steps = "
                      "mechanism.current_step (SAO rounds: every negotiator acts once per step), actions = "
                      "calls of the negotiators (accept, or reject with a counter-offer)",
            "parley": f"parley simulate FOLDER --strategies negmas-boulware,negmas-conceder (or as --parley-strategies says) --rounds {rounds} "
                      f"--normalization {context.get('parleyNormalization')} --format json --timings, "
                      "median of the runs: in-process = the median of --repeat more negotiations in the same process (warm, as NegMAS is timed; the `simulation` time of --timings, the process's first and cold negotiation, without --repeat), whole process = "
                      "wall clock of the process; actions = steps of --timings = actions in the trace "
                      "(the opening offer, then one action per party's turn: accept or counter-offer); "
                      "oneRound = the same with --rounds 1, the fixed cost of a negotiation",
            "ratio": "Parley's actions per second over NegMAS's (above 1: Parley is faster)",
        },
        **context,
    })
    failed = [r for r in results
              if (r.get("negmas") or {}).get("failed") or (r.get("parley") or {}).get("failed")
              or (r.get("parley") or {}).get("error")]
    return 1 if failed else 0


# --------------------------------------------------------------------------------------------
# tournament: NegMAS's cartesian_tournament, serial and parallel, timed after loading
# --------------------------------------------------------------------------------------------

# NegMAS's time-based negotiators and the Parley strategies they are compared with.
TOURNAMENT_STRATEGIES = {"BoulwareTBNegotiator": "boulware", "ConcederTBNegotiator": "conceder",
                         "LinearTBNegotiator": "linear"}


def strategy_name(partner) -> str:
    """A record's partner (a class, or its name with or without the module) as a Parley strategy."""
    name = getattr(partner, "__name__", None) or str(partner)
    name = name.rsplit(".", 1)[-1].strip("'\"<>")
    return TOURNAMENT_STRATEGIES.get(name, name)


def standings(matches: list[dict]) -> dict:
    """Per strategy: seats, agreements, agreement rate, mean own utility and mean rounds (steps) to
    agreement, from match records with `assignment` (party -> strategy), `agreement`, `rounds`,
    `payoffs` (party -> utility)."""
    table: dict = {}
    for match in matches:
        for party, strategy in match["assignment"].items():
            row = table.setdefault(strategy, {"seats": 0, "agreements": 0, "utility": 0.0, "rounds": []})
            row["seats"] += 1
            payoff = (match.get("payoffs") or {}).get(party)
            if payoff is not None:
                row["utility"] += payoff
            if match["agreement"]:
                row["agreements"] += 1
                row["rounds"].append(match["rounds"])
    return {strategy: {"seats": row["seats"], "agreements": row["agreements"],
                       "agreementRate": row["agreements"] / row["seats"],
                       "meanUtility": row["utility"] / row["seats"],
                       "meanRoundsToAgreement": sum(row["rounds"]) / len(row["rounds"]) if row["rounds"] else None}
            for strategy, row in sorted(table.items())}


def tournament_negmas(folders: list[str], names: list[str], n_steps: int, repetitions: int, njobs: int,
                      whole: bool) -> dict:
    """Times negmas.tournaments.neg.cartesian_tournament on each scenario alone and (with `whole`)
    on all of them together, serially (njobs=-1) and in parallel (njobs=`njobs` processes).

    Matches: the cartesian product of the three competitors over each scenario's parties (self-play
    included), rotate_ufuns=False (every assignment once, the first profile opens), n_repetitions
    times. Utilities are read raw (normalize_ufuns=False), as parley --normalization raw reads them.
    The scenario statistics (Pareto frontier, Nash, Kalai–Smorodinsky, opposition, …) that the
    tournament computes at its start when a scenario has none (save_stats=True, the default) are
    computed once per scenario with Scenario.calc_stats(), timed, and counted in every tournament
    that uses the scenario: the call itself then finds them and skips that step. The call gets
    ignore_discount=False because the scenarios are loaded without discounting already; with True,
    it calls Scenario.remove_discounting(recalculate_stats=False), which drops the statistics, and
    computes them again."""
    warnings.simplefilter("ignore")
    import negmas
    from negmas.inout import Scenario
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator
    from negmas.tournaments.neg import cartesian_tournament

    competitors = [BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator]
    scenarios, infos = [], []
    for folder, name in zip(folders, names):
        t0 = time.perf_counter()
        scenario = Scenario.load(folder, ignore_discount=True)
        load_seconds = time.perf_counter() - t0
        if scenario is None:
            raise RuntimeError(f"NegMAS found no scenario in {folder}")
        scenarios.append(scenario)
        infos.append({"name": name, "folder": folder, "domain": scenario.outcome_space.name,
                      "packages": int(scenario.outcome_space.cardinality), "parties": len(scenario.ufuns),
                      "profiles": [u.name for u in scenario.ufuns], "loadSeconds": load_seconds})

    def run(indices: list[int], jobs: int, steps: int = n_steps, reps: int = repetitions, save_stats: bool = True):
        t0 = time.perf_counter()
        results = cartesian_tournament(
            competitors, [scenarios[i] for i in indices], rotate_ufuns=False, self_play=True,
            n_repetitions=reps, njobs=jobs, n_steps=steps, time_limit=None, normalize_ufuns=False,
            ignore_discount=False, path=None, verbosity=0, save_stats=save_stats)
        return results, time.perf_counter() - t0

    # Warm-up, not timed: the first call imports and initialises what the later ones reuse.
    run([0], -1, steps=10, reps=1, save_stats=False)

    for scenario, info in zip(scenarios, infos):
        t0 = time.perf_counter()
        scenario.calc_stats()
        info["statsSeconds"] = time.perf_counter() - t0

    by_domain = {info["domain"]: info for info in infos}
    groups = [[i] for i in range(len(scenarios))]
    if whole and len(scenarios) > 1:
        groups.append(list(range(len(scenarios))))
    runs = []
    for indices in groups:
        for mode, jobs in (("serial", -1), ("parallel", njobs)):
            results, seconds = run(indices, jobs)
            details = results.details
            matches = []
            for row in details.to_dict("records"):
                info = by_domain.get(row.get("scenario"))
                profiles = info["profiles"] if info else [f"party{i + 1}" for i in range(len(row["partners"]))]
                utilities = row.get("utilities")
                agreed = row.get("agreement") is not None
                matches.append({
                    "scenario": info["name"] if info else row.get("scenario"),
                    "assignment": {p: strategy_name(s) for p, s in zip(profiles, row["partners"])},
                    "repetition": int(row.get("rep") or 0),
                    "agreement": agreed,
                    "rounds": int(row["step"]),  # SAO steps (rounds) at the end
                    "payoffs": ({p: float(u) for p, u in zip(profiles, utilities)}
                                if utilities is not None else None),
                    "executionSeconds": float(row.get("execution_time") or 0.0),
                    "error": bool(row.get("has_error")),
                })
            stats_seconds = sum(infos[i]["statsSeconds"] for i in indices)
            runs.append({
                "group": "all" if len(indices) > 1 else infos[indices[0]]["name"],
                "scenarios": [infos[i]["name"] for i in indices],
                "mode": mode, "njobs": jobs,
                "callSeconds": seconds,
                "statsSeconds": stats_seconds,
                "seconds": seconds + stats_seconds,
                "matches": len(matches),
                "matchesPerSecond": len(matches) / (seconds + stats_seconds),
                "executionSeconds": sum(m["executionSeconds"] for m in matches),
                "errors": sum(1 for m in matches if m["error"]),
                "standings": standings(matches),
                "records": sorted(matches, key=lambda m: (m["scenario"], sorted(m["assignment"].items()),
                                                          m["repetition"])),
            })
    return {
        "tool": "negmas",
        "negmasVersion": negmas.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "nSteps": n_steps,
        "repetitions": repetitions,
        "competitors": [c.__name__ for c in competitors],
        "scenarios": infos,
        "runs": runs,
        "peakRssMB": peak_rss_mb(),
    }


# --------------------------------------------------------------------------------------------
# tournament-report: the tournament comparison's tables and JSON
# --------------------------------------------------------------------------------------------


def parley_tournament_runs(directory: Path) -> list[dict]:
    """The `parley tournament` runs compare-negmas left in DIRECTORY (1.json, 1.err, 1.rc, …)."""
    runs = []
    for rc_file in sorted(directory.glob("*.rc"), key=lambda path: int(path.stem) if path.stem.isdigit() else 0):
        base = rc_file.with_suffix("")
        rc = read_int(rc_file)
        wall_text = read_text(base.with_suffix(".wall"))
        run: dict = {"exitCode": rc, "seconds": float(wall_text) if wall_text and wall_text.strip() else None,
                     "peakRssMB": parse_time_v(read_text(base.with_suffix(".time"))).get("peakRssMB")}
        document = read_json(base.with_suffix(".json")) if rc == 0 else None
        if document is None or "matches" not in document:
            run["error"] = first_line(read_text(base.with_suffix(".err"))) or "no JSON on stdout"
        else:
            run["document"] = document
        runs.append(run)
    return runs


def parley_tournament_result(directory: Path, names_by_folder: dict) -> dict | None:
    runs = parley_tournament_runs(directory)
    if not runs:
        return None  # not run
    failed = [run for run in runs if run["exitCode"] != 0 or "error" in run]
    if failed:
        return {"failed": True, "exitCode": failed[0]["exitCode"], "error": failed[0].get("error")}
    document = runs[0]["document"]
    # Parley's reimplementations of NegMAS's negotiators are named negmas-boulware, …: compare them
    # under NegMAS's names.
    matches = [{"scenario": names_by_folder.get(os.path.realpath(m["scenario"]), m["scenario"]),
                "assignment": {party: strategy.removeprefix("negmas-") for party, strategy in m["assignment"].items()},
                "repetition": m.get("repetition", 0), "agreement": m["agreement"],
                "rounds": m["rounds"], "payoffs": m.get("payoffs")}
               for m in document["matches"]]
    identical = len({json.dumps([[m["assignment"], m["agreement"], m["rounds"], m["payoffs"]]
                                 for m in run["document"]["matches"]], sort_keys=True) for run in runs}) == 1
    seconds = median([run["seconds"] for run in runs])
    return {
        "runs": len(runs),
        "seconds": seconds,
        "allSeconds": [run["seconds"] for run in runs],
        "peakRssMB": median([run["peakRssMB"] for run in runs]),
        "matches": len(matches),
        "jobs": document.get("jobs"),
        "complete": document.get("complete"),
        "matchesPerSecond": len(matches) / seconds if seconds else None,
        "identical": identical,  # every run gave the same matches
        "standings": {row["strategy"].removeprefix("negmas-"): {key: value for key, value in row.items() if key != "strategy"}
                      for row in document.get("standings", [])},
        "records": matches,
    }


def match_key(match: dict) -> str:
    return json.dumps([match["scenario"], sorted(match["assignment"].items()), match.get("repetition", 0)])


def compare_matches(negmas: list[dict], parley: list[dict], tolerance: float = 1e-6) -> dict:
    """The two tools' match sets and how many matches ended alike (both agreed on the same
    utilities, within `tolerance`, or neither agreed)."""
    mine = {match_key(m): m for m in negmas}
    theirs = {match_key(m): m for m in parley}
    common = sorted(set(mine) & set(theirs))
    both_agreed = same_agreement = neither = 0
    for key in common:
        a, b = mine[key], theirs[key]
        if a["agreement"] and b["agreement"]:
            both_agreed += 1
            pa, pb = a.get("payoffs") or {}, b.get("payoffs") or {}
            if pa.keys() == pb.keys() and all(abs(pa[k] - pb[k]) <= tolerance * max(1.0, abs(pb[k])) for k in pa):
                same_agreement += 1
        elif not a["agreement"] and not b["agreement"]:
            neither += 1
    return {"negmas": len(mine), "parley": len(theirs), "common": len(common),
            "onlyNegMAS": [json.loads(k) for k in sorted(set(mine) - set(theirs))][:20],
            "onlyParley": [json.loads(k) for k in sorted(set(theirs) - set(mine))][:20],
            "bothAgreed": both_agreed, "sameAgreement": same_agreement, "neitherAgreed": neither}


def fmt_seconds_short(value) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value:.3f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def fmt_percent(value) -> str:
    return "-" if value is None else f"{100 * value:.0f} %"


def tournament_report(workdir: Path, order: list[str], out: Path | None, context: dict) -> int:
    negmas_document = read_json(workdir / "negmas.json")
    negmas_rc = read_int(workdir / "negmas.rc")
    negmas_failed = None
    if (workdir / "negmas.rc").exists() and (negmas_document is None or negmas_rc != 0):
        negmas_failed = {"failed": True, "exitCode": negmas_rc, "error": last_lines(read_text(workdir / "negmas.err"))}
        negmas_document = None
    infos = {info["name"]: info for info in (negmas_document or {}).get("scenarios", [])}
    names_by_folder = {}
    for name in order:
        folder = first_line(read_text(workdir / "groups" / name / "folders.txt"))
        if folder and name != "all":
            names_by_folder[os.path.realpath(folder)] = name

    results = []
    for group in order:
        folders = [line.strip() for line in (read_text(workdir / "groups" / group / "folders.txt") or "").splitlines()
                   if line.strip()]
        members = list(infos) if group == "all" else [group]
        result: dict = {"group": group, "folders": folders,
                        "packages": [infos[n]["packages"] for n in members] if all(n in infos for n in members) else None}
        negmas_runs = {run["mode"]: run for run in (negmas_document or {}).get("runs", []) if run["group"] == group}
        result["negmas"] = negmas_failed or ({mode: {k: v for k, v in run.items() if k not in ("group",)}
                                              for mode, run in negmas_runs.items()} or None)
        result["parley"] = {}
        for mode in ("allCores", "oneCore"):
            part = parley_tournament_result(workdir / "groups" / group / mode, names_by_folder)
            if part is not None:
                result["parley"][mode] = part
        ratio = {}
        pairs = (("serial", "serial", "oneCore"), ("parallel", "parallel", "allCores"),
                 ("serialVsAllCores", "serial", "allCores"))
        for key, negmas_mode, parley_mode in pairs:
            n = (negmas_runs.get(negmas_mode) or {}).get("matchesPerSecond")
            p = (result["parley"].get(parley_mode) or {}).get("matchesPerSecond")
            if n and p:
                ratio[key] = p / n
        # The same without NegMAS's scenario statistics (its call alone), against the whole parley process.
        for key, negmas_mode, parley_mode in pairs[:2]:
            run = negmas_runs.get(negmas_mode) or {}
            p = (result["parley"].get(parley_mode) or {}).get("matchesPerSecond")
            if run.get("callSeconds") and p:
                ratio[key + "WithoutStats"] = p / (run["matches"] / run["callSeconds"])
        result["ratio"] = ratio  # Parley's matches per second over NegMAS's (above 1: Parley faster)
        serial = negmas_runs.get("serial")
        parley_all = result["parley"].get("allCores")
        if serial and parley_all and not parley_all.get("failed"):
            result["matchSets"] = compare_matches(serial["records"], parley_all["records"])
        results.append(result)

    print(tournament_tables(results, negmas_document))
    notes = []
    for r in results:
        negmas = r.get("negmas") or {}
        if negmas.get("failed"):
            notes.append(f"- NegMAS failed (exit {negmas.get('exitCode')}): {negmas.get('error')}")
            break
    for r in results:
        for mode, part in (r.get("parley") or {}).items():
            if part.get("failed"):
                notes.append(f"- {r['group']}: parley tournament ({mode}) failed (exit {part.get('exitCode')}): {part.get('error')}")
            elif not part.get("identical", True):
                notes.append(f"- {r['group']}: parley's runs ({mode}) gave different matches")
        for mode, run in ((r.get("negmas") or {}).items() if not (r.get("negmas") or {}).get("failed") else []):
            if run.get("errors"):
                notes.append(f"- {r['group']}: NegMAS ({mode}): {run['errors']} matches with errors")
        sets = r.get("matchSets")
        if sets and (sets["onlyNegMAS"] or sets["onlyParley"]):
            notes.append(f"- {r['group']}: the match sets differ: {len(sets['onlyNegMAS'])} only in NegMAS, "
                         f"{len(sets['onlyParley'])} only in Parley (see the JSON)")
    # The JSON keeps every match of NegMAS's serial run and of parley's first all-cores run.
    for r in results:
        for mode, run in ((r.get("negmas") or {}).items() if not (r.get("negmas") or {}).get("failed") else []):
            if mode != "serial":
                run.pop("records", None)
        for mode, part in (r.get("parley") or {}).items():
            if mode != "allCores":
                part.pop("records", None)
    finish_report(notes, out, "compare-negmas --tournament", results, {
        "rounds": context.pop("rounds"),
        "repetitions": context.pop("repetitions"),
        "strategies": ["boulware", "conceder", "linear"],
        "parleyStrategies": context.pop("parleyStrategies", None),
        "negmasScenarios": (negmas_document or {}).get("scenarios"),
        "negmasPeakRssMB": (negmas_document or {}).get("peakRssMB"),
        "negmasVersion": (negmas_document or {}).get("negmasVersion"),
        "measures": {
            "negmas": "in-process wall time (time.perf_counter), scenarios loaded with Scenario.load(folder, "
                      "ignore_discount=True) beforehand (not timed), of cartesian_tournament([BoulwareTBNegotiator, "
                      "ConcederTBNegotiator, LinearTBNegotiator], scenarios, rotate_ufuns=False, self_play=True, "
                      "n_repetitions=R, njobs=-1 (serial) or N (parallel), n_steps=ROUNDS, time_limit=None, "
                      "normalize_ufuns=False, ignore_discount=False (the scenarios have no discounting left), "
                      "path=None, verbosity=0), plus Scenario.calc_stats() per scenario (the statistics the call "
                      "computes first when a scenario has none; timed once and counted in every tournament of "
                      "the scenario); a 10-step tournament on the first scenario runs first, not timed",
            "parley": "wall clock of the whole process (median of the runs): parley tournament FOLDER... "
                      "--strategies negmas-boulware,negmas-conceder,negmas-linear (Parley's reimplementation of NegMAS's "
                      "negotiators; or as --parley-strategies says) --rounds ROUNDS --repetitions R --normalization raw "
                      "--format json; all cores, and pinned to one core with taskset -c 0",
            "ratio": "Parley's matches per second over NegMAS's (above 1: Parley is faster): serial = NegMAS "
                     "njobs=-1 vs parley on one core; parallel = NegMAS njobs=N vs parley on all cores; "
                     "serialVsAllCores = NegMAS njobs=-1 vs parley on all cores; *WithoutStats = NegMAS's "
                     "cartesian_tournament call alone (no calc_stats) vs the whole parley process",
            "matchSets": "matches keyed by scenario, assignment (profile -> strategy) and repetition; "
                         "sameAgreement = both agreed on utilities equal within 1e-6 (relative)",
        },
        **context,
    })
    failed = negmas_failed is not None or any(part.get("failed") for r in results for part in (r.get("parley") or {}).values())
    return 1 if failed else 0


def tournament_tables(results: list[dict], negmas_document: dict | None) -> str:
    header = ["scenarios", "packages", "matches NegMAS/Parley", "NegMAS serial (s)", "NegMAS parallel (s)",
              "Parley 1 core (s)", "Parley all cores (s)", "NegMAS matches/s serial", "NegMAS matches/s parallel",
              "Parley matches/s 1 core", "Parley matches/s all cores", "Parley/NegMAS serial",
              "Parley/NegMAS parallel"]
    rows = [header, ["---", "---:"] + ["---:"] * 11]
    for r in results:
        negmas = r.get("negmas") or {}
        failed = negmas.get("failed")
        serial = {} if failed else (negmas.get("serial") or {})
        parallel = {} if failed else (negmas.get("parallel") or {})
        one = (r.get("parley") or {}).get("oneCore") or {}
        all_ = (r.get("parley") or {}).get("allCores") or {}
        packages = r.get("packages")
        matches_n = serial.get("matches", "-")
        matches_p = all_.get("matches", "-")
        ratio = r.get("ratio") or {}
        rows.append([
            r["group"], "-" if not packages else " + ".join(f"{p:,}" for p in packages),
            f"{matches_n}/{matches_p}",
            "failed" if failed else fmt_seconds_short(serial.get("seconds")),
            "failed" if failed else fmt_seconds_short(parallel.get("seconds")),
            "failed" if one.get("failed") else fmt_seconds_short(one.get("seconds")),
            "failed" if all_.get("failed") else fmt_seconds_short(all_.get("seconds")),
            fmt_rate(serial.get("matchesPerSecond")), fmt_rate(parallel.get("matchesPerSecond")),
            fmt_rate(one.get("matchesPerSecond")), fmt_rate(all_.get("matchesPerSecond")),
            fmt_ratio(ratio.get("serial")), fmt_ratio(ratio.get("parallel"))])
    first = "\n".join("| " + " | ".join(row) + " |" for row in rows)

    header = ["scenarios", "NegMAS stats (s)", "NegMAS call serial (s)", "NegMAS call parallel (s)",
              "NegMAS sum of negotiation times (s)", "NegMAS matches/s serial, without stats",
              "Parley/NegMAS serial, without stats", "Parley/NegMAS parallel, without stats",
              "same matches", "same agreement"]
    rows = [header, ["---"] + ["---:"] * 9]
    for r in results:
        negmas = r.get("negmas") or {}
        if negmas.get("failed"):
            continue
        serial = negmas.get("serial") or {}
        parallel = negmas.get("parallel") or {}
        sets = r.get("matchSets") or {}
        same = f"{sets['common']}/{max(sets['negmas'], sets['parley'])}" if sets else "-"
        agreed = f"{sets['sameAgreement']}/{sets['common']}" if sets else "-"
        call = serial.get("callSeconds")
        ratio = r.get("ratio") or {}
        rows.append([r["group"], fmt_seconds_short(serial.get("statsSeconds")), fmt_seconds_short(call),
                     fmt_seconds_short(parallel.get("callSeconds")), fmt_seconds_short(serial.get("executionSeconds")),
                     fmt_rate(serial["matches"] / call) if call else "-",
                     fmt_ratio(ratio.get("serialWithoutStats")), fmt_ratio(ratio.get("parallelWithoutStats")),
                     same, agreed])
    second = "\n".join("| " + " | ".join(row) + " |" for row in rows)

    # Standings of the last group (the whole tournament when there are several scenarios).
    last = results[-1] if results else {}
    negmas = (last.get("negmas") or {})
    serial = {} if negmas.get("failed") else (negmas.get("serial") or {})
    parley = ((last.get("parley") or {}).get("allCores") or {})
    header = ["strategy", "seats NegMAS/Parley", "NegMAS agreement rate", "Parley agreement rate",
              "NegMAS mean steps to agreement", "Parley mean rounds to agreement"]
    rows = [header, ["---"] + ["---:"] * 5]
    for strategy in ("boulware", "conceder", "linear"):
        n = (serial.get("standings") or {}).get(strategy) or {}
        p = (parley.get("standings") or {}).get(strategy) or {}
        rows.append([strategy, f"{n.get('seats', '-')}/{p.get('seats', '-')}", fmt_percent(n.get("agreementRate")),
                     fmt_percent(p.get("agreementRate")), fmt_number(n.get("meanRoundsToAgreement"), 1),
                     fmt_number(p.get("meanRoundsToAgreement"), 1)])
    third = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    return (first + "\n\nWhere NegMAS's time goes, and the matches compared (NegMAS serial, Parley all cores):\n\n"
            + second + f"\n\nStandings ({last.get('group', '-')}):\n\n" + third)


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
    sim = sub.add_parser("simulate", help="time NegMAS's SAO mechanism (Boulware vs Conceder) on a scenario folder")
    sim.add_argument("folder")
    sim.add_argument("--steps", type=int, default=1000, help="SAOMechanism n_steps (default 1000)")
    sim.add_argument("--min-seconds", type=float, default=2.0,
                     help="repeat negotiations until this much wall time is measured (default 2)")
    sim.add_argument("--min-negotiations", type=int, default=1, help="and at least this many (default 1)")
    sim.add_argument("--max-negotiations", type=int, default=1000, help="but at most this many (default 1000)")
    sim_summary = sub.add_parser("sim-summary", help="one line about a `simulate` result")
    sim_summary.add_argument("file", type=Path)
    sim_rep = sub.add_parser("sim-report", help="the simulation comparison: Markdown table and JSON results")
    sim_rep.add_argument("workdir", type=Path)
    sim_rep.add_argument("--order", required=True, help="comma-separated scenario names (subfolders of workdir)")
    sim_rep.add_argument("--out", type=Path)
    sim_rep.add_argument("--parley-bin", default="")
    sim_rep.add_argument("--parley-commit", default="")
    sim_rep.add_argument("--rounds", type=int, default=1000)
    sim_rep.add_argument("--parley-normalization", default="raw")
    tour = sub.add_parser("tournament", help="time NegMAS's cartesian_tournament (serial and parallel) on scenario folders")
    tour.add_argument("folders", nargs="+")
    tour.add_argument("--names", help="comma-separated names of the scenarios (default: the folders' names)")
    tour.add_argument("--steps", type=int, default=1000, help="n_steps of every negotiation (default 1000)")
    tour.add_argument("--repetitions", type=int, default=1, help="n_repetitions (default 1)")
    tour.add_argument("--njobs", type=int, default=os.cpu_count() or 1,
                      help="processes of the parallel run (default: the number of cores)")
    tour.add_argument("--no-whole", action="store_true",
                      help="only each scenario alone, not all of them in one tournament")
    tour_summary = sub.add_parser("tournament-summary", help="one line per run of a `tournament` result")
    tour_summary.add_argument("file", type=Path)
    tour_rep = sub.add_parser("tournament-report", help="the tournament comparison: Markdown tables and JSON results")
    tour_rep.add_argument("workdir", type=Path)
    tour_rep.add_argument("--order", required=True, help="comma-separated groups (subfolders of workdir/groups)")
    tour_rep.add_argument("--out", type=Path)
    tour_rep.add_argument("--parley-bin", default="")
    tour_rep.add_argument("--parley-commit", default="")
    tour_rep.add_argument("--rounds", type=int, default=1000)
    tour_rep.add_argument("--repetitions", type=int, default=1)
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
    if args.command == "simulate":
        print(json.dumps(simulate_negmas(args.folder, args.steps, args.min_seconds, args.min_negotiations,
                                         args.max_negotiations)))
        return 0
    if args.command == "sim-summary":
        d = json.loads(args.file.read_text())
        first = d["first"]
        print(f"{d['negotiations']} negotiations in {d['seconds']:.3f} s: {d['stepsPerSecond']:,.0f} steps/s, "
              f"{d['actionsPerSecond']:,.0f} actions/s; {d['agreed']}/{d['negotiations']} agreed "
              f"(first: {'agreement' if first['agreed'] else 'no agreement'} after {first['steps']} steps, "
              f"{first['actions']} actions)")
        return 0
    if args.command == "tournament":
        names = args.names.split(",") if args.names else [Path(folder).name for folder in args.folders]
        if len(names) != len(args.folders):
            parser.error("--names needs one name per folder")
        # NegMAS's progress output (and its worker processes') goes to stderr: stdout is the JSON.
        stdout = os.fdopen(os.dup(1), "w")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        document = tournament_negmas(args.folders, names, args.steps, args.repetitions, args.njobs, not args.no_whole)
        stdout.write(json.dumps(document) + "\n")
        stdout.flush()
        return 0
    if args.command == "tournament-summary":
        d = json.loads(args.file.read_text())
        for run in d["runs"]:
            agreed = sum(row["agreements"] for row in run["standings"].values())
            seats = sum(row["seats"] for row in run["standings"].values())
            print(f"{run['group']} {run['mode']} (njobs={run['njobs']}): {run['matches']} matches in "
                  f"{run['seconds']:.3f} s (stats {run['statsSeconds']:.3f} s), {run['matchesPerSecond']:,.2f} matches/s; "
                  f"{agreed}/{seats} seats agreed")
        return 0
    context = {"parleyBin": args.parley_bin or None, "parleyCommit": args.parley_commit or None}
    if args.command == "tournament-report":
        context.update(rounds=args.rounds, repetitions=args.repetitions)
        return tournament_report(args.workdir, [name for name in args.order.split(",") if name], args.out, context)
    if args.command == "sim-report":
        context["parleyNormalization"] = args.parley_normalization
        return simulation_report(args.workdir, [name for name in args.order.split(",") if name], args.out,
                                 args.rounds, context)
    return report(args.workdir, [name for name in args.order.split(",") if name], args.out, context)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
