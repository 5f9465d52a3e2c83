"""What bothers a resident, read from how a sentence is built rather than from a listed phrase.

The lexicon (bot/nlu/lexicon.yml) lists words and set phrases; people combine the same few
ideas in endless ways ("ik verdien echt niks", "het verdient slecht", "I don't have a childcare
diploma", "mijn contract loopt in maart af", "my income goes up and down"). These rules look for
the combination within one clause, on lemmas (bot/nlu/lemmas.py), so word forms and words in
between do not matter:

- low_income: a verb of earning with a word that judges it low ("verdien weinig/niks/slecht",
  "het verdient niet", "earn very little", "barely earn", "wil meer verdienen").
- no_diploma: a diploma-like noun with a word of lacking ("geen/mis/zonder ... diploma",
  "I don't have a ... diploma", "lack the qualification"), a wish to get one ("een diploma
  halen", "get my diploma"), or schooling not finished ("niks/nooit afgemaakt", "never completed").
- insecure_work: a contract that ends ("contract loopt af/eindigt", "not renewed"), not knowing
  whether there will be work or income, income or work that goes up and down, too little work.

    from bot.nlu.pain_patterns import pattern_pains
    pattern_pains(Doc("het verdient slecht en het is zwaar"))
    # [{"label": "pain", "value": "low_income", "start": 1, "end": 2, "rank": 0, "fuzzy": False}]

Negated judgements ("ik verdien niet slecht") are no complaint. Pure Python, no spaCy.
"""

from __future__ import annotations

from typing import Any

from bot.nlu.lemmas import lemmas
from bot.nlu.text import Doc

# where one clause ends: what is said about one thing stays in its clause
CLAUSE_ENDS = {",", ".", ";", "!", "?", ":", "en", "and", "maar", "but", "omdat", "because", "also", "plus"}

EARN = {"verdienen", "earn", "verdienste"}
# words that judge what one earns as low ("niks", "weinig", "slecht", "little", "bad")
EARN_LOW = {
    "weinig", "niks", "niets", "nix", "slecht", "bagger", "belabberd", "karig", "amper", "nauwelijks",
    "little", "nothing", "badly", "poorly", "barely", "hardly", "peanuts", "shit", "crap", "rubbish",
    "meer", "more",  # "ik wil meer verdienen": it is not enough now
}  # fmt: skip
NOT = {"niet", "not", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "never", "nooit", "geen"}
# "niet slecht", "not bad": a negated judgement is no complaint
GOOD_AFTER_NOT = {"slecht", "bad", "badly", "weinig", "little", "verkeerd", "wrong"}

QUALIFICATION = {
    "diploma", "papiertje", "papieren", "certificaat", "certificate", "startkwalificatie", "kwalificatie",
    "qualification", "degree", "vakdiploma", "mbo-diploma", "getuigschrift",
}  # fmt: skip
# "geen (officieel) diploma", "no (proper) diploma": close before the noun
NONE_OF = {"geen", "zonder", "no", "without"}
# "ik mis het diploma daarvoor", "I lack the qualification"
LACK = {"mis", "missen", "mist", "ontbreekt", "ontbreken", "lack", "lacking", "lacks", "miss", "missing"}
# "I don't have a childcare diploma", "ik heb nooit een diploma gehaald": a negated having or getting
NOT_HAVING = {"niet", "not", "nooit", "never", "don't", "dont", "haven't", "havent", "hasn't", "hasnt",
              "didn't", "didnt", "doesn't", "doesnt"}  # fmt: skip
HAVE = {"heb", "hebt", "heeft", "hebben", "have", "has", "had", "got", "get", "gehaald", "behaald", "halen",
        "haal", "earned", "obtained", "finished", "completed"}  # fmt: skip
GET = {"halen", "behalen", "haal", "krijgen", "get", "obtain", "earn", "gain", "achieve"}
WANT = {"wil", "willen", "want", "wants", "would", "like", "graag", "hoop", "hope", "need", "nodig", "moet"}
FINISH = {"afmaken", "afgemaakt", "afronden", "afgerond", "voltooien", "voltooid", "finish", "finished",
          "complete", "completed"}  # fmt: skip
NOTHING = NOT | {"niks", "niets", "nothing", "nowhere", "nergens"}
# "gestopt met mijn (horeca) opleiding", "I quit my nursing course", "dropped out of college"
QUIT = {"stoppen", "gestopt", "stopte", "quit", "quitted", "stop", "stopped", "drop", "dropped", "afhaken",
        "afgehaakt", "uitvallen", "uitgevallen", "leave", "left"}  # fmt: skip
SCHOOLING = {"opleiding", "school", "studie", "study", "studies", "course", "training", "education", "college",
             "university", "universiteit", "hogeschool", "mbo", "hbo", "vmbo", "havo", "vwo"}  # fmt: skip
SCHOOLING_HEADS = ("opleiding", "opleidingen", "studie", "school", "cursus", "training", "course")
BETWEEN = {"met", "mijn", "mn", "m'n", "de", "het", "een", "my", "the", "a", "of", "out", "halfway", "early",
           "voortijdig", "halverwege", "vroeg", "toen", "al"}  # fmt: skip

CONTRACT = {"contract", "contractje", "aanstelling", "baan", "job", "baantje", "dienstverband"}
ENDS = {"af", "afloopt", "aflopen", "eindigt", "eindigen", "stopt", "end", "ends", "ending", "expire",
        "expires", "expiring", "afgelopen", "over"}  # fmt: skip
ENDING = {"aflopend", "aflopende", "ending", "expiring"}
RUNS_OUT = [("runs", "out"), ("run", "out"), ("running", "out"), ("ran", "out"), ("is", "over"), ("stops",)]
# "de klussen lopen (steeds verder) terug", "het werk neemt af": less and less of it
DECLINE_VERBS = {"lopen", "loopt", "liep", "nemen", "neemt", "nam"}
DECLINE_PARTICLES = {"terug", "af"}
DECLINING = {"declining", "decreasing", "dropping", "shrinking", "teruglopend", "afnemend"}
RENEWED = {"verlengd", "verlengen", "renewed", "renew", "extended", "extend"}
KNOW = {"weet", "weten", "know", "knows"}
# what one does not know about: work and income (not when: that is a schedule, irregular hours)
WHAT_COMES = {
    "werk", "work", "opdracht", "klus", "klant", "binnenkomt", "binnenkomen", "inkomen", "income", "maand",
    "month", "contract", "baan", "job", "salaris", "loon", "geld", "money", "paycheck", "uur", "hours",
    "verdienen", "earn",
}  # fmt: skip
WHEN = {"wanneer", "when", "hoe laat", "welke dag", "which day"}
FLUCTUATES = {"wisselt", "wisselen", "wisselend", "varieert", "variëren", "varies", "vary", "fluctuates",
              "fluctuate", "schommelt", "schommelen", "onvoorspelbaar", "unpredictable", "onzeker", "uncertain",
              "unstable", "instabiel", "onregelmatig", "irregular"}  # fmt: skip
UP_AND_DOWN = [("op", "en", "neer"), ("up", "and", "down"), ("op", "neer")]
# what comes in (not the hours: hours that vary are a schedule, irregular_hours)
FLOWS = {"inkomen", "income", "loon", "salaris", "geld", "money", "pay", "earnings", "verdiensten", "opdracht",
         "klus"}  # fmt: skip
SCARCE_WORK = {"werk", "work", "opdracht", "klus", "klant", "gig", "assignment", "client", "uur", "hours",
               "diensten", "shifts"}  # fmt: skip
TOO_LITTLE = [("te", "weinig"), ("niet", "genoeg"), ("not", "enough"), ("isn't", "enough"), ("isnt", "enough"),
              ("aren't", "enough"), ("arent", "enough"), ("too", "little"), ("too", "few"),
              ("lopen", "terug"), ("loopt", "terug"), ("teruggelopen",), ("drying", "up"), ("dried", "up"),
              ("hardly", "any"), ("bijna", "geen"), ("nauwelijks",), ("amper",)]  # fmt: skip


def _is(word: str, kind: set[str], heads: tuple[str, ...] = ()) -> bool:
    """The word, one of its lemmas, or (a Dutch compound) its last part is of this kind:
    "kappersopleiding" is an opleiding, "zorgdiploma's" a diploma."""
    forms = {word} | lemmas(word)
    return bool(forms & kind) or any(f.endswith(heads) and len(f) > 6 for f in forms if heads)


def _clauses(doc: Doc) -> list[list[int]]:
    """Token positions per clause (words and numbers only)."""
    out: list[list[int]] = [[]]
    words = doc.words
    for t in doc:
        pair = (words[t.i - 1] if t.i else "", words[t.i + 1] if t.i + 1 < len(words) else "")
        if t.lower_ in {"en", "and"} and pair in {("op", "neer"), ("up", "down")}:
            out[-1].append(t.i)  # "op en neer", "up and down": one expression
        elif t.lower_ in CLAUSE_ENDS:
            out.append([])
        elif t.is_content:
            out[-1].append(t.i)
    return [c for c in out if c]


def _has(words: list[str], i: int, j: int, wanted: set[str]) -> int | None:
    """The first position in words[i:j] whose word or lemma is wanted."""
    for k in range(max(0, i), min(len(words), j)):
        if words[k] in wanted or lemmas(words[k]) & wanted:
            return k
    return None


def _seq(words: list[str], i: int, j: int, phrases: list[tuple[str, ...]]) -> int | None:
    for k in range(max(0, i), min(len(words), j)):
        for p in phrases:
            if tuple(words[k : k + len(p)]) == p:
                return k
    return None


def _low_earning(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if not ({w} | lemmas(w)) & EARN:
            continue
        near = range(max(0, i - 3), min(len(words), i + 5))
        for k in near:
            if k == i:
                continue
            if (
                words[k] in EARN_LOW
                and not (k > 0 and words[k - 1] in NOT)
                and words[k + 1 : k + 2]
                not in (
                    ["dan"],
                    ["than"],
                )
            ):
                return i
            if words[k] in NOT and k > i and not _has(words, k + 1, k + 3, GOOD_AFTER_NOT):
                return i  # "het verdient niet", "verdien niet genoeg"
    return None


def _no_diploma(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if not _is(w, QUALIFICATION, ("diploma", "diploma's", "certificaat")):
            continue
        if _has(words, i - 3, i, NONE_OF) is not None or _has(words, i - 4, i, LACK) is not None:
            return i
        negated = _has(words, i - 5, i, NOT_HAVING)
        if negated is not None and _has(words, negated + 1, i + 3, HAVE) is not None:
            return i
        if _has(words, i + 1, i + 4, {"niet", "not", "ontbreekt", "missing"}) is not None:
            return i  # "het diploma heb ik niet"
        if _has(words, i + 1, i + 3, GET) is not None or _has(words, i - 3, i, GET) is not None:
            return i  # "een diploma halen", "get my diploma"
    for i, w in enumerate(words):
        if ({w} | lemmas(w)) & FINISH and _has(words, i - 3, i, NOTHING) is not None:
            return i  # "niks afgemaakt", "never completed"
        if ({w} | lemmas(w)) & QUIT:
            others = 0
            for k in range(i + 1, min(len(words), i + 6)):
                if _is(words[k], SCHOOLING, SCHOOLING_HEADS):
                    return i  # "I quit my nursing course halfway"
                if words[k] not in BETWEEN:
                    others += 1
                    if others > 1:
                        break
    return None


def _insecure(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        forms = {w} | lemmas(w)
        if forms & CONTRACT:
            if (
                _has(words, i + 1, i + 6, ENDS) is not None
                or _has(words, i - 2, i, ENDING) is not None
                or _seq(words, i + 1, i + 4, RUNS_OUT) is not None
            ):
                return i  # "mijn contract loopt in maart af", "my contract ends"
            if _has(words, i + 1, i + 6, RENEWED) is not None and _has(words, i + 1, i + 6, NOT) is not None:
                return i  # "mijn contract wordt niet verlengd"
        if forms & KNOW and _has(words, i - 2, i + 3, NOT | {"nooit", "never"}) is not None:
            rest = words[i + 1 : i + 9]
            wish = {"wil", "willen", "want", "wants", "worden", "become", "doen", "do", "kiezen", "choose", "leuk"}
            if not set(rest) & (WHEN | wish) and _has(words, i + 1, i + 9, WHAT_COMES) is not None:
                return i  # "ik weet nooit wat er volgende maand binnenkomt"
        if forms & FLOWS:
            if _has(words, i + 1, i + 5, FLUCTUATES) is not None or _seq(words, i + 1, i + 6, UP_AND_DOWN) is not None:
                return i  # "my income goes up and down"
            if _has(words, i - 2, i, FLUCTUATES - {"onregelmatig", "irregular"}) is not None and forms & {
                "inkomen",
                "income",
                "loon",
                "salaris",
                "geld",
                "money",
                "pay",
                "earnings",
                "verdiensten",
            }:
                return i  # "wisselend inkomen", "unstable income"
        if forms & SCARCE_WORK:
            if _seq(words, i - 3, i, TOO_LITTLE) is not None or _seq(words, i + 1, i + 4, TOO_LITTLE) is not None:
                return i  # "not enough work", "opdrachten lopen terug"
            after = words[i + 1 : i + 7]
            if (set(after) & DECLINE_VERBS and set(after) & DECLINE_PARTICLES) or set(after[:3]) & DECLINING:
                return i  # "de klussen lopen steeds verder terug", "work is drying up"
    return None


RULES = (("low_income", _low_earning), ("no_diploma", _no_diploma), ("insecure_work", _insecure))


def pattern_pains(doc: Doc) -> list[dict[str, Any]]:
    """Pains found by the rules above, as lexicon-like matches (token offsets)."""
    found: dict[str, dict[str, Any]] = {}
    for clause in _clauses(doc):
        words = [doc[i].lower_ for i in clause]
        for value, rule in RULES:
            if value in found:
                continue
            at = rule(words)
            if at is not None:
                tok = clause[at]
                found[value] = {
                    "label": "pain",
                    "value": value,
                    "rank": 0,
                    "fuzzy": False,
                    "start": tok,
                    "end": tok + 1,
                }
    return sorted(found.values(), key=lambda m: m["start"])
