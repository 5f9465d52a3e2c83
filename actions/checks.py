"""The checks every answer passes before it is kept, typed or from a button payload alike."""

from __future__ import annotations

import re
from typing import Any

from api.eligibility.vocabulary import vocabulary

# An age the assistant believes at all (a number outside it is a year, an amount, a joke): the
# vocabulary's plausible bounds; who is eligible is the rules' business.
PLAUSIBLE_AGE = (vocabulary().age_min, vocabulary().age_max)
PLACE_MAX = 80
OWN_WORDS_MAX = 500
EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
UNKNOWN_PLACE = "unknown"


def values_of(kind: str) -> list[str]:
    """The values of work situation, pains, sectors and modes (the vocabulary's)."""
    return list(vocabulary().values(kind))


def age(value: Any) -> int | None:
    try:
        years = int(float(value))
    except (TypeError, ValueError):
        return None
    return years if PLAUSIBLE_AGE[0] <= years <= PLAUSIBLE_AGE[1] else None


def municipality(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    name = " ".join(value.split()).strip(" .,!?")
    if not name or len(name) > PLACE_MAX or not re.search(r"[^\W\d_]", name):
        return None
    return name


def work_situation(value: Any) -> str | None:
    return value if value in values_of("work_situation") else None


def pains(value: Any) -> list[str] | None:
    values = value if isinstance(value, list) else [value]
    known = [p for p in dict.fromkeys(values) if p in values_of("pain")]
    return None if values and not known else known


def sector(value: Any) -> str | None:
    return value if value in values_of("sector") else None


def mode(value: Any) -> str | None:
    return value if value in values_of("mode") else None


def email(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    return text if EMAIL_RE.match(text) and len(text) <= 254 else None


def phone(value: Any) -> str | None:
    # "+31 (0)6 5521 7788": the trunk zero in brackets is not dialled after the country code
    digits = re.sub(r"[\s().-]", "", re.sub(r"\(\s*0\s*\)", "", str(value or "")))
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if re.fullmatch(r"0\d{9}", digits) or re.fullmatch(r"\+\d{10,14}", digits):
        return digits
    return None


INTAKE = {"age": age, "municipality": municipality, "work_situation": work_situation, "pains": pains, "sector": sector}


def intake(slot: str, value: Any) -> Any:
    """The value as it may be kept, or None."""
    return INTAKE[slot](value)


def own_words(*parts: str | None) -> str | None:
    """The resident's words, joined and cut to the lead's limit."""
    text = " / ".join(p.strip() for p in parts if p and p.strip())
    if not text:
        return None
    return text if len(text) <= OWN_WORDS_MAX else text[: OWN_WORDS_MAX - 1].rstrip() + "…"
