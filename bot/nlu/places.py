"""Which place a resident names, from the shared vocabulary (api/eligibility/vocabulary.yml).

    from bot.nlu.places import resolve_place

    resolve_place("ik woon in Naaldwyk")
    # PlaceMatch(name_as_typed="Naaldwyk", canonical="Naaldwijk", municipality="Westland",
    #            in_region=True, where_to_go=None, kind="village", outside_municipality=None)
    resolve_place("Nootdorp")      # in_region=False, municipality=None,
                                   # outside_municipality="Pijnacker-Nootdorp",
                                   # where_to_go={"name": ..., "phone": ..., "url": ..., "address": ...}
    resolve_place("Oud-Beijerland")  # canonical=None, in_region=None: unknown, as typed
    resolve_place("Andere gemeente") # None: no place named ("other"; ask which place)
    resolve_place("weet ik niet")    # None

``text`` may be a bare answer ("naaldwijk") or a sentence ("I live in Den Haag, Ypenburg"). Known
names match exactly (case, accents, hyphens, quotes and "y"/"ij" ignored) or with a typo
(rapidfuzz: one edit in names of 5-7 letters, two from 8 letters). An unknown name is returned as
typed when the text is a short bare answer or follows "woon in", "live in", "from", "uit".
``PlaceMatch.slot_value`` is what the municipality slot and the API take: the region
municipality, the known outside municipality, or the name as typed (the API answers
needs_review for that, naming it). Pure functions: no Rasa, no spaCy.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from api.eligibility.vocabulary import Place, Vocabulary, normalise_place, vocabulary
from bot.nlu.lemmas import is_word
from bot.nlu.lexicon import read_terms

# "2525", "2521 AB", "postcode 2287": the four digits name the municipality (the vocabulary's postcodes)
POSTCODE = re.compile(r"\b([1-9]\d{3})\s?(?:[A-Za-z]{2}\b)?")
POSTCODE_ANSWER_WORDS = 4
WORD = re.compile(r"[^\W\d_](?:[\w'’`/-]*\w)?|'s-\w+|'t\s\w+", re.UNICODE)
# words after which a name is the place where someone lives
LIVE_CUES = {
    ("woon", "in"), ("wonen", "in"), ("woonachtig", "in"), ("woon", "op"), ("live", "in"), ("living", "in"),
    ("lives", "in"), ("based", "in"), ("kom", "uit"), ("come", "from"), ("i'm", "from"), ("im", "from"),
    ("am", "from"), ("woon", "te"), ("home", "is"), ("moved", "to"), ("verhuisd", "naar"),
}  # fmt: skip
LIVE_WORDS = {
    "woon",
    "wonen",
    "woonachtig",
    "live",
    "living",
    "lives",
    "resident",
    "home",
    "uit",
    "from",
    "moved",
    "verhuisd",
}
ORIGIN_WORDS = {"uit", "from"}
MOVED_THINGS = {"its", "office", "kantoor", "company", "bedrijf", "firm", "business", "zaak", "fabriek", "factory",
                "werkgever", "employer", "department", "afdeling", "vestiging", "headquarters",
                "hoofdkantoor"}  # fmt: skip
PASSING = {"door", "through", "langs", "across", "over"}
MOVING_WORDS = {"moved", "verhuisd"}
# who moved, for a move to be where one lives now: "we moved to Delft", "ik ben verhuisd naar Rijswijk"
MOVERS = {"i", "we", "ik", "wij", "we're", "we've", "i've", "i'm", "im", "ben", "family", "gezin", "just", "net",
          "recently", "onlangs", "pas"}  # fmt: skip
# "care home", "nursing home": where people are cared for, or work
INSTITUTION_HOMES = {"care", "nursing", "retirement", "residential", "group", "children's", "childrens", "foster"}
WORK_WORDS = {"werk", "werken", "work", "working", "works", "kantoor", "office", "job", "baan", "stage",
              "department", "afdeling", "team", "employer", "werkgever", "vestiging", "branch", "headquarters",
              "hoofdkantoor", "klus", "klussen", "bouwplaats", "opdracht", "project", "shift", "dienst", "gig",
              "kassen", "kas", "fabriek", "factory", "bedrijf", "company", "school", "university",
              "universiteit", "hogeschool", "student", "opleiding", "studie", "study", "mbo", "hbo", "roc",
              "studeer", "distributiecentrum", "magazijn", "warehouse", "winkel", "shop", "hotel",
              "restaurant", "ziekenhuis", "hospital", "clean", "cleaning", "schoonmaken", "lab", "labs", "tu",
              "verpleeghuis", "zorginstelling", "kinderdagverblijf", "daycare", "nursing", "care",
              # "a colleague at the greenhouse in Maasland", "ik rij taxi in Den Haag"
              "collega", "collega's", "colleague", "colleagues", "rij", "rijd", "drive", "drives", "driving",
              "taxi", "ministerie", "ministry", "klanten", "customers"}  # fmt: skip
# "I saw your poster at Den Haag Centraal", "de flyer lag in de bibliotheek in Delft": where the
# campaign was seen, not where one lives (found like a workplace)
SEEN_AT_WORDS = {"poster", "posters", "flyer", "flyers", "folder", "advertentie", "advert", "ad", "billboard",
                 "reclame", "abri", "affiche"}  # fmt: skip
# Words that are never (part of) a place name, also when they look like one after a typo.
NOT_PLACES = {
    "ik", "je", "jij", "u", "wij", "we", "i", "you", "my", "mijn", "in", "de", "het", "een", "the", "a", "en",
    "and", "of", "or", "woon", "wonen", "live", "living", "werk", "work", "working", "ben", "am", "is",
    "ja", "nee", "yes", "no", "hoi", "hallo", "hello", "hi", "hey", "dag", "goedemorgen", "goedemiddag",
    "thanks", "bedankt", "dank", "oke", "ok", "okay", "sorry", "niet", "not", "geen", "nog", "al", "ook",
    "maar", "but", "bij", "at", "near", "buurt", "vlakbij", "dichtbij", "centrum", "stad", "city", "town",
    "dorp", "village", "gemeente", "municipality", "wijk", "district", "regio", "region", "hier", "here",
    "daar", "there", "thuis", "home", "huis", "house", "nu", "now", "jaar", "years", "old", "oud", "student",
    "werkloos", "zzp", "bouw", "kantoor", "office", "school", "waar", "where", "wat", "what", "weet",
    "know", "idee", "idea", "wel", "well", "zo", "so", "er", "die", "dat", "that", "this", "deze",
    "dit", "noord", "zuid", "oost", "west", "north", "south", "east", "monsters", "lier", "helpen", "help",
    "westen", "oosten", "noorden", "zuiden", "delven", "leiden", "beiden", "meiden", "leider", "lijden",
    "lisse", "gouda", "breda", "laat", "laken", "lieve", "monstert",
}  # fmt: skip
# (the last line: Dutch words one typo from a place, and places that are also common words;
# exact matches of place names still count, only their fuzzy look-alikes are refused)


@dataclass(frozen=True)
class PlaceMatch:
    name_as_typed: str
    canonical: str | None  # the vocabulary's spelling ("Naaldwijk"), None when unknown
    municipality: str | None  # a region municipality, None outside the region or unknown
    in_region: bool | None  # None: we don't know the place
    where_to_go: dict[str, str | None] | None  # known places outside the region only
    kind: str | None = None  # "municipality", "alias", "district", "village"; None if unknown
    outside_municipality: str | None = None  # the municipality of a known outside place

    @property
    def slot_value(self) -> str:
        """What the municipality slot and the API take (see the module docstring)."""
        return self.municipality or self.outside_municipality or self.name_as_typed

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "slot_value": self.slot_value}


@dataclass(frozen=True)
class _Index:
    vocab: Vocabulary
    names: dict[str, Place]  # normalised spelling -> place
    by_words: dict[int, list[str]]  # number of words -> normalised spellings of that length
    max_words: int


@lru_cache(maxsize=1)
def _index() -> _Index:
    vocab = vocabulary()
    names: dict[str, Place] = {}
    for spelling, place in vocab.places():
        names[normalise_place(spelling)] = place
    # a name of several words written as one ("sgravenzande", "wateringseveld", "denhaag")
    for key, place in list(names.items()):
        joined = key.replace(" ", "")
        if " " in key and len(joined) >= 6:
            names.setdefault(joined, place)
    by_words: dict[int, list[str]] = {}
    for key in names:
        by_words.setdefault(len(key.split()), []).append(key)
    return _Index(vocab, names, by_words, max(by_words))


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]


def _match(place: Place, typed: str, language: str = "nl") -> PlaceMatch:
    where = place.where_to_go.as_dict(language) if place.where_to_go else None
    return PlaceMatch(
        name_as_typed=typed,
        canonical=place.name,
        municipality=place.municipality if place.in_region else None,
        in_region=place.in_region,
        where_to_go=where,
        kind=place.kind,
        outside_municipality=None if place.in_region else place.municipality,
    )


def _fuzzy(key: str, index: _Index) -> Place | None:
    """A known name one or two typos away; never for short or common words."""
    if len(key.replace(" ", "")) < 4 or key in NOT_PLACES or all(w in NOT_PLACES for w in key.split()):
        return None
    if " " in key and key.split()[-1] in NOT_PLACES - {"den", "aan"}:
        return None  # "Rijswijk en nu ...": a place and the next word, not a longer name
    if len(key) == 4:  # only a cut-off name: "delf" for "delft"
        cut = [n for n in index.by_words.get(1, []) if len(n) == 5 and n.startswith(key)]
        return index.names[cut[0]] if len(cut) == 1 else None
    if " " not in key and is_word(key):
        return None  # a word of the language, not a typo: "trillingen" is no "Teylingen"
    limit = 1 if len(key) < 8 else 2
    candidates = index.by_words.get(len(key.split()), [])
    found = process.extractOne(key, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit, processor=None)
    if found is None:
        return None
    name = found[0]
    # the same first letter and a similar length: "naaldwyk"/"naaldwijk", not "lier"/"lijer"
    if name[0] != key[0] or fuzz.ratio(key, name) < 80:
        return None
    return index.names[name]


AWAY_FROM = re.compile(
    r"\b(minutes?|min|km|miles?|meters?|metres?|walk|drive|ride|away|far|minuten|minuutjes?)\s+(from|van)\s+$", re.I
)
# a place left: "verhuisd van Leiden", "just moved here from Rotterdam"
MOVED_FROM = re.compile(r"\b(verhuisd|verhuizen|verhuis|moved|moving)\b[^.!?]{0,20}\b(van|from|uit)\s+$", re.I)
WORK_IS_THERE = re.compile(
    r"\s*(is|was)\s+(waar|where)\s+(ik|i|mijn|my|m'n|mn)\s+(werk|work|job|baan)\b|\s*(is|was)\s+(my|mijn)\s+(werk|work)|"
    # "mijn salon in Monster waar ik 12 jaar werkte", "the shop in Delft where I worked"
    r"\s*,?\s*(waar|where)\s+(ik|i)\b[^.!?,]{0,20}\b(werk|werkte|gewerkt|work|worked|working)\b",
    re.I,
)


@lru_cache(maxsize=1)
def job_words() -> frozenset[str]:
    """The one-word jobs and workplaces of the lexicon's sectors ("beveiliger", "greenhouse"): a
    place after one in the same clause is where the resident works ("ik ben beveiliger bij een
    ministerie in Den Haag centrum")."""
    return frozenset(term.lower() for terms in read_terms()["sector"].values() for term in terms if " " not in term)


@lru_cache(maxsize=1)
def workplace_words() -> frozenset[str]:
    """Words after which a place is where one works or saw the campaign, not where one lives."""
    return frozenset(WORK_WORDS | SEEN_AT_WORDS | job_words())


def _clause_before(text: str, start: int) -> set[str]:
    """The lower-case words from the start of the clause up to ``start``."""
    head = re.split(r"[.!?;,]", text[:start])[-1]
    return {w.lower() for w, _, _ in _words(head)}


Found = tuple[PlaceMatch, int, int, bool, bool]


def find_places(text: str, fuzzy: bool = True) -> list[Found]:
    """Every known place named in the text: (match, start, end, live cue, work cue), longest first
    within overlaps, in order of appearance."""
    return list(_find_places(text, fuzzy))


@lru_cache(maxsize=512)
def _find_places(text: str, fuzzy: bool) -> tuple[Found, ...]:
    # One message is looked at by the extractor, the reading of the answer and the reading of the
    # statements, each asking for its places: found once (the fuzzy look-up is the costly part).
    index = _index()
    words = _words(text)
    lowered = [w.lower() for w, _, _ in words]
    found: list[tuple[PlaceMatch, int, int, bool, bool]] = []
    origin: list[bool] = []  # named only as where someone comes from ("from", "uit")
    taken: set[int] = set()
    for size in range(min(index.max_words, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            if any(j in taken for j in range(i, i + size)):
                continue
            start, end = words[i][1], words[i + size - 1][2]
            typed = text[start:end]
            key = normalise_place(typed)
            place = index.names.get(key)
            if place is None and fuzzy:
                place = _fuzzy(key, index)
            if place is None and size == 1 and "-" in typed.strip("-"):
                # "Scheveningen-dorp", "Naaldwijk-Noord": a part of a known place
                place = index.names.get(normalise_place(typed.split("-", 1)[0]))
            if place is None:
                continue
            before = lowered[max(0, i - 6) : i]
            cues = set(before[-4:]) & LIVE_WORDS
            if "home" in cues and set(before[-4:]) & INSTITUTION_HOMES:
                cues.discard("home")  # "I work in a care home in The Hague": a workplace
            # ("vorige week verhuisd naar Rijswijk" needs no "ik"; "mijn werk is verhuisd" is no move)
            earlier = set(lowered[max(0, i - 10) : i])
            moved_alone = cues <= {"verhuisd"} and not earlier & WORK_WORDS
            if cues & MOVING_WORDS and set(before[-4:]) & MOVED_THINGS:
                cues = set()  # "the company moved its office to Eindhoven": the work moved, not the resident
            if cues and cues <= MOVING_WORDS and not earlier & MOVERS and not moved_alone:
                cues = set()  # "the whole department is being moved to Rotterdam": not the resident
            if cues <= ORIGIN_WORDS and (REFERENCE_BEFORE.search(text[:start]) or AWAY_FROM.search(text[:start])):
                cues = set()  # "just across the border from Maasland", "10 minutes from Delft": a landmark
            live = bool(cues)
            # a work or school word earlier in the same clause: "ik werk al zes jaar in een
            # distributiecentrum in de Plaspoelpolder", "mbo opleiding ict in delft"
            clause = _clause_before(text, start)
            work = bool((set(before) | clause) & workplace_words()) and not live
            work = work or bool(WORK_IS_THERE.match(text[end:]))  # "rijswijk is waar mijn werk is"
            # "ik kom elke dag door heel Den Haag", "I drive all over Delft": passed through for work
            # (and the next place in the list: "door heel Den Haag en Rijswijk")
            listed = before[-1:] in (["en"], ["and"], [","], ["of"], ["or"]) and set(before[-5:]) & PASSING
            work = work or (not live and bool(set(before[-2:]) & PASSING or listed))
            found.append((_match(place, typed), start, end, live, work))
            # "verhuisd van Rotterdam naar Rijswijk", "moved from Delft to Den Hoorn": left behind
            moved_from = bool(cues & MOVING_WORDS) and before[-1:] in (["van"], ["from"], ["uit"])
            origin.append((bool(cues) and cues <= ORIGIN_WORDS) or moved_from)
            taken.update(range(i, i + size))
    if any(live and not from_ for (*_, live, _), from_ in zip(found, origin, strict=True)):
        # "I'm from Delft but live in Rijswijk now": where one lives beats where one comes from
        found = [(m, s, e, live and not from_, w) for (m, s, e, live, w), from_ in zip(found, origin, strict=True)]
    return tuple(sorted(found, key=lambda f: f[1]))


def _unknown_name(text: str) -> str | None:
    """A name the vocabulary does not know: after "woon in"/"live in"/"from", or a short bare answer."""
    words = _words(text)
    lowered = [w.lower() for w, _, _ in words]
    for i in range(len(words) - 1):
        if (lowered[i], lowered[i + 1]) in LIVE_CUES:
            name: list[tuple[str, int, int]] = []
            for w, s, e in words[i + 2 : i + 6]:
                if w.lower() in NOT_PLACES - {"de", "het", "den", "aan", "a/d"} and name:
                    break
                if w.lower() in {"en", "and", "maar", "but", "want", "because", "sinds", "since"}:
                    break
                name.append((w, s, e))
            while name and name[0][0].lower() in {"de", "het", "the", "a"}:
                name.pop(0)
            if name and not all(w.lower() in NOT_PLACES for w, _, _ in name):
                return text[name[0][1] : name[-1][2]]
    stripped = text.strip().strip(".!")
    bare = _words(stripped)
    if (
        1 <= len(bare) <= 4
        and not re.search(r"\d|\?|@", stripped)
        and not any(w.lower() in NOT_PLACES - {"de", "den", "aan", "het"} for w, _, _ in bare)
        and not any(w.lower() in WORK_WORDS for w, _, _ in bare)  # "kas", "magazijn": where they work
        and len(stripped) <= 40
    ):
        return stripped
    return None


def _best(found: list[Found]) -> PlaceMatch:
    """Where they live beats where they work; then the place named first ("Den Hoorn, the village
    between Delft and the Westland"); a municipality and its own district name the same."""
    ordered = sorted(found, key=lambda f: (not f[3], f[4], f[1]))
    first = ordered[0][0]
    same = [f[0] for f in ordered if f[0].municipality == first.municipality and f[0].kind == "municipality"]
    return same[0] if first.municipality and same else first


def resolve_place(text: str) -> PlaceMatch | None:
    """The place the text names (see the module docstring), or None when it names none."""
    if not text or not text.strip():
        return None
    index = _index()
    typed = text.strip().strip(".!")
    if index.vocab.is_other_answer(typed) or index.vocab.is_unknown_answer(typed):
        return None
    whole = index.names.get(normalise_place(typed))
    if whole is not None:
        return _match(whole, typed)
    found = find_places(text)
    if found:
        return _best(found)
    code = POSTCODE.search(text)
    if code and (len(text.split()) <= POSTCODE_ANSWER_WORDS or "postcode" in text.lower()):
        by_code = index.vocab.postcode_place(int(code.group(1)))
        if by_code is not None:
            return _match(by_code, code.group(0))
    name = _unknown_name(text)
    if name is None or index.vocab.is_other_answer(name) or index.vocab.is_unknown_answer(name):
        return None
    fuzzy = _fuzzy(normalise_place(name), index)
    if fuzzy is not None:
        return _match(fuzzy, name)
    return PlaceMatch(name_as_typed=name, canonical=None, municipality=None, in_region=None, where_to_go=None)


OTHER_PEOPLE = {
    "zus", "zusje", "broer", "broertje", "moeder", "vader", "ouders", "vriend", "vriendin", "collega", "buurman",
    "buurvrouw", "zoon", "dochter", "schoonzus", "zwager", "schoonmoeder", "schoonvader", "neef", "nicht", "oom",
    "tante", "opa", "oma", "kennis", "sister", "brother", "mother", "mom", "mum", "father", "dad", "parents",
    "friend", "colleague", "neighbour", "neighbor", "son", "daughter", "cousin", "uncle", "aunt", "grandma",
    "grandpa", "in-law", "boss", "baas",
}  # fmt: skip


def _someone_elses(text: str, start: int) -> bool:
    """A person other than the resident is named just before the place ("my sister in Delft")."""
    before = [w.lower() for w, _, _ in _words(text[:start])]
    # "ik woon bij mijn moeder in ...", "ik woon sinds een maand bij mn vriendin in delft"
    mine = set(before[-9:]) & {"woon", "wonen", "woonachtig", "live", "living"}
    return bool(set(before[-3:]) & OTHER_PEOPLE) and not mine


# a place named as a landmark beside where one lives
REFERENCE_BEFORE = re.compile(
    r"\b(near|close to|next to|across (the border )?from|border (from|with)|opposite|vlakbij|vlak bij|dichtbij|"
    r"naast|tegenover|(bij )?de grens (met|van)|tegen)\s+(de\s+|het\s+|the\s+)?$",
    re.I,
)


def only_left(text: str) -> bool:
    """Every place the text names is one the resident moved away from."""
    found = find_places(text)
    return bool(found) and all(MOVED_FROM.search(text[: f[1]]) for f in found)


def home_place(text: str) -> PlaceMatch | None:
    """The place a statement names as where the resident lives: like resolve_place, but nothing
    when every place it names is only where they work ("I work in the greenhouses in Westland",
    "ik werk op een kantoor in Delft") - the question where they live is still to be asked."""
    place = resolve_place(text)
    if place is None:
        return None
    found = find_places(text)
    if found and all(work and not live for *_, live, work in found):
        return None
    if only_left(text):
        return None  # "net verhuisd van Zoetermeer naar een dorpje hier": only where one lived before
    beside = [f for f in found if REFERENCE_BEFORE.search(text[: f[1]])]
    if beside and len(beside) < len(found) and any(f[0].name_as_typed == place.name_as_typed for f in beside):
        # "my flat is in Voorburg, right across the border from Bezuidenhout": the place named as a
        # landmark is not where one lives
        place = _best([f for f in found if f not in beside])
    theirs = [f for f in found if _someone_elses(text, f[1])]
    if theirs:
        # "mijn schoonzus in Delft heeft dit gedaan", "my sister lives in Delft and I live in Rijswijk"
        mine = [f for f in found if f not in theirs]
        if not mine:
            return None
        if any(f[0].name_as_typed == place.name_as_typed for f in theirs):
            place = _best(mine)
    typo_only = place.canonical and normalise_place(place.name_as_typed) != normalise_place(text.strip().strip(".!"))
    if typo_only and not find_places(text, fuzzy=False) and not any(live for *_, live, _ in found):
        return None  # a word one typo from a place in a sentence about something else ("I deliver food")
    return place
