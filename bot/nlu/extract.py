"""Normalised intake entities from a message, without spaCy or Rasa (so the action server can
call it too).

    from bot.nlu.extract import extract_text
    extract_text("ik ben bijna 50, woon in Naaldwijk en mijn knieën doen pijn", today=date(2026, 12, 2))
    # [{"entity": "age", "value": 49, ...}, {"entity": "municipality", "value": "Westland", ...},
    #  {"entity": "place", "value": "Naaldwijk", ...}, {"entity": "pain", "value": "physical_strain", ...}]

Each entity: {"entity", "value", "start", "end"} with character offsets into the text. Values: age
(int; birth years, "bijna 50", "eind 40", "ik word volgende maand 40" understood), municipality (a
region municipality, a known outside municipality, or a place as typed after "woon in"/"live in"),
place (the place as typed when it is not one of the region's five municipality names: a district,
village, alias, outside or unknown place), work_situation, pain (may repeat), sector, mode,
language (enums as in the vocabulary), email, phone.
Values inside a question about the scheme ("geldt dit ook voor zzp'ers?") are not given: a question
is not an answer (bot/nlu/questions.py). A place named only as where someone works ("ik werk op een
kantoor in Delft") is not where they live.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any

from api.eligibility.vocabulary import vocabulary
from bot.nlu import text as nlu_text
from bot.nlu.lemmas import lemma
from bot.nlu.lexicon import Lexicon, load_lexicon
from bot.nlu.numbers import digits_suffix, parse_numbers
from bot.nlu.pain_patterns import pattern_pains, scarce_work
from bot.nlu.places import find_places, resolve_place
from bot.nlu.questions import question_spans
from bot.nlu.text import HELD_BEFORE, NEGATION_WORDS, NEGATIONS, Doc

# What can be an age at all is the vocabulary's (api/eligibility/vocabulary.yml).
AGE_MIN, AGE_MAX = vocabulary().age_min, vocabulary().age_max
# words right before a number that make it an age
AGE_BEFORE = {"ben", "am", "i'm", "im", "ik'm", "age", "aged", "leeftijd", "age:", "is", "ben:"}
AGE_BEFORE_PAIRS = {("ik", "ben"), ("i", "am"), ("ben", "nu"), ("am", "now"), ("net", "geworden")}
# words right after a number that make it an age
AGE_AFTER = {"jaar", "jaren", "years", "year", "yrs", "jr", "j", "jarige", "jarig", "y/o", "yo"}
AGE_AFTER_STRONG = {"oud", "old", "jong", "young"}
# after "<n> jaar": words that make it a duration ("20 jaar in de bouw")
DURATION_AFTER = {
    "now",  # "20 years now"
    "here",  # "15 years here in holland"
    "hier",
    "there",
    "daar",
    "nu",
    "in",
    "bij",
    "als",
    "at",
    "as",
    "gewerkt",
    "worked",
    "working",
    "werk",
    "work",
    "ervaring",
    "experience",
    "lang",
    "long",
    "geleden",
    "ago",
    "op",
    "on",
    "for",
    "voor",
    "aan",
    "met",
    "with",
    "de",
    "het",
    "the",
    "getrouwd",
    "married",
    "gestopt",
    "ben",
}
DURATION_VERBS = {"doing", "done", "did", "worked", "working", "been", "it", "this", "that", "there", "here", "doe",
                  "gedaan", "gewerkt", "werk", "werken", "werkt", "work", "works", "dit", "dat", "daar", "hier", "zit",
                  "sta"}  # fmt: skip
# what one has done for years, said after the years ("31 jaar heb gewerkt", "20 jaar gewoond")
SPENT = {"gewerkt", "gedaan", "gewoond", "gezeten", "gestaan", "gereden", "gezorgd", "gepoetst", "gesjouwd",
         "meegedraaid", "worked", "lived", "spent", "driven", "served"}  # fmt: skip
DURATION_BEFORE = {
    "al",
    "sinds",
    "since",
    "for",
    "already",
    "ruim",
    "bijna",
    "over",
    "na",
    "after",
    "afgelopen",
    "past",
    "last",
    "laatste",
    "binnen",
    "within",
    "jaar",
    "nog",
    "another",
    "per",
    "elke",
    "every",
    "om",
    "van",
    "of",
    "en",
    "and",
}
NON_AGE_UNITS = {
    "euro",
    "eur",
    "€",
    "uur",
    "uren",
    "hours",
    "hour",
    "per",
    "kinderen",
    "children",
    "kids",
    "km",
    "procent",
    "%",
    "dagen",
    "days",
    "maanden",
    "months",
    "weken",
    "weeks",
    "keer",
    "times",
    "minuten",
    "minutes",
    "cent",
    "k",
    "p/u",
    "u",
    "x",
    "dollar",
    "pond",
}

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE_RE = re.compile(r"(?<![\w@])(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){8,9}\d?(?!\d)")


# "bijna 50" is 49, "ik word volgende maand 40" is 39, "eind 40" is 48, "in de 40" is 45
ALMOST = {"bijna", "almost", "nearly", "nog net geen"}
# "ongeveer 45", "about 45", "net 60": the number itself; "ruim 50", "just over 50": a little more
ABOUT = {"ongeveer", "rond", "circa", "ca", "about", "around", "approx", "approximately", "roughly", "zo'n", "net",
         "pas", "exact", "precies"}  # fmt: skip
OVER = {"ruim", "over", "iets over", "just over", "a bit over", "dik"}
BECOMING_BEFORE = {"word", "wordt", "worden", "turning", "turn", "become", "becoming"}
BECOMING_AFTER = {"word", "wordt", "worden"}
BECAME = {"geworden", "turned", "became"}
DECADE_PART = {
    "eind": 8,
    "einde": 8,
    "late": 8,
    "begin": 1,
    "early": 1,
    "midden": 5,
    "mid": 5,
    "in de": 5,
    "halverwege": 5,
}
DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "twintigers": 20,
                "dertigers": 30, "veertigers": 40, "vijftigers": 50, "zestigers": 60}  # fmt: skip
BORN = {"geboren", "born", "geb", "bouwjaar", "geboortejaar", "birthyear"}
YEAR_RE = re.compile(r"^(?:19[2-9]\d|20[0-2]\d)$|^'\d\d$")


# "in de veertig", "early forty-something": a decade spelled out
DECADES_SPELLED = {
    "twintig": "20", "dertig": "30", "veertig": "40", "vijftig": "50", "zestig": "60", "zeventig": "70",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
}  # fmt: skip


PUNCTUATION = {",", ".", ";", "!", "?"}
# the exact number beside a vaguer one ("mid fifties, 56 to be precise", "precies 56")
PRECISELY = {"precies", "precise", "precisely", "exact", "exactly", "nauwkeurig"}


def _said_precisely(doc: Doc, start: int, end: int) -> bool:
    """ "precies 56", "56 to be precise": the marker right before, or after it in the same clause."""
    after = list(itertools.takewhile(lambda w: w not in PUNCTUATION and not w.isdigit(), doc.words[end : end + 4]))
    return bool(set(doc.words[max(0, start - 1) : start] + after) & PRECISELY)


def approximate_age(text: str) -> bool:
    """A decade said for an age ("ergens in de 40", "early thirties", "in my fifties"): the age
    read from it (see _age_value) is a guess in the middle of it."""
    words = [DECADES_SPELLED.get(w, w) for w in re.findall(r"[^\W\d_]+|\d+", text.lower())]
    if set(words) & PRECISELY:
        return False  # "mid fifties, 56 to be precise": the age itself follows the decade
    for i, word in enumerate(words):
        if word in DECADE_WORDS:
            return True
        decade = word.isdigit() and int(word) % 10 == 0 and 20 <= int(word) <= 90
        if decade and (
            (words[i - 1 : i] and words[i - 1] in DECADE_PART) or " ".join(words[max(0, i - 2) : i]) in DECADE_PART
        ):
            return True
    return False


def _age_value(doc: Doc, start: int, end: int, value: int) -> int | None:
    """The age a number at doc[start:end] stands for, adjusted for "bijna", "word", decades; None
    when it is no age (a duration, an amount, a count, a negated earlier answer...)."""
    words = [t.lower_ for t in doc]
    before = words[start - 1] if start > 0 else ""
    before2 = words[start - 2] if start > 1 else ""
    after = words[end] if end < len(words) else ""
    if before in NEGATION_WORDS or (before in {"in", "op"} and before2 in NEGATION_WORDS):
        return None  # "niet 50 maar 51": the negated one is the old answer
    decade = DECADE_PART.get(before) or DECADE_PART.get(f"{before2} {before}")
    if decade and value % 10 == 0 and 20 <= value <= 90 and after not in NON_AGE_UNITS:
        return value + decade
    if not _is_age(doc, start, end, value):
        return None
    if before in ALMOST and value - 1 >= AGE_MIN:
        return value - 1
    if (before in OVER or f"{before2} {before}" in OVER) and value + 1 <= AGE_MAX:
        return value + 1
    nearby = set(words[max(0, start - 4) : start])
    if (nearby & BECOMING_BEFORE or after in BECOMING_AFTER) and not (nearby & BECAME or after in BECAME):
        return value - 1
    return value


def _birth_year_age(doc: Doc, today: date) -> tuple[int, int, int] | None:
    """ "geboren in 1982", "born in '88", or a year alone: (token, token end, age)."""
    words = [t.lower_ for t in doc]
    for i, word in enumerate(words):
        if i > 0 and words[i - 1] == "'" and re.fullmatch(r"\d\d", word):
            word = "'" + word  # "born in '78"
        before = [w for w in words[max(0, i - 4) : i] if w != "'"]
        if before and before[-1] in MONTH_NUMBERS:
            before = before[:-1]  # "ik ben van april 1968"
        if re.fullmatch(r"\d\d", word) and (
            (set(before[-2:]) & (BORN | {"in"}) and set(before) & BORN) or before[-1:] == ["van"]
        ):
            word = "'" + word  # "born in 88", "ben van 79"
        if not YEAR_RE.match(word):
            continue
        year = int(word) if len(word) == 4 else 1900 + int(word[1:])
        age = today.year - year
        if not AGE_MIN <= age <= AGE_MAX:
            continue
        nearby = set(words[max(0, i - 3) : i])
        alone = len([w for w in words if w.isalnum()]) == 1
        if (
            nearby & BORN
            or {"birth", "year"} <= set(words[max(0, i - 4) : i])  # "my birth year is 1990", "year of birth: 1990"
            or set(words[i + 1 : i + 3]) & BORN  # "ik ben in 1979 geboren"
            or alone
            or (before[-1:] == ["van"] and (before[-2:-1] in (["ben"], ["bent"]) or len(before) == 1))
        ):  # "ik ben van '72", "van 1985"
            return i, i + 1, age
    return None


MONTH_NUMBERS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3,
    "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7,
    "jul": 7, "july": 7, "augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
BIRTH_DATE = {"geboortedatum", "birthdate", "birth", "dob", "verjaardag", "birthday", "jarig"}
DOB_RE = re.compile(
    r"\b(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)\b"
    r"|\b(\d{1,2})(?:e|ste|de|st|nd|rd|th)?\s+([a-z]+)\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _date_of_birth(text: str, today: date) -> tuple[int, int, int] | None:
    """ "geboren op 3 mei 1978", "born 12-03-1985", or a date alone as the answer: (start, end,
    age) in characters, the age on ``today``."""
    m = DOB_RE.search(text)
    if m is None:
        return None
    if m.group(1):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        day, month, year = int(m.group(4)), MONTH_NUMBERS.get(m.group(5).lower(), 0), int(m.group(6))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    rest = (text[: m.start()] + text[m.end() :]).lower()
    alone = not re.search(r"[^\W\d_]", re.sub(r"\b(geboren|born|op|on|in|geb|dob)\b", "", rest))
    if not (alone or set(re.findall(r"[^\W\d_]+", rest)) & (BORN | BIRTH_DATE)):
        return None
    age = today.year - year - ((today.month, today.day) < (month, day))
    return (m.start(), m.end(), age) if AGE_MIN <= age <= AGE_MAX else None


FILLERS = {"trouwens", "eigenlijk", "btw", "dus", "inmiddels", "al", "nu", "alweer", "sinds", "kort", "actually",
           "already", "now", "just", "net", "pas"}  # fmt: skip


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
    if before in ALMOST and after in AGE_AFTER and after2 not in DURATION_AFTER:
        # "bijna 50 jaar", not "for almost thirty years" or "al bijna 30 jaar": how long
        return prev_prev not in DURATION_BEFORE - ALMOST
    qualified = before in ALMOST | ABOUT | OVER or f"{prev_prev} {before}" in OVER | {"rond de", "in de"}
    if qualified and (start <= 2 or prev_prev in {",", "ben", "am", "i'm", "im", "de"}) and after not in AGE_AFTER:
        return True  # "bijna 50", "ik ben bijna 50", "ongeveer 45", "ruim 50", "just over 50"
    if after in {"plus", "+"} and start == 0:
        return True  # "50 plus", "vijftig+": the number they are past
    if set(words[max(0, start - 4) : start]) & BECOMING_BEFORE and after not in AGE_AFTER - {"jaar", "years"}:
        return True  # "ik word volgende maand 40"
    if (
        after in {"years", "year", "yrs", "jaar", "jaren"}
        and after2 not in AGE_AFTER_STRONG
        and set(words[max(0, start - 3) : start]) & DURATION_VERBS
    ):
        return False  # "been doing it 15 years", "heb het 15 jaar gedaan": how long, not how old
    if after in {"years", "year", "jaar", "jaren"} and set(words[end + 1 : end + 4]) & SPENT:
        return False  # "de kwekerij waar ik 31 jaar heb gewerkt": how long, said at the end of the clause
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
    if before in {
        "al",
        "already",
        "nu",
        "now",
        "bijna",
        "almost",
        "pas",
        "just",
        "net",
        "eigenlijk",
        "actually",
        "really",
        "echt",
    } and (prev_prev in AGE_BEFORE or tuple(words[max(0, start - 3) : start - 1]) in AGE_BEFORE_PAIRS):
        return True
    # "ik ben trouwens al 20", "I'm actually already 20": remarks between "ben" and the number
    said = [w for w in words[max(0, start - 5) : start] if w not in FILLERS]
    if said and said[-1] in {"ben", "am", "i'm", "im"} and before in FILLERS:
        return True
    if before in {"maar", "but"} and set(words[max(0, start - 4) : start - 1]) & NEGATION_WORDS:
        return True  # "niet 50 maar 51"
    if _said_precisely(doc, start, end):
        return True  # "56 to be precise", "precies 56", "56 om precies te zijn"
    if before in DURATION_BEFORE:
        return False
    # a number standing on its own: the whole message, or an item in a list ("45, Delft, bouw")
    alone_before = start == 0 or before in {",", ";", "-", ":", "(", "."}
    # ("23 (24 next month)": the age before the remark in brackets)
    alone_after = end == len(words) or after in {",", ";", ".", ")", "(", "!", "en", "and", "-"}
    return alone_before and alone_after


PAID_NOW = {"krijg", "krijgt", "verdien", "verdient", "vang", "get", "earn", "make", "paid", "betaald", "op"}
GROSS_NET = {"bruto", "netto", "gross", "net"}
LOW_WAGE_MAX = 16  # euro per hour; about the minimum wage plus a little
CURRENCY = {"euro", "euros", "eur", "€"}
PER_HOUR = [("per", "uur"), ("per", "hour"), ("an", "hour"), ("a", "hour"), ("p", "/", "u"), ("/", "uur"),
            ("/", "u"), ("p", ".", "u"), ("/", "hr"), ("per", "h"), ("uurloon",), ("bruto", "per", "uur"),
            ("netto", "per", "uur")]  # fmt: skip


def _low_hourly_wage(doc: Doc) -> tuple[int, int] | None:
    """ "11 euro per uur", "€11 an hour": an hourly wage low enough to count as low income."""
    words = [t.lower_ for t in doc]
    amounts = list(doc.numbers or [])
    for i, w in enumerate(words):  # "12,80", "€11.50": amounts with cents (parse_numbers reads whole numbers)
        m = re.fullmatch(r"€?(\d{1,2})[.,](\d{1,2})", w)
        if m:
            amounts.append((i, i + 1, float(f"{m.group(1)}.{m.group(2)}")))
    for s, e, v in amounts:
        if v > LOW_WAGE_MAX or v < 5:
            continue
        j = e
        if j < len(words) and words[j] in CURRENCY:
            j += 1
        elif (
            not (s > 0 and words[s - 1] in CURRENCY | PAID_NOW)
            and not words[s].startswith("€")
            and not re.fullmatch(r"\d{1,2}[.,]\d{2}", words[s])
        ):
            continue  # no currency: only after a verb of pay ("ik krijg 12 per uur") or with cents ("13,80 per uur")
        rest = tuple(words[j : j + 3])
        # "13 euro nog wat bruto": a pay this small, gross or net, is by the hour
        if any(rest[: len(p)] == p for p in PER_HOUR) or (set(rest) & GROSS_NET and "per" not in rest):
            return (s, j + 1)
    return None


# "het uurloon is bagger", "the pay is lousy": a word for pay near a word that judges it low
PAY = {"loon", "uurloon", "salaris", "betaling", "inkomen", "geld", "pay", "wage", "wages", "salary", "income",
       "money", "verdiensten", "earnings"}  # fmt: skip
LOW = {"slecht", "laag", "weinig", "bagger", "waardeloos", "belabberd", "karig", "schamel", "minimaal", "povere",
       "low", "bad", "poor", "terrible", "crap", "lousy", "awful", "shit", "pathetic", "little", "rubbish"}  # fmt: skip
# "ik werk op een kantoor", "I work at a shop": working now, in a job, if nothing more specific is said
WORK_NOW = {"werk", "werkt", "work", "works", "working"}
JOB_NOUNS = {"baan", "baantje", "job", "contract", "werkgever", "employer", "loondienst"}
# "ik heb een klein schildersbedrijf", "I run a small painting business": their own business
OWN = {"heb", "have", "run", "own", "runs", "owns", "eigen", "mijn", "my", "hebben"}
# "schildersbedrijfje", "kapsalonnetje": a business by the end of the word
BUSINESS_ENDINGS = ("bedrijf", "bedrijfje", "business", "salon", "salonnetje", "zaakje", "winkeltje", "studio")
BUSINESS = {"bedrijf", "bedrijfje", "zaak", "zaakje", "onderneming", "business", "company", "firm", "shop", "winkel"}
WISHES = {
    "wil", "wel", "want", "wants", "would", "love", "like", "liever", "naar", "into", "graag",
    "droom", "dream", "zou", "instead", "omscholen", "switch", "overstappen", "worden", "become",
    "lijkt", "hoop", "hope", "maybe", "misschien",
}  # fmt: skip


# a wish that is about getting qualified ("een vak leren", "learn a trade", "diploma halen")
QUALIFYING = {
    "vak", "trade", "diploma", "papiertje", "certificaat", "certificate", "qualification", "startkwalificatie",
}  # fmt: skip


def _qualifying(doc: Doc, m: dict[str, Any]) -> bool:
    return any(lemma(t.lower_) in QUALIFYING or t.lower_ in QUALIFYING for t in doc[m["start"] : m["end"]])


def _negated(doc: Doc, m: dict[str, Any]) -> bool:
    return any(t.lower_ in NEGATIONS for t in doc[max(0, m["start"] - 3) : m["start"]])


# the simple past of working (not "I have worked as ... for 20 years", which may go on)
WORKED = {"worked", "werkte", "werkten"}
STILL = {"now", "nu", "still", "nog", "currently", "momenteel", "have", "'ve", "heb", "has", "had"}


STUDENT_THINGS = {"room", "rooms", "housing", "flat", "house", "kamer", "kamers", "huis", "accommodation", "discount",
                  "card", "loan", "job", "jobs", "baan", "baantje"}  # fmt: skip
RETIRED = {"gepensioneerd", "pensioen", "retired", "retirement", "aow", "vut"}


def _simple_past(doc: Doc, m: dict[str, Any]) -> bool:
    words = doc.words[m["start"] : m["end"]]
    around = doc.words[max(0, m["start"] - 3) : m["end"] + 2]
    return bool(set(words) & WORKED) and not set(around) & STILL


def _wished(doc: Doc, m: dict[str, Any]) -> bool:
    return any(t.lower_ in WISHES for t in doc[max(0, m["start"] - 5) : m["start"]])


# Facts that outweigh the rest: benefits + wanting to work again stays on_benefits (with a wish to grow).
STRONG_SITUATIONS = {"student", "on_benefits", "self_employed"}


def _rank(m: dict[str, Any]) -> tuple[bool, bool, int, int, int]:
    """Exact before fuzzy, a strong fact before a weak one, longest phrase first, then the order of
    values in the lexicon."""
    strong = m["label"] == "work_situation" and m["value"] in STRONG_SITUATIONS
    return (m["fuzzy"], not strong, -(m["end"] - m["start"]), m["rank"], m["start"])


def _low_pay(doc: Doc) -> tuple[int, int] | None:
    words = doc.words
    for i, word in enumerate(words):
        if word in PAY:
            near = words[max(0, i - 3) : i + 4]
            if set(near) & LOW and not set(near) & {"niet", "not", "geen", "no"}:
                return i, i + 1
    return None


def _own_business(doc: Doc) -> tuple[int, int] | None:
    words = doc.words
    for i, word in enumerate(words):
        if word in BUSINESS or (len(word) > 8 and word.endswith(BUSINESS_ENDINGS)):
            before = words[max(0, i - 4) : i]
            # "contract bij een schoonmaakbedrijf": their employer; "een flyer gekregen in de winkel":
            # a place one was in
            employer = set(before[-2:]) & {"bij", "at", "for", "voor", "via", "van", "in", "uit", "from", "naar", "to"}
            if (
                set(before) & OWN
                and not employer
                and not set(before) & (NEGATIONS | WISHES | {"werkgever", "baas", "boss", "contract"})
            ):
                return i, i + 1
    return None


# the phone as the device a video call is made on: "via mijn telefoon", "on my phone"
DEVICE = {"via", "op", "met", "on", "with", "my", "mijn", "mn", "m'n", "the", "de"}
HOW_MUCH = {"daarnaast", "ook", "nog", "uur", "uren", "hours", "parttime", "fulltime", "part-time", "full-time",
            "naast", "nu", "now", "also", "per", "week", "a"}  # fmt: skip


SHORT_IS = {"it's", "that's", "he's", "she's", "there's", "what's", "who's", "here's"}


STOPPED = {"stopped", "quit", "gestopt", "stopte", "stopten"}
CHILD_BORN = {"born", "geboren", "arrived", "kwam", "kwamen", "came"}


RELATIVES = {"wife", "husband", "partner", "vrouw", "man", "vriend", "vriendin", "boyfriend", "girlfriend", "son",
             "daughter", "zoon", "dochter"}  # fmt: skip
GIVEN_UP = {"opgezegd", "opgegeven", "kwijt", "verloren", "gestopt", "quit", "lost", "gave", "ended", "over"}


def _working_now(doc: Doc, by_noun: bool = True) -> tuple[int, int] | None:
    """ "(ik) werk op/in/bij/als ...", "I work at ...", "nu een flexbaantje": a job now (not a wish).
    ``by_noun=False``: only a verb of working now ("for my husband's job" names no job of one's own)."""
    words = doc.words
    for i, word in enumerate(words):
        before = words[max(0, i - 3) : i]
        if set(before) & (NEGATIONS | WISHES | {"to", "om", "te", "zoek", "looking", "want", "wil"}):
            continue
        if set(words[max(0, i - 2) : i]) & (HELD_BEFORE | STOPPED):
            continue  # "I stopped working in 2021": work ended
            continue  # "mijn oude werk op kantoor", "my previous job at a bank": held before
        after = words[i + 1 : i + 2]
        if word in WORK_NOW and words[i - 1 : i] and words[i - 1] in CARED_FOR | {"he", "she", "hij", "zij"}:
            continue  # "while my husband works in Delft": someone else's job
        if word in WORK_NOW and (
            after and after[0] in {"op", "in", "bij", "als", "at", "as", "for", "voor", "al", "a", "on"}
        ):
            return i, i + 1
        # "werk daarnaast 10 uur bij de thuiszorg": how much, then where
        k = i + 1
        while k < min(len(words), i + 6) and (words[k].isdigit() or words[k] in HOW_MUCH):
            k += 1
        # ("ik sta 8 uur per week in de schoolkantine": standing somewhere for hours is a job)
        hours_at = {"bij", "als", "at", "as", "in", "op", "achter"}
        hours = any(w.isdigit() for w in words[i + 1 : k])  # ("ik sta ook op de markt": where, not a job)
        standing = word in {"sta", "staat"} and hours
        if (word in WORK_NOW or standing) and k > i + 1 and words[k : k + 1] and words[k] in hours_at:
            return i, i + 1
        not_had = set(words[max(0, i - 4) : i]) & (NEGATIONS | {"haven't", "havent", "hadn't", "hadnt", "no"})
        # "for my husband's job": someone else's
        someone_elses = i > 0 and words[i - 1].endswith(("'s", "’s")) and words[i - 1] not in SHORT_IS
        # "I want to study for a job", "op zoek naar een baan": a job aimed at, not one held
        aimed_at = words[max(0, i - 2) : i] in (["for", "a"], ["naar", "een"], ["voor", "een"]) or bool(
            set(words[max(0, i - 6) : i]) & (WISHES | {"want", "wil", "zoek", "looking"})
        )
        # "my wife got a contract at ...", "my husband got a job with ...": theirs; "mijn baan had ik
        # opgezegd", "lost my job": given up
        relatives = set(words[max(0, i - 4) : i]) & RELATIVES
        given_up = set(words[i + 1 : i + 5]) & GIVEN_UP
        if (
            by_noun
            and not someone_elses
            and not relatives
            and not given_up
            and not aimed_at
            and word in JOB_NOUNS
            and not not_had
            and set(words[max(0, i - 3) : i]) & {"mijn", "my", "een", "a", "nu", "now", "heb", "have"}
        ):
            return i, i + 1
    return None


JOB_THEN_PLACE = re.compile(r"\s+(in|at|bij|op)\s+", re.I)


def _places(doc: Doc, questions: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The place where the resident lives: municipality (+ place as typed), or nothing."""
    found = []
    # "ik ben kapster in den haag", "a nurse at the hospital in Delft": a job, then where it is
    jobs_end = [doc.tokens[m["end"] - 1].end for m in doc.lexicon_matches or [] if m["label"] == "sector"]
    for match, start, end, live, work in find_places(doc.text):
        if any(a <= start < b for a, b in questions):
            continue
        work = work or (not live and any(JOB_THEN_PLACE.fullmatch(doc.text[e:start]) for e in jobs_end if e <= start))
        words = doc.text[max(0, start - 12) : start].lower().split()
        if set(words[-2:]) & {"niet", "not", "geen"}:
            continue  # "niet in Delft": the old answer of a correction
        found.append((match, start, end, live, work))
    if not found:
        if any(w in doc.words for w in ("woon", "wonen", "live", "living", "lives")):
            unknown = resolve_place(doc.text)
            if unknown is not None and unknown.canonical is None:
                start = doc.text.find(unknown.name_as_typed)
                if start >= 0 and not any(a <= start < b for a, b in questions):
                    end = start + len(unknown.name_as_typed)
                    return [
                        {"entity": "municipality", "value": unknown.name_as_typed, "start": start, "end": end},
                        {"entity": "place", "value": unknown.name_as_typed, "start": start, "end": end},
                    ]
        return []
    if all(work for *_, work in found):
        return []  # only where they work
    found.sort(key=lambda f: (not f[3], f[4], f[1]))  # where they live, else the first named
    match, start, end, _, _ = found[0]
    out = [{"entity": "municipality", "value": match.slot_value, "start": start, "end": end}]
    if match.name_as_typed.strip().lower() != (match.municipality or "").lower():
        out.append({"entity": "place", "value": match.name_as_typed, "start": start, "end": end})
    return out


def extract_text(text: str, today: date | None = None, lexicon: Lexicon | None = None) -> list[dict[str, Any]]:
    """The intake entities of a message (see the module docstring)."""
    return extract(Doc(text), today=today, lexicon=lexicon)


def extract(doc: Doc, today: date | None = None, lexicon: Lexicon | None = None) -> list[dict[str, Any]]:
    """The intake entities of a tokenised message; ``today`` places a birth year (default: today)."""
    today = today or date.today()
    text = doc.text
    doc.numbers = parse_numbers([t.text for t in doc])
    doc.lexicon_matches = (lexicon or load_lexicon()).match(doc)
    questions = question_spans(text)
    out: list[dict[str, Any]] = []

    def span(label: str, value: Any, start_tok: int, end_tok: int) -> None:
        s = doc[start_tok:end_tok]
        out.append({"entity": label, "value": value, "start": s.start_char, "end": s.end_char})

    taken_chars: list[tuple[int, int]] = []
    for found in EMAIL_RE.finditer(text):
        out.append({"entity": "email", "value": found.group(0).lower(), "start": found.start(), "end": found.end()})
        taken_chars.append((found.start(), found.end()))
    for found in PHONE_RE.finditer(text):
        if any(a <= found.start() < b for a, b in taken_chars):
            continue
        digits = re.sub(r"\D", "", found.group(0))
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif digits.startswith("31") and found.group(0).startswith("+"):
            digits = "0" + digits[2:]
        if len(digits) == 10:
            out.append({"entity": "phone", "value": digits, "start": found.start(), "end": found.end()})
            taken_chars.append((found.start(), found.end()))

    def in_taken(tok_start: int, tok_end: int, asked: bool = True) -> bool:
        """Inside an e-mail or phone number, or (for intake answers) inside a question about the
        scheme: "kan het via teams?" asks for a mode, "geldt dit voor zzp'ers?" gives no answer."""
        s = doc[tok_start:tok_end]
        spans = taken_chars + (questions if asked else [])
        return any(a <= s.start_char < b for a, b in spans)

    ages = []
    for s, e, v in doc.numbers or []:
        age = None if in_taken(s, e) else _age_value(doc, s, e, v)
        if age is not None:
            ages.append((s, e, age))
    born = _birth_year_age(doc, today)
    if born and not ages and not in_taken(born[0], born[1]):
        ages.append(born)
    for word_start, tok in enumerate(doc):
        decade = DECADE_WORDS.get(tok.lower_)
        if decade and not ages and not in_taken(word_start, word_start + 1):
            part = DECADE_PART.get(doc[word_start - 1].lower_) if word_start else None
            ages.append((word_start, word_start + 1, decade + (part or 5)))
    dob = _date_of_birth(text, today)
    if dob is not None and not any(a <= dob[0] < b for a, b in questions):
        out.append({"entity": "age", "value": dob[2], "start": dob[0], "end": dob[1]})
    elif ages:
        # "begin vijftig, 52 om precies te zijn": the precise number beats the decade before it
        s, e, v = next((a for a in ages if _said_precisely(doc, a[0], a[1])), ages[0])
        span("age", v, s, e)

    out += _places(doc, questions)

    matches = [
        m
        for m in (doc.lexicon_matches or [])
        if not in_taken(m["start"], m["end"], asked=m["label"] not in ("mode", "language"))
    ]
    low_wage = _low_hourly_wage(doc)
    if (
        low_wage
        and not in_taken(*low_wage)
        and not any(m["label"] == "pain" and m["value"] == "low_income" for m in matches)
    ):
        matches.append(
            {"label": "pain", "value": "low_income", "rank": 0, "fuzzy": False,
             "start": low_wage[0], "end": low_wage[1]}
        )  # fmt: skip
    by_label: dict[str, list[dict[str, Any]]] = {}
    for m in matches:
        by_label.setdefault(m["label"], []).append(m)

    low_pay = _low_pay(doc)
    if (
        low_pay
        and not in_taken(*low_pay)
        and not any(m["label"] == "pain" and m["value"] == "low_income" for m in matches)
    ):
        by_label.setdefault("pain", []).append({"label": "pain", "value": "low_income", "rank": 0, "fuzzy": False,
                                                "start": low_pay[0], "end": low_pay[1]})  # fmt: skip
    # "one talk can't hurt", "het is niet zwaar": strain denied is none ("ik kan niet meer tillen" is)
    by_label["pain"] = [
        m
        for m in by_label.get("pain", [])
        if not _strain_denied(doc, m)
        and not _per_shift(doc, m)
        and not _tired_at_night(doc, m)
        and not _judged_fine(doc, m)
        and not _volunteering_then(doc, m)
    ]
    # the same ideas said in a sentence of one's own: "ik verdien echt niks", "my contract ends"
    for m in pattern_pains(doc):
        if not in_taken(m["start"], m["end"]) and not any(p["value"] == m["value"] for p in by_label.get("pain", [])):
            by_label.setdefault("pain", []).append(m)
    # for the self-employed, too little work is too little income: "zelfstandig schilder, er is
    # gewoon te weinig werk", "freelance translator and work has dried up"
    pains_here = {m["value"] for m in by_label.get("pain", [])}
    own_business = any(m["value"] == "self_employed" for m in by_label.get("work_situation", []))
    scarce = scarce_work(doc) if own_business and "low_income" not in pains_here else None
    if scarce is not None:
        by_label.setdefault("pain", []).append({"label": "pain", "value": "low_income", "rank": 0, "fuzzy": False,
                                                "start": scarce, "end": scarce + 1})  # fmt: skip
    # wanting to learn a trade or get a diploma, said with the lack of one, is that lack: "geen
    # papiertje, wil een vak leren" is no_diploma, not a separate wish to grow
    if any(m["value"] == "no_diploma" for m in by_label.get("pain", [])):
        by_label["pain"] = [m for m in by_label["pain"] if not (m["value"] == "no_prospects" and _qualifying(doc, m))]
    # a wish for another line of work is a wish to grow: "ik wil de kinderopvang in"
    wished = [m for m in by_label.get("sector", []) if _wished(doc, m) and not _negated(doc, m)]
    if wished and not any(m["label"] == "pain" and m["value"] == "no_prospects" for m in matches):
        by_label.setdefault("pain", []).append({**wished[0], "label": "pain", "value": "no_prospects"})

    # "ik wil werken in de zorg" is a wish, not a job
    ws = [m for m in by_label.get("work_situation", []) if not (m["value"] == "employed" and _wished(doc, m))]
    # "I worked as an interpreter in Kabul, now I live in Laak": a job in the past tense is behind one
    ws = [m for m in ws if not (m["value"] == "employed" and _simple_past(doc, m))]
    # "I don't get WW": benefits denied are no benefits
    ws = [m for m in ws if not (m["value"] == "on_benefits" and (_negated(doc, m) or _denied_after(doc, m)))]
    # "I'm not registered anywhere as a job seeker", "ik ben geen student meer": what one is not
    ws = [m for m in ws if not (m["value"] in DENIABLE_SITUATIONS and _denied_before(doc, m))]
    # "ik werk op dit moment niet en studeer niet": denied after it, in its clause
    ws = [m for m in ws if not (m["value"] in DENIABLE_SITUATIONS | {"employed"} and _denied_after_in_clause(doc, m))]
    # "nu wil ik weer wat voor mezelf", "time for myself": something for oneself, no business
    ws = [m for m in ws if not (m["value"] == "self_employed" and _for_oneself(doc, m))]
    # "ben gestopt met mijn opleiding op het mbo", "dropped out of college": a study left behind
    ws = [m for m in ws if not (m["value"] == "student" and _ended(doc, m))]
    # "in a student room by the markt", "studentenkamer": where one lives, not what one does
    ws = [m for m in ws if not (m["value"] == "student" and doc.words[m["end"] : m["end"] + 1] and
                                doc.words[m["end"]] in STUDENT_THINGS)]  # fmt: skip
    # "gepensioneerd, ik werk niet meer": retired, not looking for work
    if any(m["value"] == "other" and set(doc.words[m["start"] : m["end"]]) & RETIRED for m in ws):
        ws = [m for m in ws if m["value"] != "job_seeker"]
    own = _own_business(doc)
    if own and not in_taken(*own) and not any(m["value"] == "self_employed" for m in ws):
        ws.append({"label": "work_situation", "value": "self_employed", "rank": 1, "fuzzy": False,
                   "start": own[0], "end": own[1]})  # fmt: skip
    # "ik heb mijn onderneming beëindigd", "I used to be self-employed": a business left behind
    if any(m["value"] == "self_employed" for m in ws) and _business_ended(doc):
        ws = [m for m in ws if m["value"] != "self_employed"]
    unpaid = _unpaid(doc)
    paid = _working_now(doc, by_noun=False)
    if paid and unpaid and unpaid[0] - paid[0] > SAME_JOB_WORDS:
        # "ik werk als applicatiebeheerder, vast contract. Daarnaast geef ik zwemles, vrijwilligerswerk":
        # unpaid work beside a paid job leaves the job ("ik werk als vrijwilliger" is the unpaid work)
        unpaid = None
    if unpaid and not in_taken(*unpaid):
        # "I help in my brother's shop, unpaid": no paid work, whatever the shop suggests
        ws = [m for m in ws if m["value"] not in ("employed", "self_employed")]
        ws.append({"label": "work_situation", "value": "other", "rank": 9, "fuzzy": False,
                   "start": unpaid[0], "end": unpaid[1]})  # fmt: skip
    behind = [m for m in ws if m["value"] == "on_benefits" and _benefits_behind(doc, m)]
    if behind and WORKS_AGAIN.search(text):
        # "till august I was on bijstand, now I work in a greenhouse", "3 jaar in de bijstand gezeten
        # maar sinds 1 november werk ik weer": benefits behind one, a job now (said where they were)
        ws = [m for m in ws if m["value"] != "on_benefits"]
        ws.append({**behind[0], "value": "employed", "rank": 1})
    if any(m["value"] == "job_seeker" for m in ws) and CONTRACT_ENDED.search(text):
        # "Werkzoekend. Had een tijdelijk contract, niet verlengd": the contract is behind one
        ws = [m for m in ws if m["value"] != "employed"]
    elif {m["value"] for m in ws} == {"employed"} and LAST_DAY.search(text) and not WORKS_AGAIN.search(text):
        # "my contract wasn't renewed, last day was end of October": no job now, so looking for one
        ws = [{**m, "value": "job_seeker"} for m in ws]
    if len({m["value"] for m in ws}) > 1:
        # "ik heb geen uitkering" beside what one does: no benefits, not a search for work
        ws = [m for m in ws if not (m["value"] == "job_seeker" and _no_benefits_only(doc, m))] or ws
    cared = _years_of_caring(doc)
    working = _working_now(doc, by_noun=False)
    if cared and not in_taken(*cared) and not any(m["value"] == "returner" for m in ws) and not working:
        ws.append({"label": "work_situation", "value": "returner", "rank": 3, "fuzzy": False,
                   "start": cared[0], "end": cared[1]})  # fmt: skip
    if ws:
        ws.sort(key=_rank)
        again = working is not None and bool(
            set(doc.words[max(0, working[0] - 3) : working[0] + 3]) & {"again", "weer", "opnieuw", "back"}
        )
        if ws[0]["value"] == "returner" and working and not again:
            # "mantelzorger voor mijn moeder en werk daarnaast 10 uur": caring beside a job is employed
            # ("I started working again this autumn" is the return itself)
            ws.insert(0, {**ws[0], "value": "employed"})
        if ws[0]["value"] == "job_seeker" and any(m["value"] == "returner" for m in ws):
            # out of work after years of caring is returning: "ik werk nu niet, ik was mantelzorger"
            ws.insert(0, next(m for m in ws if m["value"] == "returner"))
        if ws[0]["value"] == "job_seeker" and NOT_LOOKING.search(text):
            # "geen uitkering en ook niet echt op zoek": without work and benefits, but not seeking
            ws.insert(0, {**ws[0], "value": "other"})
        span("work_situation", ws[0]["value"], ws[0]["start"], ws[0]["end"])
        # benefits + wanting to work again: on_benefits, with the wish as a wish to grow
        back = [m for m in ws if m["value"] == "returner"]
        if (
            ws[0]["value"] == "on_benefits"
            and back
            and not any(m["value"] == "no_prospects" for m in by_label.get("pain", []))
        ):
            by_label.setdefault("pain", []).append({**back[0], "label": "pain", "value": "no_prospects"})
    else:
        working = _working_now(doc)
        denied = working and _denied_after_in_clause(doc, {"start": working[0], "end": working[1]})
        if working and not in_taken(*working) and not denied:
            # ("my contract wasn't renewed, last day was end of October": no job now)
            ended = LAST_DAY.search(text) and CONTRACT_ENDED.search(text) and not WORKS_AGAIN.search(text)
            # ("my contract is finished since friday": the job named is said to be over)
            said_over = CONTRACT_ENDED.search(" ".join(doc.words[working[0] : working[1] + 5]))
            ended = ended or (said_over and not WORKS_AGAIN.search(text))
            span("work_situation", "job_seeker" if ended else "employed", working[0], working[1])

    seen: set[str] = set()
    for m in by_label.get("pain", []):
        if m["value"] not in seen:
            seen.add(m["value"])
            span("pain", m["value"], m["start"], m["end"])

    sectors = by_label.get("sector", [])
    if sectors:
        sectors.sort(key=lambda m: (_negated(doc, m), _wished(doc, m), m["fuzzy"], m["start"]))
        span("sector", sectors[0]["value"], sectors[0]["start"], sectors[0]["end"])

    visit = _coming_by(doc)
    if visit and all(m["start"] > visit[0] for m in by_label.get("mode", [])):
        # "ik kom liever zelf langs, telefoon is moeilijk voor mij": the visit said first is the wish,
        # unless the mind changes after it ("ik kom wel langs... nee weet je wat, bel me maar")
        coming = {"label": "mode", "value": "in_person", "rank": 0, "fuzzy": False, "start": visit[0], "end": visit[1]}
        after_visit = " ".join(doc.words[visit[1] :])
        by_label["mode"] = [coming, *by_label.get("mode", [])] if TURNED_AROUND.search(after_visit) else [coming]
    for label in ("mode", "language"):
        ms = by_label.get(label, [])
        if label == "mode":
            # "geen video, gewoon bellen", "niet telefoon": a way of talking ruled out is no wish
            ms = [
                m
                for m in ms
                if not _negated_close(doc, m)
                and not _workplace(doc, m)
                and not _the_call(doc, m)
                and not _instead_of(doc, m)
            ]
            if len({m["value"] for m in ms}) > 1:
                # "in person, i am not great with video calls", "niet zo handig met videobellen"
                ms = [m for m in ms if not _not_good_with(doc, m)]
            if len({m["value"] for m in ms}) > 1:
                # "bel mij maar op, met beeld hoeft voor mij niet": a way ruled out after it is named
                ms = [m for m in ms if not _ruled_out_after(doc, m)]
            if len({m["value"] for m in ms}) > 1:
                # "in person... actually no, make it phone": the way named after changing one's mind;
                # "office. hmm no, phone maybe. no wait, office": after the last change of mind
                first = min(ms, key=lambda m: m["start"])
                # ("a video call instead? on the phone I understand less": "instead" right after a
                # way of talking chooses that way)
                turns = [
                    i
                    for i in range(first["end"], len(doc.words))
                    if doc.words[i] in CHANGED_MIND
                    and not (doc.words[i] == "instead" and any(m["end"] == i for m in ms))
                ]
                for turn in reversed(turns):
                    after = [m for m in ms if m["start"] > turn]
                    if after:
                        ms = [min(after, key=lambda m: m["start"])]
                        break
            # the app is "Teams"; "teamleider", "team leader", "my team" are no way of talking
            ms = [m for m in ms if not (m["value"] == "video" and doc.words[m["start"] : m["end"]] == ["team"])]
        if label == "mode" and {m["value"] for m in ms} >= {"video", "phone"}:
            # "beeldbellen via mijn telefoon" is video; "phone please, not so good for video" is not;
            # "a Teams call", "een zoom call": the call is made with the video app named before it
            video_ends = {m["end"] for m in ms if m["value"] == "video"}
            ms = [
                m
                for m in ms
                if not (m["value"] == "phone" and (set(doc.words[m["start"] - 2 : m["start"]]) & DEVICE
                                                   or m["start"] in video_ends))
            ]  # fmt: skip
        if ms:
            ms.sort(key=_rank)
            span(label, ms[0]["value"], ms[0]["start"], ms[0]["end"])
    return sorted(out, key=lambda e: e["start"])


# "before the call", "is this call free?": the conversation itself, whatever way it is held
THE = {"the", "this", "that", "our", "your"}


FOR_ONESELF = (["voor", "mezelf"], ["for", "myself"])
# ("asking for myself": the question is one's own, no business)
SOMETHING = {"iets", "wat", "something", "anything", "doen", "do", "tijd", "time", "weer", "again", "asking", "ask",
             "vraag", "vragen"}  # fmt: skip


def _for_oneself(doc: Doc, m: dict[str, Any]) -> bool:
    words = doc.words[m["start"] : m["end"]]
    return words in FOR_ONESELF and bool(set(doc.words[max(0, m["start"] - 2) : m["start"]]) & SOMETHING)


# a mind plainly changed after a choice ("... nee weet je wat", "no wait"), not "liever"/"eigenlijk"
# that weigh one way against another inside the same wish
TURNED_AROUND = re.compile(
    r"\b(nee|no|wacht|wait|weet je wat|you know what|scratch that|on second thought|bij nader inzien|laat maar)\b"
)
# the single words of changing one's mind, and a plain "no" ("in person... no, phone")
CHANGED_MIND = {w for w in nlu_text.CHANGED_MIND + nlu_text.PREFERRING if " " not in w} | {"nee", "no"}
RULED_OUT = (
    ({"hoeft", "hoef", "hoeven"}, {"niet"}),
    ({"niet", "not"}, {"nodig", "needed", "necessary"}),
    ({"lukt", "werkt", "gaat", "doet"}, {"niet"}),
    ({"doesn't", "don't", "does", "do"}, {"work", "need"}),
    ({"no"}, {"need"}),
    # "aan de telefoon ben ik niet zo sterk", "on the phone I'm not great"
    ({"niet", "not", "geen"}, {"sterk", "goed", "handig", "good", "great", "strong", "held", "ster"}),
)


# said of oneself before "with" ("I'm hopeless with video calls")
BAD_WITH = {"hopeless", "terrible", "bad", "useless", "awful", "slecht", "waardeloos", "onhandig", "hopeloos"}


def _not_good_with(doc: Doc, m: dict[str, Any]) -> bool:
    """ "not great with video calls", "niet handig met de telefoon": a negation, then "with" right before."""
    before = doc.words[max(0, m["start"] - 5) : m["start"]]
    if before[-3:-1] == ["no", "need"] or before[-4:-2] == ["no", "need"]:
        return True  # "no need to come over for it", "no need for a video call"
    if not before or not set(before[-2:]) & {"with", "met"}:
        return False
    # ("I'm hopeless with video calls", "slecht met de telefoon")
    return bool(set(before) & (NEGATIONS | {"niet", "not", "never", "nooit"} | BAD_WITH))


def _ruled_out_after(doc: Doc, m: dict[str, Any]) -> bool:
    """ "video hoeft niet", "beeld is niet nodig", "video doesn't work for me": ruled out after it."""
    after: set[str] = set()
    for w in doc.words[m["end"] : m["end"] + 6]:
        if w in {",", ".", ";", "!", "?", "maar", "but", "of", "or"}:
            break
        after.add(w)
    return any(after & first and after & second for first, second in RULED_OUT)


def _the_call(doc: Doc, m: dict[str, Any]) -> bool:
    return doc.words[m["start"] : m["end"]] == ["call"] and m["start"] > 0 and doc.words[m["start"] - 1] in THE


COME = {"kom", "komen", "kome", "kwam", "gaan", "ga"}
# a clause ends, or the visit is negated ("ik kom liever niet langs")
VISIT_STOPS = PUNCTUATION | {"of", "niet", "not"}


def _coming_by(doc: Doc) -> tuple[int, int] | None:
    """ "ik kom het liefst even langs": a form of komen with "langs" later in its clause is a visit,
    however many words come between (the lexicon lists only the set phrases)."""
    words = doc.words
    for i, w in enumerate(words):
        if w != "langs":
            continue
        for j in range(i - 1, max(-1, i - 7), -1):
            if words[j] in VISIT_STOPS:
                break
            if words[j] in COME:
                return j, i + 1
    return None


# a period of caring for children or family, said in the past: "voor mijn moeder gezorgd", "I was
# raising my children"; with no job now that makes a returner
CARED = {"gezorgd", "zorgde", "verzorgd", "verzorgde", "mantelzorger", "mantelzorgster", "raising", "raised",
         "raise", "cared", "caring", "care", "opgevoed", "opvoeden", "zorgen"}  # fmt: skip
CARED_FOR = {"kinderen", "kids", "children", "kind", "child", "moeder", "vader", "ouders", "mother",
             "father", "parents", "mum", "mom", "dad", "man", "vrouw", "husband", "wife", "partner", "oma", "opa",
             "zoon", "dochter", "son", "daughter", "family", "familie", "gezin", "zoontje", "dochtertje", "kindje",
             "kindjes", "baby", "kleintje", "kleine", "jongens", "meiden", "meisjes"}  # fmt: skip


def _years_of_caring(doc: Doc) -> tuple[int, int] | None:
    words = doc.words
    for i, w in enumerate(words):
        if w in STOPPED and set(words[i + 1 : i + 8]) & CARED_FOR and set(words[i + 1 : i + 10]) & CHILD_BORN:
            return i, i + 1  # "I stopped when my son was born", "gestopt toen de kinderen kwamen"
        if w in ("mantelzorger", "mantelzorgster"):
            return i, i + 1
        if w in CARED and any(x in CARED_FOR for x in words[max(0, i - 5) : i + 5]):
            return i, i + 1
        # "at home with my son", "thuis voor de kinderen", "ik ben thuis sinds 6 jaar voor mijn kinderen"
        whom_at = next(
            (j for j in range(i + 1, min(len(words), i + 5)) if words[j] in {"with", "met", "for", "voor", "bij"}), None
        )
        if w in {"home", "thuis"} and whom_at is not None and set(words[whom_at + 1 : whom_at + 4]) & CARED_FOR:
            return i, i + 1
        if (
            w == "after"
            and words[i - 1 : i] in (["looking"], ["looked"], ["look"])
            and (set(words[i + 1 : i + 4]) & (CARED_FOR | {"him", "her", "them"}))
        ):
            return i - 1, i + 1  # "because of looking after him"
        whom = next((j for j in range(i + 1, min(len(words), i + 5)) if words[j] in {"voor", "for", "of"}), None)
        own = whom is not None and whom + 1 < len(words) and words[whom + 1] in OWN_FAMILY
        if w in CARING_NOW and whom is not None and own and set(words[whom + 2 : whom + 4]) & CARED_FOR:
            return i, i + 1  # "ik zorg al 6 jaar voor mijn moeder", "full-time carer for my husband"
        if w in {"home", "thuis"} and set(words[max(0, i - 7) : i]) & CARED_FOR and set(words[i - 3 : i]) & STAYED:
            return i, i + 1  # "sinds de kinderen er zijn ben ik thuis"
    return None


# caring for family now, said in the present: with no job, a returner to be
CARING_NOW = {"zorg", "verzorg", "carer", "caregiver", "caring", "mantelzorg"}
OWN_FAMILY = {"my", "mijn", "m'n", "mn", "our", "onze", "ons"}
STAYED = {"ben", "zit", "blijf", "bleef", "been", "stayed", "stay", "was", "am", "i'm", "im"}


UNPAID = {"unpaid", "onbetaald", "vrijwilliger", "vrijwilligerswerk", "volunteer", "volunteering"}
UNPAID_PAIRS = {("zonder", "loon"), ("geen", "loon"), ("for", "free"), ("voor", "niks"), ("no", "salary"),
                ("no", "pay"), ("without", "pay"), ("geen", "salaris"), ("zonder", "salaris"), ("niet", "betaald"),
                ("not", "paid")}  # fmt: skip


SAME_JOB_WORDS = 4
BENEFIT_WORDS = {"uitkering", "benefits", "benefit", "uitkeringen"}


def _no_benefits_only(doc: Doc, m: dict[str, Any]) -> bool:
    """The job seeker's phrase only says "no benefits" ("geen uitkering", "without benefits")."""
    words = doc.words[m["start"] : m["end"]]
    return bool(set(words) & BENEFIT_WORDS) and len(words) <= 2


# "de roosters zijn normaal", "the pay is decent": the topic of a complaint, said to be fine
FINE = {"normaal", "normal", "prima", "goed", "ok", "oke", "oké", "okay", "fine", "good", "decent", "redelijk",
        "fair", "regular", "regelmatig", "vast", "stable", "stabiel"}  # fmt: skip
IS_WORDS = {"is", "are", "zijn", "was", "were", "waren"}


def _judged_fine(doc: Doc, m: dict[str, Any]) -> bool:
    after = doc.words[m["end"] : m["end"] + 3]
    return bool(after) and after[0] in IS_WORDS and bool(set(after[1:]) & FINE) and not set(after) & NEGATIONS


def _unpaid(doc: Doc) -> tuple[int, int] | None:
    words = doc.words
    for i, w in enumerate(words):
        if w in UNPAID:
            return i, i + 1
        if i and (words[i - 1], w) in UNPAID_PAIRS:
            return i - 1, i + 1
    return None


NO_MORE = {"meer", "more", "langer", "longer", "anymore"}


INSTEAD_OF = (("instead", "of"), ("in", "plaats", "van"), ("rather", "than"), ("liever", "dan"), ("not", "by"))


def _instead_of(doc: Doc, m: dict[str, Any]) -> bool:
    """ "a video call instead of phone", "in plaats van bellen": the way named after it is left."""
    before = tuple(doc.words[max(0, m["start"] - 3) : m["start"]])
    return any(before[-len(p) :] == p for p in INSTEAD_OF)


def _negated_close(doc: Doc, m: dict[str, Any]) -> bool:
    """A negation in the two words before (within the clause): "niet telefoon", "no video please"."""
    return bool({t.lower_ for t in doc[max(0, m["start"] - 2) : m["start"]]} & NEGATIONS)


# "overdag zit ik op kantoor", "I'm at the office all day": where one works, not where to meet
AT_WORK = {"zit", "zitten", "werk", "werkt", "sta", "ben", "work", "works", "working", "am", "i'm", "im"}


def _workplace(doc: Doc, m: dict[str, Any]) -> bool:
    return m["value"] == "in_person" and bool(set(doc.words[max(0, m["start"] - 2) : m["start"]]) & AT_WORK)


def _strain_denied(doc: Doc, m: dict[str, Any]) -> bool:
    """Physical strain with a negation right before it and no "(any)more" after the negation."""
    if m["value"] != "physical_strain":
        return False
    before = [t.lower_ for t in doc[max(0, m["start"] - 2) : m["start"]]]
    after = [t.lower_ for t in doc[m["end"] : m["end"] + 2]]
    negated = [i for i, w in enumerate(before) if w in NEGATIONS | {"can't", "cant", "won't", "wont", "isn't", "isnt"}]
    return bool(negated) and not (set(before[negated[-1] + 1 :]) | set(after)) & NO_MORE


# "16 rooms a shift", "per dienst": one shift as a measure of the work, not hours that change
PER = {"a", "per", "each", "every", "elke", "iedere", "een"}


# a shift as a length of time: "the whole shift", "de hele dienst", "during my shift"
WHOLE = {"whole", "hele", "gehele", "entire", "during", "tijdens", "all"}


TIRED = {"tired", "exhausted", "moe", "kapot", "uitgeput", "gesloopt", "dead", "wrecked", "broken", "op"}


def _tired_at_night(doc: Doc, m: dict[str, Any]) -> bool:
    """ "I am very tired at night", "'s avonds ben ik kapot": tired after the day's work, no night shifts."""
    near = {t.lower_ for t in doc[max(0, m["start"] - 4) : m["end"] + 4]}
    span = " ".join(t.lower_ for t in doc[m["start"] : m["end"]])
    nightly = span in {"at night", "'s nachts", "s nachts", "'s avonds", "s avonds", "in the evening", "at the evening"}
    return m["value"] == "irregular_hours" and nightly and bool(near & TIRED)


# benefits in the past: "I was on WW", "tot augustus in de bijstand", "3 jaar in de bijstand gezeten"
BENEFITS_BEFORE = {
    "was",
    "were",
    "zat",
    "had",
    "till",
    "until",
    "tot",
    "after",
    "vroeger",
    "used",
    "previously",
    "eerst",
}
BENEFITS_AFTER = {"gezeten", "gehad", "ontvangen", "gekregen"}
WORKS_AGAIN = re.compile(
    r"\b(now i work|i now work|now i'?m working|i work now|i('?m| am) working (again|now)|"
    r"(have|got|found) a job (again|now)|finally have a job|werk ik (nu |weer |nu weer )|"
    r"nu werk ik|ben ik (weer |nu )?(aan het werk|begonnen)|heb ik (weer |nu )?(werk|een baan)|"
    r"since \w+( \w+)? i (work|have)|sinds \w+( \w+)? werk ik)\b",
    re.I,
)
CONTRACT_ENDED = re.compile(
    r"\b(niet verlengd|not renewed|wasn'?t renewed|was not renewed|afgelopen|liep af|ended|is gestopt|is finished|"
    r"was finished|is over)\b",
    re.I,
)


LAST_DAY = re.compile(r"\b(last day was|laatste (werk)?dag was|since the end of|sinds (het )?eind)\b", re.I)


def _benefits_behind(doc: Doc, m: dict[str, Any]) -> bool:
    words = doc.words
    before = set(words[max(0, m["start"] - 6) : m["start"]])
    after = set(words[m["end"] : m["end"] + 3])
    return bool(before & BENEFITS_BEFORE or after & BENEFITS_AFTER)


VOLUNTEERING = {"volunteer", "volunteers", "volunteering", "vrijwilliger", "vrijwilligster", "vrijwilligerswerk",
                "vrijwillig"}  # fmt: skip


def _volunteering_then(doc: Doc, m: dict[str, Any]) -> bool:
    """ "I volunteer at a hospice on weekends", "in het weekend EHBO vrijwilliger": when one volunteers,
    no hours of the job complained of."""
    if m["value"] != "irregular_hours":
        return False
    words = doc.words
    start = max((i + 1 for i in range(m["start"]) if words[i] in PUNCTUATION), default=0)
    end = min((i for i in range(m["end"], len(words)) if words[i] in PUNCTUATION), default=len(words))
    return bool(set(words[start:end]) & VOLUNTEERING)


def _per_shift(doc: Doc, m: dict[str, Any]) -> bool:
    """ "16 rooms a shift", "lifting them the whole shift": a shift counted or lasted, no hours complained of."""
    span = [t.lower_ for t in doc[m["start"] : m["end"]]]
    before = {t.lower_ for t in doc[max(0, m["start"] - 2) : m["start"]]}
    return m["value"] == "irregular_hours" and span in (["shift"], ["dienst"]) and bool(before & (PER | WHOLE))


DENIABLE_SITUATIONS = {"job_seeker", "student", "self_employed"}
NOT_LOOKING = re.compile(
    r"\b(niet|not|nog niet|not yet)\s+(echt|really|eens|even|actief|actively|meer|any more)?\s*"
    r"(op zoek|aan het zoeken|looking|searching)\b|"
    # "ik zoek ook geen baan", "zoek ook niet echt een baan", "I don't want a job"
    r"\bzoek\w*\s+(ook\s+)?(geen|niet)\b(\s+\w+){0,2}?\s+(baan|werk|job)\b|"
    r"\b(don'?t|do not)\s+(really\s+)?(want|need|look for|seek)\s+(a\s+|any\s+)?(job|work)\b",
    re.I,
)


CLAUSE_STOPS = PUNCTUATION | {"but", "maar"}


def _before_in_clause(
    doc: Doc, m: dict[str, Any], wanted: AbstractSet[str], reach: int, stops: AbstractSet[str]
) -> bool:
    """One of ``wanted`` in the ``reach`` words before the match, not across a clause boundary."""
    for t in reversed(list(doc[max(0, m["start"] - reach) : m["start"]])):
        if t.lower_ in stops:
            return False
        if t.lower_ in wanted:
            return True
    return False


DENIED_AFTER_WORDS = 4
# ("ik werk niet fulltime", "I don't work only weekends": a way of working, not its denial)
NOT_A_DENIAL_AFTER = {"fulltime", "full", "alleen", "only", "zo", "so", "veel", "much", "hard"}


def _denied_after_in_clause(doc: Doc, m: dict[str, Any]) -> bool:
    after = doc.words[m["end"] : m["end"] + DENIED_AFTER_WORDS]
    for i, w in enumerate(after):
        if w in CLAUSE_STOPS | {"and", "en"}:
            return False
        if w in {"niet", "not"}:
            return not after[i + 1 : i + 2] or after[i + 1] not in NOT_A_DENIAL_AFTER
    return False


def _denied_before(doc: Doc, m: dict[str, Any]) -> bool:
    """A negation in the few words before the match, in the same clause."""
    return _before_in_clause(doc, m, NEGATIONS, 5, CLAUSE_STOPS | {"and", "en"})


# words that put a study in the past; not "klaar" ("bijna klaar met mijn opleiding" is studying)
ENDED = {"gestopt", "gestaakt", "afgebroken", "afgehaakt", "stopped", "quit", "dropped", "left", "finished",
         "afgerond", "afgemaakt", "completed", "graduated", "afgestudeerd", "vroeger", "used", "was",
         "deed"}  # fmt: skip


# a business closed: "mijn onderneming beëindigd", "I closed my business", "had een eigen zaak"
BUSINESS_CLOSED = {"gestopt", "stopped", "quit", "beëindigd", "opgeheven", "opgedoekt", "failliet", "closed", "sold",
                   "verkocht", "bankrupt"}  # fmt: skip
BUSINESS_ENDED_BEFORE = BUSINESS_CLOSED | {"had", "was", "used", "vroeger", "formerly", "voormalig", "former", "ex"}
SELF_EMPLOYED_WORDS = {"zzp", "zzp'er", "zelfstandig", "zelfstandige", "self-employed", "freelancer", "ondernemer",
                       "entrepreneur"}  # fmt: skip


def _ended(doc: Doc, m: dict[str, Any], before: set[str] = ENDED, after: set[str] = ENDED) -> bool:
    """A study (or a business) in the past: an ending word in the same clause before the match
    ("ben gestopt met mbo horeca"), or right after it ("mijn opleiding afgebroken", "de opleiding
    niet afgemaakt", "mijn onderneming beëindigd")."""
    return _before_in_clause(doc, m, before, 7, CLAUSE_STOPS) or any(
        t.lower_ in after for t in doc[m["end"] : m["end"] + 3]
    )


def _business_ended(doc: Doc) -> bool:
    """ "Inmiddels heb ik mijn onderneming beëindigd", "I used to be self-employed": no business now."""
    return any(
        word in BUSINESS | SELF_EMPLOYED_WORDS
        and _ended(doc, {"start": i, "end": i + 1}, BUSINESS_ENDED_BEFORE, BUSINESS_CLOSED)
        for i, word in enumerate(doc.words)
    )


def _denied_after(doc: Doc, m: dict[str, Any]) -> bool:
    """ "een uitkering krijg ik niet", "benefits I don't get": the denial after the word."""
    after = [t.lower_ for t in doc[m["end"] : m["end"] + 4]]
    return bool(set(after) & {"niet", "not", "don't", "dont", "geen"}) and bool(
        set(after) & {"krijg", "krijgt", "heb", "get", "have", "receive", "ontvang"}
    )
