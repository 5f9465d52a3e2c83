"""Whole conversations in residents' own words, through the real system, as a gate.

Every resident of every set in residents/ (driver.SETS) talks to one Stack (tests/stack.py: the API,
the action server and Rasa with the trained model) through the REST webhook; the lead each leaves
behind is read through the adviser API and compared with what the resident expects (driver.py).

- Every conversation ends: no loop (the same bot turn twice in a row, or a question asked a third
  time after two answers), not stuck, no dead end, no HTTP error. These hold for every resident.
- The share of right leads and the accuracy per answer stay at or above the floors below: the
  figures measured when the suite was last tuned, so a change that loses residents fails here.
  Raise a floor when the bot gets better; never lower it to make a change pass.

The unseen set (driver.UNSEEN) stays unseen by whoever tunes the bot: for it a failure names the
resident and the fields only, never the transcript (score.py does the same).

Slow (about 365 conversations, several minutes), so it runs only with RESIDENTS=1: `make test-bot-e2e`
runs it with tests/bot/test_e2e.py on one shared system (tests/conftest.py). The sets play in turn and
the times each set booked are freed before the next, as on a stack of its own.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.conversations.conftest import PLAYED
from tests.conversations.driver import SETS as ALL_SETS
from tests.conversations.driver import UNSEEN, Result, format_transcript, load_residents, play, resident_files
from tests.conversations.score import GROUP_ORDER, summarise
from tests.stack import http

pytestmark = pytest.mark.skipif(os.environ.get("RESIDENTS") != "1", reason="set RESIDENTS=1")

# The floors, from the gate's own run of 2026-12-02 (evening; each set on a freed calendar): dev
# 205/226 right leads, every answer >= 95.2 % but the time wish (87.9 %); fresh 39/39; fresh2 50/50;
# and from the runs of 2026-12-03: fresh3 (now read and tuned on) 50/50; fresh4 (unseen, first score
# on a0a78be) 30/50, pains 76.6 %; dev 285/316; and from the runs of 2026-12-03 (afternoon): fresh4
# (now read) 48/50; fresh5 (unseen: 29/50 on 2a5ff7a, 36/50 at the end, pains 74.4 %); dev 288/316;
# and from the session of 2026-12-03 (evening): fresh5 (now read) 48/50; fresh6 (unseen: 30/50 on 3913ccd,
# 29/50 at the end, pains 70.5 %); dev 601-650 42/50; and from the session of 2026-12-04: fresh7 (unseen:
# 25/50 on 2cae29d, no loop, pains 62.2 %; read and tuned on since: 39/50, pains 80.0 %); fresh8 (unseen: 41/50
# at the start and at the end, every answer >= 88.9 %; 41/50 again at its last unseen score on 031fec2, read
# and tuned on since); and from the session of 2026-12-04 (evening): fresh6 47/50, fresh7 47/50, fresh8 (read)
# 49/50, every answer >= 94.7 %; fresh9 (unseen: 39/50 on 031fec2, 40/50 on 82fc425, every answer >= 90.0 %);
# and from the session of 2026-12-05: fresh9 (read) 50/50, fresh11 46/50 and fresh12 48/50 (read, after first
# scores of 35/50 and 36/50 unread), every answer >= 93.0 %; fresh10 (unseen: 39/50 with 2 loops on f5c89b3);
# and from the session of 2026-12-05 (morning): fresh13 49/50, fresh14 49/50, fresh15 47/50, fresh16 46-49/50
# (read, after first scores of 37, 33, 31 with 1 loop, and 38/50 unread), every answer >= 95.7 %;
# less a margin. A time wish can be met, and so a
# booking made with the mode asked for, only while its times are free, and residents of a set take
# times from each other (dev's many Friday mornings): the time wish, the booking and the booked mode
# vary between runs and have a floor of their own. How the bot reads the mode is checked apart (the
# `mode` slot right after a mode answer, 100 % in every set).
CALENDAR_GROUPS = {"time_wish", "booked", "mode"}
FLOORS: dict[str, dict[str, float]] = {
    "dev": {"right_lead": 0.85, "per_slot": 0.93, "calendar": 0.75},
    "fresh": {"right_lead": 0.9, "per_slot": 0.95, "calendar": 0.7},
    "fresh2": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh3": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh4": {"right_lead": 0.88, "per_slot": 0.93, "calendar": 0.75},
    "fresh5": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh6": {"right_lead": 0.84, "per_slot": 0.9, "calendar": 0.75},
    "fresh7": {"right_lead": 0.84, "per_slot": 0.9, "calendar": 0.75},
    "fresh8": {"right_lead": 0.88, "per_slot": 0.93, "calendar": 0.75},
    "fresh9": {"right_lead": 0.88, "per_slot": 0.93, "calendar": 0.75},
    "fresh10": {"right_lead": 0.7, "per_slot": 0.8, "calendar": 0.7},
    "fresh11": {"right_lead": 0.84, "per_slot": 0.9, "calendar": 0.75},
    "fresh12": {"right_lead": 0.84, "per_slot": 0.9, "calendar": 0.75},
    "fresh13": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh14": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh15": {"right_lead": 0.86, "per_slot": 0.93, "calendar": 0.75},
    "fresh16": {"right_lead": 0.84, "per_slot": 0.93, "calendar": 0.75},
    "fresh17": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh18": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh19": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh20": {"right_lead": 0.9, "per_slot": 0.93, "calendar": 0.75},
    "fresh21": {"right_lead": 0.82, "per_slot": 0.85, "calendar": 0.75},
    "fresh22": {"right_lead": 0.88, "per_slot": 0.93, "calendar": 0.75},
    "fresh23": {"right_lead": 0.88, "per_slot": 0.93, "calendar": 0.75},
    "fresh24": {"right_lead": 0.86, "per_slot": 0.93, "calendar": 0.75},
    "fresh25": {"right_lead": 0.88, "per_slot": 0.9, "calendar": 0.75},
    "fresh26": {"right_lead": 0.7, "per_slot": 0.8, "calendar": 0.7},
    "fresh27": {"right_lead": 0.86, "per_slot": 0.9, "calendar": 0.75},
    "fresh28": {"right_lead": 0.86, "per_slot": 0.9, "calendar": 0.75},
    "fresh29": {"right_lead": 0.8, "per_slot": 0.85, "calendar": 0.7},
}
SETS = [s for s in ALL_SETS if resident_files(s)]
RESIDENTS = [(s, r) for s in SETS for r in load_residents(s, None)]


@pytest.fixture(scope="module")
def results(real_stack: Any) -> dict[str, Result]:
    """Each set plays in turn (4 conversations at once); the times it booked are freed before the
    next set, so a set's figures do not depend on how many residents of other sets came first."""
    played: list[Result] = []
    for name in SETS:
        with ThreadPoolExecutor(max_workers=4) as pool:
            of_set = [(s, r) for s, r in RESIDENTS if s == name]
            batch = list(pool.map(lambda sr: play(real_stack, sr[1], sr[0]), of_set))
        free_the_calendar(real_stack, batch)
        played += batch
    PLAYED.extend(played)
    return {f"{r.set}/{r.id}": r for r in played}


def free_the_calendar(stack: Any, played: list[Result]) -> None:
    """Cancels the appointments these conversations booked (as an administrator, through the API),
    after each lead was checked."""
    for result in played:
        booking = (result.lead or {}).get("booking") or {}
        if booking.get("status") == "active":
            http("POST", f"{stack.url}/api/bookings/{booking['id']}/cancel", {"reason": "test"}, stack.admin_headers())


def _explain(result: Result) -> str:
    fields = "; ".join(f"{c.field}: expected {c.expected!r}, got {c.actual!r}" for c in result.mismatches)
    if result.set in UNSEEN:
        return fields
    return f"{fields}\n{format_transcript(result, last=6)}"


@pytest.mark.parametrize("key", [f"{s}/{r['id']}" for s, r in RESIDENTS])
def test_the_conversation_ends_without_repeating_itself(results: dict[str, Result], key: str) -> None:
    result = results[key]
    problems = [
        text
        for text, bad in [
            (f"loop: {result.loop_reason}", result.loop),
            ("stuck: 40 turns without an end", result.stuck),
            ("dead end: the check never started", result.dead_end),
            (f"error: {result.error}", bool(result.error)),
        ]
        if bad
    ]
    if result.repeated:
        problems.append(
            "the bot sent the same turn twice in a row" + ("" if result.set in UNSEEN else f": {result.repeated!r}")
        )
    assert not problems, f"{key}: {', '.join(problems)}\n{_explain(result)}"


@pytest.mark.parametrize("set_name", SETS)
def test_residents_end_with_the_right_lead(results: dict[str, Result], set_name: str) -> None:
    subset = [r for r in results.values() if r.set == set_name]
    right = [r for r in subset if r.right_lead]
    share = len(right) / len(subset)
    wrong = "\n".join(f"- {r.id}: {_explain(r)}" for r in subset if not r.right_lead)
    print(f"\n{set_name}: right leads {len(right)}/{len(subset)} ({100 * share:.1f} %)")
    assert share >= FLOORS[set_name]["right_lead"], f"{set_name}: {len(right)}/{len(subset)} right leads\n{wrong}"


@pytest.mark.parametrize("set_name", SETS)
def test_each_answer_is_understood(results: dict[str, Result], set_name: str) -> None:
    summary: dict[str, Any] = summarise([r for r in results.values() if r.set == set_name])
    below = []
    for group in GROUP_ORDER:
        v = summary["slots"].get(group)
        if v and v["n"]:
            print(f"{set_name} {group}: {v['ok']}/{v['n']} ({v['pct']} %)")
            floor = FLOORS[set_name]["calendar" if group in CALENDAR_GROUPS else "per_slot"]
            if v["ok"] / v["n"] < floor:
                below.append(f"{group} {v['ok']}/{v['n']} (floor {100 * floor:.0f} %)")
    assert not below, f"{set_name}: below the floor: {', '.join(below)}"
