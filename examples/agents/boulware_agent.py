#!/usr/bin/env python3
"""An example external agent for `parley simulate --agent PARTY=COMMAND` (protocol parley.agent/1).

Standard library only. It reads one JSON object per line on stdin and answers `propose` and
`respond` messages with one JSON object per line on stdout (flushed). Strategy: time-dependent
Boulware concession (Faratin, Sierra & Jennings 1998) from its best package to its reservation
value, target(t) = best - (best - reservation) * t ** (1 / e) with e = 0.2; it proposes the worst
acceptable package at least as good as the target and accepts an offer worth at least that much.

It enumerates every package, so it suits spaces up to a few hundred thousand packages.
"""
import itertools
import json
import sys

EXPONENT = 0.2


def satisfied(conditions, package):
    return all(package[c["issue"]] in c["options"] for c in conditions)


def breaches(red_line, package):
    if "forbid" in red_line:
        return satisfied(red_line["forbid"], package)
    if "require" in red_line:
        return not satisfied(red_line["require"], package)
    return satisfied(red_line["if"], package) and not satisfied(red_line["then"], package)


class Agent:
    def __init__(self, start):
        preferences = start["preferences"]
        self.values = preferences["values"]
        self.offset = preferences["offset"]
        self.reservation = preferences["reservation"]
        self.red_lines = preferences["redLines"]
        ids = [issue["id"] for issue in start["issues"]]
        packages = (dict(zip(ids, choice)) for choice in
                    itertools.product(*(issue["options"] for issue in start["issues"])))
        ranked = [(self.utility(p), p) for p in packages if self.acceptable(p)]
        ranked.sort(key=lambda entry: -entry[0])
        self.ranked = ranked

    def utility(self, package):
        return self.offset + sum(self.values[issue][option] for issue, option in package.items())

    def acceptable(self, package):
        return self.utility(package) >= self.reservation - 1e-12 and not any(
            breaches(red_line, package) for red_line in self.red_lines)

    def proposal(self, time):
        best = self.ranked[0][0]
        target = best - (best - self.reservation) * min(1.0, max(0.0, time)) ** (1 / EXPONENT)
        choice = self.ranked[0]
        for entry in self.ranked:
            if entry[0] < target - 1e-12:
                break
            choice = entry
        return choice


def main():
    agent = None
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message["type"]
        if kind == "start":
            agent = Agent(message)
            continue
        if kind == "end":
            break
        if not agent.ranked:
            answer = {"type": "walk-away"}
        elif kind == "propose":
            answer = {"type": "offer", "offer": agent.proposal(message["time"])[1]}
        else:  # respond
            offer = message["offer"]
            utility, package = agent.proposal(message["time"])
            if agent.acceptable(offer) and agent.utility(offer) >= utility - 1e-12:
                answer = {"type": "accept"}
            else:
                answer = {"type": "offer", "offer": package}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
