"""What the dialogue asks of the understanding side (bot/nlu), in one place: places, the values
a message gives, questions, time wishes and the language of short messages. Thin on purpose:
the understanding lives in bot/nlu (pure Python, no Rasa, no spaCy); this module only adapts it
to what the actions need."""

from __future__ import annotations

import copy
import functools
import re
from datetime import date, datetime
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.nlu import answers, extract, language, places, questions, time_wish
from bot.nlu.places import PlaceMatch
from bot.nlu.text import NEGATIONS
from bot.nlu.time_wish import TimeWish

__all__ = [
    "PlaceMatch",
    "TimeWish",
    "asks_for_something",
    "explicit_language",
    "home_place",
    "is_question",
    "language_evidence",
    "names_place",
    "negated",
    "nothing_to_change",
    "parse_time_wish",
    "question_spans",
    "resolve_place",
    "said",
    "values_for_slot",
]


def resolve_place(text: str) -> PlaceMatch | None:
    return places.resolve_place(text)


def home_place(text: str) -> PlaceMatch | None:
    return places.home_place(text)


def names_place(text: str) -> bool:
    """The text names a known place, spelled as the vocabulary spells it."""
    return bool(places.find_places(text, fuzzy=False))


def is_question(text: str) -> bool:
    return bool(questions.is_question(text))


def question_spans(text: str) -> list[tuple[int, int]]:
    return list(questions.question_spans(text))


def values_for_slot(slot: str, text: str, lang: str, today: date, *, guess: bool = True) -> dict[str, Any]:
    """The answer this message gives to the question asked ({} when it gives none)."""
    return copy.deepcopy(_values_for_slot(slot, text, lang, today, guess))


# One turn asks the same message the same question several times (a question about the course at
# the mode, the mode itself, a change of mind at the times): the reading is pure, so it runs once.
@functools.lru_cache(maxsize=256)
def _values_for_slot(slot: str, text: str, lang: str, today: date, guess: bool) -> dict[str, Any]:
    return dict(answers.values_for_slot(slot, text, lang, today, guess=guess) or {})


# "no" is left out: "akkoord, no problem" agrees
NEGATION = re.compile(r"\b(" + "|".join(sorted(NEGATIONS - {"no"})) + r"|do not)\b", re.I)


def negated(text: str) -> bool:
    """A word of denying in the text ("daar ga ik niet mee akkoord")."""
    return bool(NEGATION.search(text))


def approximate_age(text: str) -> bool:
    """ "ergens in de 40", "mid forties": an age only guessed from a decade."""
    return extract.approximate_age(text)


def nothing_to_change(text: str) -> bool:
    """ "honestly nothing, I like driving", "nee, ik ben tevreden", "verder niks": no pain to name."""
    return bool(answers.NOTHING_TO_CHANGE.search(text) or answers.NOTHING_MORE.match(text))


def said(text: str, lang: str, today: date) -> dict[str, Any]:
    """Every value a statement gives outright (several answers in one message)."""
    return dict(answers.all_values(text, lang, today) or {})


# Dutch writes a day and its part as one word ("donderdagavond"): the parser reads them apart
DAY_AND_PART = re.compile(
    r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(ochtend|morgen|middag|avond|nacht)", re.I
)


FULL_DAYS = [d for d in time_wish.WEEKDAYS if len(d) >= 6 and not d.endswith("s")]
DAY_PARTS = ("ochtend", "morgen", "middag", "avond", "nacht")


def _skeleton(word: str) -> str:
    """The consonants, each run once: "woensdag" -> "wnsdg", "middag" -> "mdg" (how some shorten it)."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", word.lower()))


# (shorter ones are other words too: "mnd" is a month, "vnd" today)
SKELETONS = {_skeleton(w): w for w in (*FULL_DAYS, *DAY_PARTS) if len(_skeleton(w)) >= 4} | {"mdg": "middag"}


def _day_spelled(word: str) -> str:
    """A day name with a typo, alone or with its part of the day: "mandagochtend" -> "maandag ochtend",
    "vrydag" -> "vrijdag"."""
    if len(re.findall(r"[aeiouy]", word.lower())) == 0 and _skeleton(word) in SKELETONS:
        return SKELETONS[_skeleton(word)]  # "wnsdg mdg": woensdag middag
    for low in dict.fromkeys((word.lower(), word.lower().replace("y", "ij"))):
        for part in ("", *DAY_PARTS):
            head = low[: len(low) - len(part)] if part else low
            if (part and not low.endswith(part)) or len(head) < 5:
                continue
            if head in time_wish.WEEKDAYS:
                if low != word.lower():
                    return f"{head} {part}".strip()
                continue
            limit = 1 if len(head) < 8 else 2
            found = process.extractOne(head, FULL_DAYS, scorer=DamerauLevenshtein.distance, score_cutoff=limit)
            if found and found[0][0] == head[0]:
                return f"{found[0]} {part}".strip()
    return word


def parse_time_wish(text: str, lang: str, now: datetime) -> TimeWish | None:
    text = re.sub(r"[^\W\d_]+", lambda m: _day_spelled(m.group(0)), text)
    return time_wish.parse_time_wish(DAY_AND_PART.sub(r"\1 \2", text), lang, now)


# "I don't speak Dutch well" names a language without asking for it
NOT_A_REQUEST = re.compile(r"\b(don'?t|do not|can'?t|cannot|niet|geen|slecht|badly|not so good)\b", re.I)
ASKING = re.compile(
    r"\b(kunnen|kan|can|could) (we|je|u|you)\b|\b(graag|please|alsjeblieft|aub)\b|"
    # "laten we gewoon in het Nederlands verder gaan", "let's carry on in English"
    r"\b(laten we|let'?s|let us)\b|\b(verder ?gaan|doorgaan|overstappen|continue|carry on|switch)\b",
    re.I,
)


def asks_for_something(text: str) -> bool:
    """ "kunnen we ...", "could you ...", "... please": the words of a request."""
    return bool(ASKING.search(text))


def explicit_language(text: str) -> str | None:
    """The language the resident asks for ("in English please", "Nederlands graag"), or None."""
    if NOT_A_REQUEST.search(text) and not ASKING.search(text) and not language.refused_language(text):
        return None
    found = language.explicit_language(text)
    return str(found) if found in ("nl", "en") else None


def language_evidence(state: dict[str, Any] | None, text: str, current: str) -> tuple[dict[str, Any], str]:
    """Adds a message to the running evidence kept in a slot; returns the new evidence and the
    language it says to use."""
    evidence = language.LanguageEvidence.from_json(state, start=current)
    spoken = evidence.observe(text).language if text else evidence.language
    return evidence.to_json(), spoken


def chosen_language(state: dict[str, Any] | None, current: str, chosen: str) -> dict[str, Any]:
    """The resident asked for a language: the evidence no longer switches on its own."""
    evidence = language.LanguageEvidence.from_json(state, start=current)
    evidence.choose(chosen)
    return evidence.to_json()
