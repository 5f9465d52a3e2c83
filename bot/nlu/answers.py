"""What a message answers, for the slot being asked: for the action server's form validation.

    from bot.nlu.answers import values_for_slot, all_values, is_question

    values_for_slot("age", "geboren in 1982", "nl", today)          # {"age": 44}
    values_for_slot("age", "bijna 50", "nl", today)                 # {"age": 49}
    values_for_slot("municipality", "naaldwyk", "nl", today)
    # {"municipality": "Westland", "place": {...PlaceMatch.as_dict(): name_as_typed, canonical,
    #   municipality, in_region, where_to_go, kind, outside_municipality, slot_value}}
    values_for_slot("municipality", "Andere gemeente", "nl", today) # {"municipality": "other"}: ask which
    values_for_slot("municipality", "weet ik niet", "nl", today)    # {"municipality": "unknown"}
    values_for_slot("municipality", "Oud-Beijerland", "nl", today)  # {"municipality": "Oud-Beijerland",
                                                                     #  "place": {... "in_region": None}}
    values_for_slot("pains", "mijn knieën en het loon", "nl", today)  # {"pains": ["physical_strain", "low_income"]}
    values_for_slot("work_situation", "ik wil graag weer meedoen", "nl", today)  # {"work_situation": "returner"}
    values_for_slot("pains", "geldt dit ook voor een cursus?", "nl", today)  # {}: a question is no answer
    values_for_slot("sector", "iets heel anders", "nl", today)      # {}: maps to nothing
    all_values("ik ben 45, woon in Delft en werk in de bouw", "nl", today)
    # {"age": 45, "municipality": "Delft", "sector": "construction"}
    is_question("geldt dit ook voor een cursus?")                   # True

Slots: age, municipality, work_situation, pains, sector, mode, language, email, phone. The values
come from the extractor (bot/nlu/extract.py) and the vocabulary; with the slot asked it also reads
a bare answer the extractor alone would not ("1982", a bare "50", a place name it does not know,
short answers for the work situation and pains in the context of the question). Values inside a
question about the scheme are never given. Pure functions: no Rasa, no spaCy.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from api.eligibility.vocabulary import vocabulary
from bot.nlu.extract import extract_text
from bot.nlu.language import explicit_language
from bot.nlu.lemmas import lemmas
from bot.nlu.pain_reader import confident_pains
from bot.nlu.places import find_places, only_left, resolve_place
from bot.nlu.questions import is_question, question_spans

__all__ = ["NOTHING_MORE", "NOTHING_TO_CHANGE", "all_values", "is_question", "values_for_slot"]

SLOT_ENTITIES = {
    "age": "age",
    "municipality": "municipality",
    "work_situation": "work_situation",
    "pains": "pain",
    "sector": "sector",
    "mode": "mode",
    "language": "language",
    "email": "email",
    "phone": "phone",
}
# Short answers that only mean something as the answer to the question asked.
SLOT_PHRASES: dict[str, dict[str, list[str]]] = {
    "work_situation": {
        "employed": ["in loondienst", "loondienst", "vast", "vaste baan", "in dienst", "werknemer", "employee",
                     "salaried", "on payroll", "ik heb een baan", "i have a job", "full time", "fulltime", "parttime"],
        "job_seeker": ["zoekende", "op zoek", "searching", "looking"],
        "student": ["school", "studie", "studeren", "opleiding", "mbo", "hbo", "uni", "college", "university",
                    "studying"],
        "returner": ["weer meedoen", "join in again", "back to work", "weer aan de slag", "weer beginnen",
                     "weer aan het werk", "weer werken", "work again", "back at work", "return", "terugkeren"],
    },
    "pains": {
        "no_prospects": ["groeien", "grow", "verder", "further", "iets nieuws", "something new", "meer", "more",
                         "ontwikkelen", "develop", "leren", "learn", "uitdaging", "challenge", "weer meedoen",
                         "join in again", "back to work", "weer aan het werk", "weer aan de slag", "bijblijven",
                         "keep up", "up to date"],
    },
}  # fmt: skip
# "Daarvoor werkte ik als doktersassistente", "I used to work at a bank": a job held before
WORKED_BEFORE = re.compile(
    r"\b(werkte|gewerkt|worked|used to work|daarvoor|vroeger|before that|previously|i was|ik was)\b",
    re.I,
)
WORKS_NOW = re.compile(
    r"\b(ik werk|i work|i'?m working|ik sta|nu werk|now i work|werk ik)\b(?!\s+(nu\s+|momenteel\s+)?(niet|geen|not)\b)",
    re.I,
)
# "ben gestopt in het 2e jaar", "dropped out": a study left
STUDY_LEFT = re.compile(
    r"\b(gestopt|gestaakt|afgebroken|afgehaakt|niet afgemaakt|stopped|quit|dropped out|left|gave up|"
    # school behind one: "ben van school af", "klaar met school", "done with school"
    r"van school af|klaar met (school|mijn studie)|done with school|finished school|"
    # "not studying anymore", "studeer niet meer", "no longer a student"
    r"not studying (anymore|any more)|no longer (studying|a student|in school)|not in school anymore|"
    r"studeer niet meer|niet meer (aan het )?studeren|geen student meer|niet meer op school)\b",
    re.I,
)
# a job named without its trade: "bijbaantje bij de ah", "a job at the supermarket"
# "a classroom helper at an international school", "in de kantine van de school": a school as where one works
SCHOOL_AS_WORKPLACE = re.compile(r"\b(at|in|on|op|bij|van) (an?|the|een|de|het) (\w+ )?school\b", re.I)
# the children at school, not the resident: "now they're both in school", "de kinderen gaan naar school"
OTHERS_AT_SCHOOL = re.compile(
    r"\b(they|they'?re|they are|kids|children|kinderen|kids'|zoon|dochter|son|daughter|twins|tweeling|ze|zij)\b"
    r"[^.!?]{0,25}\bschool\b",
    re.I,
)
# (also "8 hours a week as a classroom helper at an international school": a job at a school)
JOB_NAMED = re.compile(r"\b(bijbaan(tje)?|baan(tje)?|job|werk bij|werk als|work at|work as|as an?)\b", re.I)
# "Op dit moment niks", "at the moment nothing": no work now
NOTHING_NOW = re.compile(
    r"\b(op dit moment|op het moment|momenteel|nu|at the moment|currently|right now|now)\s+(even\s+|eigenlijk\s+)?"
    r"(i'?m\s+|i am\s+|ben ik\s+|werk ik\s+)?(niks|niets|nothing|none|geen werk|no work|no job|not working|"
    r"niet aan het werk|niet)\b",
    re.I,
)


def held_before_not_now(text: str) -> bool:
    """ "Op dit moment niks", "vroeger werkte ik", "I was a teacher", and no "ik werk" now."""
    return bool((WORKED_BEFORE.search(text) or NOTHING_NOW.search(text)) and not WORKS_NOW.search(text))


# "ik wil weer wat gaan doen", "I'd like to work again": back to work
AGAIN = re.compile(r"\b(weer|opnieuw|again|back to work|terug aan het werk)\b", re.I)
# what makes a school named at "what fits you best?" one's own study: "ik studeer", "2e jaar"
STUDYING = re.compile(
    r"\b(studeer|studeren|student|studente|studying|study|ik zit op|i'?m at|leerjaar|klas|opleiding tot|"
    r"(doe|volg|ben bezig met) (een |de |mijn )?(opleiding|studie)|"
    r"(\d|eerste|tweede|derde|vierde|first|second|third|fourth)(e|de|st|nd|rd|th)? ?(jaar|year))\b",
    re.I,
)
# One or two words naming a topic, as a whole answer to "what would you like to change?" (a
# WhatsApp-short "geld", "mijn rooster", "the contract"): that topic is what bothers them.
TOPIC_ANSWERS: dict[str, set[str]] = {
    "low_income": {"geld", "loon", "salaris", "inkomen", "centen", "poen", "uurloon", "betaling", "money", "pay",
                   "salary", "wage", "income", "cash"},
    "irregular_hours": {"rooster", "werktijden", "tijden", "diensten", "dienst", "schedule", "shifts", "shift",
                        "rota"},
    "no_diploma": {"diploma", "papiertje", "certificaat", "startkwalificatie", "qualification", "certificate",
                   "degree"},
    "insecure_work": {"contract", "zekerheid", "security", "vastigheid"},
    "physical_strain": {"lichaam", "lijf", "gezondheid", "body", "health"},
    "no_prospects": {"toekomst", "future", "groei", "growth", "perspectief", "carrière", "carriere", "career",
                     "doorgroeien", "prospects"},
}  # fmt: skip
TOPIC_FILLERS = {"de", "het", "een", "mijn", "mn", "m'n", "me", "the", "my", "a", "an", "meer", "more", "beter",
                 "better", "betere", "vooral", "mostly", "gewoon", "just", "echt", "really", "vast", "vaste",
                 "permanent", "job", "en", "and", "erkend", "erkende", "recognised", "recognized", "officieel",
                 "officiële", "official", "proper", "goed", "goede", "good", "nederlands", "nederlandse",
                 "dutch"}  # fmt: skip
NONE_ANSWERS = {"nee", "no", "niks", "nothing", "geen", "none", "nvt", "n.v.t.", "n/a", "-"}


# "honestly nothing, I like driving", "nee, ik ben tevreden": nothing to change
NOTHING_TO_CHANGE = re.compile(
    r"^\W*((honestly|eerlijk gezegd|eigenlijk|nou|no|nee|well|really|echt)\W+)*"
    r"(nothing|niks|niets|none|geen klachten|no complaints|not really|niet echt)\b|"
    r"\bnothing (really )?bothers me\b|\b(ik ben|i'?m) (best |heel |very |quite )?(tevreden|happy|content|satisfied)\b|"
    r"\bniks mis mee\b|\bnothing wrong with (it|my job)\b",
    re.I,
)
# "honestly nothing, ...", "niks hoor. ...": nothing said first, as a sentence of its own
NOTHING_FIRST = re.compile(
    r"^\W*((honestly|to be honest|tbh|eerlijk gezegd|eerlijk|eigenlijk|nou|no|nee|well|really|echt)\W+)*"
    r"((nothing|niks|niets|none|geen klachten|no complaints)( really| eigenlijk| hoor| echt| at all)?|"
    r"nothing (really )?bothers me|niks zit me dwars|er zit me niks dwars)\s*[,.!;]",
    re.I,
)
# "..., maar zelf ben ik tevreden", "but I'm happy where I am": the "but" turns back to contentment
CONTENT_AFTER = re.compile(
    r"^[^.!?]{0,20}\b(ben ik|ik ben|i'?m|i am)\s+(best |heel |wel |very |quite |really )?"
    r"(tevreden|happy|content|satisfied)\b|"
    r"^\W*(curious|benieuwd|nieuwsgierig)\b",  # "I was only curious"
    re.I,
)
# "nee, verder niks", "dat was het", "that's all": nothing more to add to what was told (the
# question after a whole story); "verder" and "meer" alone would read as wanting to grow
NOTHING_MORE = re.compile(
    r"^\W*((nee+|neen|no|nope|nah|ok[eé]?|okay)\W+)*("
    r"(verder|anders|daarnaast|voor de rest|for the rest)\W+(niks|niets|niet|nee|nothing)|"
    r"(niks|niets|nothing|none)\W+(anders|meer|verder|else|more)|"
    r"dat (was|is) (het|alles)( wel)?|that'?s (all|it|everything)|that (was|is) (all|it|everything)|"
    r"(verder|voor de rest) is alles (goed|prima|ok[eé]?|okay)|nothing more|no more|nope)"
    # the whole message, but for courtesy: not "dat is het probleem: mijn rug"
    r"\W*(hoor|wel|eigenlijk|echt|really|thanks|thank you|bedankt|dank je( wel)?|dank u( wel)?)?\W*$",
    re.I,
)
# what turns a "nothing" into a "nothing but": "niks eigenlijk, maar het loon is laag"
BUT = re.compile(
    r"\b(maar|alleen|behalve|wel|but|except|only|apart from|although|though|"
    # "Nothing is wrong as such, I'd simply like to keep growing": a wish after the nothing
    r"i'?d (simply |just |really )?(like|love)|i would (like|love)|i (just |simply |really )?want|"
    r"ik wil|ik zou (graag|willen)|graag)\b",
    re.I,
)
# "nee hoor, het salaris is prima": a no first, then what is fine (the learned reader would see
# only the topic); "no diploma" and "nee, slecht betaald" are not this
DENIED_FIRST = re.compile(r"^\W*(nee|neen|nope|nah|no|nay)\b\s*(hoor|joh)?\s*([,.!;]|(?=(i|ik)\b))", re.I)
# a street's name: "Paul Krugerlaan", "de Herenstraat", "Vaillantlaan", "Laan van Meerdervoort"
STREET = re.compile(
    r"(laan|straat|weg|plein|kade|gracht|singel|dreef|steeg|street|road|avenue|lane)\b|^(laan|weg) van\b", re.I
)
NO_PLACE_YET = re.compile(
    r"\b(weet\b[^.?!]{0,25}\bniet|geen idee|geen (vast )?adres|dakloos|zwerf|don'?t know|not sure|no idea|"
    r"no (fixed )?address|homeless|between (homes|places)|sofa ?surf\w*|couch ?surf\w*|"
    # chat shorthand: "idk tbh, just moved", "dunno", "wrs ergens"
    r"idk|dunno|no clue|geen flauw idee|weet ik veel)\b",
    re.IGNORECASE,
)


def _entities(text: str, today: date) -> list[dict[str, Any]]:
    return extract_text(text, today=today)


def _age_alone(text: str, today: date) -> int | None:
    """A bare number or year as the answer to "how old are you?"."""
    vocab = vocabulary()
    # "1967, ik haal het altijd door elkaar": the number that opens the answer, with no other beside it
    m = re.fullmatch(r"\s*(\d{1,4})\s*(?:[.!?]\s*|[,;:]\D*)?", text)
    if not m:
        return None
    value = int(m.group(1))
    if 1900 < value <= today.year:
        value = today.year - value
    return value if vocab.age_min <= value <= vocab.age_max else None


# A statement that asks for confirmation ("dat is Westland toch?", "Monster, that's Westland right?")
# answers the question; only a real question about something else gives no answer.
TAG_QUESTION = re.compile(
    r"\b(toch|right|h[eè]|of niet|or not|isn'?t it|is it|klopt dat|correct|ja)\s*[?!.]*\s*$", re.IGNORECASE
)


def _outside_questions(text: str) -> str:
    """The text with its questions blanked (same length: offsets stay valid)."""
    if TAG_QUESTION.search(text):
        return text
    for start, end in question_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def values_for_slot(
    slot: str, text: str, language: str, today: date | None = None, *, guess: bool = True
) -> dict[str, Any]:
    """The values this message gives for ``slot`` (see the module docstring); {} when none.
    ``guess=False``: what bothers the resident only from the rules, without the learned reader."""
    today = today or date.today()
    if not text or not text.strip() or text.startswith("/"):
        return {}
    vocab = vocabulary()
    # "kan het ook via Teams?" asks for a way of talking: for the mode, a question is an answer
    answer = text if slot == "mode" else _outside_questions(text)
    if not answer.strip():
        return {}
    found = _entities(text, today)
    entity = SLOT_ENTITIES.get(slot)
    if slot == "language":
        asked = explicit_language(answer)
        return {"language": asked} if asked else {}
    if slot == "municipality":
        bare = answer.strip().strip(".!")
        if vocab.is_other_answer(bare):
            return {"municipality": "other"}
        if vocab.is_unknown_answer(bare):
            return {"municipality": "unknown"}
        named = {m.municipality or m.name_as_typed for m, *_ in find_places(answer)}
        if NO_PLACE_YET.search(answer) and (len(named) > 1 or not find_places(answer, fuzzy=False)):
            # "ik weet niet of dat nog Den Haag is of al Leidschendam"; "een woonboot aan de Vliet, geen
            # idee onder welke gemeente dat valt": a place only guessed from a typo is no answer
            return {"municipality": "unknown"}
        place = None if only_left(answer) else resolve_place(answer)
        if place is not None and place.canonical is None and answer != text:
            # "Honestly, do people my age actually get funded?": what is left beside a question is
            # no place name unless the vocabulary knows it
            place = None
        other_answer = any(e["entity"] in ("sector", "work_situation", "pain", "age") for e in found)
        if place is not None and place.canonical is None and other_answer:
            place = None  # "kapper", "in de kas": the answer to another question, not a place name
        if place is None:
            # "geen vast adres, weet nog niet waar ik kom te wonen": no place to name yet
            return {"municipality": "unknown"} if NO_PLACE_YET.search(answer) else {}
        if place.canonical is None and STREET.search(place.name_as_typed):
            # "paul krugerlaan": a street, not where it lies; asked once more (the village or
            # municipality), and kept as typed after that
            return {}
        return {"municipality": place.slot_value, "place": place.as_dict()}
    if slot == "pains":
        nothing = NOTHING_FIRST.match(answer) or NOTHING_MORE.match(answer)
        buts = list(BUT.finditer(answer[nothing.end() :])) if nothing else []
        if nothing and (not buts or CONTENT_AFTER.match(answer[nothing.end() + buts[-1].end() :])):
            # "honestly nothing, I like my job, decent pay and normal office hours": what follows the
            # "nothing" says what is fine, not what to change ("niks, alleen het loon is laag" does)
            return {}
        pains = [e["value"] for e in found if e["entity"] == "pain"]
        # a topic answer is a whole answer: not what is left of a message beside its question
        topic = [] if pains or answer != text else _topic_answer(answer)
        if not pains:
            pains = topic or _slot_phrase("pains", answer)
        # a topic answer ("meer centen!") is read whole; "nothing" names nothing
        if guess and not topic and not NOTHING_TO_CHANGE.search(answer) and not DENIED_FIRST.search(answer):
            # the ways of saying it the rules don't know yet ("they can cut you off whenever")
            pains += confident_pains(answer)
        return {"pains": list(dict.fromkeys(pains))} if pains else {}
    values = [e["value"] for e in found if e["entity"] == entity]
    if values:
        return {slot: values[0]}
    if slot == "age":
        age = _age_alone(answer, today)
        return {"age": age} if age is not None else {}
    if slot == "work_situation":
        hit = _slot_phrase("work_situation", answer)
        trade = any(e["entity"] == "sector" for e in found)
        # "deed mbo verzorgende maar ben gestopt in het 2e jaar": a study left, the trade is the job
        job = trade or bool(JOB_NAMED.search(answer))
        left = hit[:1] == ["student"] and job and STUDY_LEFT.search(answer)
        at_school = job and SCHOOL_AS_WORKPLACE.search(answer)
        others = OTHERS_AT_SCHOOL.search(answer)  # "now they're both in school so I'm trying to return"
        if hit[:1] == ["student"] and not left and (trade or at_school or others) and not STUDYING.search(answer):
            hit = hit[1:]  # "kantine van de school", "helper at an international school": where one works
        if hit and not left:
            return {"work_situation": hit[0]}
        if left and not trade:
            return {"work_situation": "employed"}  # "bijbaantje bij de ah, ben van school af"
        # asked about their work, they name a trade ("nurse in a hospital", "administratief
        # medewerker, mbo 4", "schoonmaak, 3 scholen na school"): a job, whatever school is named
        if trade and held_before_not_now(answer):
            # "Op dit moment niks ... Vroeger werkte ik in een winkel": a trade held before
            return {"work_situation": "returner"} if AGAIN.search(answer) else {}
        if trade:
            return {"work_situation": "employed"}
        return {}
    return {}


def _topic_answer(text: str) -> list[str]:
    """ "geld", "mijn rooster", "more money": a whole answer of one or two topic words."""
    words = [w for w in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower()) if w not in TOPIC_FILLERS]
    if not 1 <= len(words) <= 2:
        return []
    hits = []
    for word in words:
        forms = lemmas(word)
        value = next((v for v, topics in TOPIC_ANSWERS.items() if forms & topics), None)
        if value is None:
            return []
        hits.append(value)
    return list(dict.fromkeys(hits))


def _slot_phrase(slot: str, text: str) -> list[str]:
    words = " " + " ".join(re.findall(r"[^\W\d_]+", text.lower())) + " "
    # "ik ben geen 20 meer", "kan niet meer", "not any more": no wish for more
    words = re.sub(r" (?:niet|geen(?: [^ ]+)?|any) (?=meer |more )(?:meer|more) ", " ", words)
    hits = []
    for value, phrases in SLOT_PHRASES.get(slot, {}).items():
        if any(f" {p} " in words for p in phrases):
            hits.append(value)
    return hits


def all_values(text: str, language: str, today: date | None = None) -> dict[str, Any]:
    """Every slot this message gives a value for (several answers in one message)."""
    today = today or date.today()
    out: dict[str, Any] = {}
    for e in _entities(text, today):
        if e["entity"] == "pain":
            out.setdefault("pains", [])
            if e["value"] not in out["pains"]:
                out["pains"].append(e["value"])
        elif e["entity"] in SLOT_ENTITIES.values() and e["entity"] not in out:
            out[e["entity"]] = e["value"]
        elif e["entity"] == "place":
            out.setdefault("place", e["value"])
    return out
