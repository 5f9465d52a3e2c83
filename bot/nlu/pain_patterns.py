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

from collections.abc import Set as AbstractSet
from typing import Any

from bot.nlu.lemmas import lemmas
from bot.nlu.text import HELD_BEFORE, NEGATIONS, Doc

# where one clause ends: what is said about one thing stays in its clause
CLAUSE_ENDS = {",", ".", ";", "!", "?", ":", "en", "and", "maar", "but", "omdat", "because", "also", "plus"}

EARN = {"verdienen", "earn", "verdienste"}
# words that judge what one earns as low ("niks", "weinig", "slecht", "little", "bad")
EARN_LOW = {
    "weinig", "niks", "niets", "nix", "slecht", "bagger", "belabberd", "karig", "amper", "nauwelijks",
    "little", "nothing", "badly", "poorly", "barely", "hardly", "peanuts", "shit", "crap", "rubbish",
    "meer", "more",  # "ik wil meer verdienen": it is not enough now
    "minder", "less",  # "I earn much less than before"
    "helft", "half",  # "verdien ik de helft van vroeger"
}  # fmt: skip
# "no" before a pain is mostly the pain itself ("no diploma", "no future")
NOT = NEGATIONS - {"no"}
# "niet slecht", "not bad": a negated judgement is no complaint
GOOD_AFTER_NOT = {"slecht", "bad", "badly", "weinig", "little", "verkeerd", "wrong"}

QUALIFICATION = {
    "diploma", "papiertje", "papieren", "papers", "certificaat", "certificate", "startkwalificatie", "kwalificatie",
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
# "my degree isn't recognised here"
NOT_BEING = {"isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "won't", "wont"}
GOT = {"gehaald", "behaald", "gekregen", "got", "gotten", "obtained", "earned", "achieved"}
GET = {"halen", "behalen", "haal", "krijgen", "get", "obtain", "earn", "gain", "achieve"}
WANT = {"wil", "willen", "want", "wants", "would", "like", "graag", "hoop", "hope", "need", "nodig", "moet"}
FINISH = {"afmaken", "afgemaakt", "afronden", "afgerond", "voltooien", "voltooid", "finish", "finished",
          "complete", "completed"}  # fmt: skip
NOTHING = NOT | {"niks", "niets", "nothing", "nowhere", "nergens"}
LEARNED = {"geleerd", "gestudeerd", "studeren", "learned", "learnt", "studied", "trained"}
ONLY = {"alleen", "enkel", "maar", "only", "just"}
BASIC_SCHOOL = {"middelbare", "basisschool", "lagere", "vmbo", "mavo", "secondary", "primary", "basisonderwijs",
                "praktijkonderwijs"}  # fmt: skip
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
DECLINING = {"declining", "decreasing", "dropping", "shrinking", "teruglopend", "afnemend", "ingezakt", "ingestort",
             "collapsed", "evaporated", "verdwenen", "dried"}  # fmt: skip
NEW = {"nieuw", "nieuwe", "new", "another", "ander", "andere"}
EVERY = {"elk", "elke", "ieder", "iedere", "every", "each", "steeds", "telkens", "weer", "again"}
SHORT_SPAN = {"paar", "weken", "maanden", "weeks", "months", "few", "kort", "korte", "short", "halfjaar"}
TEMPORARY = {"tijdelijk", "tijdelijke", "temporary", "temp", "fixed-term", "short-term", "kortlopend", "kortlopende",
             "jaarcontract", "oproep", "oproepbasis", "casual"}  # fmt: skip
SHORT_TERMS: list[tuple[str, ...]] = [("week", "to", "week"), ("week", "tot", "week"), ("per", "week"),
                                      ("month", "to", "month"), ("maand", "tot", "maand"), ("day", "to", "day"),
                                      ("per", "dag"), ("per", "maand")]  # fmt: skip
UNSURE = {"onzeker", "uncertain", "unsure", "insecure", "onduidelijk", "unclear", "wankel", "shaky", "onvast"}
NOT_SURE: list[tuple[str, ...]] = [
    ("not", "sure"),
    ("niet", "zeker"),
    ("not", "certain"),
    ("never", "sure"),
    ("nooit", "zeker"),
]
RENEWED = {"verlengd", "verlengen", "renewed", "renew", "extended", "extend"}
PERMANENT = {"permanent", "vast", "vaste", "vasts", "steady"}
# what "permanent" must be said of to be about the work (not "geen vast adres", "nooit een vast tijdstip")
JOBLIKE = {"contract", "baan", "job", "werk", "work", "dienstverband", "aanstelling", "position", "plek", "iets"}
KNOW = {"weet", "weten", "know", "knows"}
# what one does not know about: work and income (not when: that is a schedule, irregular hours)
WHAT_COMES = {
    "werk", "work", "opdracht", "klus", "klant", "binnenkomt", "binnenkomen", "inkomen", "income", "maand",
    "month", "contract", "baan", "job", "salaris", "loon", "geld", "money", "paycheck", "uur", "hours",
    "verdienen", "earn", "ingeroosterd", "inroosteren", "opgeroepen", "oproepen", "call", "called", "shifts", "shift",
    "dienst", "bellen", "nodig", "need", "needed",
    "diensten", "keep", "houden", "verlengen", "verlengd", "renew", "renewed",
    "komen", "come",  # "je weet nooit of je volgende week nog mag komen"
}  # fmt: skip
# "ik moet maar afwachten of ...", "wait and see if ...": not knowing, said otherwise
WAIT = {"afwachten", "wachten", "wait", "waiting"}
WHEN = {"wanneer", "when", "hoe laat", "welke dag", "which day"}
FLUCTUATES = {"wisselt", "wisselen", "wisselend", "varieert", "variëren", "varies", "vary", "fluctuates",
              "fluctuate", "schommelt", "schommelen", "onvoorspelbaar", "unpredictable", "onzeker", "uncertain",
              "unstable", "instabiel", "onregelmatig", "irregular"}  # fmt: skip
UP_AND_DOWN = [("op", "en", "neer"), ("up", "and", "down"), ("op", "neer"),
               # "the money is never the same", "elke maand anders"
               ("never", "the", "same"), ("nooit", "hetzelfde"), ("nooit", "gelijk"), ("nooit", "even", "veel"),
               ("different", "every"), ("elke", "week", "anders"), ("elke", "maand", "anders"),
               ("iedere", "week", "anders"), ("iedere", "maand", "anders")]  # fmt: skip
# what comes in (not the hours: hours that vary are a schedule, irregular_hours)
FLOWS = {"inkomen", "income", "loon", "salaris", "geld", "money", "pay", "earnings", "verdiensten", "opdracht",
         "klus"}  # fmt: skip
SCARCE_WORK = {"werk", "work", "opdracht", "klus", "klant", "gig", "assignment", "client", "uur", "hours",
               "commissions", "commission", "orders", "opdrachten", "klussen", "klanten", "clients", "gigs",
               "diensten", "shifts"}  # fmt: skip
TOO_LITTLE = [("no", "more"), ("geen", "werk", "meer"),
              ("te", "weinig"), ("niet", "genoeg"), ("not", "enough"), ("isn't", "enough"), ("isnt", "enough"),
              ("aren't", "enough"), ("arent", "enough"), ("too", "little"), ("too", "few"),
              ("lopen", "terug"), ("loopt", "terug"), ("teruggelopen",), ("drying", "up"), ("dried", "up"),
              ("hardly", "any"), ("bijna", "geen"), ("nauwelijks",), ("amper",)]  # fmt: skip

TOO_LITTLE_AFTER = [p for p in TOO_LITTLE if len(p) > 1]  # "werk loopt terug", "work has dried up"

# after Dutch "want" (because) comes a clause of its own: "want ik zit nu thuis", "want het is zwaar"
BECAUSE_FOLLOWS = {"ik", "je", "jij", "het", "we", "wij", "hij", "zij", "ze", "er", "dat", "die", "mijn", "m'n", "mn",
                   "de", "dan", "daar", "hier", "nu", "toen"}  # fmt: skip
# a clause that starts by pointing back at the last one says more about the same thing
JOINS_BACK = {"en", "and", "maar", "but"}
REFERS_BACK = {"die", "dat", "dit", "deze", "those", "that", "it", "which", "ze", "they", "one", "i", "ik", "it's",
               "that's", "its"}  # fmt: skip


def _is(word: str, kind: AbstractSet[str], heads: tuple[str, ...] = ()) -> bool:
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
        elif t.lower_ in JOINS_BACK and pair[1] in REFERS_BACK:
            if len(out) > 1 and not out[-1] and pair[1] not in {"i", "ik", "one"}:
                out.pop()  # ", and it's not much": the comma did not end the thought either
            continue  # "papieren ... en die heb ik niet", "a diploma but I don't have one": one thought
        elif t.lower_ in {"also", "plus"} and pair[0] not in CLAUSE_ENDS | {""}:
            continue  # "I'd also like to move into UX": inside the clause, not a new one
        elif t.lower_ in CLAUSE_ENDS or (t.lower_ == "want" and pair[1] in BECAUSE_FOLLOWS):
            out.append([])  # Dutch "want ik zit thuis" is "because", not a wish
        elif t.is_content:
            out[-1].append(t.i)
    return [c for c in out if c]


def _has(words: list[str], i: int, j: int, wanted: AbstractSet[str]) -> int | None:
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


JUST_ENOUGH: list[tuple[str, ...]] = [
    ("net", "genoeg"),
    ("just", "enough"),
    ("barely", "enough"),
    ("precies", "genoeg"),
]
NOT_MUCH: list[tuple[str, ...]] = [
    ("not", "much"),
    ("niet", "veel"),
    ("not", "a", "lot"),
    ("nooit", "veel"),
    ("never", "much"),
]
PAID = {"betalen", "betaald", "betaalt", "pay", "paid", "pays", "paying"}
PAID_BADLY = {"slecht", "bad", "badly", "poorly", "belabberd", "bagger", "karig", "schamel", "crap", "shit", "rubbish",
              "peanuts", "under", "onder", "niks", "niets", "nothing"}  # fmt: skip


def _low_earning(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        coming_round = w == "rond" and _has(words, i - 6, i, {"kom", "komen", "komt", "kwam"}) is not None
        if coming_round and _has(words, i - 6, i, NOT | {"nauwelijks", "amper", "moeilijk"}) is not None:
            return i  # "we komen elke maand net niet rond", "ik kom amper rond"
        taking_home = w == "home" and words[i - 1 : i] in (["take"], ["bring"], ["takes"], ["taking"])
        if taking_home and _has(words, i + 1, i + 4, NOTHING | {"little", "weinig"}) is not None:
            return i  # "I take home almost nothing"
        if w in PAID and _has(words, i - 2, i + 3, PAID_BADLY) is not None:
            return i  # "slecht betaalt", "it pays badly"
        if not ({w} | lemmas(w)) & EARN:
            continue
        if _seq(words, i + 1, i + 4, JUST_ENOUGH) is not None:
            return i  # "ik verdien net genoeg om rond te komen"
        if _seq(words, i + 1, i + 9, NOT_MUCH) is not None:
            return i  # "never knowing how much I'll earn, and it's not much to begin with"
        near = range(max(0, i - 3), min(len(words), i + 5))
        for k in near:
            if k == i:
                continue
            less = words[k] in ("minder", "less")
            if (
                words[k] in EARN_LOW
                and not (k > 0 and words[k - 1] in NOT)
                and (less or words[k + 1 : k + 2] not in (["dan"], ["than"]))  # "more than enough"
                and not (less and _has(words, i - 4, i, NOT) is not None)  # "I don't want to earn less"
            ):
                return i
            if words[k] in NOT and k > i and _has(words, k + 1, k + 3, GOOD_AFTER_NOT) is None:
                return i  # "het verdient niet", "verdien niet genoeg"
    return None


# "de omzet gaat elk jaar omlaag", "the takings have gone down every year": less coming in
INCOME = {"inkomen", "inkomsten", "omzet", "verdiensten", "takings", "turnover", "income", "earnings", "revenue"}
FALLING = {"omlaag", "gedaald", "daalt", "dalen", "achteruit", "minder", "down", "dropping", "dropped", "falling",
           "fallen", "shrinking", "shrunk", "declining", "declined", "less", "halved", "gehalveerd", "halveerde",
           "collapsed", "ingestort", "ingezakt", "plummeted", "zakt", "zakken", "gezakt", "keldert", "gekelderd",
           "slinkt", "geslonken"}  # fmt: skip
VARYING = {"op", "up", "omhoog", "schommelt", "schommelen", "varies", "vary", "wisselt", "fluctuates"}


def _income_falling(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if (
            w in INCOME
            and _has(words, i + 1, i + 6, FALLING) is not None
            and _has(words, i + 1, i + 7, VARYING) is None
        ):
            return i
    return None


# "de tarieven kan ik niet verhogen", "de stopprijs is al twee jaar niet omhoog gegaan", "I can't raise my rates"
RATES = {"tarief", "tarieven", "uurtarief", "stopprijs", "prijzen", "prijs", "rates", "rate", "prices", "fees"}
RAISED = {"verhogen", "omhoog", "hoger", "raise", "increase", "up", "higher", "gestegen", "verhoogd"}


def _rates_stuck(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if (
            w in RATES
            and _has(words, i - 5, i + 8, RAISED) is not None
            and _has(words, i - 5, i + 8, NOT | {"can't", "cant", "cannot", "won't", "wont"}) is not None
        ):
            return i
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
        if _has(words, i + 1, i + 7, {"niet", "not", "ontbreekt", "missing"} | NOT_HAVING | NOT_BEING) is not None:
            return i  # "het diploma heb ik niet", "mijn diploma van daar telt hier niet"
        after, before = _has(words, i + 1, i + 3, GET), _has(words, i - 3, i, GET)
        if any(k is not None and words[k] not in GOT for k in (after, before)):
            return i  # "een diploma halen", "get my diploma" (not "mijn diploma gehaald")
    for i, w in enumerate(words):
        if w in ONLY:
            rest = words[i + 1 : i + 5]
            if set(rest) & BASIC_SCHOOL or any(rest[k : k + 2] == ["high", "school"] for k in range(len(rest))):
                return i  # "ik heb alleen de middelbare school", "I only finished high school"
        if ({w} | lemmas(w)) & FINISH and _has(words, i - 3, i, NOTHING) is not None:
            return i  # "niks afgemaakt", "never completed"
        if ({w} | lemmas(w)) & LEARNED and _has(words, i - 2, i, NOTHING) is not None:
            return i  # "nooit gestudeerd", "never studied"
        more = words[i - 1 : i] and words[i - 1] in {"further", "more", "extra", "verdere", "aanvullende", "meer"}
        if _is(w, SCHOOLING, SCHOOLING_HEADS) and _has(words, i - 2, i, NONE_OF) is not None and not more:
            return i  # "zonder opleiding", "geen opleiding gehad" (not "without further training": growth)
        if _is(w, SCHOOLING, SCHOOLING_HEADS):
            negated = _has(words, i + 1, i + 4, NOT_HAVING)
            if negated is not None and _has(words, negated + 1, negated + 3, HAVE | FINISH) is not None:
                return i  # "heb mn mbo niet gehaald", "de opleiding nooit afgemaakt"
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
        sought = _has(words, i - 3, i, {"looking", "searching", "zoek", "zoeken", "solliciteer"}) is not None
        if forms & CONTRACT and not sought:  # not "looking for a job for over a year": none held
            ends = _has(words, i + 1, i + 6, ENDS)
            if (
                (ends is not None and words[ends - 1] != "dead")  # "my job is a dead end": no prospects
                or _has(words, i - 2, i, ENDING) is not None
                or _seq(words, i + 1, i + 4, RUNS_OUT) is not None
            ):
                return i  # "mijn contract loopt in maart af", "my contract ends"
            if _has(words, i + 1, i + 6, RENEWED) is not None and _has(words, i + 1, i + 6, NOT) is not None:
                return i  # "mijn contract wordt niet verlengd"
            if _has(words, i - 2, i + 4, TEMPORARY) is not None:
                return i  # "een tijdelijk contract", "my contract is temporary"
            if _has(words, i - 2, i, NEW) is not None and _has(words, i - 6, i, EVERY) is not None:
                return i  # "elk jaar een nieuw contract", "every year a new contract"
            past = _has(words, i + 1, i + 7, {"ago", "geleden", "years", "jaar", "jaren"}) is not None
            if _has(words, i + 1, i + 5, SHORT_SPAN) is not None and not past:
                return i  # "een contract van een paar weken", "contracts for a few months"
            if _has(words, i + 1, i + 6, UNSURE) is not None or _seq(words, i + 1, i + 6, NOT_SURE) is not None:
                return i  # "contract is not sure", "mijn contract is onzeker"
            if _seq(words, i + 1, i + 6, SHORT_TERMS) is not None:
                return i  # "contract is week to week basically", "een contract per week"
        waiting = forms & WAIT and set(words[i + 1 : i + 5]) & {"of", "if", "whether"}
        if waiting and _has(words, i + 1, i + 9, WHAT_COMES | {"me", "mij", "ons", "us"}) is not None:
            return i  # "elke keer maar afwachten of ze me nog willen"
        # not "ik wist niet dat je daar geld voor kon krijgen": a fact learnt, no uncertainty
        that = _has(words, i + 1, i + 3, {"dat", "that"})
        learnt = that is not None and all(x in NOT for x in words[i + 1 : that])
        if waiting or (forms & KNOW and _has(words, i - 2, i + 3, NOT | {"nooit", "never"}) is not None and not learnt):
            rest = words[i + 1 : i + 9]
            wish = {"wil", "willen", "want", "wants", "worden", "become", "doen", "do", "kiezen", "choose", "leuk"}
            if not set(rest) & (WHEN | wish) and _has(words, i + 1, i + 12, WHAT_COMES) is not None:
                return i  # "ik weet nooit wat er volgende maand binnenkomt"
        if (
            forms & PERMANENT
            and _has(words, i - 3, i, NOTHING | {"nooit", "never"}) is not None
            and (i + 1 == len(words) or _has(words, i + 1, i + 2, JOBLIKE) is not None)
        ):
            return i  # "never something permanent", "nooit iets vasts"
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
        if (
            w in {"if", "whether", "of"}
            and _has(words, i + 1, i + 3, {"there", "er"}) is not None
            and _has(words, i + 2, i + 7, {"work", "werk", "shifts", "diensten", "jobs", "hours", "uren"}) is not None
            and _has(words, i - 8, i, TOLD) is not None
        ):
            return i  # "they tell us on friday if there is work next week", "ik hoor pas vrijdag of er werk is"
        if _scarce_at(words, i):
            return i
    return None


# who hears from the employer whether there is work
TOLD = {"tell", "tells", "told", "hear", "hears", "heard", "know", "knows", "weet", "weten", "hoor", "horen",
        "zeggen", "zegt", "vertellen", "vertelt", "says", "say", "laten", "let"}  # fmt: skip


def _scarce_at(words: list[str], i: int) -> bool:
    """Too little work at position i: "not enough work", "opdrachten lopen terug"."""
    w = words[i]
    forms = {w} | lemmas(w)
    if not forms & SCARCE_WORK or _has(words, i - 4, i, WANT) is not None:
        return False
    if _has(words, i - 2, i, {"fewer", "minder"}) is not None and w not in ("werk", "work"):
        return True  # "fewer commissions every month", "steeds minder klussen"
    if (
        _seq(words, i - 3, i, TOO_LITTLE) is not None
        or _seq(words, i + 1, i + 4, TOO_LITTLE_AFTER) is not None  # not "per uur ... kom amper rond"
        or (_enough_negated(words, i) and not forms & ({"werk", "work"} | MONEY))
    ):
        return True  # "not enough work", "opdrachten lopen terug", "I don't get enough hours"
    after = words[i + 1 : i + 7]
    return bool((set(after) & DECLINE_VERBS and set(after) & DECLINE_PARTICLES) or set(after[:3]) & DECLINING)


def scarce_work(doc: Doc) -> int | None:
    """The token where the message says there is too little work ("te weinig werk", "work has
    dried up"), or None."""
    for clause in _clauses(doc):
        words = [doc[i].lower_ for i in clause]
        for k in range(len(words)):
            if _scarce_at(words, k):
                return clause[k]
    return None


BODY = {
    "rug", "knie", "schouder", "nek", "heup", "pols", "hand", "arm", "been", "voet", "enkel", "long", "elleboog",
    "gewricht", "spier", "lichaam", "lijf", "rugwervel", "back", "knee", "shoulder", "neck", "hip", "wrist",
    "leg", "foot", "feet", "ankle", "lung", "lungs", "elbow", "joint", "joints", "muscle", "muscles", "body",
    "handen", "benen", "voeten", "knieën", "schouders", "polsen", "spieren", "hands", "legs", "knees",
    "shoulders", "wrists",
    "vingers", "wervel", "wervels", "onderrug", "bovenrug", "onderarm", "onderarmen", "armen", "heupen", "nekken",
    "fingers", "finger", "forearm", "forearms", "arms", "hips", "spine", "vertebra", "lower back",
}  # fmt: skip
HURTS = {
    "pijn", "zeer", "last", "kapot", "versleten", "klachten", "klacht", "overbelast", "geblesseerd", "slecht",
    "stijf", "hurt", "hurts", "hurting", "pain", "painful", "ache", "aches", "aching", "sore", "killing",
    "broken", "worn", "injured", "stiff", "problems", "hard", "zwaar", "heavy", "tough", "rough", "slopend",
    # "mijn onderrug begint te zeuren", "voel ik elke wervel", "burns all over my forearms", "numb fingers"
    "zeuren", "zeurt", "zeurende", "voel", "voelen", "burns", "burned", "burnt", "brandwonden", "numb",
    "gevoelloos", "tintelen", "tintelingen", "swollen", "gezwollen", "kramp", "cramps", "finished", "blisters",
    "blaren", "ontstoken", "inflamed",
}  # fmt: skip
# "na een dienst ben ik kapot", "I'm wrecked": worn out by the work
WORN_OUT = {"kapot", "gesloopt", "gebroken", "bekaf", "afgepeigerd", "uitgeput", "doodmoe", "leeg", "wrecked",
            "knackered", "shattered", "drained", "exhausted", "destroyed", "broken"}  # fmt: skip
SELF = {"ik", "i", "i'm", "im", "me", "mij"}
HEALTH = {"gezondheid", "health", "lichaam", "lijf", "body"}
WORSE = {"achteruit", "slechter", "worse", "suffering", "lijdt", "lijden", "declining", "kapot", "op"}


UNTIL = {"tot", "until", "till", "til"}
RETIREMENT = {
    "pensioen",
    "pension",
    "retirement",
    "retire",
    "aow",
    "65",
    "66",
    "67",
    "67e",
    "68",
    "67th",
    "pensioenleeftijd",
}
CANNOT = NOT | {"can't", "cant", "cannot", "volhouden", "vol", "keep", "last", "redden", "halen", "make"}


def _physical(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if (
            w in UNTIL
            and _has(words, i + 1, i + 4, RETIREMENT) is not None
            and (_has(words, i - 6, i, CANNOT) is not None or _has(words, i + 2, i + 8, CANNOT) is not None)
        ):
            return i  # "I can't do this until I'm 67", "tot mijn pensioen hou ik dit niet vol"
        if _is(w, BODY) and _has(words, i - 4, i + 5, HURTS) is not None:
            return i  # "mijn handen doen zeer", "my wrists are sore"
        if w in WORN_OUT and _has(words, i - 4, i, SELF) is not None:
            return i  # "na een werkdag ben ik kapot", "ik ben elke avond gebroken"
        if w in HEALTH and _has(words, i + 1, i + 4, WORSE) is not None:
            return i  # "mijn gezondheid gaat achteruit", "my health is suffering"
        if w in PHYSICAL_ACTS and _seq(words, i + 1, i + 10, NO_LONGER) is not None:
            return i  # "op het dak klimmen met 63 is niks meer", "lifting crates is too much now"
    return None


# the work's physical acts, said to be no longer doable
PHYSICAL_ACTS = {"klimmen", "tillen", "sjouwen", "bukken", "kruipen", "knielen", "climbing", "lifting", "carrying",
                 "kneeling", "crawling"}  # fmt: skip
NO_LONGER: list[tuple[str, ...]] = [
    ("niks", "meer"), ("niets", "meer"), ("niet", "meer"), ("no", "longer"), ("anymore",), ("any", "more"),
    ("te", "zwaar"), ("too", "heavy"), ("too", "much"), ("te", "veel"),
    # "kruipen onder vloeren, dat wordt lastig op mijn leeftijd", "climbing ladders gets hard"
    ("lastig",), ("moeilijk",), ("zwaar",), ("zwaarder",), ("difficult",), ("hard",), ("harder",), ("tough",),
    ("op", "mijn", "leeftijd"), ("at", "my", "age"),
]  # fmt: skip


POINTS_BACK = {"dat", "dit", "that", "this", "it", "which"}


def _acts_too_hard(words: list[str]) -> int | None:
    """ "kruipen onder vloeren en op zolders met ketels, dat wordt lastig op mijn leeftijd": the
    acts named first, over several clauses, then said to be too hard ("dat", "that" refers back)."""
    for i, w in enumerate(words):
        if w not in PHYSICAL_ACTS:
            continue
        for k in range(i + 1, min(len(words), i + 16)):
            refers_back = words[k] in POINTS_BACK and words[k - 1] in {",", "and", "en"}
            if refers_back and _seq(words, k + 1, k + 6, NO_LONGER) is not None:
                return i
    return None


# "ik weet nooit wanneer ik moet werken", "I never know when I'm working": a schedule not known
def _unknown_schedule(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        not_known = ({w} | lemmas(w)) & KNOW and _has(words, i - 2, i + 3, NOT) is not None
        asks_when = set(words[i + 1 : i + 4]) & {"wanneer", "when", "hoe"}
        if not_known and asks_when and _has(words, i + 1, i + 9, WORK_TIME) is not None:
            return i
        if not_known and _seq(words, i + 1, i + 3, SCHEDULE_KNOWN) is not None:
            return i  # "never know my hours", "ik weet nooit mijn rooster"
    return None


SCHEDULE_KNOWN: list[tuple[str, ...]] = [
    ("my", "hours"), ("my", "schedule"), ("my", "shifts"), ("my", "rota"), ("mijn", "rooster"), ("mijn", "uren"),
    ("mijn", "diensten"), ("mijn", "werktijden"), ("the", "schedule"), ("het", "rooster"),
]  # fmt: skip


# "ze appen me zaterdagnacht of ik zondag kan beginnen", "they text me at night to come in": work
# asked for at short notice
CALLED = {"appen", "appt", "app", "bellen", "belt", "bel", "sms", "sms'en", "call", "calls", "text", "texts",
          "message", "messages", "ring", "rings"}  # fmt: skip
COME_IN = {"beginnen", "komen", "invallen", "inspringen", "start", "come", "cover"}


def _called_in(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if ({w} | lemmas(w)) & CALLED and _has(words, i + 1, i + 13, COME_IN) is not None:
            return i
    return None


WORK_TIME = {"werk", "werken", "work", "working", "dienst", "shift", "shifts", "rooster", "schedule", "laat", "late",
             "ingeroosterd", "begin", "start"}  # fmt: skip


# "ik kan amper de huur betalen", "the money isn't enough to live on": not enough to live on
BILLS = {"huur", "rent", "rekening", "rekeningen", "bills", "boodschappen", "groceries", "lasten"}
BARELY = {"amper", "nauwelijks", "bijna", "barely", "hardly", "struggle", "moeite", "niet", "not", "can't", "cant",
          "cannot", "spannend", "zorgen", "worry", "worried", "stress", "stressed", "bang", "scared", "afraid",
          "nervous"}  # fmt: skip
RISING = {"omhoog", "stijgt", "stijgen", "gestegen", "duurder", "rising", "rises", "rose", "up", "higher", "hoger"}
# "ik sta elke maand rood", "I'm always in the red", "schulden"
OVERDRAWN = [("in", "the", "red"), ("overdrawn",),
             ("schulden",), ("debt",), ("debts",), ("rondkomen",), ("ends", "meet")]  # fmt: skip


LEFT_OVER = {"over", "left"}
LITTLE = {"weinig", "niks", "niets", "little", "nothing", "bijna", "amper", "nauwelijks", "minder", "less", "barely",
          "hardly"}  # fmt: skip
KEEP = {"hou", "houd", "houden", "overhouden", "blijft", "keep", "is", "there's", "theres"}
LESS = {"minder", "weinig", "less", "little", "niks", "niets"}
RAISE = {"loonsverhoging", "opslag", "raise", "salarisverhoging", "verhoging", "payrise"}
# "niks over de voucher": "over" as "about", followed by what it is about
ABOUT_WHAT = {"de", "het", "een", "deze", "die", "dat", "dit", "mijn", "m'n", "je", "jouw", "jullie", "zijn", "haar",
              "hun", "ons", "onze", "uw", "wat", "hoe", "iets", "hem", "mij", "me"}  # fmt: skip


def _not_enough_money(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        forms = {w} | lemmas(w)
        if w in LEFT_OVER and _has(words, i - 5, i, LITTLE) is not None and _has(words, i - 8, i, KEEP) is not None:
            return i  # "ik hou onderaan de streep weinig over", "there's little left at the end of the month"
        if (
            w == "over"
            and words[i - 1 : i]
            and words[i - 1] in LITTLE
            and _has(words, i + 1, i + 2, ABOUT_WHAT) is None
        ):
            return i  # "eind van de maand heb ik niks over" (not "hij zei niks over de voucher")
        if forms & {"opleveren", "oplevert", "leveren", "levert"} and _has(words, i - 4, i + 3, LESS) is not None:
            return i  # "de opdrachten leveren steeds minder op"
        if forms & RAISE and _has(words, i - 4, i, NOTHING | {"haven't", "havent", "hasn't", "no"}) is not None:
            return i  # "al jaren geen loonsverhoging", "haven't had a raise in years"
        paying = forms & BILLS and _has(words, i - 4, i + 3, {"betalen", "pay", "paying"}) is not None
        if paying and _has(words, i - 8, i + 3, BARELY) is not None:
            return i  # "het is elke maand spannend of ik de huur kan betalen"
        if forms & BILLS and _enough_negated(words, i):
            return i  # "toch is het niet genoeg voor de huur"
        if (
            forms & BILLS
            and _has(words, i - 4, i + 4, {"haal", "halen", "haalde", "make", "making", "cover", "covering"})
            is not None
            and _has(words, i - 4, i + 4, NOT | {"nauwelijks", "amper", "barely", "hardly"}) is not None
        ):
            return i  # "sommige maanden haal ik de huur niet eens", "I can barely make rent"
        if forms & BILLS and _has(words, i + 1, i + 4, RISING) is not None:
            return i  # "de huur gaat omhoog maar mijn loon niet"
        if _seq(words, i, i + 1, OVERDRAWN) is not None:
            return i  # "schulden", "I'm in the red"
        if w == "rood" and _has(words, i - 4, i, {"sta", "staan", "stond", "staat"}) is not None:
            return i  # "ik sta elke maand rood"
        if forms & MONEY and _enough_negated(words, i):
            return i
        if forms & MONEY and _seq(words, i + 1, i + 10, NOTHING_TO_WRITE_HOME_ABOUT) is not None:
            return i  # "het loon is niet om over naar huis te schrijven"
        if w in {"red", "redden", "rooien"} and _has(words, i + 1, i + 4, {"net", "amper", "nauwelijks"}) is not None:
            return i  # "we redden het net", "ik red het maar amper"
        if w in {"by", "manage", "survive"} and _has(words, i - 3, i, {"barely", "hardly", "just"}) is not None:
            return i  # "we barely get by", "I just about manage"
        if forms & (MONEY | RATE) and _has(words, i + 1, i + 6, UNCHANGED) is not None:
            return i  # "my rates have been the same for six years", "mijn loon staat al jaren stil"
        if forms & MONEY and (words[i + 1 : i + 4][-1:] == ["op"] or _seq(words, i + 1, i + 5, GONE) is not None):
            return i  # "aan het eind van de maand is het geld toch op", "the money runs out"
        k = _has(words, i - 6, i + 8, MANAGE) if forms & (MONEY | RATE) else None
        if k is not None and _has(words, k - 3, k + 5, NOT | {"can't", "cant", "cannot"}) is not None:
            return i  # "met dit uurloon red ik het niet", "on this wage I can't get by"
        if forms & (MONEY | RATE):
            if _has(words, i - 2, i, MORE) is not None:
                return i  # "hoger loon", "better pay": what they have is too little
            low = _has(words, i + 1, i + 9, LOW_JUDGED)
            if low is not None and words[low - 1] not in NOT:
                return i  # "het tarief dat ik kan vragen is te laag"
    return None


NOTHING_TO_WRITE_HOME_ABOUT: list[tuple[str, ...]] = [
    ("naar", "huis", "te", "schrijven"), ("write", "home", "about"), ("om", "te", "huilen"), ("om", "te", "janken"),
    ("een", "schijntje"), ("een", "habbekrats"), ("een", "fooi"), ("a", "pittance"), ("a", "joke"),
]  # fmt: skip
GONE: list[tuple[str, ...]] = [("runs", "out"), ("ran", "out"), ("run", "out"), ("is", "gone"), ("gone",), ("is", "op")]
MANAGE = {"red", "redden", "rooien", "rondkomen", "manage", "survive", "cope", "by"}
UNCHANGED = {"same", "hetzelfde", "gelijk", "stil", "frozen", "bevroren", "stuck", "unchanged"}
MONEY = {"geld", "loon", "salaris", "inkomen", "money", "pay", "wage", "salary", "income", "uurloon"}
# what a self-employed resident charges
RATE = {"tarief", "uurtarief", "rate", "rates", "fee", "fees", "uurprijs"}
MORE = {"meer", "hoger", "hogere", "beter", "betere", "more", "higher", "better", "decent", "fatsoenlijk",
        "fatsoenlijke"}  # fmt: skip
LOW_JUDGED = {"laag", "lage", "weinig", "low", "little", "slecht", "bad", "poor", "karig", "schamel", "niks", "niets",
              "insufficient", "onvoldoende", "ontoereikend",
              "nothing", "joke", "grap", "lachertje", "belachelijk", "ridiculous", "pathetic", "miserable",
              "meh", "lousy", "crap", "crappy", "shit", "shitty", "rubbish", "terrible", "awful", "matig", "mager",
              "waardeloos", "beroerd", "armoedig"}  # fmt: skip


def _enough_negated(words: list[str], i: int) -> bool:
    """ "not enough" said about the word at i: "het geld is niet genoeg", "I don't get enough hours"."""
    for k in range(max(0, i - 4), min(len(words), i + 5)):
        if (
            words[k] in {"genoeg", "enough", "voldoende"}
            and _has(words, k - 3, k, NOT | {"isn't", "isnt", "aren't"}) is not None
        ):
            return True
    return False


REGULAR = {"vaste", "vast", "normale", "normaal", "regelmatige", "regelmatig", "gewone", "regular", "normal", "fixed",
           "set", "steady", "predictable", "voorspelbare"}  # fmt: skip
TIMES = {"tijden", "werktijden", "rooster", "schedule", "times", "kantoortijden", "dagdiensten", "werkdagen", "rota"}
HOURS = {"uren", "hours", "uur"}
STEADY = {"vaste", "vast", "steady", "regular", "fixed", "guaranteed", "zekere"}
CLIENTS = {"klant", "klanten", "client", "clients", "opdrachtgever", "opdrachtgevers", "customers", "opdracht",
           "opdrachten", "werk", "work", "inkomen", "income"}  # fmt: skip


HAVING = {"met", "with", "heb", "have", "has", "hebben", "heeft"}


def _wished_schedule(words: list[str]) -> int | None:
    """ "vaste werktijden", "regular hours", "a normal schedule": what they lack is a regular schedule
    (a fixed NUMBER of hours is insecure work, see _insecure_wishes)."""
    for i, w in enumerate(words):
        if w in TIMES or lemmas(w) & TIMES:
            if _has(words, i - 2, i, REGULAR) is not None:
                return i
        elif w in HOURS and _has(words, i - 2, i, REGULAR - STEADY | {"normale", "normal", "regular"}) is not None:
            return i
    return None


# "iets stabielers", "more security": wanting what the work lacks
SECURITY = {"stabiel", "stabieler", "stabielers", "stable", "zekerheid", "zekerder", "security", "secure",
            "bestaanszekerheid", "vasters", "vaster", "permanent", "zekers"}  # fmt: skip
SOME_MORE = {"meer", "more", "iets", "something", "wat", "beetje", "bit"}


def _insecure_wishes(words: list[str]) -> int | None:
    """ "vaste uren", "zonder contract", "geen vaste klanten", "no steady clients", "iets stabielers"."""
    for i, w in enumerate(words):
        forms = {w} | lemmas(w)
        if w in SECURITY and _has(words, i - 3, i, SOME_MORE) is not None and _has(words, i - 6, i, WANT) is not None:
            return i
        if w in HOURS and _has(words, i - 2, i, STEADY - {"regular"}) is not None:
            return i
        if forms & {"contract", "dienstverband"} and _has(words, i - 2, i, NONE_OF) is not None:
            return i
        if (
            forms & CLIENTS
            and _has(words, i - 2, i, STEADY) is not None
            and _has(words, i - 4, i, NONE_OF | {"weinig", "few"}) is not None
        ):
            return i
    return None


ALL_DAY: list[tuple[str, ...]] = [
    ("hele", "dag"),
    ("all", "day"),
    ("whole", "day"),
    ("hele", "dienst"),
    ("whole", "shift"),
]
ON_FEET: list[tuple[str, ...]] = [("on", "your", "feet"), ("on", "my", "feet"), ("op", "je", "benen"),
                                  ("op", "mijn", "benen"), ("op", "de", "been")]  # fmt: skip
ON_ONES_FEET = {"staan", "sta", "lopen", "sjouwen", "tillen", "bukken", "knielen", "standing", "stand", "walking",
                "lifting", "carrying", "bending", "kneeling"}  # fmt: skip


# "turning mattresses and pushing the cart", "bukken en tillen", "lifting crates": handling loads
HANDLING = {"tillen", "sjouwen", "duwen", "trekken", "slepen", "bukken", "dragen", "keren", "lifting",
            "carrying", "pushing", "pulling", "dragging", "hauling", "bending", "turning", "lift", "carry", "push",
            "pull"}  # fmt: skip
LOADS = {"dozen", "doos", "kratten", "krat", "zakken", "zak", "pallets", "matrassen", "matras", "stenen", "karren",
         "kar", "boxes", "box", "crates", "bags", "sacks", "mattresses", "pallet", "cart", "carts", "trolley",
         "bedden", "beds", "patiënten", "patients"}  # fmt: skip


def _handling_loads(words: list[str]) -> int | None:
    verbs = [i for i, w in enumerate(words) if ({w} | lemmas(w)) & HANDLING]
    for i in verbs:
        if _has(words, i + 1, i + 4, LOADS) is not None or _has(words, i - 3, i, LOADS) is not None:
            return i
    return verbs[0] if len({words[i] for i in verbs}) >= 2 else None


def _all_day_on_feet(words: list[str]) -> int | None:
    """ "werk waar ik niet de hele dag hoef te staan", "lifting boxes all day long", "on your feet 10
    hours", "je loopt 20 km per dag"."""
    at = _seq(words, 0, len(words), ALL_DAY)
    if at is not None and _has(words, at - 6, at + 8, ON_ONES_FEET) is not None:
        return at
    feet = _seq(words, 0, len(words), ON_FEET)
    if (
        feet is not None
        and _has(words, feet + 2, feet + 6, {"hours", "uur", "uren", "day", "dag", "shift"}) is not None
    ):
        return feet
    for i, w in enumerate(words):
        if (
            w in {"km", "kilometer", "kilometers", "miles"}
            and _has(words, i + 1, i + 4, {"dag", "day", "dienst", "shift"}) is not None
        ):
            return i
    return None


# "ik wil wat anders", "wil handhaver worden", "I'd like to become a nurse": a wish to move on
WISH = {"wil", "willen", "want", "wants", "wanna", "zou", "would", "hoop", "hope", "droom", "dream", "i'd", "love",
        "need"}  # fmt: skip
MOVE_ON = {"worden", "become", "anders", "else", "different", "overstappen", "switchen", "switch", "omscholen",
           "direction", "richting",  # "I need a new direction", "een andere richting"
           "retrain", "doorgroeien", "hogerop", "move",
           "new", "nieuw", "nieuws",  # "I'd like to do something new", "iets nieuws"
           # "turn my volunteering into a real profession", "er mijn beroep van maken", "a career in it"
           "profession", "career", "beroep", "carrière", "carriere", "vak", "vakgebied"}  # fmt: skip
# "hier kan ik niet verder", "I can't get any further": stuck where they are
FURTHER = {"verder", "further", "vooruit", "forward", "hogerop", "doorgroeien", "omhoog"}


SAME = {"same", "hetzelfde", "dezelfde", "zelfde"}
YEARS = {"jaar", "jaren", "years", "year", "decennia", "decades"}
CHANGES = {"verandert", "veranderen", "verandering", "changes", "change", "gebeurt", "happens"}


def _moving_on(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        same_story = _has(words, i + 1, i + 2, {"liedje", "verhaal", "story", "song"}) is not None
        if w in SAME and _has(words, i - 6, i + 6, YEARS) is not None and not same_story:
            return i  # "al acht jaar bij dezelfde slagboom", "the same desk for another 25 years"
        if w in CHANGES and _has(words, i - 3, i + 3, NOTHING) is not None:
            return i  # "daar verandert niks aan", "nothing ever changes"
        wish_not_denied = _has(words, i + 1, i + 3, NOT) is None and _has(words, i - 2, i, NOT) is None
        moving = _has(words, i + 1, i + 9, MOVE_ON)
        new_contract = moving is not None and _has(words, moving + 1, moving + 2, CONTRACT) is not None
        if w in WISH and moving is not None and wish_not_denied and not new_contract:
            return i  # not "ik wil een nieuw contract": that is insecure work
        if w in FURTHER and _has(words, i - 4, i, NOT | {"can't", "cant", "cannot"}) is not None:
            return i
    return None


# "I don't wanna do this forever", "ik wil niet m'n hele leven sla inpakken", "can't see myself doing
# this till I retire": staying in this work for good, turned down
FOR_GOOD = [("forever",), ("eeuwig",), ("voor", "altijd"), ("hele", "leven"), ("rest", "of", "my", "life"),
            ("rest", "van", "mijn", "leven"), ("tot", "mijn", "pensioen"), ("until", "i", "retire"),
            ("till", "i", "retire"), ("until", "retirement"), ("tot", "aan", "mijn", "pensioen")]  # fmt: skip
TURNED_DOWN = NOT | {"can't", "cant", "cannot", "kan", "no"}


def _not_for_good(words: list[str]) -> int | None:
    for i in range(len(words)):
        if _seq(words, i, i + 1, FOR_GOOD) is None:
            continue
        denied = _has(words, i - 7, i, TURNED_DOWN)
        if denied is not None and _has(words, i - 7, i, WISH | {"see", "zie", "can't", "cant", "cannot"}) is not None:
            return i
    return None


# a job that may disappear: "mijn functie verdwijnt", "I'm scared AI will take my job", "reorganisatie"
# (not a trade: "mijn vak verdwijnt" is about one's prospects, the learned reader's to read)
JOB = {"baan", "functie", "werk", "job", "jobs", "position", "work", "rol", "role", "afdeling", "department",
       "shift", "dienst", "werkplek", "taken", "tasks"}  # fmt: skip
DISAPPEAR = {"verdwijnt", "verdwijnen", "verdwijn", "disappear", "disappears", "disappearing", "overbodig",
             "redundant", "wegbezuinigd", "replaced", "vervangen", "automated", "geautomatiseerd", "gone",
             "overgenomen"}  # fmt: skip
AUTOMATION = {"robots", "robot", "ai", "automatisering", "automation", "computers", "computer", "machines", "chatgpt",
              "software", "systeem", "system"}  # fmt: skip
TAKE = {"take", "takes", "taking", "overnemen", "overneemt", "overgenomen", "nemen", "vervangen", "replace",
        "replacing", "kost", "afpakken", "steal", "automates", "automate", "automatiseert"}  # fmt: skip
REORGANISING = {"reorganisatie", "reorganisation", "reorganization", "reorganising", "layoffs", "ontslagronde",
                "bezuinigingen", "downsizing"}  # fmt: skip
WENT = {"ging", "gingen", "gegaan", "went", "gone", "verklaard", "declared", "was", "toen", "when", "since", "sinds"}
LET_GO = {"stop", "stoppen", "fire", "ontslaan", "ontslag", "wegsturen", "sturen", "sack", "dump", "drop", "let", "go",
          "eruit", "kick", "opzeggen", "terminate"}  # fmt: skip
CAN = {"kan", "kunnen", "can", "could", "may", "mag", "mogen"}
ME = {"me", "mij", "ons", "us"}
MAYBE = {"maybe", "misschien", "perhaps", "possibly", "mogelijk", "straks", "soon", "next", "volgende", "volgend"}
AT_RISK = MAYBE | {"gaat", "gaan", "dreigt", "dreigen", "bijna", "going", "might", "may", "could", "kan", "kunnen",
                   "staat", "risk", "risico", "about", "near", "close", "is", "are", "zijn", "threat", "dreiging", "on",
                   "op"}  # fmt: skip
BANKRUPT = {"failliet", "faillissement", "bankrupt", "bankruptcy", "insolvent"}
COMING = {"komt", "komen", "dreigt", "dreigen", "coming", "upcoming", "aangekondigd", "announced", "staat",
          "gepland", "planned", "alweer", "again", "weer"}  # fmt: skip
CUT = {"minder", "fewer", "less", "cut", "gekort", "ingekort", "reduced", "korter"}


def _job_at_risk(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if w in BANKRUPT and _has(words, i - 3, i + 3, WENT) is None and _has(words, i - 3, i + 3, AT_RISK) is not None:
            # "mijn werkgever gaat failliet", "the company might go bankrupt" (not "bedrijf ging
            # failliet" or "WW. bedrijf failliet": that was the job before)
            return i
        if w in LET_GO and _has(words, i - 4, i, CAN) is not None and _has(words, i - 3, i + 3, ME) is not None:
            return i  # "the agency can stop me every week", "ze kunnen me zo ontslaan"
        no_job = w in {"no", "geen"} and _has(words, i + 1, i + 2, {"job", "work", "werk", "baan"}) is not None
        if no_job and _has(words, i - 4, i, MAYBE) is not None:
            return i  # "maybe next month no job"
        if (
            w == "straat"
            and _has(words, i - 3, i + 3, {"zetten", "gezet", "zet", "sta", "staan", "stond", "staat"}) is not None
        ):
            return i  # "ze kunnen me zo op straat zetten", "in oktober sta je op straat"
        if w in CALLED and _has(words, i + 1, i + 7, {"need", "needed", "nodig"}) is not None:
            return i  # "they only call me when they need me"
        if (
            (w in PERMANENT or w == "vast")
            and _has(words, i + 1, i + 3, {"contract", "contractje", "baan", "job"}) is not None
            and _has(words, i - 5, i, WANT) is not None
        ):
            return i  # "ik wil eindelijk een vast contract"
        if w in REORGANISING and _has(words, i - 4, i + 4, COMING) is not None:
            return i  # "er komt een reorganisatie aan" (not "ik zit thuis sinds de reorganisatie")
        if w in DISAPPEAR and _has(words, i - 7, i + 4, JOB) is not None and _has(words, i - 4, i, HELD_BEFORE) is None:
            return i
        if w in AUTOMATION and _has(words, i - 5, i + 6, TAKE | DISAPPEAR) is not None:
            return i
        if w in HOURS and _has(words, i - 4, i + 4, CUT) is not None and _has(words, i - 5, i, WANT) is None:
            return i  # "my hours keep getting cut", "ik krijg steeds minder uren" (not "wil minder uren")
    return None


# a wish to grow said otherwise: "I've hit the ceiling", "uitgekeken op de schoonmaak", "something meaningful"
CEILING = {"ceiling", "plafond", "uitgekeken", "dead-end", "doodlopend", "beu"}
# "ik ben het zat", "I'm fed up"
FED_UP: list[tuple[str, ...]] = [
    ("het", "zat"), ("fed", "up"), ("sick", "of", "it"), ("had", "enough"),
    # "dit werk gaat nergens heen", "going nowhere"
    ("nergens", "heen"), ("going", "nowhere"), ("leads", "nowhere"), ("goes", "nowhere"), ("leidt", "nergens"),
]  # fmt: skip
MEANINGFUL = {"meaningful", "zinvol", "zinvols", "betekenisvol", "betekenisvols", "zinnig", "purpose", "nuttigs"}
HAPPY = {"vrolijk", "gelukkig", "happy", "blij", "fulfilled", "voldoening"}
UNHAPPY = {"ongelukkig", "unhappy", "miserable", "ellendig", "depressed"}
INSTEAD = [("in", "plaats", "van"), ("instead", "of"), ("i.p.v.",)]
STUCK_WORDS = CEILING | UNHAPPY | MEANINGFUL


def _growing(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if w in STUCK_WORDS or _seq(words, i, i + 1, FED_UP) is not None:
            return i
        if w in HAPPY and _has(words, i - 3, i, NOT) is not None and _has(words, i - 4, i, BODY) is None:
            return i  # "ik word er niet vrolijk van" (not "my shoulder is not happy": that is the body)
        if _seq(words, i, i + 1, INSTEAD) is not None and _has(words, i - 8, i, WANT) is not None:
            return i  # "ik wil iets met mijn hoofd doen in plaats van mijn handen"
    return None


DEMANDED = [("vraag", "naar"), ("in", "demand"), ("toekomstbestendig",), ("future-proof",), ("futureproof",)]
WEEKEND = {"zaterdag", "zondag", "zaterdags", "zondags", "weekend", "weekenden", "weekends", "saturday", "sunday",
           "saturdays", "sundays", "feestdagen", "holidays"}  # fmt: skip
WORKING = {"werk", "werken", "werkt", "work", "working", "works", "door", "dienst", "diensten", "shift", "shifts"}
EARLY_HOURS = {"vier", "vijf", "zes", "4", "5", "6", "four", "five", "six", "half"}


def _odd_hours(words: list[str]) -> int | None:
    """ "werk je zaterdag ook gewoon door", "begin je om zes uur": weekends and early starts."""
    for i, w in enumerate(words):
        if w in WEEKEND and _has(words, i - 4, i + 4, WORKING) is not None and _has(words, i - 3, i, NOT) is None:
            return i
        early = w in {"om", "at"} and words[i + 1 : i + 2] and words[i + 1] in EARLY_HOURS
        if early and _has(words, i - 4, i, {"begin", "beginnen", "begint", "start", "starts", "starten"}) is not None:
            return i
        if w in {"vroeg", "early"} and _has(words, i + 1, i + 5, {"laat", "late"}) is not None:
            return i  # "die tijden, morgen vroeg avond laat", "early one day, late the next"
        if (
            w in SCHEDULE
            and _has(words, i + 1, i + 6, SHUFFLED) is not None
            and _has(words, i + 1, i + 6, {"steeds", "altijd", "vaak", "always", "keep", "constantly", "om"})
            is not None
        ):
            return i  # "de uren gooien ze steeds om", "they keep changing the schedule"
        if (
            w in CHANGING
            and _has(words, i + 1, i + 3, SCHEDULE) is not None
            and _has(words, i - 3, i, {"elke", "iedere", "every", "each"}) is not None
        ):
            return i  # "elke week andere tijden", "every week different hours"
    return None


SHUFFLED = {"gooien", "gooit", "omgooien", "veranderen", "verandert", "wisselen", "wisselt", "schuiven", "schuift",
            "change", "changes", "changing", "changed", "shuffle", "shuffled", "move", "moving"}  # fmt: skip
CHANGING = {"andere", "anders", "different", "wisselende", "changing", "new", "nieuwe", "verschillende"}
SCHEDULE = {"tijden", "uren", "hours", "times", "rooster", "roosters", "schedule", "diensten", "shifts", "werktijden"}


def _future_proof(words: list[str]) -> int | None:
    """ "ik wil iets waar over tien jaar ook nog vraag naar is", "something that is in demand"."""
    for i, _ in enumerate(words):
        if _seq(words, i, i + 1, DEMANDED) is not None and _has(words, i - 8, i, WANT) is not None:
            return i
    return None


# "making beds all day has taken its toll", "het werk eist zijn tol", "work that is less demanding"
TOLL = {"toll", "tol"}
LIGHTER: list[tuple[str, ...]] = [
    ("less", "demanding"), ("less", "physical"), ("minder", "zwaar"), ("minder", "zware"), ("lichter", "werk"),
    ("lighter", "work"), ("minder", "lichamelijk"), ("iets", "lichters"), ("something", "lighter"),
]  # fmt: skip


def _worn_by_work(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if w == "rek" and _has(words, i + 1, i + 4, {"eruit", "uit"}) is not None:
            return i  # "de rek is eruit"
        if w in TOLL and _has(words, i - 4, i, {"taken", "takes", "taking", "eist", "eiste", "geëist"}) is not None:
            return i
        if _seq(words, i, i + 1, LIGHTER) is not None:
            return i
    return None


SIT = {"sit", "sitting", "zitten", "zittend", "seated"}  # not "zit": "ik zit thuis", "ik zit in de bouw"


def _wants_to_sit(words: list[str]) -> int | None:
    """ "a job where I can sit down", "zittend werk": the work now is on one's feet."""
    for i, w in enumerate(words):
        if w in SIT and (_has(words, i - 6, i, WANT) is not None or w == "zittend"):
            return i
    return None


# "there is no opportunity to progress", "geen kansen om door te groeien", "weinig toekomst in dit vak"
CHANCES = {"opportunity", "opportunities", "chances", "kansen", "mogelijkheid", "mogelijkheden",
           "room", "ruimte", "perspectief", "perspective", "future", "toekomst", "prospects", "promotion", "promotie",
           "doorgroeimogelijkheden", "groeimogelijkheden", "career", "carrière"}  # fmt: skip
NONE_OR_LITTLE = NOTHING | {
    "no",
    "weinig",
    "little",
    "zero",
    "nul",
    "hardly",
    "nauwelijks",
    "amper",
    "without",
    "zonder",
}


def _no_chances(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        missed = _has(words, i + 1, i + 3, {"gehad", "had", "gekregen", "got"}) is not None  # a chance missed once
        if w in CHANCES and _has(words, i - 3, i, NONE_OR_LITTLE) is not None and not missed:
            return i
    return None


# What is judged, and the judgement said of it within a few words ("the work is physical", "money is
# small", "income is very unstable", "die tijden zijn echt niet normaal"); a judgement denied before
# it ("het werk is niet zwaar", "decent salary") is none.
WORK_NOUNS = {"work", "werk", "job", "baan", "werkzaamheden", "wasserij", "laundry"}
MONEY_NOUNS = {"money", "geld", "salary", "salaris", "loon", "pay", "income", "inkomen", "wage", "wages",
               "inkomsten", "verdiensten"}  # fmt: skip
TIME_NOUNS = {"tijden", "werktijden", "hours", "uren", "rooster", "roosters", "schedule", "schedules", "times"}
PHYSICAL_WORDS = {"physical", "fysiek", "lichamelijk", "physically"}
LOW_WORDS = {"small", "klein", "low", "laag", "weinig", "krap", "little", "bad", "slecht", "poor", "karig", "mager"}
UNSTABLE_WORDS = {"unstable", "instabiel", "onzeker", "insecure", "uncertain", "onregelmatig", "irregular", "wisselend"}
ODD_WORDS = {"crazy", "gek", "raar", "abnormaal", "onmenselijk", "insane", "ridiculous", "belachelijk", "chaotic",
             "chaotisch", "normaal", "normal"}  # fmt: skip
JUDGED = (
    ("physical_strain", WORK_NOUNS, PHYSICAL_WORDS),
    ("low_income", MONEY_NOUNS, LOW_WORDS),
    ("insecure_work", MONEY_NOUNS | WORK_NOUNS, UNSTABLE_WORDS),
    ("irregular_hours", TIME_NOUNS, ODD_WORDS),
)
# "die tijden zijn echt niet normaal": for these judgements the denial IS the complaint
DENIED_IS_COMPLAINT = {"normaal", "normal"}
PREDICATE = {"is", "are", "zijn", "was", "were", "waren", "blijft", "stays", "feels", "voelt"}
DEGREE = {"very", "so", "too", "really", "quite", "heel", "erg", "zo", "te", "echt", "best", "nogal", "way",
          "super", "totally", "behoorlijk", "vaak", "often", "always", "altijd", "also", "ook"}  # fmt: skip


def _judged(value: str) -> Any:
    nouns, judgements = next((n, j) for v, n, j in JUDGED if v == value)

    def rule(words: list[str]) -> int | None:
        for i, w in enumerate(words):
            if not (w in nouns or lemmas(w) & nouns) or (words[i + 1 : i + 2] and words[i + 1] in nouns):
                continue
            k = i + 1
            if k < len(words) and words[k] in PREDICATE:
                k += 1
            else:
                continue
            denied = False
            while k < len(words) and (words[k] in DEGREE or words[k] in NOT):
                denied = denied or words[k] in NOT
                k += 1
            if k < len(words) and words[k] in judgements and denied == (words[k] in DENIED_IS_COMPLAINT):
                return i
        return None

    return rule


# "the money mainly", "het geld vooral", "money.": the answer is what it is about, and money is
# only ever a complaint when it is named alone
MAINLY = {"mainly", "mostly", "vooral", "voornamelijk", "especially", "first", "eerst", "natuurlijk"}


def _money_named_alone(words: list[str]) -> int | None:
    rest = [w for w in words if w not in {"the", "het", "de", "my", "mijn", "m'n", "mn"}]
    if rest and rest[0] in MONEY_NOUNS and len(rest) <= 2 and all(w in MAINLY for w in rest[1:]):
        return words.index(rest[0])
    return None


# "no income now", "geen inkomen", "zonder inkomsten"
def _no_income(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if (
            w in {"income", "inkomen", "inkomsten", "salary", "salaris", "loon"}
            and words[i - 1 : i]
            and words[i - 1] in {"no", "geen", "zonder", "without"}
        ):
            return i
    return None


# "For this I need Dutch diploma", "daarvoor heb ik een Nederlands diploma nodig": lacking one
NEED = {"need", "needs", "nodig", "require", "required"}


def _diploma_needed(words: list[str]) -> int | None:
    # (one's own need: not "every step up there needs a master's degree", the job's requirement)
    for i, w in enumerate(words):
        need = _has(words, i - 4, i + 3, NEED) if _is(w, QUALIFICATION, ("diploma", "diploma's")) else None
        if need is not None and _has(words, need - 4, need, {"i", "ik", "i'd", "i'll"}) is not None:
            return i
    return None


# "I never see my daughter awake", "ik zie mijn kinderen bijna niet wakker": the hours keep one from
# one's family
SEE = {"see", "zie", "zien", "sees", "ziet"}
FAMILY = {"daughter", "son", "kids", "children", "child", "family", "wife", "husband", "dochter", "zoon",
          "kinderen", "kind", "gezin", "vrouw", "man", "partner", "dochtertje", "zoontje"}  # fmt: skip
HARDLY = {"never", "hardly", "barely", "nooit", "nauwelijks", "amper", "niet", "bijna", "zelden", "rarely"}


def _family_missed(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        if w in SEE and _has(words, i + 1, i + 4, FAMILY) is not None and _has(words, i - 3, i + 6, HARDLY) is not None:
            return i
    return None


RULES = (
    ("irregular_hours", _family_missed),
    ("physical_strain", _judged("physical_strain")),
    ("low_income", _judged("low_income")),
    ("insecure_work", _judged("insecure_work")),
    ("irregular_hours", _judged("irregular_hours")),
    ("low_income", _money_named_alone),
    ("low_income", _no_income),
    ("no_diploma", _diploma_needed),
    ("low_income", _low_earning),
    ("no_prospects", _no_chances),
    ("low_income", _not_enough_money),
    ("low_income", _income_falling),
    ("low_income", _rates_stuck),
    ("no_diploma", _no_diploma),
    ("insecure_work", _insecure),
    ("physical_strain", _physical),
    ("irregular_hours", _unknown_schedule),
    ("irregular_hours", _wished_schedule),
    ("irregular_hours", _called_in),
    ("insecure_work", _insecure_wishes),
    ("physical_strain", _all_day_on_feet),
    ("physical_strain", _handling_loads),
    ("no_prospects", _moving_on),
    ("insecure_work", _job_at_risk),
    ("no_prospects", _growing),
    ("physical_strain", _wants_to_sit),
    ("irregular_hours", _odd_hours),
    ("physical_strain", _worn_by_work),
    ("no_prospects", _future_proof),
    ("no_prospects", _not_for_good),
)


ACCEPTED = {"accept", "accepted", "accepteren", "geaccepteerd", "erkend", "erkennen", "recognised", "recognized",
            "recognise", "recognize", "valid", "geldig", "telt", "counts", "count"}  # fmt: skip


def _diploma_not_accepted(words: list[str]) -> int | None:
    """ "my diploma is from Turkey and here they don't accept it": over the whole message."""
    for i, w in enumerate(words):
        if _is(w, QUALIFICATION, ("diploma", "diploma's")):
            for k in range(i + 1, min(len(words), i + 12)):
                accepted = ({words[k]} | lemmas(words[k])) & ACCEPTED
                if accepted and _has(words, k - 3, k + 4, NOT | NOT_BEING | NOTHING) is not None:
                    return i
    return None


def _match(value: str, token: int) -> dict[str, Any]:
    """A pain found at one token, shaped like the lexicon's matches."""
    return {"label": "pain", "value": value, "rank": 0, "fuzzy": False, "start": token, "end": token + 1}


MORNINGS = {"morning", "mornings", "ochtend", "ochtends", "ochtenden", "morgens", "vroeg", "early"}
EVENINGS = {"evening", "evenings", "avond", "avonds", "avonden", "night", "nights", "nacht", "nachts"}


def _split_shift(words: list[str]) -> int | None:
    """ "early mornings 5 to 9 and evenings again", "'s ochtends vroeg en 's avonds weer": work at
    both ends of the day (across the "and" that ends a clause; "mornings or evenings" is a choice)."""
    for i, w in enumerate(words):
        if w not in MORNINGS or _has(words, i - 3, i, NOT) is not None:
            continue
        evening = _has(words, i + 1, i + 9, EVENINGS)
        if evening is None:
            continue
        between = set(words[i + 1 : evening])
        if between & {"en", "and"} and not between & {"of", "or", "tot", "till", "until"}:
            return i
    return None


WHOLE_MESSAGE_RULES = [
    ("no_diploma", _diploma_not_accepted),
    ("physical_strain", _acts_too_hard),
    ("irregular_hours", _split_shift),
]


# what one lacks, said as what one wants: the same words said as what one has are no complaint
WISHED_RULES = {_wished_schedule, _insecure_wishes}


def _had(words: list[str], i: int) -> bool:
    """ "met vast contract en vaste tijden", "I have regular hours": had, not wished for."""
    return _has(words, i - 7, i, HAVING) is not None and _has(words, i - 8, i, WANT | NOT) is None


def pattern_pains(doc: Doc) -> list[dict[str, Any]]:
    """Pains found by the rules above, as lexicon-like matches (token offsets)."""
    found: dict[str, dict[str, Any]] = {}
    whole = [t.lower_ for t in doc]
    # rules that read across clauses first, on the whole message
    for value, rule in WHOLE_MESSAGE_RULES:
        at = rule(whole)
        if at is not None:
            found[value] = _match(value, at)
    for clause in _clauses(doc):
        words = [doc[i].lower_ for i in clause]
        for value, rule in RULES:
            if value in found:
                continue  # one match per value is enough
            at = rule(words)
            if at is not None and not (rule in WISHED_RULES and _had(whole, clause[at])):
                found[value] = _match(value, clause[at])
    return sorted(found.values(), key=lambda m: m["start"])
