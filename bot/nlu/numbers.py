"""Number words in Dutch and English (0-199), including Dutch compounds ("vijfenveertig")
and English hyphenated or spaced tens ("forty-five", "forty five")."""

from __future__ import annotations

import re

NL_UNITS = {
    "nul": 0,
    "een": 1,
    "één": 1,
    "eén": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
NL_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}
EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# "een" is also the Dutch article: only count it inside compounds.
_STANDALONE_EXCLUDE = {"een", "one"}

_NL_COMPOUND = re.compile(
    r"^(?P<unit>een|één|eén|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën|-en-)"
    r"(?P<tens>twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)$"
)
_EN_COMPOUND = re.compile(
    r"^(?P<tens>twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)-"
    r"(?P<unit>one|two|three|four|five|six|seven|eight|nine)$"
)
_DIGITS = re.compile(r"^(?P<num>\d{1,3})(?P<suffix>-?(?:jarige|jarig|jr|j|yo|y/o|years?|jaar))?$")


def word_value(word: str, *, standalone: bool = True) -> int | None:
    """The value of one token, or None. `standalone` excludes words that double as articles."""
    w = word.lower().strip(".,!?;:")
    if not w:
        return None
    m = _DIGITS.match(w)
    if m:
        return int(m.group("num"))
    if standalone and w in _STANDALONE_EXCLUDE:
        return None
    for table in (NL_UNITS, NL_TENS, EN_UNITS, EN_TENS):
        if w in table:
            return table[w]
    m = _NL_COMPOUND.match(w)
    if m:
        return NL_UNITS[m.group("unit")] + NL_TENS[m.group("tens")]
    m = _EN_COMPOUND.match(w)
    if m:
        return EN_TENS[m.group("tens")] + EN_UNITS[m.group("unit")]
    return None


def digits_suffix(word: str) -> str | None:
    """For "45-jarige" or "45jr" the age suffix, else None."""
    m = _DIGITS.match(word.lower())
    return m.group("suffix") if m and m.group("suffix") else None


def parse_numbers(words: list[str]) -> list[tuple[int, int, int]]:
    """(start, end, value) spans over a list of words; joins "forty five" and "forty - five"."""
    out: list[tuple[int, int, int]] = []
    i = 0
    n = len(words)
    while i < n:
        v = word_value(words[i])
        if v is None:
            i += 1
            continue
        w = words[i].lower()
        end = i + 1
        if w in EN_TENS:
            j = i + 1
            if j < n and words[j] == "-":
                j += 1
            if j < n and words[j].lower() in EN_UNITS and EN_UNITS[words[j].lower()] < 10:
                v += EN_UNITS[words[j].lower()]
                end = j + 1
        out.append((i, end, v))
        i = end
    return out
