"""The adapter: Parley's side of the table becomes one NegMAS negotiator (a proxy), so the NegMAS
negotiator under test meets Parley inside a real `SAOMechanism`, bilateral, one step a round.

- The proxy's moves are read from Parley's messages: the offer Parley sends with `respond` is the
  table's counter-offer; `end` with the agent's own offer is the table accepting it; `end` without
  an agreement ends the negotiation.
- The agent's moves (its `__call__`, the method the mechanism calls) are written to Parley as they
  are made: accept, an offer, or walk-away.
- The utility function is the one Parley states in `start`: for each issue a table of the values it
  already weighted (a `LinearAdditiveUtilityFunction` with weights 1, bias `offset`, reserved value
  `reservation`). Read from a GENIUS folder with `--normalization raw`, it is the function NegMAS
  builds from the same files. A package that breaches one of the party's red lines is worth less
  than its reservation value (NegMAS has no red lines; its negotiators do not offer or accept a
  package below their reserved value).
- A discount factor Parley applies (`simulate --discount`) comes in `start`; the function is then
  NegMAS's `ExpDiscountedUFun` with that factor over relative time (`u × d^t`, Parley's reading).
- Time: the mechanism has `rounds` steps, one per round of the table, so NegMAS's relative time
  follows Parley's rounds.
"""
import argparse
import importlib
import itertools
import json
import sys

from negmas import ResponseType, SAOMechanism, SAONegotiator, make_issue
from negmas.gb.negotiators import GBNegotiator
from negmas.outcomes import make_os
from negmas.preferences import ExpDiscountedUFun, LinearAdditiveUtilityFunction, MappingUtilityFunction
from negmas.sao import SAOResponse


class Parley:
    """The JSON-lines channel to Parley, with one message of look-ahead."""

    def __init__(self, reader=sys.stdin, writer=sys.stdout):
        self.reader, self.writer, self.pending = reader, writer, None

    def peek(self):
        if self.pending is None:
            line = self.reader.readline()
            self.pending = json.loads(line) if line.strip() else {"type": "end", "agreement": None}
        return self.pending

    def take(self):
        message = self.peek()
        self.pending = None
        return message

    def send(self, message):
        self.writer.write(json.dumps(message) + "\n")
        self.writer.flush()


def breaches(red_line, package):
    """Whether `package` (issue → option) breaches `red_line` as docs/external-agents.md defines it."""
    def holds(condition):
        return package.get(condition["issue"]) in condition["options"]
    if "forbid" in red_line:
        return all(holds(c) for c in red_line["forbid"])
    if "require" in red_line:
        return not all(holds(c) for c in red_line["require"])
    if "if" in red_line:
        return all(holds(c) for c in red_line["if"]) and not all(holds(c) for c in red_line["then"])
    return False


def build_ufun(start):
    """The party's utility function from Parley's `start` message, and the outcome space."""
    issue_ids = [issue["id"] for issue in start["issues"]]
    issues = [make_issue(values=list(issue["options"]), name=issue["id"]) for issue in start["issues"]]
    space = make_os(issues)
    preferences = start["preferences"]
    values = preferences["values"]
    reservation = preferences.get("reservation", 0.0)
    tables = [dict(values[i]) for i in issue_ids]
    ufun = LinearAdditiveUtilityFunction(values=tables, weights=[1.0] * len(issues), bias=preferences.get("offset", 0.0),
                                         outcome_space=space, reserved_value=reservation)
    red_lines = preferences.get("redLines") or []
    if red_lines:
        mapping = {}
        for outcome in itertools.product(*[issue["options"] for issue in start["issues"]]):
            package = dict(zip(issue_ids, outcome))
            utility = float(ufun(outcome))
            mapping[outcome] = min(utility, reservation - 1.0) if any(breaches(r, package) for r in red_lines) else utility
        ufun = MappingUtilityFunction(mapping=mapping, outcome_space=space, reserved_value=reservation)
    discount = preferences.get("discount")
    if discount is not None:
        # Parley discounts as GENIUS does: u × d^t at normalised time t, the reservation value too.
        ufun = ExpDiscountedUFun(ufun, discount=float(discount), factor="relative_time", reserved_value=reservation,
                                 dynamic_reservation=True, outcome_space=space)
    return ufun, space, issue_ids


class TableProxy(SAONegotiator):
    """Every other party at Parley's table, as one negotiator whose moves Parley's messages give."""

    def __init__(self, channel, issue_ids, agent, **kwargs):
        super().__init__(**kwargs)
        self.channel, self.issue_ids, self.agent = channel, issue_ids, agent

    def outcome(self, offer):
        return tuple(offer[i] for i in self.issue_ids)

    def __call__(self, state, dest=None):
        message = self.channel.peek()
        if message["type"] == "respond":
            return SAOResponse(ResponseType.REJECT_OFFER, self.outcome(message["offer"]))
        if message["type"] == "end" and message.get("agreement") is not None:
            agreed = self.outcome(message["agreement"])
            if state.current_offer is not None and tuple(state.current_offer) == agreed:
                return SAOResponse(ResponseType.ACCEPT_OFFER, agreed)
        return SAOResponse(ResponseType.END_NEGOTIATION, None)

    def propose(self, state, dest=None):  # required by the base class; __call__ answers instead
        return None


def wrapped(cls, channel, issue_ids):
    """A subclass of the negotiator under test whose moves are sent to Parley as they are made."""

    def call(self, state, dest=None):
        message = channel.take()
        if message["type"] not in ("propose", "respond"):
            channel.pending = message
            return SAOResponse(ResponseType.END_NEGOTIATION, None)
        response = cls.__call__(self, state, dest)
        if response.response == ResponseType.ACCEPT_OFFER and message["type"] == "respond":
            channel.send({"type": "accept"})
        elif response.response == ResponseType.REJECT_OFFER and response.outcome is not None:
            channel.send({"type": "offer", "offer": dict(zip(issue_ids, (str(v) for v in response.outcome)))})
        else:
            channel.send({"type": "walk-away"})
        return response

    return type(f"Parley{cls.__name__}", (cls,), {"__call__": call})


def negotiator_class(path):
    module, _, name = path.rpartition(".")
    if not module:
        module, name = "negmas.sao", path
    cls = getattr(importlib.import_module(module), name)
    # NegMAS 0.16's time-based negotiators (AspirationNegotiator among them) are GB negotiators, which
    # its SAOMechanism runs like SAO ones.
    if not (isinstance(cls, type) and issubclass(cls, (SAONegotiator, GBNegotiator))):
        raise SystemExit(f"parley_negmas: {path} is not a NegMAS SAO negotiator class")
    return cls


def run(cls, channel, params=None, dump=None):
    """Plays one negotiation over `channel`."""
    start = channel.take()
    if start.get("type") != "start":
        raise SystemExit(f"parley_negmas: expected a start message, got {start.get('type')}")
    ufun, space, issue_ids = build_ufun(start)
    if dump:
        with open(dump, "w", encoding="utf-8") as file:
            json.dump({"party": start["party"], "issues": issue_ids,
                       "utilities": [[list(o), float(ufun(o))] for o in space.enumerate()],
                       "reservation": float(getattr(ufun, "ufun", ufun).reserved_value),
                       "discount": getattr(ufun, "discount", None)}, file)
    rounds = int(start.get("rounds", 100))
    mechanism = SAOMechanism(outcome_space=space, n_steps=rounds, sync_calls=True, one_offer_per_step=False)
    agent = wrapped(cls, channel, issue_ids)(name=start["party"], **(params or {}))
    proxy = TableProxy(channel, issue_ids, agent, name="table")
    opens = channel.peek()["type"] == "propose"
    for negotiator, preferences in ((agent, ufun), (proxy, None)) if opens else ((proxy, None), (agent, ufun)):
        mechanism.add(negotiator, preferences=preferences)
    while True:   # (a mechanism is not running before its first step)
        mechanism.step()
        if not mechanism.state.running:
            break
    # Parley has the last word: read up to its end message.
    while channel.peek()["type"] != "end":
        message = channel.take()
        if message["type"] in ("propose", "respond"):
            channel.send({"type": "walk-away"})
    return channel.take()


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m parley_negmas",
                                     description="Run a NegMAS SAO negotiator as a Parley external agent (parley.agent/1).")
    parser.add_argument("negotiator", help="the class, e.g. negmas.sao.AspirationNegotiator (a bare name is looked up in negmas.sao)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a keyword argument for the class (VALUE read as JSON when it parses, else as text)")
    parser.add_argument("--dump-ufun", metavar="FILE", help="write the utility of every outcome as the agent sees it (for tests)")
    args = parser.parse_args(argv)
    params = {}
    for item in args.param:
        name, _, value = item.partition("=")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    run(negotiator_class(args.negotiator), Parley(), params, args.dump_ufun)
    return 0
