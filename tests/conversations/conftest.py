"""Prints the residents' score at the end of the run (counts only: the unseen set stays unseen)."""

from __future__ import annotations

from typing import Any

from tests.conversations.driver import SETS
from tests.conversations.score import GROUP_ORDER, summarise

PLAYED: list[Any] = []  # filled by test_residents.results


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not PLAYED:
        return
    write = terminalreporter.write_line
    for set_name in SETS:
        subset = [r for r in PLAYED if r.set == set_name]
        if not subset:
            continue
        s = summarise(subset)
        n = s["conversations"]
        write(
            f"residents {set_name}: right lead {s['right_lead']}/{n} ({100 * s['right_lead'] / n:.1f} %), "
            f"passed {s['passed']}/{n}, loops {s['loops']}, stuck {s['stuck']}, dead ends {s['dead_ends']}, "
            f"errors {s['errors']}"
        )
        slots = [f"{g} {v['pct']}" for g in GROUP_ORDER if (v := s["slots"].get(g)) and v["n"]]
        write(f"  per answer (%): {', '.join(slots)}")
