"""Checks the resident files without the bot: the format, that each `expect` agrees with the
eligibility rules of DESIGN.md, that every question the bot may ask has an answer, and that no
two residents say the same sentence.

    python3 tests/conversations/check_residents.py [--set NAME|all] [--counts] [--dir PATH]

`--dir PATH` checks a writer's new residents in PATH (not yet in a set) against every set. A
sentence repeated in an unseen set (driver.UNSEEN) is named by the residents' ids only, so whoever
tunes the bot never reads it here.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.conversations.driver import SETS, UNSEEN, ResidentError, load_resident, resident_files

REGION = {"Den Haag", "Delft", "Midden-Delfland", "Rijswijk", "Westland"}
WORK = {"employed", "self_employed", "job_seeker", "on_benefits", "returner", "student", "other"}
PAINS = {"physical_strain", "low_income", "irregular_hours", "no_diploma", "insecure_work", "no_prospects"}
MODES = {"phone", "video", "in_person"}
INTAKE = ("consent", "age", "municipality", "work_situation", "pains", "wants_booking")
BOOKING = ("mode", "slot_choice", "contact_name", "contact", "booking_confirmed")


def expected_verdict(expect: dict) -> str | None:
    """The verdict the rules give for the expected answers (None when they are not all given)."""
    age = expect.get("age")
    ages = age if isinstance(age, list) else [age]
    work = expect.get("work_situation")
    place = expect.get("municipality")
    places = place if isinstance(place, list) else [place]
    pains = expect.get("pains", expect.get("pains_include"))
    results = []
    if age is not None:
        passes = {18 <= a <= 67 for a in ages}
        if len(passes) > 1:
            return None
        results.append("pass" if passes.pop() else "fail")
    if place is None:
        results.append("review")  # unknown municipality
    else:
        results.append("pass" if set(places) & REGION else "fail")
    if work is not None:
        results.append({"student": "fail", "on_benefits": "review", "other": "review"}.get(work, "pass"))
    if pains is not None:
        results.append("pass" if pains else "review")
    if "fail" in results:
        return "not_eligible"
    if age is None or work is None or pains is None:
        return None
    return "needs_review" if "review" in results else "eligible"


def check(path: Path) -> list[str]:
    problems: list[str] = []
    try:
        r = load_resident(path)
    except ResidentError as exc:
        return [str(exc)]
    e, a = r["expect"], r["answers"]
    name = r["id"]
    for slot in INTAKE:
        if slot not in a:
            problems.append(f"{name}: no answer for {slot}")
    if e.get("booked"):
        for slot in BOOKING:
            if slot not in a:
                problems.append(f"{name}: booked but no answer for {slot}")
        if e.get("mode") not in MODES:
            problems.append(f"{name}: booked needs a mode")
    if not e["lead"]:
        extra = set(e) - {"lead"}
        if extra:
            problems.append(f"{name}: lead false but also expects {sorted(extra)}")
        return problems
    if e.get("work_situation") is not None and e["work_situation"] not in WORK:
        problems.append(f"{name}: work_situation {e['work_situation']!r}")
    for key in ("pains", "pains_include"):
        if key in e and not set(e[key]) <= PAINS:
            problems.append(f"{name}: {key} {e[key]!r}")
    if e.get("language") != r["language"]:
        problems.append(f"{name}: expect.language {e.get('language')!r} differs from language {r['language']!r}")
    verdict = expected_verdict(e)
    if "verdict" not in e:
        problems.append(f"{name}: no verdict expected")
    elif verdict is not None and verdict != e["verdict"]:
        problems.append(f"{name}: verdict {e['verdict']} but the rules give {verdict}")
    if e.get("verdict") == "not_eligible" and e.get("booked"):
        problems.append(f"{name}: not eligible but booked")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="all", choices=[*SETS, "all"])
    parser.add_argument("--counts", action="store_true")
    parser.add_argument("--dir", type=Path, help="a writer's new residents, checked against every set")
    args = parser.parse_args()
    problems: list[str] = []
    sentences: dict[str, list[str]] = {}
    unseen: set[str] = set()
    langs: Counter[tuple[str, str]] = Counter()
    own = sorted(args.dir.glob("*.yml")) if args.dir else []
    files = resident_files("all" if args.dir else args.set) + own
    for path in files:
        if path.parent.name in UNSEEN:
            unseen.add(path.stem)
        if args.dir is None or path in own:
            problems += check(path)
        try:
            r = load_resident(path)
        except ResidentError:
            continue
        switch = r["id"].startswith("sw-")
        langs[(path.parent.name, "switch" if switch else r["language"])] += 1
        texts = [r["opening"]] + [i["say"] for i in r.get("interjections") or []]
        for v in r["answers"].values():
            texts += v if isinstance(v, list) else [v]
        for t in texts:
            t = str(t).strip().lower()
            if len(t) > 14:
                sentences.setdefault(t, []).append(r["id"])
    for t, ids in sentences.items():
        if len(set(ids)) > 1:
            shown = "" if unseen & set(ids) and not args.dir else f": {t!r}"
            problems.append(f"same sentence in {sorted(set(ids))}{shown}")
    if args.counts or problems:
        for (s, lang), n in sorted(langs.items()):
            print(f"{s:6} {lang:7} {n}")
        print(f"total {len(files)}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
