"""Questions about the scheme are not answers: "geldt dit ook voor een cursus?" names no pain,
"kan ik meedoen als ik een uitkering heb?" gives no work situation.

    from bot.nlu.questions import is_question, question_spans

    is_question("geldt dit ook voor zzp'ers?")        # True
    is_question("ik ben 45, kan dat?")                # False: a statement comes with it
    is_question("Delft?")                             # False: an unsure answer, not a question
    question_spans("Ik ben 45. Geldt het ook voor een cursus?")   # [(11, 41)]: the question part

A clause (split at . ! ? ; and new lines, and at a comma before a question word) is a question when
it starts with a question word or an inverted verb ("kan ik", "geldt", "is it", "do you"), or when
it ends with "?" and has at least four words. A conditional clause ("als ik een uitkering heb")
belongs to the question after it. Values inside a question never fill slots.
Pure functions: no Rasa, no spaCy.
"""

from __future__ import annotations

import re

QUESTION_WORDS = {
    "wat", "wie", "waar", "wanneer", "waarom", "hoe", "hoeveel", "welke", "welk", "waarvoor", "waarmee",
    "what", "who", "where", "when", "why", "how", "which", "whom", "whose",
}  # fmt: skip
# verbs that open a yes/no question ("geldt dit...", "kan ik...", "is it...")
INVERTED = {
    "geldt", "gelden", "telt", "tellen", "kan", "kun", "kunnen", "mag", "mogen", "moet", "moeten",
    "krijg", "krijgen", "is", "zijn", "ben", "heb", "hebben", "heeft", "zit", "valt", "vallen", "wordt",
    "word", "betaal", "betaalt", "werkt", "doen", "doet", "komt", "kom", "hoort", "zou", "zouden",
    # "kost het mij nog geld", "gaat dit van mijn uitkering af", "hoef ik niks te betalen"
    "kost", "kosten", "gaat", "gaan", "hoef", "hoeft", "duurt", "vergoedt", "vergoeden", "dekt",
    "can", "could", "may", "might", "must", "do", "does", "did", "are", "am", "was", "were",
    "will", "would", "should", "shall", "have", "has", "count", "counts", "qualify",
    # a tag question after a statement: "I live in Rotterdam but work in Delft, doesn't that count?"
    "doesn't", "don't", "isn't", "aren't", "can't", "won't", "wouldn't", "didn't", "klopt",
}  # fmt: skip
SUBJECTS = {
    "ik", "je", "jij", "u", "dit", "dat", "het", "er", "die", "deze", "we", "wij", "zij", "men",
    "i", "you", "it", "this", "that", "there", "they", "he", "she",
    "i'm", "i've", "i'd", "i'll", "you're", "it's", "that's", "there's", "they're", "we're", "he's", "she's",
    # "can anyone get this voucher or only den haag people": who may, asked about anyone
    "anyone", "anybody", "everyone", "everybody", "someone", "somebody", "iedereen", "iemand", "people", "mensen",
}  # fmt: skip
# English never opens a statement with these before "a"/"the" (Dutch drops "ik": "ben de hele dag ...")
ENGLISH_INVERTED = {"does", "do", "did", "is", "are", "can", "could", "will", "would", "should", "was", "were"}
DETERMINERS = {"a", "an", "the", "my", "your", "this", "that", "these", "those", "any", "someone", "there"}
# Dutch verbs that open a question about a thing (not "ben een alleenstaande moeder", a statement
# with the subject left out)
DUTCH_ASKING = {"kost", "kosten", "duurt", "duren", "geldt", "gelden", "telt", "tellen", "vergoedt", "vergoeden",
                "dekt", "wordt", "worden", "valt", "vallen", "is", "zijn"}  # fmt: skip
DUTCH_DETERMINERS = {"zo'n", "een", "de", "het", "die", "deze", "dat", "mijn", "m'n", "jullie", "zoiets"}
OPENERS = {"hi", "hoi", "hallo", "hello", "hey", "hee", "dag", "goedemorgen", "goedemiddag", "goedenavond", "ok",
           "oke", "okay", "so", "dus", "en", "and", "sorry", "like", "zoals", "bijvoorbeeld", "or", "of", "wait",
           "wacht", "honestly"}  # fmt: skip
CONDITIONS = {"als", "indien", "wanneer", "if", "when", "stel", "suppose", "ook", "also"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+", re.UNICODE)
# a clause ends at . ! ? ; a line end, or a colon that is no clock time ("Even tussendoor: als ik ...")
CLAUSE = re.compile(r"(?:[^.!?;:\n]|:(?=\d))+[.!?;:\n]*")


# the first word of a short question tagged onto a statement: "maakt dat uit?", "klopt dat?", "right?"
TAG_QUESTIONS = {"maakt", "klopt", "toch", "right", "matters", "ok", "oké", "okay", "goed"}


def _clauses(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in CLAUSE.finditer(text):
        part = m.group(0)
        # "ik ben 45, kan ik dan meedoen?": the comma before a question opens a new clause
        # ("ik woon in Den Hoorn, niet in Delft, maakt dat uit?": a tag question after a statement)
        opens = sorted(QUESTION_WORDS | INVERTED | TAG_QUESTIONS)
        pieces = re.split(r",\s*(?=(?:" + "|".join(opens) + r")\b)", part, flags=re.I)
        offset = m.start()
        for piece in pieces:
            start = text.index(piece, offset)
            out.append((start, start + len(piece), piece))
            offset = start + len(piece)
    return out


def _is_question_clause(clause: str) -> bool:
    words = [w.lower().replace("’", "'") for w in WORD.findall(clause)]
    while words[1:] and words[0] in OPENERS:
        words = words[1:]  # "hi can anyone get this?": the greeting opens the question
    if not words:
        return False
    first = words[0]
    asked = clause.rstrip().endswith("?")
    if first in QUESTION_WORDS and len(words) > 1 and words[1] in SUBJECTS and not asked:
        return False  # "What I used to do is outdated", "waar ik woon is Delft": a statement
    if first in QUESTION_WORDS and (len(words) > 1 or asked):
        return True
    if first in INVERTED and len(words) > 1 and words[1] in SUBJECTS:
        return True
    if first in ENGLISH_INVERTED and len(words) > 2 and words[1] in DETERMINERS:
        return True  # "does a barista course count", "is the course in English"
    if first in DUTCH_ASKING and len(words) > 2 and words[1] in DUTCH_DETERMINERS:
        return True  # "kost zo'n gesprek mij iets", "is de opleiding gratis", "duurt een cursus lang"
    if first in {"geldt", "gelden", "telt", "count", "counts", "qualify"}:
        return True
    return clause.rstrip().endswith("?") and len(words) >= 4


def question_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the questions in a message (a condition joins the question after it)."""
    spans: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for start, end, clause in _clauses(text):
        words = [w.lower() for w in WORD.findall(clause)]
        if _is_question_clause(clause):
            spans.append((pending[0] if pending else start, end))
            pending = None
        elif _condition_first(words) and not clause.rstrip().endswith((".", "!")):
            pending = (start, end)
        else:
            pending = None
    return spans


def _condition_first(words: list[str]) -> bool:
    """ "als ik ...", also after "en"/"maar" ("en als ik straks AOW krijg, ...")."""
    while words and words[0] in JOINING:
        words = words[1:]
    return bool(words) and words[0] in CONDITIONS


JOINING = {"en", "maar", "of", "and", "but", "or", "so", "dus"}


# "before I answer, ...", "Voordat ik ja zeg: ...": what leads up to a question says nothing itself
PREAMBLE = re.compile(
    r"\b(before i (answer|reply|say yes|agree|decide)|voordat ik (antwoord|ja zeg|akkoord ga|kies)|"
    r"eerst (nog )?(even )?(een vraag|dit))\b",
    re.I,
)


def is_question(text: str) -> bool:
    """True when the message asks something and states nothing beside it (greetings aside)."""
    spans = question_spans(text)
    if not spans:
        return False
    rest = text
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    rest = PREAMBLE.sub(" ", rest)
    words = [w.lower() for w in WORD.findall(rest)]
    greeting = {"hoi", "hallo", "hello", "hi", "hey", "dag", "goedemorgen", "goedemiddag", "goedenavond",
                "beste", "sorry", "excuse", "me", "ok", "oke", "okay", "thanks", "bedankt", "nog", "een",
                "vraag", "question", "trouwens", "btw", "by", "the", "way", "good", "morning", "afternoon",
                "even", "tussendoor", "ff", "effe", "snel", "vraagje", "quick", "kort", "oh", "o",
                # "Honestly, will the adviser not laugh at me?": a filler says nothing either
                "honestly", "seriously", "eerlijk", "gezegd", "serieus", "nou", "well", "um", "uhm", "hmm", "wacht",
                "wait", "hold",
                # "Out of interest, ...?", "Puur uit nieuwsgierigheid: ...?"
                "out", "of", "interest", "curious", "just", "puur", "uit", "nieuwsgierigheid", "benieuwd"}  # fmt: skip
    return all(w in greeting for w in words)
