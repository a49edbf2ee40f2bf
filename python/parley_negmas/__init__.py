"""Runs any NegMAS SAO negotiator as a Parley external agent.

    python -m parley_negmas negmas.sao.AspirationNegotiator
    parley tournament --strategies boulware,aspiration \\
        --agent aspiration='python -m parley_negmas negmas.sao.AspirationNegotiator'

See docs/external-agents.md ("NegMAS negotiators") for how Parley's table is mapped onto a NegMAS
mechanism.
"""
from .adapter import build_ufun, main, run

__all__ = ["build_ufun", "main", "run"]
