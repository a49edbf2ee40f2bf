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

Only `run` and `simulate` import negmas; the other subcommands use the standard library alone.
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
    finish_report(notes, out, "compare-negmas", results, {
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
    if result["simulationSeconds"]:
        result["actionsPerSecondInProcess"] = steps / result["simulationSeconds"]
        result["negotiationsPerSecondInProcess"] = 1 / result["simulationSeconds"]
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
            roles = [strategies.get(profile) for profile in profiles] == ["boulware", "conceder"]
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
            "parley": f"parley simulate FOLDER --strategies boulware,conceder --rounds {rounds} "
                      f"--normalization {context.get('parleyNormalization')} --format json --timings, "
                      "median of the runs: in-process = the `simulation` time of --timings, whole process = "
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
    context = {"parleyBin": args.parley_bin or None, "parleyCommit": args.parley_commit or None}
    if args.command == "sim-report":
        context["parleyNormalization"] = args.parley_normalization
        return simulation_report(args.workdir, [name for name in args.order.split(",") if name], args.out,
                                 args.rounds, context)
    return report(args.workdir, [name for name in args.order.split(",") if name], args.out, context)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
