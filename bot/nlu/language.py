"""Which language to answer in, from the evidence of several messages.

    from bot.nlu.language import LanguageEvidence, explicit_language, message_language

    evidence = LanguageEvidence.from_json(tracker.get_slot("language_evidence"))  # None -> new, Dutch
    decision = evidence.observe("my home is in Delft")
    decision.language        # "en": the language to use from now on
    decision.switched        # True when this message changed it
    decision.strong          # the evidence is strong enough to switch (also when already there)
    slot_value = evidence.to_json()   # a small dict of numbers: keep it in a slot
    LanguageEvidence.from_history(["Hello", "my home is in Delft"]).language   # "en"

    explicit_language("in English please")    # "en" ("Nederlands graag" -> "nl"; else None)
    evidence.choose("en")                      # the resident asked: evidence no longer switches
    message_language("I'm a cook")             # ("en", 2.1): this message alone, with its score

How: each message gets a score (> 0 English, < 0 Dutch) from the words themselves (greetings, "I",
"my", "live", "work", "ik", "mijn", "woon"...), lingua restricted to Dutch and English (good at
short messages) and, for long messages, langdetect. Place names (the vocabulary's, e.g. "Delft",
"Den Haag") are left out first, so "my home is in Delft" reads as English. The running score
decays by half with every message; the language switches when it passes SWITCH (and the message
itself leans that way); switching back needs more (SWITCH_BACK), so a resident answering "ja" or
"Delft" in English is not flipped. After an explicit choice, only another explicit choice
switches. Pure functions: no Rasa. lingua's detector is built once per process, on first use (~3 s,
~100 MB); a message then costs ~0.1 ms (langdetect, slower, only for long messages still unclear).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from api.eligibility.vocabulary import vocabulary

SWITCH = 1.5  # running score needed to leave the language in use
SWITCH_BACK = 2.5  # ... to return to the language the conversation started in
DECAY = 0.5

EN_WORDS = {
    "i", "i'm", "im", "i've", "i'd", "i'll", "my", "myself", "mine", "the", "am", "are", "was", "were",
    "live", "living", "lives", "work", "working", "worked", "job", "hello", "hi", "please", "thanks",
    "thank", "you", "your", "what", "how", "why", "where", "when", "who", "which", "with", "from", "yes",
    "yeah", "yep", "no", "nope", "not", "don't", "dont", "can't", "cant", "can", "could", "would",
    "should", "want", "need", "have", "has", "had", "do", "does", "did", "it", "it's", "this", "that",
    "for", "to", "at", "and", "but", "about", "only", "too", "very", "much", "old", "years", "year",
    "pay", "earn", "because", "get", "got", "good", "morning", "afternoon", "evening", "there", "here",
    "there's", "just", "like", "some", "any", "been", "be", "will", "if", "our", "they", "them", "their",
    "he", "she", "his", "her", "a", "an", "by", "after", "before", "home", "sure", "okay", "maybe",
    "cook", "shop", "kids", "children", "course", "training", "learn", "money", "hours", "week", "day",
    "other", "something", "else", "also", "still", "now", "already", "thing", "things", "people",
}  # fmt: skip
NL_WORDS = {
    "ik", "mijn", "m'n", "je", "jij", "jouw", "u", "uw", "de", "het", "een", "ben", "bent", "zijn",
    "woon", "wonen", "werk", "werken", "hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond",
    "dag", "ja", "nee", "graag", "bedankt", "dank", "dankjewel", "dankuwel", "wat", "hoe", "waar",
    "waarom", "wanneer", "kan", "kun", "kunt", "wil", "wel", "niet", "geen", "als", "ook", "maar",
    "heb", "hebt", "heeft", "met", "voor", "van", "op", "naar", "bij", "uit", "om", "te", "er", "dat",
    "die", "dit", "deze", "jaar", "oud", "verdien", "weinig", "veel", "zou", "moet", "mag", "alleen",
    "nog", "al", "nu", "even", "omdat", "en", "of", "wij", "zij", "hij", "haar", "zo", "echt", "heel",
    "misschien", "liever", "gewoon", "weet", "eigenlijk", "baan", "kinderen", "opleiding", "geld",
    "uur", "week", "iets", "anders", "thuis", "werkloos", "uitkering", "zzp", "sinds", "nou", "oke",
}  # fmt: skip
NL_WORDS -= EN_WORDS & NL_WORDS  # "week": no evidence either way
EN_WORDS -= {"week"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

EXPLICIT = [
    (re.compile(r"\b(in\s+)?(english|engels|englisch|eng)\b(\s+(please|pls|plz|graag|alsjeblieft|aub))?", re.I), "en"),
    (
        re.compile(
            r"\b(speak|talk|write|chat)\s+english\b|\bdo you speak english\b|\bno dutch\b|\bi don'?t speak dutch\b",
            re.I,
        ),
        "en",
    ),
    (re.compile(r"\b(in\s+het\s+)?(nederlands|dutch)\b(\s+(graag|alsjeblieft|aub|please))?", re.I), "nl"),
    (re.compile(r"\bspreek\s+je\s+nederlands\b|\bin\s+dutch\s+please\b|\bgewoon\s+nederlands\b", re.I), "nl"),
]
# a request, not a mention: "can I do a Dutch language course?" names Dutch but asks no switch
NOT_A_REQUEST = re.compile(
    r"\b(courses?|cursus(sen)?|les|lessen|lessons?|class(es)?|taal(cursus)?|language\s+course|learn|leren|"
    r"diploma'?s?|qualifi\w*|teach\w*|lesgeven|docent(en)?|school\w*|exam(s|en)?|examen|"
    r"studeer|study|studying|oefen|practi[cs]e|"
    # what is required, not what is asked for: "Do I need to speak Dutch for the courses?"
    r"need|needed|nodig|required|vereist|"
    # who one is, not the language of this chat: "Do I need Dutch nationality for this?"
    r"nationality|nationaliteit|passport|paspoort|citizen\w*|staatsburger\w*|verblijfsvergunning|residence)\b",
    re.I,
)


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH).build()


@lru_cache(maxsize=1)
def _place_names() -> tuple[str, ...]:
    names = {_plain(name) for name, _ in vocabulary().places()}
    return tuple(sorted(names, key=len, reverse=True))


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[-/]", " ", text.lower().replace("’", "'")).split())


def _without_places(text: str) -> str:
    """The text without the place names the vocabulary knows (they are Dutch in any language)."""
    lowered = f" {_plain(text)} "
    for name in _place_names():
        if f" {name} " in lowered or f" {name}" in lowered:
            lowered = re.sub(rf"(?<![\w']){re.escape(name)}(?![\w'])", " ", lowered)
    return " ".join(lowered.split())


def _langdetect(text: str) -> float:
    """English minus Dutch probability from langdetect (only asked for long messages)."""
    try:
        from langdetect import DetectorFactory, detect_langs

        DetectorFactory.seed = 0
        probs = {lang.lang: lang.prob for lang in detect_langs(text)}
    except Exception:  # noqa: BLE001 - langdetect raises on text without features
        return 0.0
    return float(probs.get("en", 0.0) - probs.get("nl", 0.0) - probs.get("af", 0.0))


def message_language(text: str) -> tuple[str | None, float]:
    """This message alone: ("en"/"nl"/None, score); the score is > 0 for English, < 0 for Dutch."""
    clean = _without_places(text)
    words = [w.replace("’", "'") for w in WORD.findall(clean)]
    if not words:
        return None, 0.0
    en = sum(1 for w in words if w in EN_WORDS)
    nl = sum(1 for w in words if w in NL_WORDS)
    score = 0.8 * (en - nl)
    letters = sum(len(w) for w in words)
    if letters >= 4:
        confidence = _detector().compute_language_confidence_values(clean)
        english = next((c.value for c in confidence if c.language.name == "ENGLISH"), 0.5)
        weight = 1.0 if len(words) >= 3 else 0.6
        score += weight * 2 * (english - 0.5)
    if len(words) >= 8 and abs(score) < 1.0:  # long and still unclear: langdetect is strong there
        score += _langdetect(clean)
    score = max(-4.0, min(4.0, score))
    if abs(score) < 0.5:
        return None, score
    return ("en" if score > 0 else "nl"), score


# the page or button chosen by mistake: "ik klikte per ongeluk op engels", "I opened the Dutch page"
BY_MISTAKE = re.compile(
    r"\b(per ongeluk|perongeluk|by mistake|by accident|accidentally|klikte|clicked|opened|koos|chose)\b"
    r"(\s+\w+){0,3}\s*$",
    re.I,
)


def explicit_language(text: str) -> str | None:
    """The language the resident asks for in words ("in English please", "Nederlands graag"), or None.
    Mentions that are no request ("a Dutch language course") give None."""
    if not text:
        return None
    # sentence by sentence: "Goedendag, ik heb een vraag. Sorry, my Dutch is not so good, can we
    # please continue in English?" asks in its last sentence
    sentences = [
        s for s in reversed(re.split(r"(?<=[.!?])\s+", text)) if len(s) <= 120 and not NOT_A_REQUEST.search(s)
    ]  # the last request counts
    # a wish, in any sentence, beats a mention: "still learning dutch, is english ok?", "mag het ook
    # gewoon in het nederlands? ik dacht dat het engels moest omdat de site engels was"
    for sentence in sentences:
        only = ONLY_IN.search(sentence)
        if only and sentence.rstrip().endswith("?") and not QUALIFIES.match(sentence[only.end() :]):
            # "is this only in dutch?": a wish for the other language
            named = (only.group("lang") or only.group("lang2")).lower()
            return "nl" if named in ("english", "engels") else "en"
    for sentence in sentences:
        refused = refused_language(sentence)
        if refused:
            return "nl" if refused == "en" else "en"
    for sentence in sentences:
        preferred = [(m.start(), language) for pattern, language in PREFERRED for m in pattern.finditer(sentence)]
        if preferred:
            return min(preferred)[1]
    for sentence in sentences:
        found = [
            (m.start(), language)
            for pattern, language in EXPLICIT
            for m in pattern.finditer(sentence)
            # "my Dutch is not so good", "mijn Nederlands is maar A2": describes, asks nothing
            if not DESCRIBED.match(sentence[m.end() :])
            and not OWNED.search(sentence[: m.start()])
            and not CANNOT.search(sentence[: m.start()])  # "I don't read Dutch very well"
            and not SPEAKS.search(sentence[: m.start()])  # "I speak dutch a bit but english is easier"
            and not BEING.search(sentence[: m.start()])  # "people who are not Dutch": who, not which language
            and not LEARNING.search(sentence[: m.start()])  # "still learning dutch": one's command of it
            and not A_KIND_OF.search(sentence[: m.start()])  # "een Nederlands bedrijf", "a Dutch company"
            and not COMPARED.search(sentence[: m.start()])  # "my english better than dutch"
            and not BY_MISTAKE.search(sentence[: m.start()])  # "ik klikte per ongeluk op engels"
            and not WRITTEN_IN.search(sentence[: m.start()])  # "staat allemaal in ut engels": the page
            and not QUALIFIES.match(sentence[m.end() :])  # "or dutch 0614902257", "my Dutch number"
        ]
        if found:
            return min(found)[1]
    return None


# a language turned down: "liever niet in het Engels", "I'd rather not write in Dutch", "not in
# English please", "geen Engels graag"; "ik ben niet Nederlands" is who one is, not a refusal
REFUSED = re.compile(
    r"\b(?P<rather>liever niet|rather not|prefer not|not|niet|no|geen)\s+(to\s+)?"
    r"((write|type|talk|chat|speak|schrijven|typen|praten|chatten|spreken)\s+)?(?P<in>in\s+)?(het\s+|the\s+)?"
    r"(?P<lang>english|engels|dutch|nederlands)\b(?!\s+(people|mensen|company|bedrijf|course|cursus|les))",
    re.I,
)


def refused_language(sentence: str) -> str | None:
    """The language a sentence turns down ("en"/"nl"), or None."""
    for m in REFUSED.finditer(sentence):
        if BEING.search(sentence[: m.start()]):  # "my papers are not in English"
            continue
        plain = m.group("rather").lower() in ("not", "niet", "no", "geen")
        if plain and not m.group("in") and sentence[: m.start()].strip():
            continue  # "no English" only as a request of its own, at the start
        return "en" if m.group("lang").lower() in ("english", "engels") else "nl"
    return None


# a language word followed by what describes one's command of it
DESCRIBED = re.compile(
    r"\s+(is|isn'?t|not|niet|is niet|slecht|bad|so|zo|ain'?t|only|alleen|maar|"
    # "Dutch I speak only little", "Nederlands spreek ik slecht"
    r"(i |ik )?(speak|spreek|understand|versta|begrijp|read|lees|write|schrijf|know|ken)( ik)?)\b",
    re.I,
)
# one's command of a language, said plainly: "I speak dutch a bit", "ik spreek een beetje Engels"
SPEAKS = re.compile(
    r"\b(i|ik)\s+(can\s+|could\s+|kan\s+)?(speak|spreek|understand|versta|begrijp|read|lees|follow|volg|write|schrijf)\s+"
    r"(only\s+|alleen\s+|a little\s+|a bit of\s+|some\s+|een beetje\s+|wat\s+|ook\s+|also\s+)?$",
    re.I,
)
# "is this only in dutch?", "alleen in het Engels?", "is it dutch only?": the chat's language, asked
ONLY_IN = re.compile(
    r"\b(only|alleen|just|enkel)\s+(in\s+(het\s+)?)?(?P<lang>dutch|nederlands|english|engels)\b(?!\s+(people|mensen))|"
    r"\b(in\s+(het\s+)?)?(?P<lang2>dutch|nederlands|english|engels)\s+only\b",
    re.I,
)
# the language that is easier: a request for it ("english is easier for me", "Nederlands gaat makkelijker")
_EASIER = (
    # "nederlands typt makkelijker", "english writes easier for me"
    r"\s+(is|would be|zou|gaat|works|werkt|typt|typet|types|schrijft|writes|leest|reads|praat|lukt)\s+"
    r"(\w+\s+)?(easier|better|makkelijker|fijner|beter|prettiger|handiger|sneller|faster)\b"
)
# the language asked for as a wish or a question: "is english ok?", "mag ik gewoon Nederlands typen?",
# "can I write in English?"
# ("my Dutch is too little for this" describes one's Dutch: "too" is no "as well" there)
_FINE = (
    r"\s+((is|are)\s+)?(ok|okay|oke|oké|fine|goed|possible|mogelijk|allowed|also|too|ook)\b"
    r"(?!\s+(little|weak|bad|poor|basic|limited|difficult|hard|slecht|zwak|weinig|moeilijk|matig)\b)"
)
_MAY_I = (
    r"\b(mag|kan|kun|can|may|could)\s+(ik|we|wij|i|you|je|jij|u|het|dit|it|this)\s+(\w+\s+){{0,2}}?"
    r"(in\s+(het\s+)?)?(?={lang}\s*(typen|schrijven|praten|spreken|antwoorden|type|write|speak|talk|answer|chat)?\b)"
)
# "ik stel mijn vraag liever in het Nederlands", "I'd rather write in English"
_RATHER = (
    r"\b(liever|rather|prefer|preferably|bij voorkeur)\s+(?!(not|niet|geen)\b)((?!not\b|niet\b)\w+\s+){{0,3}}?"
    r"(in\s+(het\s+)?)?{lang}\b"
)
PREFERRED = [
    (re.compile(rf"\b(english|engels)({_EASIER}|{_FINE})|{_MAY_I.format(lang='(english|engels)')}|"
                rf"{_RATHER.format(lang='(english|engels)')}", re.I), "en"),
    (re.compile(rf"\b(nederlands|dutch)({_EASIER}|{_FINE})|{_MAY_I.format(lang='(nederlands|dutch)')}|"
                rf"{_RATHER.format(lang='(nederlands|dutch)')}", re.I), "nl"),
]  # fmt: skip
CANNOT = re.compile(
    # "sorry I not speak dutch good", "i no speak dutch"
    r"\b(don'?t|do not|can'?t|cannot|not|no|niet|nauwelijks|barely|hardly)\s+(really\s+|goed\s+|so\s+)?"
    r"(speak|read|write|understand|know|spreek|lees|schrijf|begrijp|versta|ken)\s+"
    # "i dont understand all dutch words", "ik versta niet alle Engelse woorden"
    r"((all|every|the|alle|de|het|al)\s+){0,2}$",
    re.I,
)
BEING = re.compile(
    r"\b(am|are|is|not|niet|ben|bent|zijn|geen|i'?m|im|we'?re|aren'?t|isn'?t|wasn'?t|weren'?t)\s+$", re.I
)
LEARNING = re.compile(r"\b(learning|learn|leer|leren|studying|studeer)\s+(\w+\s+)?$", re.I)
A_KIND_OF = re.compile(r"\b(een|a|an)\s+$", re.I)
COMPARED = re.compile(r"\b(than|then|dan|as|als)\s+$", re.I)
# a language word before a number or a thing it qualifies: "+48 ... or dutch 0614902257"
QUALIFIES = re.compile(
    r"\s*[:(-]?\s*(\+?\d|(mobile |phone |cell |mobiel |telefoon)?(number|nummer|nr)\b|phone|telefoon|mobiel|"
    r"mobile|diploma|papers|papieren|passport|paspoort|bank|company|bedrijf|address|adres|"
    # "is this only for dutch people?": who, not which language
    r"people|persons|mensen|citizens|burgers|nationals|nationality|nationaliteit|residents|inwoners|"
    # "Only Dutch ones?", "Engelse cursussen": the courses' language, not the chat's
    r"ones?\b|courses?|cursus|cursussen|opleidingen?|lessons?|lessen|trainings?|certificates?|certificaat)",
    re.I,
)
# what something is written in, not what to go on in: "staat allemaal in ut engels", "it's all in Dutch"
WRITTEN_IN = re.compile(
    # "wat is dit allemaal engels", "why is this all in Dutch"
    # "I see the advert in dutch", "de site staat in het engels": what the campaign is written in
    r"\b(advert|advertisement|ad|page|site|website|flyer|poster|folder|advertentie|pagina|text|tekst)\s+"
    r"(is\s+)?(in\s+)((het|the)\s+)?$|"
    r"\b(staat|stond|staan|is|was|are|were|zijn|written|geschreven|it'?s)\s+((dit|dat|het|this|that|it)\s+(?=(allemaal|alles|all|everything|helemaal)\b))?"
    r"((allemaal|alles|all|everything|"
    r"helemaal|only|alleen)\s+)?(in\s+)?((het|ut|'t|de|the)\s+)?$",
    re.I,
)
OWNED = re.compile(r"\b(my|mijn|m'n|mn|your|je|jouw)\s+$", re.I)


# after an explicit choice, this many messages in a row this clearly in the other language switch back
AGAINST_CHOICE = 2.0
AGAINST_MESSAGES = 2


@dataclass(frozen=True)
class LanguageDecision:
    language: str
    switched: bool
    strong: bool
    message_score: float


@dataclass
class LanguageEvidence:
    language: str = "nl"  # the language in use
    score: float = 0.0  # running evidence: > 0 English, < 0 Dutch
    start: str = "nl"  # the language the conversation started in (the page's, or Dutch)
    messages: int = 0
    chosen: bool = False  # the resident asked for a language in words
    against: int = 0  # messages in a row, since the choice, clearly in the other language

    def observe(self, text: str) -> LanguageDecision:
        """Adds a message's evidence; returns the language to use and whether it changed. An
        explicit choice holds, unless the resident goes on writing clearly in the other language
        (the choice was read into "people who aren't Dutch", or they changed their mind)."""
        _, message_score = message_language(text or "")
        if self.chosen:
            self.messages += 1
            other = message_score >= AGAINST_CHOICE if self.language == "nl" else message_score <= -AGAINST_CHOICE
            same = message_score < 0 if self.language == "nl" else message_score > 0
            self.against = self.against + 1 if other else (0 if same else self.against)
            if self.against < AGAINST_MESSAGES:
                return LanguageDecision(self.language, False, True, message_score)
            self.language = "en" if self.language == "nl" else "nl"
            self.chosen, self.against = False, 0
            self.score = 3.0 if self.language == "en" else -3.0
            return LanguageDecision(self.language, True, True, message_score)
        self.score = DECAY * self.score + message_score
        self.messages += 1
        target = "en" if self.score > 0 else "nl"
        needed = SWITCH_BACK if target == self.start else SWITCH
        leans = message_score > 0 if target == "en" else message_score < 0
        strong = abs(self.score) >= needed and leans
        switched = False
        if strong and target != self.language and not self.chosen:
            self.language, switched = target, True
        return LanguageDecision(self.language, switched, strong, message_score)

    def choose(self, language: str) -> None:
        """The resident asked for this language: keep it until they ask for another."""
        self.language, self.chosen, self.against = language, True, 0
        self.score = 3.0 if language == "en" else -3.0

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "score": round(self.score, 3),
            "start": self.start,
            "messages": self.messages,
            "chosen": self.chosen,
            "against": self.against,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None, start: str = "nl") -> LanguageEvidence:
        """From a slot's value (None or malformed: a new conversation in ``start``)."""
        if not isinstance(data, dict):
            return cls(language=start, start=start)
        try:
            language = str(data["language"]) if data.get("language") in ("nl", "en") else start
            return cls(
                language=language,
                score=float(data.get("score", 0.0)),
                start=str(data["start"]) if data.get("start") in ("nl", "en") else start,
                messages=int(data.get("messages", 0)),
                chosen=bool(data.get("chosen", False)),
                against=int(data.get("against", 0)),
            )
        except (TypeError, ValueError):
            return cls(language=start, start=start)

    @classmethod
    def from_history(cls, messages: Iterable[str], start: str = "nl") -> LanguageEvidence:
        """Replays a conversation's messages (explicit requests included)."""
        evidence = cls(language=start, start=start)
        for text in messages:
            asked = explicit_language(text)
            if asked:
                evidence.choose(asked)
            else:
                evidence.observe(text)
        return evidence
