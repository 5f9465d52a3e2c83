"""Turns a processed spaCy Doc (see spacy_components) into normalised intake entities.

Each entity: {"entity", "value", "start", "end"} with character offsets into the text.
Values: age (int), municipality (canonical name), work_situation, pain (may repeat), sector,
mode, language (enums as in DESIGN.md), email, phone.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from bot.nlu.numbers import digits_suffix

AGE_MIN, AGE_MAX = 14, 110
# words right before a number that make it an age
AGE_BEFORE = {"ben", "am", "i'm", "im", "ik'm", "age", "aged", "leeftijd", "age:", "is", "ben:"}
AGE_BEFORE_PAIRS = {("ik", "ben"), ("i", "am"), ("ben", "nu"), ("am", "now"), ("net", "geworden")}
# words right after a number that make it an age
AGE_AFTER = {"jaar", "jaren", "years", "year", "yrs", "jr", "j", "jarige", "jarig", "y/o", "yo"}
AGE_AFTER_STRONG = {"oud", "old", "jong", "young"}
# after "<n> jaar": words that make it a duration ("20 jaar in de bouw")
DURATION_AFTER = {
    "in", "bij", "als", "at", "as", "gewerkt", "worked", "working", "werk", "work", "ervaring",
    "experience", "lang", "long", "geleden", "ago", "op", "on", "for", "voor", "aan", "met",
    "with", "de", "het", "the", "getrouwd", "married", "gestopt", "ben",
}
DURATION_BEFORE = {
    "al", "sinds", "since", "for", "already", "ruim", "bijna", "over", "na", "after", "afgelopen",
    "past", "last", "laatste", "binnen", "within", "jaar", "nog", "another", "per", "over",
    "elke", "every", "om", "van", "of", "en", "and",
}
NON_AGE_UNITS = {
    "euro", "eur", "€", "uur", "uren", "hours", "hour", "per", "kinderen", "children", "kids",
    "km", "procent", "%", "dagen", "days", "maanden", "months", "weken", "weeks", "keer",
    "times", "minuten", "minutes", "cent", "k", "p/u", "u", "x", "dollar", "pond",
}

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE_RE = re.compile(r"(?<![\w@])(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){8,9}\d?(?!\d)")


def _is_age(doc: Doc, start: int, end: int, value: int) -> bool:
    if not (AGE_MIN <= value <= AGE_MAX):
        return False
    words = [t.lower_ for t in doc]
    before = words[start - 1] if start > 0 else ""
    before2 = tuple(words[start - 2 : start]) if start > 1 else ()
    after = words[end] if end < len(words) else ""
    after2 = words[end + 1] if end + 1 < len(words) else ""
    prev_prev = words[start - 2] if start > 1 else ""
    if before in {"€", "eur", "euro"} or after in NON_AGE_UNITS or words[start].startswith("€"):
        return False
    if before == "," and prev_prev.isdigit():  # "35,50"
        return False
    if digits_suffix(words[start]):
        return True
    if after in AGE_AFTER or (after == "-" and after2 in {"jarige", "jarig"}):
        if after2 in AGE_AFTER_STRONG:
            return True
        if before in DURATION_BEFORE:
            return False
        if after2 in DURATION_AFTER:
            return before in AGE_BEFORE or before2 in AGE_BEFORE_PAIRS
        return True
    if before in AGE_BEFORE or before2 in AGE_BEFORE_PAIRS:
        return True
    if after in {"geworden", "worden", "wordt", "word"} or before in {"turned", "turning", "turn"}:
        return True
    # "ik ben al 68", "i'm already 68", "ik ben nu 40"
    if before in {"al", "already", "nu", "now", "bijna", "almost", "pas", "just", "net"} and (
        prev_prev in AGE_BEFORE or tuple(words[max(0, start - 3) : start - 1]) in AGE_BEFORE_PAIRS
    ):
        return True
    if before in DURATION_BEFORE:
        return False
    # a number standing on its own: the whole message, or an item in a list ("45, Delft, bouw")
    alone_before = start == 0 or before in {",", ";", "-", ":", "(", "."}
    alone_after = end == len(words) or after in {",", ";", ".", ")", "!", "en", "and", "-"}
    return alone_before and alone_after


LOW_WAGE_MAX = 16  # euro per hour; about the minimum wage plus a little
CURRENCY = {"euro", "euros", "eur", "€"}
PER_HOUR = [("per", "uur"), ("per", "hour"), ("an", "hour"), ("a", "hour"), ("p/u",), ("/uur",),
            ("/u",), ("p.u.",), ("/hr",), ("per", "h"), ("uurloon",)]  # fmt: skip


def _low_hourly_wage(doc: Doc) -> tuple[int, int] | None:
    """"11 euro per uur", "€11 an hour": an hourly wage low enough to count as low income."""
    words = [t.lower_ for t in doc]
    for s, e, v in doc._.numbers or []:
        if v > LOW_WAGE_MAX or v < 5:
            continue
        j = e
        if j < len(words) and words[j] in CURRENCY:
            j += 1
        elif not (s > 0 and words[s - 1] in CURRENCY) and not words[s].startswith("€"):
            continue
        rest = tuple(words[j : j + 2])
        if any(rest[: len(p)] == p for p in PER_HOUR):
            return (s, j + 1)
    return None


NEGATIONS = {"niet", "not", "geen", "no", "nooit", "never"}
WISHES = {
    "wil", "wel", "want", "wants", "would", "love", "like", "liever", "naar", "into", "graag",
    "droom", "dream", "zou", "instead", "omscholen", "switch", "overstappen", "worden", "become",
    "lijkt", "hoop", "hope", "maybe", "misschien",
}  # fmt: skip


def _negated(doc: Doc, m: dict[str, Any]) -> bool:
    return any(t.lower_ in NEGATIONS for t in doc[max(0, m["start"] - 3) : m["start"]])


def _wished(doc: Doc, m: dict[str, Any]) -> bool:
    return any(t.lower_ in WISHES for t in doc[max(0, m["start"] - 5) : m["start"]])


def _rank(m: dict[str, Any]) -> tuple[bool, int, int, int]:
    """Exact before fuzzy, longest phrase first, then the order of values in the lexicon."""
    return (m["fuzzy"], -(m["end"] - m["start"]), m["rank"], m["start"])


def _pick_municipality(doc: Doc, matches: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not matches:
        return None
    live = {"woon", "wonen", "woonachtig", "live", "living", "lives", "uit", "from", "resident"}
    work = {"werk", "werken", "work", "working", "works", "kantoor"}
    best, best_score = None, -99
    for m in matches:
        ctx = {t.lower_ for t in doc[max(0, m["start"] - 4) : m["start"]]}
        score = (
            (2 if ctx & live else 0)
            - (1 if ctx & work else 0)
            - (0.5 if m["fuzzy"] else 0)
            + 0.01 * (m["end"] - m["start"])
        )
        if score > best_score:
            best, best_score = m, score
    return best


def extract(doc: Doc) -> list[dict[str, Any]]:
    text = doc.text
    out: list[dict[str, Any]] = []

    def span(label: str, value: Any, start_tok: int, end_tok: int) -> None:
        s = doc[start_tok:end_tok]
        out.append({"entity": label, "value": value, "start": s.start_char, "end": s.end_char})

    taken_chars: list[tuple[int, int]] = []
    for m in EMAIL_RE.finditer(text):
        out.append({"entity": "email", "value": m.group(0).lower(), "start": m.start(), "end": m.end()})
        taken_chars.append((m.start(), m.end()))
    for m in PHONE_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken_chars):
            continue
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif digits.startswith("31") and m.group(0).startswith("+"):
            digits = "0" + digits[2:]
        if len(digits) == 10:
            out.append({"entity": "phone", "value": digits, "start": m.start(), "end": m.end()})
            taken_chars.append((m.start(), m.end()))

    def in_taken(tok_start: int, tok_end: int) -> bool:
        s = doc[tok_start:tok_end]
        return any(a <= s.start_char < b for a, b in taken_chars)

    ages = [
        (s, e, v)
        for s, e, v in (doc._.numbers or [])
        if not in_taken(s, e) and _is_age(doc, s, e, v)
    ]
    if ages:
        s, e, v = ages[0]
        span("age", v, s, e)

    matches = [m for m in (doc._.lexicon_matches or []) if not in_taken(m["start"], m["end"])]
    low_wage = _low_hourly_wage(doc)
    if low_wage and not any(m["label"] == "pain" and m["value"] == "low_income" for m in matches):
        matches.append(
            {"label": "pain", "value": "low_income", "rank": 0, "fuzzy": False,
             "start": low_wage[0], "end": low_wage[1]}
        )  # fmt: skip
    by_label: dict[str, list[dict[str, Any]]] = {}
    for m in matches:
        by_label.setdefault(m["label"], []).append(m)

    mun = _pick_municipality(doc, by_label.get("municipality", []))
    if mun:
        span("municipality", mun["value"], mun["start"], mun["end"])

    ws = by_label.get("work_situation", [])
    if ws:
        ws.sort(key=_rank)
        span("work_situation", ws[0]["value"], ws[0]["start"], ws[0]["end"])

    seen: set[str] = set()
    for m in by_label.get("pain", []):
        if m["value"] not in seen:
            seen.add(m["value"])
            span("pain", m["value"], m["start"], m["end"])

    sectors = by_label.get("sector", [])
    if sectors:
        sectors.sort(key=lambda m: (_negated(doc, m), _wished(doc, m), m["fuzzy"], m["start"]))
        span("sector", sectors[0]["value"], sectors[0]["start"], sectors[0]["end"])

    for label in ("mode", "language"):
        ms = by_label.get(label, [])
        if ms:
            ms.sort(key=_rank)
            span(label, ms[0]["value"], ms[0]["start"], ms[0]["end"])
    return out
