"""Which of the offered times the resident chose, and what a time wish asks for.

"de eerste", "the first one", "2", "doe maar de tweede", "maakt niet uit", "whatever is soonest",
"10:00", "dinsdag" pick an offered time; "liever donderdag na 14 uur", "any chance of a Monday?",
"evening, after 6" are wishes that the next offer follows.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta
from typing import Any

from actions import nlu
from actions.common import LOCAL_TZ, local_time
from actions.reading import NO, YES

AMSTERDAM = LOCAL_TZ
ORDINALS = {
    1: (
        "eerste",
        "allereerste",
        "very first",
        "eerst",
        "1e",
        "1ste",
        "first",
        "1st",
        "frist",
        "fisrt",
        "eerste optie",
        "bovenste",
        "bovenaan",
        "top one",
        "the top",
        "topmost",
    ),
    2: ("tweede", "2e", "2de", "second", "2nd", "secnd"),
    3: ("derde", "3e", "3de", "third", "3rd"),
    4: ("vierde", "4e", "4de", "fourth", "4th"),
}
ANY_TIME = re.compile(
    r"\b(up to you|you choose|you pick|jij mag (het )?kiezen|kies (jij|u) maar|whenever|wanneer (dan )?ook|"
    r"maakt (me |mij )?(het )?(niet|nie|niks|geen bal|weinig) (zo(veel)? )?uit|boeit niet|boeit me niet|"
    r"zo vroeg (als (het )?(kan|mogelijk)|mogelijk)|as early as possible|"
    r"kan me niet schelen|geen voorkeur|"
    r"alles is goed|alles goed|wat jij wil|wat u wilt|om het even|eerstvolgende|eerst mogelijke|zo snel mogelijk|zsm|"
    r"wat het eerste kan|eerste die vrij is|wat (er )?vrij is|doesn'?t matter|does not matter|whatever|"
    r"any ?time|any ?one|"
    r"whichever|don'?t care|don'?t mind|do not mind|no preference|any is fine|either|any of them|whatever works|"
    r"soonest|earliest|as soon as possible|asap|first available|first free|next available|vroegste|snelste|"
    # "die vroege", "the early one": the first, the times are in order
    r"(de|die|that|the) (vroege|early|earlier)( one| tijd| time)?)\b",
    re.I,
)
# "top" alone is the one on top, or Dutch for "great": either way the first; "dinsdag zou top zijn" is a wish
THAT_ONE = re.compile(
    r"\W*((ok(e|ay)?|ja|yes|doe maar|graag)\W+)*(die|deze|that one|this one|die maar|deze maar|top)"
    # "die is goed", "that one works for me", "deze past mij prima"
    r"(\s+(is|past|lijkt|works|suits|sounds|looks)(\s+\w+){0,3})?\W*"
)
EARLIEST = ("earliest", "soonest", "vroegste", "eerstvolgende", "eerstkomende", "next")
LAST = re.compile(r"\b(laatste|last one|the last)\b", re.I)


local = local_time


def reading_yes(text: str) -> bool:
    """ "ok", "yes that works", "sounds good" to a list of times: no choice of its own."""
    return bool(YES.match(text)) and not NO.match(text) and len(text.split()) <= 4


def pick(text: str, offered: list[dict[str, Any]], language: str) -> int | None:
    """The 1-based number of the offered time the message chooses, or None."""
    if not offered:
        return None
    # ("on second thought" changes one's mind; it picks no second time)
    low = re.sub(r"\b(on |at )?second thoughts?\b", " ", text.lower()).strip()
    m = re.fullmatch(r"\s*(?:nr\.?|nummer|number|optie|option)?\s*(\d{1,2})[.)]?\s*", low)
    if m and 1 <= int(m.group(1)) <= len(offered):
        return int(m.group(1))
    words = re.findall(r"[a-z0-9']+", low)
    wish = wish_of(text, language)
    if wish is not None and wish.weekdays and any(name in words for name in (*ORDINALS[1], *EARLIEST)):
        return matching(offered, wish)  # "first thursday", "the earliest thursday": the first Thursday on offer
    for n, names in ORDINALS.items():
        if n <= len(offered) and any(name in words or (" " in name and name in low) for name in names):
            return n
    if LAST.search(low):
        return len(offered)
    if THAT_ONE.fullmatch(low) or (reading_yes(low) and wish is None):
        return 1  # "ok die", "that one", "yes that works": the one on top (the summary asks to confirm)
    if wish is not None:
        return None  # a day or a part of the day: a wish, not a pick
    # "the one with Fatima": the first time with that adviser
    for i, item in enumerate(offered, 1):
        first_name = str(item.get("adviser_name") or "").split(" ")[0].lower()
        if first_name and first_name in words:
            return i
    if ANY_TIME.search(low):
        return 1
    # a time typed out: "10:00", "om 10 uur", "at 2:30"
    # (not a boundary of a wish: "na 14 uur", "before 12")
    times = re.findall(
        r"(?<!na )(?<!after )(?<!voor )(?<!before )(?<!vanaf )(?<!from )(?<!tot )(?<!until )"
        r"\b(\d{1,2})(?:[:.](\d\d))?\s*(?:uur|u|h|am|pm)?\b",
        low,
    )
    for i, item in enumerate(offered, 1):
        start = local(item["start"])
        for hour, minute in times:
            h = int(hour) + (12 if "pm" in low and int(hour) < 12 else 0)
            if h == start.hour and int(minute or 0) == start.minute:
                return i
    return None


def wish_of(text: str, language: str, now: datetime | None = None) -> nlu.TimeWish | None:
    if now is not None:
        return nlu.parse_time_wish(text, language, now)
    return _wish_this_minute(text, language, datetime.now(AMSTERDAM).replace(second=0, microsecond=0))


# One turn at the booking reads the same message as a time wish several times (a change of time
# at the name, at the contact, beside the answer): the wish is pure and frozen, so it is read once
# per minute of "now".
@functools.lru_cache(maxsize=256)
def _wish_this_minute(text: str, language: str, minute: datetime) -> nlu.TimeWish | None:
    return nlu.parse_time_wish(text, language, minute)


def matching(offered: list[dict[str, Any]], wish: nlu.TimeWish) -> int | None:
    """The offered time that meets the wish (1-based), or None: the first, or with a window on
    both sides ("10 o'clock", "rond drie uur") the one nearest its middle."""
    fits = [(i, local(item["start"])) for i, item in enumerate(offered, 1) if wish.matches(local(item["start"]))]
    if not fits:
        return None
    if wish.after and wish.before:
        middle = (wish.after.hour * 60 + wish.after.minute + wish.before.hour * 60 + wish.before.minute) / 2
        return min(fits, key=lambda f: (f[1].date(), abs(f[1].hour * 60 + f[1].minute - middle)))[0]
    return fits[0][0]


def later_day(offered: list[dict[str, Any]], slots_from: str | None) -> str:
    """Other times: from the day after the last time offered (not just the next half hour)."""
    last = local(offered[-1]["start"]) if offered else (local(slots_from) if slots_from else datetime.now(AMSTERDAM))
    next_day = (last + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return next_day.isoformat()
