"""Plays one simulated resident (a YAML file under residents/) against the running system.

The driver never guesses what the bot understood: it reads Rasa's tracker after every turn to see
which question is open (the active form and its `requested_slot`) and answers that question with
the resident's own words. When the conversation is over it fetches the lead through the adviser
API and compares it with what the resident expects.

Standard library and PyYAML only; runs under Python 3.10 (the bot's environment) and 3.11+.
"""

from __future__ import annotations

import itertools
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
RESIDENTS = HERE / "residents"
# dev: read and tuned on. fresh to fresh9: written unseen, measured unseen, since then read and
# tuned on like dev (README.md says when). fresh10 is written by writers who saw neither the bot's
# vocabulary nor the other sets, and kept unseen; fresh11 and fresh12 were written the same way
# after it, fresh13 to fresh16 in the next session, fresh17 to fresh20 in the one after, fresh21 to
# fresh24 in the next (and fresh25, fresh26 at its end): each scored once unread, then read and tuned on.
SETS = (
    "dev",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
    "fresh20",
    "fresh21",
    "fresh22",
    "fresh23",
    "fresh24",
    "fresh25",
    "fresh26",
    "fresh27",
    "fresh28",
    "fresh29",
)
# the unseen set: only its counts and the names of residents and fields that differ are printed
UNSEEN = frozenset({"fresh10"})
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_TURNS = 40
# Residents share one system and take times from each other: after "that time was just booked by
# someone else" the bot asks about another time, a new question rather than the same one again.
TAKEN_TEXTS = tuple(
    str(
        (yaml.safe_load((HERE.parents[1] / "bot" / "texts" / f"{lang}.yml").read_text("utf-8")) or {})
        .get("responses", {})
        .get(name, {})
        .get("text", "")
    ).strip()
    for lang in ("nl", "en")
    for name in ("utter_slot_taken_next", "utter_slot_taken")
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# The slots the driver knows; any other requested_slot is answered from the resident's script when
# it has an answer for it, else with a generic fallback (recorded in the result).
KNOWN_SLOTS = (
    "consent",
    "age",
    "municipality",
    "work_situation",
    "pains",
    "wants_booking",
    "mode",
    "slot_choice",
    "contact_name",
    "contact",
    "booking_confirmed",
)
# The questions of the check itself; before the first of them is asked the driver may nudge.
INTAKE_SLOTS = ("consent", "age", "municipality", "work_situation", "pains", "wants_booking")
# Fields of `expect` and the slot-accuracy group each belongs to.
FIELD_GROUPS = {
    "lead": "lead",
    "age": "age",
    "municipality": "municipality",
    "work_situation": "work_situation",
    "pains": "pains",
    "pains_include": "pains",
    "verdict": "verdict",
    "language": "language",
    "booked": "booked",
    "mode": "mode",
    "slot_weekday": "time_wish",
    "slot_after": "time_wish",
    "slot_before": "time_wish",
}
TOP_KEYS = {"id", "language", "page_language", "utm", "opening", "answers", "interjections", "expect", "note"}

# Questions a bot may ask outside a form (plain messages with buttons). Used only when no form is
# active, on the last message of the turn, and only for slots the resident has an answer for.
OUT_OF_FORM_QUESTIONS = {
    "consent": re.compile(r"bewaren|opslaan|\bstore\b|\bsave\b|\bkeep\b.*\banswers\b", re.I),
    "wants_booking": re.compile(
        r"(adviesgesprek|gesprek|advice|conversation|appointment)"
        r".*(plannen|inplannen|maken|book|schedule|plan)",
        re.I,
    ),
}


# "Weet je het zeker? Dan wis ik ...": answered by a resident who asked to erase (see _erase_answer)
ERASE_CONFIRM = re.compile(r"(zeker|sure)\b.*\b(wis|erase)\b", re.I | re.S)


def _erase_answer(resident: dict[str, Any], transcript: list[dict[str, Any]]) -> str:
    """Yes when the resident's message before the question was one of their scripted side remarks
    (a request to erase is written as one), no otherwise: nobody confirms an erasing they did not ask for."""
    said = next((e for e in reversed(transcript) if e.get("who") == "resident"), {})
    yes = said.get("kind") == "interjection"
    if resident["language"] == "nl":
        return "ja" if yes else "nee"
    return "yes" if yes else "no"


class StackLike(Protocol):
    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def tracker(self, conversation_id: str) -> dict[str, Any]: ...

    def lead(self, conversation_id: str) -> dict[str, Any] | None: ...


# --------------------------------------------------------------------------- residents


class ResidentError(ValueError):
    pass


def resident_files(which: str = "all") -> list[Path]:
    sets = SETS if which == "all" else (which,)
    files: list[Path] = []
    for name in sets:
        if name not in SETS:
            raise ResidentError(f"unknown set {name!r}; use one of {', '.join(SETS)} or all")
        files.extend(sorted((RESIDENTS / name).glob("*.yml")))
    return files


QUESTION_ORDER = ("age", "municipality", "work_situation", "pains", "wants_booking", "consent", "mode", "slot_choice",
                  "contact_name", "contact", "booking_confirmed")  # fmt: skip


def _passed_over(slot: str, pending: dict[str, list[str]], asked: list[str]) -> str | None:
    """A slot with something still to say whose question comes before ``slot`` and was never asked."""
    if slot not in QUESTION_ORDER:
        return None
    earlier = QUESTION_ORDER[: QUESTION_ORDER.index(slot)]
    return next((s for s in earlier if pending.get(s) and s not in asked), None)


def load_resident(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ResidentError(f"{path}: not a mapping")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ResidentError(f"{path}: unknown keys {sorted(unknown)}")
    if data.get("id") != path.stem:
        raise ResidentError(f"{path}: id {data.get('id')!r} differs from the file name")
    for key in ("language", "opening", "answers", "expect"):
        if key not in data:
            raise ResidentError(f"{path}: {key} is missing")
    if data["language"] not in ("nl", "en"):
        raise ResidentError(f"{path}: language must be nl or en")
    if data.get("page_language", "nl") not in ("nl", "en"):
        raise ResidentError(f"{path}: page_language must be nl or en")
    answers = data["answers"]
    if not isinstance(answers, dict):
        raise ResidentError(f"{path}: answers must be a mapping of slot to text or list of texts")
    for slot, value in answers.items():
        texts = value if isinstance(value, list) else [value]
        if not texts or not all(isinstance(t, (str, int)) for t in texts):
            raise ResidentError(f"{path}: answers.{slot} must be text or a non-empty list of texts")
    for item in data.get("interjections") or []:
        if not isinstance(item, dict) or set(item) != {"at", "say"}:
            raise ResidentError(f"{path}: each interjection needs exactly `at` and `say`")
    expect = data["expect"]
    if not isinstance(expect, dict) or "lead" not in expect:
        raise ResidentError(f"{path}: expect must be a mapping with at least `lead`")
    unknown = set(expect) - set(FIELD_GROUPS)
    if unknown:
        raise ResidentError(f"{path}: unknown expect keys {sorted(unknown)}")
    return data


def load_residents(which: str = "all", only: str | None = None) -> list[dict[str, Any]]:
    residents = [load_resident(p) for p in resident_files(which)]
    ids = [r["id"] for r in residents]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ResidentError(f"duplicate ids: {sorted(dupes)}")
    if only:
        wanted = set(only.split(","))
        residents = [r for r in residents if r["id"] in wanted]
        if not residents:
            raise ResidentError(f"no resident with id {only!r} in set {which!r}")
    return residents


# --------------------------------------------------------------------------- results


@dataclass
class FieldCheck:
    field: str
    group: str
    ok: bool
    expected: Any
    actual: Any


@dataclass
class Result:
    id: str
    set: str = ""
    conversation_id: str = ""
    passed: bool = False
    right_lead: bool = False
    loop: bool = False
    loop_reason: str = ""
    repeated: str = ""  # a bot turn sent twice in a row (the conversation went on)
    stuck: bool = False
    dead_end: bool = False  # the check never started, even after two nudges
    error: str = ""
    turns: int = 0
    seconds: float = 0.0
    checks: list[FieldCheck] = field(default_factory=list)
    fallbacks: list[dict[str, Any]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)
    lead: dict[str, Any] | None = None
    final_slots: dict[str, Any] = field(default_factory=dict)

    @property
    def mismatches(self) -> list[FieldCheck]:
        return [c for c in self.checks if not c.ok]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- playing


def _bot_text(messages: list[dict[str, Any]]) -> str:
    parts = []
    for m in messages:
        if m.get("text"):
            parts.append(str(m["text"]))
        if m.get("image"):
            parts.append(f"[image {m['image']}]")
        if m.get("custom"):
            parts.append(f"[custom {m['custom']}]")
    return "\n".join(parts)


def _buttons(messages: list[dict[str, Any]]) -> list[str]:
    titles: list[str] = []
    for m in messages:
        for b in m.get("buttons") or []:
            titles.append(str(b.get("title") or b.get("payload") or ""))
    return titles


def open_question(tracker: dict[str, Any], messages: list[dict[str, Any]], answers: dict[str, Any]) -> str | None:
    """The slot the bot is asking for now, or None when nothing is asked."""
    loop = (tracker.get("active_loop") or {}).get("name")
    requested = (tracker.get("slots") or {}).get("requested_slot")
    if loop and requested:
        return str(requested)
    if loop and not requested:
        return f"{loop}:?"
    # No form: a question in plain words with buttons, only for slots the resident can answer.
    if not messages:
        return None
    last = messages[-1]
    text = str(last.get("text") or "")
    if not (last.get("buttons") or text.rstrip().endswith("?")):
        return None
    for slot, pattern in OUT_OF_FORM_QUESTIONS.items():
        if slot in answers and pattern.search(text):
            return slot
    if ERASE_CONFIRM.search(text):
        return "confirm_delete"
    return None


def _generic_fallback(slot: str, resident: dict[str, Any], buttons: list[str]) -> str:
    answers = resident["answers"]
    if slot in ("place", "town", "city", "woonplaats", "municipality_other", "other_municipality"):
        value = answers.get("municipality")
        if value is not None:
            texts = value if isinstance(value, list) else [value]
            return str(texts[0])
    if buttons:
        return buttons[0]
    return "weet ik niet" if resident["language"] == "nl" else "I don't know"


def _nudge(resident: dict[str, Any], messages: list[dict[str, Any]]) -> str:
    """What a resident says when the bot has not begun the check: yes to a question, else why they came."""
    nl = resident["language"] == "nl"
    text = str((messages[-1] if messages else {}).get("text") or "").rstrip()
    if text.endswith("?"):
        return "ja" if nl else "yes"
    return "ik wil weten of ik de voucher kan krijgen" if nl else "I'd like to check if I can get the voucher"


def play(stack: StackLike, resident: dict[str, Any], set_name: str = "", sender: str | None = None) -> Result:
    """One conversation; never raises for a bot failure (it is recorded in the result)."""
    started = time.monotonic()
    sender = sender or f"res-{resident['id']}-{uuid.uuid4().hex[:8]}"
    result = Result(id=resident["id"], set=set_name, conversation_id=sender)
    metadata: dict[str, Any] = {"language": resident.get("page_language", "nl")}
    if resident.get("utm"):
        metadata["utm"] = dict(resident["utm"])
    answers: dict[str, Any] = dict(resident["answers"])
    pending: dict[str, list[str]] = {}
    for item in resident.get("interjections") or []:
        pending.setdefault(str(item["at"]), []).append(str(item["say"]))
    attempts: dict[str, int] = {}
    recent_turn_texts: list[str] = []

    def turn(text: str, slot: str | None, kind: str) -> list[dict[str, Any]]:
        result.transcript.append({"who": "resident", "text": text, "slot": slot, "kind": kind})
        messages = stack.say(sender, text, metadata)
        result.turns += 1
        result.transcript.append({"who": "bot", "text": _bot_text(messages), "buttons": _buttons(messages)})
        return messages

    try:
        messages = turn(str(resident["opening"]), None, "opening")
        while True:
            text = _bot_text(messages)
            recent_turn_texts.append(text)
            if (
                len(recent_turn_texts) >= 3
                and text
                and recent_turn_texts[-1] == recent_turn_texts[-2] == recent_turn_texts[-3]
            ):
                result.loop, result.loop_reason = True, "the same message in 3 consecutive turns"
                break
            tracker = stack.tracker(sender)
            slot = open_question(tracker, messages, answers)
            if slot is None and not any(s in INTAKE_SLOTS for s in result.asked):
                # The bot has not started the check yet (it misread the opening, or asks "shall we
                # continue?"): a resident who came for the check says so, at most twice.
                slot = "continue"
            result.transcript[-1]["asks"] = slot
            if slot is None:
                break
            result.asked.append(slot)
            if result.turns >= MAX_TURNS:
                result.stuck = True
                break
            if pending.get(slot):
                messages = turn(pending[slot].pop(0), slot, "interjection")
                continue
            passed = _passed_over(slot, pending, result.asked)
            if passed:
                # the question it was meant for never came (answered in passing): said at the next
                messages = turn(pending[passed].pop(0), slot, "interjection")
                continue
            n = attempts.get(slot, 0)
            if any(t and t in text for t in TAKEN_TEXTS):
                n = 0  # another resident took the time: the bot asks about a new one
            if n >= 2 and slot == "continue":
                result.dead_end = True
                break
            if n >= 2:
                result.loop, result.loop_reason = True, f"asked {slot} a 3rd time after two answers"
                break
            attempts[slot] = n + 1
            if slot in answers:
                value = answers[slot]
                texts = value if isinstance(value, list) else [value]
                say, kind = str(texts[min(n, len(texts) - 1)]), "answer"
            elif slot == "confirm_delete":
                say, kind = _erase_answer(resident, result.transcript), "answer"
            elif slot == "continue":
                say, kind = _nudge(resident, messages), "nudge"
                result.fallbacks.append({"slot": slot, "said": say})
            else:
                say, kind = _generic_fallback(slot, resident, _buttons(messages)), "fallback"
                result.fallbacks.append({"slot": slot, "said": say})
            messages = turn(say, slot, kind)
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"

    try:  # the bot's own state at the end: a diagnostic only (e.g. the mode when no booking was made)
        slots = stack.tracker(sender).get("slots") or {}
        result.final_slots = {k: v for k, v in slots.items() if k in KNOWN_SLOTS or k == "requested_slot"}
    except Exception:
        pass
    result.repeated = repeated_turn(result.transcript)
    result.lead = _fetch_lead(stack, sender, resident["expect"])
    result.checks = check_lead(resident["expect"], result.lead)
    result.right_lead = not result.error and all(c.ok for c in result.checks)
    result.passed = (
        result.right_lead and not result.loop and not result.repeated and not result.stuck and not result.dead_end
    )
    result.seconds = round(time.monotonic() - started, 2)
    return result


def repeated_turn(transcript: list[dict[str, Any]]) -> str:
    """The first bot turn sent twice in a row: a resident reads it as the bot not listening, even
    when the conversation goes on (three in a row end it as a loop, in play)."""
    bot = [e["text"] for e in transcript if e.get("who") == "bot"]
    return next((a for a, b in itertools.pairwise(bot) if a and a == b), "")


def _fetch_lead(stack: StackLike, sender: str, expect: dict[str, Any]) -> dict[str, Any] | None:
    # The actions store synchronously; one short retry covers a write still in flight.
    for attempt in range(3):
        try:
            lead = stack.lead(sender)
        except Exception:
            lead = None
        if lead is not None or not expect.get("lead", True):
            return lead
        time.sleep(0.5 * (attempt + 1))
    return None


# --------------------------------------------------------------------------- checking


def _norm_place(value: Any) -> str:
    text = str(value or "").strip().lower()
    text = re.sub(r"^gemeente\s+", "", text)
    text = re.sub(r"[\s\-]+", " ", text)
    return text.strip(" .,!?'\"")


def _hhmm(value: str) -> tuple[int, int]:
    hours, _, minutes = str(value).partition(":")
    return int(hours), int(minutes or 0)


def _local_start(booking: dict[str, Any] | None) -> datetime | None:
    if not booking or not booking.get("start"):
        return None
    start = datetime.fromisoformat(str(booking["start"]).replace("Z", "+00:00"))
    if start.tzinfo is None:  # naive times from the API are UTC
        start = start.replace(tzinfo=ZoneInfo("UTC"))
    return start.astimezone(AMSTERDAM)


def check_lead(expect: dict[str, Any], lead: dict[str, Any] | None) -> list[FieldCheck]:
    checks: list[FieldCheck] = []

    def add(name: str, ok: bool, expected: Any, actual: Any) -> None:
        checks.append(FieldCheck(name, FIELD_GROUPS[name], bool(ok), expected, actual))

    want_lead = bool(expect.get("lead", True))
    add("lead", (lead is not None) == want_lead, want_lead, lead is not None)
    if not want_lead:
        return checks
    lead = lead or {}
    booking = lead.get("booking")
    if booking and booking.get("status") in ("cancelled", "canceled"):
        booking = None
    for name in expect:
        want = expect[name]
        if name == "lead":
            continue
        if name == "age":
            actual = lead.get("age")
            options = want if isinstance(want, list) else [want]
            add(name, actual in options, want, actual)
        elif name == "municipality":
            actual = lead.get("municipality")
            options = want if isinstance(want, list) else [want]
            add(name, actual is not None and _norm_place(actual) in {_norm_place(o) for o in options}, want, actual)
        elif name in ("work_situation", "language"):
            actual = lead.get(name)
            options = want if isinstance(want, list) else [want]
            add(name, actual in options, want, actual)
        elif name == "pains":
            actual = lead.get("pains")
            add(name, actual is not None and set(actual) == set(want or []), sorted(want or []), actual)
        elif name == "pains_include":
            actual = lead.get("pains")
            add(name, actual is not None and set(want) <= set(actual), sorted(want), actual)
        elif name == "verdict":
            actual = (lead.get("eligibility") or {}).get("verdict")
            options = want if isinstance(want, list) else [want]
            add(name, actual in options, want, actual)
        elif name == "booked":
            actual = booking is not None
            add(name, actual == bool(want), bool(want), actual)
        elif name == "mode":
            actual = (booking or {}).get("mode")
            add(name, actual == want, want, actual)
        elif name == "slot_weekday":
            start = _local_start(booking)
            actual = WEEKDAYS[start.weekday()] if start else None
            add(name, actual == str(want).lower(), want, actual)
        elif name in ("slot_after", "slot_before"):
            start = _local_start(booking)
            actual = start.strftime("%H:%M") if start else None
            if start is None:
                ok = False
            elif name == "slot_after":
                ok = (start.hour, start.minute) >= _hhmm(want)
            else:
                ok = (start.hour, start.minute) < _hhmm(want)
            add(name, ok, want, actual)
    return checks


def format_transcript(result: Result, last: int = 6) -> str:
    """The last `last` turns (a resident message and the bot's answer each)."""
    lines = []
    entries = result.transcript
    # a turn = resident entry + bot entry
    start = max(0, len(entries) - 2 * last)
    for entry in entries[start:]:
        if entry["who"] == "resident":
            tag = entry.get("slot") or "-"
            lines.append(f"    > [{tag}/{entry.get('kind')}] {entry['text']}")
        else:
            text = entry["text"].replace("\n", " | ")
            if len(text) > 300:
                text = text[:297] + "..."
            buttons = entry.get("buttons") or []
            extra = f"  {{{' / '.join(buttons)}}}" if buttons else ""
            asks = entry.get("asks")
            lines.append(f"    < {text}{extra}" + (f"   (asks {asks})" if asks else ""))
    return "\n".join(lines)
