"""Day and time wishes for the advice conversation, in Dutch and English.

    from bot.nlu.time_wish import parse_time_wish

    wish = parse_time_wish("liever donderdag na 14 uur", "nl", now)   # now: an aware or naive
    wish.weekdays          # frozenset({3})            (0 = Monday)   datetime; naive = Amsterdam
    wish.after             # time(14, 0)
    wish.matches(slot_start)   # True when a slot (aware datetime, or naive Amsterdam) fits
    wish.as_query()        # {"from": "2026-12-03T00:00:00+01:00", "to": ..., "weekdays": [3],
                           #  "after": "14:00", "before": None, "part_of_day": None}
    wish.describe("nl")    # "donderdag, na 14:00" (to say back what was understood)

Understood: weekdays ("donderdag", "do", "thursday", "woensdag of vrijdag", "niet op maandag"),
relative days ("vandaag", "morgen", "overmorgen", "today", "tomorrow", "volgende week dinsdag",
"next week tuesday", "deze week", "next week"), dates ("12 december", "15-12", "december 12th"),
parts of the day ("ochtend", "'s middags", "evening", "na het werk"), and times ("na 14 uur",
"na tweeën", "half 3", "after 2 pm", "voor 10:00", "before noon"). An hour from 1 to 7 without
am/pm is in the afternoon (offices are open 8-18). None when the text holds no wish.
``as_query`` gives "from"/"to" (ISO 8601 with offset) that the slots API takes today; "weekdays",
"after", "before" and "part_of_day" are for filtering the slots it returns (``matches``).
Pure functions: no Rasa, no network; dateparser (imported on first use) reads explicit dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.nlu import text as nlu_text
from bot.nlu.numbers import EN_UNITS, word_value
from bot.nlu.text import NEGATION_WORDS

TZ = ZoneInfo("Europe/Amsterdam")

WEEKDAYS = {
    "maandag": 0, "ma": 0, "maandags": 0, "monday": 0, "mon": 0, "mondays": 0,
    "dinsdag": 1, "di": 1, "dinsdags": 1, "tuesday": 1, "tue": 1, "tues": 1, "tuesdays": 1,
    "woensdag": 2, "wo": 2, "woensdags": 2, "wednesday": 2, "wed": 2, "wednesdays": 2,
    "donderdag": 3, "do": 3, "donderdags": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "thursdays": 3,
    "vrijdag": 4, "vr": 4, "vrijdags": 4, "friday": 4, "fri": 4, "fridays": 4,
    "zaterdag": 5, "za": 5, "saturday": 5, "sat": 5,
    "zondag": 6, "zo": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
# two-letter Dutch abbreviations are words too ("do", "zo", "ma"): only with another time cue
# "zo vroeg mogelijk", "zo snel als het kan": "zo" as "so"
SO_WHAT = {"vroeg", "snel", "laat", "gauw", "spoedig", "mogelijk", "lang", "veel", "goed", "maar", "even", "dat",
           "vlug", "kort"}  # fmt: skip
# "aan het einde van de middag", "late afternoon": the last hours of that part of the day
LATE_IN = re.compile(r"\b(eind(e)? van de|einde|eind|laat in de|late|end of the|later in the)\s+(middag|afternoon)\b")
EARLY_IN = re.compile(r"\b(begin van de|vroeg in de|early|begin|start of the|earlier in the)\s+(middag|afternoon)\b")
EARLY_MORNING = re.compile(r"\b(vroeg|vroege|early)\b(?!\s+(als|as)\b)(?<!zo vroeg)")
AMBIGUOUS_DAYS = {"ma", "di", "wo", "do", "vr", "za", "zo", "sat", "sun", "wed", "mon"}
RANGE_WORDS = {"to", "till", "until", "through", "tot", "tm"}
# "can we do by phone", "i do it", "to do": the English verb, not Thursday
DO_VERB_BEFORE = {"we", "i", "you", "u", "they", "can", "could", "would", "will", "to", "lets", "let's", "don't",
                  "dont", "did", "does", "also", "just", "please"}  # fmt: skip
FINISHING = {"finish", "finished", "done", "klaar", "stop", "stopt", "eindig", "eindigt", "vrij", "off", "start",
             "begin", "begins", "starts"}  # fmt: skip
ENGLISH_HOURS = {word for word, n in EN_UNITS.items() if 1 <= n <= 12}
AROUND = {"around", "rond", "omstreeks", "ongeveer", "about", "circa", "rondom", "like"}  # "like 7-ish"
COUNTED = {"jaar", "jaren", "year", "years", "weken", "weeks", "maanden", "months", "euro", "km", "uren", "hours",
           "kinderen", "kids", "dagen", "days"}  # fmt: skip
SENTENCE_NEXT = [[w] for w in ("you", "i", "we", "they", "u", "je", "jij", "ik", "we", "it", "not", "this", "that")]
UNTIL = {"tot", "until", "till", "til"}
WORKING_WORDS = {"werk", "werken", "work", "working", "dienst", "shift", "school", "les", "class"}
SHIFT_WORDS = {"shift", "shifts", "dienst", "diensten", "werk", "work", "job", "ploeg"}
PARTS = {
    "morning": (time(8), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(22)),
}
PART_WORDS = {
    "ochtend": "morning", "ochtends": "morning", "morgens": "morning", "smorgens": "morning",
    "sochtends": "morning", "voormiddag": "morning", "morning": "morning", "mornings": "morning",
    "middag": "afternoon", "middags": "afternoon", "smiddags": "afternoon", "namiddag": "afternoon",
    "afternoon": "afternoon", "afternoons": "afternoon",
    "avond": "evening", "avonds": "evening", "savonds": "evening", "evening": "evening",
    "evenings": "evening", "night": "evening", "tonight": "evening",
}  # fmt: skip
HOUR_WORDS = {
    "enen": 1, "tweeën": 2, "tweeen": 2, "drieën": 3, "drieen": 3, "vieren": 4, "vijven": 5,
    "zessen": 6, "zevenen": 7, "achten": 8, "negenen": 9, "tienen": 10, "elven": 11, "twaalven": 12,
    "noon": 12, "midday": 12, "twaalf": 12, "middaguur": 12,
}  # fmt: skip
# minutes from the hour that follows: "half past nine" 9:30, "quarter to ten" 9:45
PAST_THE_HOUR = {"half past": 30, "quarter past": 15, "quarter to": -15, "quarter before": -15}
# the middle of the day: "around lunchtime", "tussen de middag", "in mijn lunchpauze"
LUNCH_WORDS = {"lunchtime", "lunchtijd", "lunchpauze", "middagpauze", "lunchbreak", "lunchuur", "middaguur", "noon",
               "midday"}  # fmt: skip
LUNCH = (time(11, 30), time(14))
# words that may follow a bare hour in a wish ("voor 10 graag"), where a count has its noun ("voor 2 kinderen")
AFTER_A_HOUR = {"graag", "alsjeblieft", "aub", "svp", "liefst", "als", "want", "maar", "of", "en", "dan", "is",
                "kan", "lukt", "zou", "ofzo", "please", "ideally", "if", "or", "and", "but", "works"}  # fmt: skip
AFTER = {"na", "vanaf", "after", "from", "later", "past", "nadat", "since"}
BEFORE = {"voor", "vóór", "before", "until", "till", "til", "tot", "uiterlijk", "earlier", "by"}
# "except mondays" rules a day out like "not on monday"; "I don't mind mondays" does not
NOT = NEGATION_WORDS | {"behalve", "except", "but"}
MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|january|february|march|june|july|august|october"
)
DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th|e|ste|de)?\s+(?:{MONTHS})\b|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?\b)",
    re.I,
)
TOKEN = re.compile(r"\d{1,2}[:.]\d{2}|\d+|[^\W\d_]+(?:['’][^\W\d_]+)?|[,;.!?]", re.UNICODE)


@dataclass(frozen=True)
class TimeWish:
    weekdays: frozenset[int] = frozenset()  # 0 = Monday; empty: any day
    not_weekdays: frozenset[int] = frozenset()
    date: dt.date | None = None  # one day
    not_before: dt.date | None = None  # a range of days ("next week")
    not_after: dt.date | None = None
    part_of_day: str | None = None  # "morning", "afternoon", "evening"
    after: time | None = None
    before: time | None = None
    tz: Any = field(default=TZ, repr=False, compare=False)

    def matches(self, start: datetime) -> bool:
        """Whether a slot starting at ``start`` fits the wish (compared in Amsterdam time)."""
        local = start.astimezone(self.tz) if start.tzinfo else start.replace(tzinfo=self.tz)
        day, clock = local.date(), local.time()
        if self.date and day != self.date:
            return False
        if self.not_before and day < self.not_before:
            return False
        if self.not_after and day > self.not_after:
            return False
        if self.weekdays and local.weekday() not in self.weekdays:
            return False
        if local.weekday() in self.not_weekdays:
            return False
        if self.part_of_day:
            first, last = PARTS[self.part_of_day]
            if not first <= clock < last:
                return False
        if self.after and clock < self.after:
            return False
        return not (self.before and clock >= self.before)

    def as_query(self) -> dict[str, Any]:
        """Filters for GET /api/slots: "from"/"to" today; the others for filtering its answer."""
        first = self.date or self.not_before
        last = self.date or self.not_after
        earliest = self.after or (PARTS[self.part_of_day][0] if self.part_of_day else None)
        latest = self.before or (PARTS[self.part_of_day][1] if self.part_of_day else None)
        query: dict[str, Any] = {
            "from": None,
            "to": None,
            "weekdays": sorted(self.weekdays) or None,
            "not_weekdays": sorted(self.not_weekdays) or None,
            "after": earliest.strftime("%H:%M") if earliest else None,
            "before": latest.strftime("%H:%M") if latest else None,
            "part_of_day": self.part_of_day,
        }
        if first:
            query["from"] = datetime.combine(first, earliest or time(0), self.tz).isoformat()
        if last:
            end = (
                datetime.combine(last, latest, self.tz)
                if latest
                else datetime.combine(last + timedelta(days=1), time(0), self.tz)
            )
            query["to"] = end.isoformat()
        return query

    def describe(self, language: str) -> str:
        """A short description to say back: "donderdag, na 14:00" / "Thursday, after 14:00"."""
        nl = language != "en"
        names = (
            ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
            if nl
            else ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        )
        parts: list[str] = []
        if self.date:
            parts.append(f"{names[self.date.weekday()]} {self.date.day}-{self.date.month}")
        elif self.not_before and self.not_after:
            parts.append(
                f"{self.not_before.day}-{self.not_before.month} t/m {self.not_after.day}-{self.not_after.month}"
                if nl
                else f"{self.not_before.day}/{self.not_before.month} to {self.not_after.day}/{self.not_after.month}"
            )
        if self.weekdays:
            parts.append((" of " if nl else " or ").join(names[d] for d in sorted(self.weekdays)))
        if self.not_weekdays:
            parts.append(
                ("niet op " if nl else "not on ")
                + (" of " if nl else " or ").join(names[d] for d in sorted(self.not_weekdays))
            )
        if self.part_of_day:
            parts.append(
                {
                    "morning": ("ochtend", "morning"),
                    "afternoon": ("middag", "afternoon"),
                    "evening": ("avond", "evening"),
                }[self.part_of_day][0 if nl else 1]
            )
        if self.after:
            parts.append(("na " if nl else "after ") + self.after.strftime("%H:%M"))
        if self.before:
            parts.append(("voor " if nl else "before ") + self.before.strftime("%H:%M"))
        return ", ".join(parts)


def _hour(tokens: list[str], i: int) -> tuple[time, int] | None:
    """A clock time starting at tokens[i]: "14", "14:30", "2 pm", "half 3", "tweeën"; with the
    number of tokens it used."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    used = 1
    half = False
    past = PAST_THE_HOUR.get(" ".join(tokens[i : i + 2]))
    if past is not None and i + 2 < len(tokens):
        # "half past nine", "quarter to ten": English minutes before the hour word
        word, used = tokens[i + 2], 3
    elif word == "half" and i + 1 < len(tokens):
        half, word, used = True, tokens[i + 1], 2
    minute = 0
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", word)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
    elif word in HOUR_WORDS:
        hour = HOUR_WORDS[word]
    else:
        value = word_value(word, standalone=False) if not word.isdigit() else int(word)
        if value is None or not 0 <= value <= 24:
            return None
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if word in ("een", "één") and following.isalpha() and following not in ("uur", "u", "en", "of", "tot", "s"):
            return None  # "na een nachtdienst", "voor een afspraak": an article, not one o'clock
        hour = value
    rest = tokens[i + used : i + used + 3]
    pm = am = False
    if rest[:1] in (["uur"], ["u"], ["h"]):
        used += 1
        rest = rest[1:]
    if (
        rest[:1] in (["pm"], ["p"])
        or rest[:2] in (["s", "middags"], ["s", "avonds"])
        or rest[:1] in (["smiddags"], ["savonds"])
        or rest[:3] == ["in", "the", "afternoon"]
    ):
        pm = True
    elif (
        rest[:1] in (["am"], ["a"])
        or rest[:2] == ["s", "ochtends"]
        or rest[:1] == ["sochtends"]
        or rest[:3] == ["in", "the", "morning"]
    ):
        am = True
    if half:
        # Dutch "half zes" is half an hour before six; English "half six" is half past six
        hour -= 0 if word in ENGLISH_HOURS else 1
        minute = 30
    elif past is not None:
        hour, minute = (hour, past) if past >= 0 else (hour - 1, 60 + past)
    if pm and hour < 12:
        hour += 12
    elif not am and 1 <= hour <= 7:
        hour += 12  # "na 2" is two in the afternoon: offices are closed at night
    if not 0 <= hour <= 23 or not 0 <= minute <= 59:
        return None
    return time(hour, minute), used


def _explicit_dates(text: str, now: datetime) -> list[date]:
    found = []
    for m in DATE_RE.finditer(text):
        import dateparser  # type: ignore[import-untyped]  # slow to import: only when a message holds a date

        parsed = dateparser.parse(
            m.group(0),
            languages=["nl", "en"],
            settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY"},
        )
        if parsed is not None:
            found.append(parsed.date())
    return found


# "Tuesday afternoon would suit. Hmm, scratch that, Thursday after 4": the wish after it counts
CHANGED_MIND = nlu_text.CHOICE_CHANGED


def parse_time_wish(text: str, language: str, now: datetime) -> TimeWish | None:
    """The day and time wish in a message, or None (see the module docstring)."""
    later = CHANGED_MIND.split(text)[-1]
    if later != text and (wish := _parse(later, now)) is not None:
        return wish
    return _parse(text, now)


# "in the afternoon I have Dutch lessons", "'s middags moet ik werken": the part of the day they are busy
BUSY = re.compile(
    r"\b(i have|i've got|i got|i work|i'm working|i am working|i'm busy|i am busy|busy|"
    r"heb ik|moet ik|werk ik|ben ik|zit ik|ik heb|ik werk|ik moet|druk|bezig|"
    # "my mornings are for clients", "mijn ochtenden zijn voor de kinderen": taken already
    r"(are|zijn) (for|voor)|reserved|gereserveerd|"
    # "my daycare shifts are Monday to Thursday", "mijn werkdagen zijn ma t/m do": the days of work
    r"(shifts?|diensten|dienst|werkdagen|workdays|work days|working days) (are|is|zijn|op)|"
    # what they do then: "'s middags haal ik mijn kleinzoon", "mornings I am cleaning", "I sleep on Fridays"
    r"(haal|breng|pas|sta|zorg|slaap|doe|rijd|kook|sport|studeer|volg|ga) ik|i'?m \w+ing|i am \w+ing|"
    # "ik sta tot half 6 in de kas", "ik zit tot vier op school"
    r"ik (sta|zit|rijd|draai)|"
    r"i (sleep|pick|take|bring|drop|collect|clean|teach|study|do|look after|care for|drive))\b",
    re.I,
)
# "vrijdagmiddag werk ik niet", "I don't work on Mondays": free then
NOT_BUSY = re.compile(
    r"\b((werk|ben|heb|moet) ik (dan |die dag |daar )?(niet|geen|nooit)|i (don'?t|do not|never) work|"
    r"i'?m not (working|busy)|i am not (working|busy))\b",
    re.I,
)

# "na 14 uur ben ik pas wakker", "from 3 I'm home": free then
FREE = re.compile(
    r"\b(vrij|free|off|beschikbaar|available|tijd|time|kan|can|prima|fine|good|goed|wakker|awake|thuis|home|"
    r"klaar|done|finished|terug|back|perfect|ideal|ideaal|liefst|best|prefer|graag)\b",
    re.I,
)
# "om 6 uur ben ik thuis", "at 4 I'm done": free from that hour on
FREE_FROM = re.compile(r"\b(ben ik|i'?m|i am|im)\s+(\w+\s+)?(thuis|klaar|vrij|home|free|done|off|back|terug)\b", re.I)
# "'s middags kan ik niet", "afternoons I can't": that part of the day is ruled out, whatever "kan" says
CANNOT = re.compile(
    r"\b(kan|can|kun)\s+(ik\s+|i\s+|je\s+)?(echt\s+|really\s+)?(niet|not)\b|\bcan'?t\b|\bcannot\b|"
    # "Wednesday is out now", "woensdag valt af", "Monday doesn't work"
    r"\b(is|are) out\b|\bvalt (nu |dus |toch )?(af|weg)\b|\b(doesn'?t|does not|won'?t) work\b|\bno good\b|"
    r"\b(niet|not)\s+(beschikbaar|available|vrij|free)\b",
    re.I,
)


def _busy_clause(clause: str) -> bool:
    """The clause says they are busy then ("'s middags moet ik werken", "from 1 I am working")."""
    if NOT_BUSY.search(clause):
        return False
    return bool(CANNOT.search(clause) or (BUSY.search(clause) and not FREE.search(clause)))


def _busy(lowered: str, word: str) -> bool:
    """The clause that names this part of the day says they are busy then (and names no other part)."""
    for clause in re.split(r"[,.;!?]|\b(?:maar|but|en|and)\b", lowered):
        if re.search(rf"\b{re.escape(word)}\b", clause) and _busy_clause(clause):
            return not any(w in clause for w in PART_WORDS if w != word and PART_WORDS[w] != PART_WORDS[word])
    return False


CLAUSE_MARKS = {",", ".", ";", "!", "?"}


def _in_clause(before: list[str]) -> list[str]:
    """The words before, back to the start of their clause: "maandag kan ik niet, dinsdag wel"."""
    # (Dutch "maar" starts one; English "but" may be "except": "every day but monday")
    marks = [j for j, w in enumerate(before) if w in CLAUSE_MARKS | {"maar"}]
    return before[marks[-1] + 1 :] if marks else before


def _clause_of(tokens: list[str], i: int) -> list[str]:
    """The clause of the i-th word: "maandag kan ik niet" in "maandag kan ik niet, dinsdag wel"."""
    # a reason is a clause of its own ("dinsdagochtend want dan ben ik vrij, de rest van de week sta
    # ik om zes uur in de kas")
    ends = CLAUSE_MARKS | {"maar", "but", "because", "omdat", "aangezien", "cause", "want"}
    start = max((j + 1 for j in range(i) if tokens[j] in ends), default=0)
    end = min((j for j in range(i, len(tokens)) if tokens[j] in ends), default=len(tokens))
    return tokens[start:end]


def _parse(text: str, now: datetime) -> TimeWish | None:
    local_now = now.astimezone(TZ) if now.tzinfo else now.replace(tzinfo=TZ)
    today = local_now.date()
    lowered = text.lower().replace("’", "'").replace("'s ", "s ").replace("'s-", "s ")
    tokens = [t for t in TOKEN.findall(lowered)]
    weekdays: set[int] = set()
    not_weekdays: set[int] = set()
    the_date: date | None = None
    not_before = not_after = None
    part: str | None = None
    after = before = None
    next_week = False
    cue = False  # an unambiguous time word: lets "do", "zo", "ma" count as days
    vague = False  # the bounds come from words ("na het werk", "voor de lunch"): a clock time beats them

    for i, tok in enumerate(tokens):
        prev = _in_clause(tokens[max(0, i - 3) : i])
        if tok in WEEKDAYS and tok not in AMBIGUOUS_DAYS:
            # "except Friday", "vrijdag kan ik niet", "I sleep on Fridays": ruled out
            # ("dinsdag niet, donderdag wel", "mijn moeder gaat dinsdag niet naar de dagopvang")
            ruled_out = set(prev) & NOT or tokens[i + 1 : i + 2] in (["niet"], ["not"])
            ruled_out = ruled_out or _busy_clause(" ".join(_clause_of(tokens, i)))
            days = {WEEKDAYS[tok]}
            # "Monday to Thursday", "maandag t/m donderdag": the days between too
            from_at = (
                i - 3 if tokens[i - 2 : i] == ["t", "m"] else i - 2 if prev[-1:] and prev[-1] in RANGE_WORDS else -1
            )
            if from_at >= 0 and tokens[from_at] in WEEKDAYS and WEEKDAYS[tokens[from_at]] < WEEKDAYS[tok]:
                days = set(range(WEEKDAYS[tokens[from_at]], WEEKDAYS[tok] + 1))
            (not_weekdays if ruled_out else weekdays).update(days)
            cue = True
        elif (tok in LUNCH_WORDS or (tok == "middag" and prev[-2:] == ["tussen", "de"])) and not set(prev[-2:]) & (
            AFTER | BEFORE
        ):
            if not (set(prev) & NOT) and not (after or before):
                after, before, vague = *LUNCH, True
            cue = True
        elif tok in PART_WORDS:
            if prev[-1:] in (["voor"], ["vóór"], ["before"]) or prev[-2:] in (["voor", "de"], ["vóór", "de"]):
                continue  # "voor de middag": before noon, read with "voor" below
            if any(t.isdigit() or t in HOUR_WORDS or t in ("uur", "u") for t in prev):
                continue  # "voor twee uur 's middags", "after 2 in the afternoon": the clock's half of the day
            if tokens[i + 1 : i + 2] and tokens[i + 1] in SHIFT_WORDS and tokens[i + 2 : i + 3] != ["ik"]:
                continue  # "when I come home from my night shift": the work's time, not the wish
            if not (set(prev) & NOT) and not _busy(lowered, tok):
                part = PART_WORDS[tok]
            cue = True
        elif tok in ("vandaag", "today"):
            the_date, cue = today, True
        elif tok in ("morgen", "tomorrow") and not (i > 0 and tokens[i - 1] in ("s", "goede", "good")):
            # "morgen" is also "morning" in "'s morgens"/"morgenochtend"
            the_date, cue = today + timedelta(days=1), True
        elif tok in ("morgenochtend", "morgenmiddag", "morgenavond"):
            the_date, part, cue = today + timedelta(days=1), PART_WORDS[tok[6:]], True
        elif tok in ("overmorgen",) or (
            tok == "after" and tokens[i + 1 : i + 2] == ["tomorrow"] and prev[-2:] == ["day"]
        ):
            the_date, cue = today + timedelta(days=2), True
        elif tok in ("week", "weekend") and prev[-1:] in (["volgende"], ["next"], ["komende"], ["coming"]):
            next_week, cue = tok == "week", True
            if tok == "weekend":
                weekdays.update({5, 6})
        elif tok == "week" and prev[-1:] in (["deze"], ["this"]):
            not_before, not_after, cue = today, today + timedelta(days=6 - today.weekday()), True
        elif tok in AFTER | BEFORE and i + 1 < len(tokens):
            if tok == "from" and tokens[i + 1] in ("home", "the"):
                continue
            if prev[-1:] in (["half"], ["quarter"]):
                continue  # "half past nine": a clock time, read from its first word
            j = i + 1
            if (
                tokens[j] in ("het", "de", "the")
                and j + 1 < len(tokens)
                and tokens[j + 1]
                in ("werk", "work", "middag", "middaguur", "lunch", "noon", "eten", "avondeten", "dinner", "supper")
            ):
                j += 1
            if tokens[j] in ("eten", "avondeten", "dinner", "supper", "diner"):
                # after dinner: from half past six; before it: not past five
                if tok in AFTER:
                    after = time(18, 30)
                else:
                    before = time(17)
                cue = vague = True
                continue
            if tokens[j] in ("werk", "work", "werktijd", "werkuren"):
                after, cue, vague = time(17), True, True
                continue
            if tokens[j] == "lunch":
                if tok in AFTER:
                    after = time(13)
                else:
                    before = time(12)
                cue = vague = True
                continue
            if tokens[j] == "middag" and tok in BEFORE:  # "voor de middag": in the morning
                before, cue, vague = time(12), True, True
                continue
            if tokens[j] == "middag" and tok in AFTER:  # "na de middag": in the afternoon
                after, cue, vague = time(12), True, True
                continue
            clock = _hour(tokens, j)
            if clock is None:
                continue
            if (
                tok in ("voor", "vóór")
                and tokens[j : j + 1]
                and tokens[j].isdigit()
                and j + 1 < len(tokens)
                and tokens[j + 1] not in ("uur", "u", "h", "pm", "am", "s")
                and not (tokens[j + 1] in AFTER_A_HOUR or tokens[j + 1] in ",;.!?" or cue)
            ):
                continue  # "voor 2 kinderen": not a time
            # "niet voor 10 uur", "not after 3": the negation turns the boundary round; "ik werk tot
            # vijf uur": the end of work, so after it
            working_until = tok in UNTIL and (
                bool(set(prev) & WORKING_WORDS) or _busy_clause(" ".join(_clause_of(tokens, i)))
            )
            # "from 1 o'clock I am working": busy from then, so before it
            busy_from = tok in AFTER and _busy_clause(" ".join(_clause_of(tokens, i)))
            later = ((tok in AFTER) != (prev[-1:] in (["niet"], ["not"], ["never"], ["nooit"]))) or working_until
            later = later and not busy_from
            if later and working_until and after:
                after = max(after, clock[0])  # "na 6 uur, want ik sta tot half 6 in de kas": the wish holds
            elif later:
                after = clock[0]
            else:
                before = clock[0]
            cue = True
        elif tok in ("tussen", "between") and i + 1 < len(tokens):
            # "tussen 9 en 12", "between 2 and 4 pm"
            first = _hour(tokens, i + 1)
            k = next((k for k in range(i + 2, min(len(tokens), i + 5)) if tokens[k] in ("en", "and")), None)
            last = _hour(tokens, k + 1) if first and k is not None and k + 1 < len(tokens) else None
            if first and last:
                start, end = first[0], last[0]
                if start.hour >= 12 and end.hour < 12:
                    start = time(start.hour - 12, start.minute)  # "tussen 9 en 12": 9 in the morning
                after, before, cue = start, end, True
        elif (
            (
                re.fullmatch(r"\d{1,2}:\d{2}", tok)
                or tokens[i + 1 : i + 2] in (["o'clock"], ["oclock"])
                or " ".join(tokens[i : i + 2]) in PAST_THE_HOUR  # "half past nine is fine"
                or (tok.isdigit() and tokens[i + 1 : i + 2] == ["ish"])  # "7-ish"
                # "donderdagavond, zeven uur kan?" (not "8 uur per dag", "zes uur lang")
                or (
                    tokens[i + 1 : i + 2] == ["uur"]
                    and not set(tokens[i + 2 : i + 4])
                    & {"per", "lang", "werken", "werk", "achter", "elkaar", "a", "in"}
                )
            )
            and (vague or not (after or before))  # a clock time beats "na het werk"
            and not set(prev[-1:]) & (AFTER | BEFORE | AROUND | {"om", "at", "tegen", "tussen", "between", "and", "en"})
            and (clock := _hour(tokens, i)) is not None
        ):
            # "I'll take the 11:00", "10 o'clock works": that hour, as "at 10" would be
            after, before, cue = (
                time(max(0, clock[0].hour - 1), clock[0].minute),
                time(min(23, clock[0].hour + 1)),
                True,
            )
        elif tok in {"om", "at", "tegen"} | AROUND and i + 1 < len(tokens):
            clock = _hour(tokens, i + 1)
            nxt = tokens[i + 1]
            explicit = (
                ":" in nxt
                or nxt in HOUR_WORDS
                or nxt == "half"
                or tokens[i + 2 : i + 3] in (["uur"], ["pm"], ["am"], ["u"])
                # "so around three?", "on Monday at 9?": the word says it is a time, unless a count
                # follows ("about 10 years", "om 2 kinderen")
                or ((tok in AROUND or nxt.isdigit()) and not set(tokens[i + 2 : i + 3]) & COUNTED)
            )
            shift_at = set(prev) & (SHIFT_WORDS | WORKING_WORDS)
            bound = next((w for w in reversed(tokens[max(0, i - 4) : i]) if w in AFTER | BEFORE), None)
            if clock is not None and explicit and shift_at and bound:
                # "before my shift at 1", "na mijn dienst om 4": the shift's hour is the bound
                if bound in AFTER:
                    after = clock[0]
                else:
                    before = clock[0]
                cue = True
                continue
            if clock is not None and explicit and FREE_FROM.search(" ".join(_clause_of(tokens, i))):
                # "om 6 uur ben ik thuis", "at 4 I'm done": free from then
                after = clock[0] if after is None or clock[0] > after else after
                cue = True
                continue
            if clock is not None and explicit and _busy_clause(" ".join(_clause_of(tokens, i))):
                # "om half 3 moet ik mijn dochter van school halen": busy then, so before it
                before = clock[0] if before is None or clock[0] < before else before
                cue = True
                continue
            # "after 5 pm? i finish at 4": when their work ends is no wish, nor does it undo one;
            # "my shift is at 1": the shift's hour, no wish
            explicit = explicit and (vague or not (after or before)) and not set(prev) & FINISHING and not shift_at
            if clock is not None and explicit:
                hour = clock[0]
                if vague and after and after.hour >= 12 and hour.hour < 12:
                    hour = time(hour.hour + 12, hour.minute)  # "na het eten om acht uur": in the evening
                after = time(max(0, hour.hour - 1), hour.minute)
                before = time(min(23, hour.hour + 1), hour.minute)
                next_words = tokens[i + 2 : i + 8]
                pairs = [next_words[k : k + 2] for k in range(5)]
                if any(p in (["or", "later"], ["of", "later"], ["or", "after"]) for p in pairs):
                    after, before = hour, None  # "at 10 or later", "om 10 uur of later"
                elif any(p in (["or", "earlier"], ["of", "eerder"], ["or", "before"]) for p in pairs):
                    # "at 3 or earlier"
                    after, before = None, time(hour.hour, hour.minute + 1 if hour.minute < 59 else 59)
                cue = True
    for i, tok in enumerate(tokens):
        # "Do you have anything on Wednesday?": a word of the sentence, not Thursday; "zo vroeg
        # mogelijk": "so", not Sunday
        if (
            tok in AMBIGUOUS_DAYS
            and (cue or len(tokens) <= 2)
            and tokens[i + 1 : i + 2] not in SENTENCE_NEXT
            and not (tok == "zo" and tokens[i + 1 : i + 2] and tokens[i + 1] in SO_WHAT)
            and not (tok == "do" and tokens[i - 1 : i] and tokens[i - 1] in DO_VERB_BEFORE)
        ):
            prev = tokens[max(0, i - 3) : i]
            (not_weekdays if set(prev) & NOT else weekdays).add(WEEKDAYS[tok])
            cue = True
    dates = _explicit_dates(text, local_now)
    if dates:
        the_date, cue = dates[0], True
    if next_week:
        monday = today + timedelta(days=7 - today.weekday())
        if weekdays and len(weekdays) == 1 and the_date is None:
            the_date = monday + timedelta(days=weekdays.pop())
        else:
            not_before, not_after = monday, monday + timedelta(days=6)
    if not cue:
        return None
    if part == "morning" and not (after or before) and EARLY_MORNING.search(lowered):
        before = time(10)  # "vrijdagochtend vroeg", "early in the morning"
    if part == "afternoon" and not (after or before):
        if LATE_IN.search(lowered):
            after = time(15)  # "aan het einde van de middag"
        elif EARLY_IN.search(lowered):
            before = time(14)  # "begin van de middag"
    if after and before and after >= before:
        after, before = (before, after) if before < after else (after, None)
    if (
        weekdays
        and not_before
        and not_after
        and not any(
            (not_before + timedelta(days=d)).weekday() in weekdays for d in range((not_after - not_before).days + 1)
        )
    ):
        # "Monday afternoon, that's my day off this week" on a Wednesday: the coming Monday
        not_before = not_after = None
    if part in ("afternoon", "evening") and after and after.hour < 12 and (before is None or before.hour <= 12):
        # "dinsdag tegen de avond, ergens tussen zes en acht": the evening's six and eight
        after = time(after.hour + 12, after.minute)
        before = time(before.hour + 12, before.minute) if before and before.hour < 12 else before
    if part and ((after and PARTS[part][1] <= after) or (before and PARTS[part][0] >= before)):
        # "maandag na de middag, 's ochtends moet ik naar de fysio": the half of the day that
        # cannot be meant is the one they are busy
        part = None
    return TimeWish(
        # "heeft vrijdag geen school, dus vrijdag niet": a day named and then ruled out is out
        weekdays=frozenset(weekdays - not_weekdays),
        not_weekdays=frozenset(not_weekdays),
        date=the_date,
        not_before=not_before,
        not_after=not_after,
        part_of_day=part,
        after=after,
        before=before,
    )
