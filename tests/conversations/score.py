"""Scores the simulated residents against one real running system.

    .venv-bot/bin/python -m tests.conversations.score --set SET|all [--only ID[,ID]] [--jobs N] [--report FILE]

Starts ONE Stack (tests/stack.py: API on SQLite in a temporary folder, action server, Rasa with the
trained model), plays the selected residents, several conversations at once, and prints the share
of conversations with the right lead, loops, stuck conversations, accuracy per slot, and for each
failure a short diff with the last turns of its transcript. Exit code 0 whatever the score (it is a
measurement, not a gate); 2 when the residents or the stack could not be loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from tests.conversations.driver import (
    FIELD_GROUPS,
    SETS,
    UNSEEN,
    ResidentError,
    Result,
    format_transcript,
    load_residents,
    play,
    resident_files,
)

# The answers that must have been given before a field can be judged on its own merit.
REACHED_BY = {
    "lead": {"consent", "wants_booking", "booking_confirmed"},
    "verdict": {"pains"},
    "language": {"age", "municipality", "work_situation", "pains"},
    "booked": {"booking_confirmed"},
    "mode": {"mode"},
    "time_wish": {"slot_choice"},
}
GROUP_ORDER = [
    "lead",
    "age",
    "municipality",
    "work_situation",
    "pains",
    "verdict",
    "language",
    "booked",
    "mode",
    "time_wish",
]


def _pct(n: int, total: int) -> str:
    return f"{n}/{total} ({100.0 * n / total:.1f} %)" if total else "0/0 (-)"


def summarise(results: list[Result]) -> dict[str, Any]:
    total = len(results)
    groups: dict[str, dict[str, int]] = {g: {"ok": 0, "n": 0, "reached": 0, "reached_ok": 0} for g in GROUP_ORDER}
    for r in results:
        # A group counts once per conversation: ok when every check in it is ok.
        per: dict[str, bool] = {}
        for c in r.checks:
            per[c.group] = per.get(c.group, True) and c.ok
        answered = {e.get("slot") for e in r.transcript if e.get("who") == "resident" and e.get("kind") == "answer"}
        for g, ok in per.items():
            groups.setdefault(g, {"ok": 0, "n": 0, "reached": 0, "reached_ok": 0})
            groups[g]["n"] += 1
            groups[g]["ok"] += int(ok)
            # "reached": the resident answered the question behind it (or it came out right anyway).
            if ok or bool(answered & REACHED_BY.get(g, {g})):
                groups[g]["reached"] += 1
                groups[g]["reached_ok"] += int(ok)
    by_language: dict[str, dict[str, int]] = {}
    # Diagnostic: the mode as the bot holds it at the end (the lead only has it through a booking).
    mode_n = mode_ok = 0
    for r in results:
        want = next((c.expected for c in r.checks if c.field == "mode"), None)
        if want and any(e.get("slot") == "mode" and e.get("kind") == "answer" for e in r.transcript):
            mode_n += 1
            mode_ok += int(r.final_slots.get("mode") == want)
    return {
        "conversations": total,
        "passed": sum(r.passed for r in results),
        "right_lead": sum(r.right_lead for r in results),
        "loops": sum(r.loop for r in results),
        "repeated": sum(bool(r.repeated) for r in results),
        "stuck": sum(r.stuck for r in results),
        "dead_ends": sum(r.dead_end for r in results),
        "errors": sum(bool(r.error) for r in results),
        "fallbacks": sum(bool(r.fallbacks) for r in results),
        "slots": {
            g: {
                **v,
                "pct": round(100.0 * v["ok"] / v["n"], 1) if v["n"] else None,
                "reached_pct": round(100.0 * v["reached_ok"] / v["reached"], 1) if v["reached"] else None,
            }
            for g, v in groups.items()
        },
        "by_language": by_language,
        "mode_slot_diagnostic": {"ok": mode_ok, "n": mode_n},
    }


def print_summary(title: str, summary: dict[str, Any], results: list[Result]) -> None:
    total = summary["conversations"]
    print(f"\n=== {title}: {total} conversations")
    print(f"  passed (right lead, no loop, no repeat) : {_pct(summary['passed'], total)}")
    print(f"  right lead                              : {_pct(summary['right_lead'], total)}")
    print(f"  loops                                   : {summary['loops']}")
    print(f"  a turn sent twice in a row              : {summary['repeated']}")
    print(f"  stuck (>= 40 turns)                     : {summary['stuck']}")
    print(f"  dead ends (check never started)         : {summary['dead_ends']}")
    if summary["errors"]:
        print(f"  errors (HTTP or driver)                 : {summary['errors']}")
    if summary["fallbacks"]:
        print(f"  conversations with a fallback answer    : {summary['fallbacks']}")
    print("  per-slot accuracy (of the conversations that check it; then of those where its question was reached):")
    for g in GROUP_ORDER:
        v = summary["slots"].get(g)
        if v and v["n"]:
            print(f"    {g:<15} {_pct(v['ok'], v['n']):<20}  reached: {_pct(v['reached_ok'], v['reached'])}")
    d = summary["mode_slot_diagnostic"]
    if d["n"]:
        print(
            f"    (diagnostic: the bot's `mode` slot right after a mode answer, booked or not: {_pct(d['ok'], d['n'])})"
        )


def print_failures(results: list[Result]) -> None:
    failures = [r for r in results if not r.passed]
    if not failures:
        return
    print(f"\n--- {len(failures)} failures")
    for r in failures:
        flags = []
        if r.loop:
            flags.append(f"LOOP ({r.loop_reason})")
        if r.repeated:
            flags.append("REPEATED TURN" + ("" if r.set in UNSEEN else f" ({r.repeated[:80]!r})"))
        if r.stuck:
            flags.append("STUCK")
        if r.dead_end:
            flags.append("DEAD END (the check never started after two nudges)")
        if r.error:
            flags.append(f"ERROR {r.error}")
        print(f"\n* {r.id} [{r.set}] turns={r.turns} {' '.join(flags)}")
        if r.set in UNSEEN:
            print(f"    fields: {', '.join(c.field for c in r.mismatches) or '-'}")
            continue
        for c in r.mismatches:
            print(f"    {c.field}: expected {c.expected!r}, got {c.actual!r}")
        if r.fallbacks:
            print(f"    fallbacks: {r.fallbacks}")
        print(format_transcript(r, last=6))


def _mark(result: Result) -> str:
    if result.passed:
        return "ok  "
    if result.loop or result.repeated:
        return "LOOP"
    if result.stuck:
        return "STCK"
    return "DEAD" if result.dead_end else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="dev", choices=[*SETS, "all"])
    parser.add_argument("--only", help="one id, or several separated by commas")
    parser.add_argument("--jobs", type=int, default=4, help="conversations at once (default 4)")
    parser.add_argument("--report", help="write a JSON report with every result and transcript here")
    parser.add_argument("--quiet", action="store_true", help="no per-conversation progress lines")
    args = parser.parse_args(argv)

    try:
        residents: list[tuple[str, dict[str, Any]]] = []
        for set_name in SETS if args.set == "all" else [args.set]:
            if not resident_files(set_name):
                continue
            residents.extend((set_name, r) for r in load_residents(set_name, None))
        if args.only:
            wanted = set(args.only.split(","))
            residents = [(s, r) for s, r in residents if r["id"] in wanted]
        if not residents:
            raise ResidentError("no residents selected")
    except (ResidentError, OSError) as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2

    from tests.stack import BOT_READY, SCRIPTED_ENV, Stack

    if not BOT_READY:
        print("score: needs .venv-bot (make bot-env) and models/intake.tar.gz (make bot-model)", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="residents-"))
    stack = Stack(workdir, env=SCRIPTED_ENV)
    t0 = time.monotonic()
    print(f"starting the stack in {workdir} ...", flush=True)
    try:
        stack.start()
    except Exception as exc:
        print(f"score: the stack did not start: {exc}", file=sys.stderr)
        stack.stop()
        return 2
    print(
        f"stack up in {time.monotonic() - t0:.0f}s; playing {len(residents)} residents, {args.jobs} at once", flush=True
    )

    results: list[Result] = []
    t1 = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(play, stack, r, s): r["id"] for s, r in residents}
            for future in as_completed(futures):
                result = future.result()
                results.append(result)
                if not args.quiet:
                    mark = _mark(result)
                    n = f"[{len(results):>3}/{len(residents)}]"
                    print(f"  {n} {mark} {result.id} ({result.turns} turns, {result.seconds:.0f}s)", flush=True)
    finally:
        stack.stop()
    order = {r["id"]: i for i, (_, r) in enumerate(residents)}
    results.sort(key=lambda r: order[r.id])
    languages = {r["id"]: r["language"] for _, r in residents}

    report: dict[str, Any] = {"set": args.set, "seconds": round(time.monotonic() - t1, 1), "sets": {}}
    for set_name in sorted({r.set for r in results}):
        subset = [r for r in results if r.set == set_name]
        summary = summarise(subset)
        for lang in sorted({languages[r.id] for r in subset}):
            part = [r for r in subset if languages[r.id] == lang]
            summary["by_language"][lang] = {"conversations": len(part), "passed": sum(r.passed for r in part)}
        report["sets"][set_name] = summary
        print_summary(set_name, summary, subset)
        for lang, v in summary["by_language"].items():
            print(f"    language {lang}: {_pct(v['passed'], v['conversations'])} passed")
    print_failures(results)
    report["results"] = [r.to_dict() for r in results]
    report["field_groups"] = FIELD_GROUPS
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        print(f"\nreport: {args.report}")
    print(f"logs of the stack: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
