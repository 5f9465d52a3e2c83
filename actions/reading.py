"""What a resident's message says, and which of it may change the answers (slot precedence).

A slot is set only from a message that answers it (the question being asked), an explicit
correction ("ik woon trouwens in Westland, niet in Delft"), or a statement about oneself that
gives answers not known yet ("ik ben 45 en woon in Delft"). Never from a question about the
scheme ("geldt dit ook voor een cursus?") or a wish ("ik wil weer werken" does not undo "ik zit
in de bijstand"): combinations keep the stronger fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from actions import nlu
from actions.common import INTAKE_SLOTS, lang, latest_text
from bot import intents as bot_intents
from bot.nlu import text as nlu_text
from bot.nlu.answers import WORKED_BEFORE, WORKS_NOW, held_before_not_now
from bot.nlu.commands import asks_erasing, asks_start_over
from bot.nlu.extract import WORKS_AGAIN

# Side intents: a message with one of these, confidently and without an answer, is answered
# by the rules and the question is asked again.
FAQ_INTENTS = frozenset(bot_intents.FAQ_INTENTS)
SIDE_INTENTS = FAQ_INTENTS | {
    "bot_challenge",
    "request_human",
    "delete_data",
    "restart",
    "switch_language",
    "greet",
    "thanks",
    "goodbye",
}
# How sure the classifier must be before a side intent displaces an answer: a question needs
# less than a statement (a statement is more likely an answer in words the lexicon lacks).
QUESTION_CONFIDENCE = 0.5
STATEMENT_CONFIDENCE = 0.85
COMMAND_CONFIDENCE = 0.7
COURTESY_INTENTS = {"greet", "thanks", "goodbye"}
COURTESY_WORDS_MAX = 6
COURTESY = re.compile(
    r"\b(hoi|hallo|hello|hi|hey|hee|hoii|goede(morgen|middag|avond|dag|n dag)|goeie(morgen|middag|dag)|"
    r"good (morning|afternoon|evening|day)|dag|doei|daag|bye|goodbye|tot ziens|see you|bedankt|dank( je| u)?|"
    r"thanks|thank you|thx|merci|fijne dag|have a nice day)\b",
    re.I,
)
# Values that describe a wish rather than a fact: they do not replace a fact already known,
# and outside their own question they are not taken at all ("ik wil weer werken").
WISH_VALUES = {"work_situation": {"returner", "job_seeker", "other"}, "pains": {"no_prospects"}}
# The questions answered in the resident's own words (kept as typed too, observe.py)
OWN_WORDS_SLOTS = ("work_situation", "pains")
# the fewest words the learned pains reader guesses from, beside a correction
GUESS_WORDS_MIN = 10
# where a sentence ends (a colon too: "Quick question first: my husband works ..."), and also a clause
SENTENCES = re.compile(r"(?<=[.!?;:])\s+")
SENTENCES_AND_CLAUSES = re.compile(r"(?<=[.!?;,:])\s+")
# the clauses of a message: a correction and an answer told beside it ("ik ben eigenlijk 52, en het werk is zwaar")
CLAUSES = re.compile(r"[.!?;,]+|\b(?:maar|but)\b", re.I)
STRONGER = {"on_benefits": 3, "student": 3, "self_employed": 2, "employed": 1}

CORRECTION = re.compile(
    r"\b(eigenlijk|trouwens|sorry|sry|bedoel|bedoelde|correctie|verkeerd|fout|foutje|vergist|vergissing|"
    r"oeps|wacht|mistake|my bad|verbeteren|verbeter|correct myself|vergat|vergeten|forgot|"
    # "btw ben 28 alweer" (by the way; not the tax: "btw-nummer", "btw afdragen")
    r"btw(?=\s+(ik|ben|i|i'?m|im|my|mijn)\b)|"
    r"verhuisd|actually|i mean|meant|correction|wrong|typo|oops|wait|moved|ik zei|i said|"
    # "wat ik net zei klopt niet helemaal", "what I said isn't right"
    r"klopt niet|klopte niet|niet juist|isn'?t right|wasn'?t right|not right|not correct|"
    # "ik tikte net 25 maar ik ben 52, cijfers omgedraaid", "I typed the digits the wrong way round"
    r"tikte|typte|getikt|getypt|typed|omgedraaid|verwisseld|swapped|mixed up|"
    # "dat had ik nog niet gezegd", "ik moet er eerlijk bij zeggen", "I didn't mention", "ik moet iets veranderen"
    r"nog niet gezegd|niet verteld|eerlijk bij zeggen|eerlijk zeggen|didn'?t mention|did not mention|"
    r"haven'?t mentioned|should have (said|mentioned|told)|(iets|wat) (veranderen|aanpassen|wijzigen)|"
    r"change (something|my answer|an answer))\b",
    re.I,
)


# where one lives, said outright in the present
LIVES_NOW = re.compile(
    r"\b(ik woon|wij wonen|we wonen|woon ik|wonen we|i live|we live|i'?m living|we'?re living|"
    r"mijn adres is|my address is|my home is|my flat is|mijn huis staat)\b",
    re.I,
)


# an answer withheld: "dat zeg ik liever niet", "verder wil ik daar niks over kwijt", "I'd rather not say"
DECLINES_TO_SAY = re.compile(
    r"\b(zeg(gen)? ik (liever )?niet|wil ik (liever )?niet (zeggen|vertellen|delen)|"
    r"(liever|rather) niet (zeggen|vertellen|delen)|"
    r"(niks|niets) over kwijt|gaat (je|jou|u|jullie) (niks|niets|geen bal) aan|"
    r"(i'?d )?rather not (say|tell|share)|prefer not to (say|tell|share)|(won'?t|don'?t want to|do not want to) "
    r"(say|tell|share)|none of your business|not telling)\b",
    re.I,
)


def declines_to_say(text: str) -> bool:
    return bool(DECLINES_TO_SAY.search(text))


def corrects(text: str) -> bool:
    """A word of correcting, or a negated old value ("niet 53", "not in Delft"); a "niet" alone is
    no correction ("ik werk veel, maar de rekening klopt niet")."""
    return bool(CORRECTION.search(text) or LEADING_NO.match(text) or old_value_spans(text))


# "Nee, ik woon in Rijswijk": a no that opens the sentence puts right what it says
LEADING_NO = re.compile(r"\W*(nee+|neen|no|nope)\b", re.I)
# where the part of a message that corrects something ends; "niet in Delft maar in Den Hoorn" is
# one correction, so "maar" does not end it
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s+(?:en|and)\s+(?=\w)", re.I)
# an age outside its own question is taken only when the resident says it is theirs
OWN_AGE = re.compile(
    # ("oeps, ik zit er een jaar naast, ben 37", "btw ben 28 alweer": "ben" and a number)
    r"\b(ik ben|ben ik|i'?m|i am|mijn leeftijd|my age|jaar oud|years old|geboren|born)\b|\bben\s+\d|"
    # "Actually I turned 65 last month", "ben net 24 geworden"
    r"\b(turned|turn|became)\s+\d|\d+\s+(geworden|worden)\b",
    re.I,
)
# "niet in Delft", "not 33": the value after the negation is the old one
NEGATED = re.compile(
    r"[,;]?\s*\b(?:niet|not|geen)\s+(?:meer\s+|more\s+|langer\s+|longer\s+)?(?:in\s+|uit\s+|from\s+)?"
    # ("ik ben geen 20 meer", "not 20 anymore": no old value, a way of saying one is older)
    r"(?:\d{1,4}\b(?!\s*(?:jaar\s+|years?\s+)?(?:meer|anymore|any more)\b)|"
    r"(?:'s-)?[A-Za-zÀ-ÿ][\w'-]*(?:\s+(?:aan\s+den\s+|aan\s+de\s+)?[A-Z][\w'-]*)?)",
    re.I,
)
# "ik zei 43 maar ik ben 44 geworden": the number said before is the old value
SAID_BEFORE = re.compile(
    r"\b(?:ik zei|i said|ik tikte|ik typte|i typed|ik schreef|i wrote|i write|i type|i put)\s+(?:net\s+|just\s+)?"
    r"(?:eerder\s+|earlier\s+|before\s+)?\d{1,4}\b|"
    # "ik zie dat ik 51 schreef", "dat ik net 15 had getikt": the number before the verb
    r"\bik\s+(?:net\s+)?\d{1,4}\s+(?:schreef|zei|tikte|typte|invulde|had\s+\w+|heb\s+\w+)\b|"
    # "bij leeftijd heb ik 15 getikt, moet 51 zijn", "I've typed 15": the number typed is the old one
    r"\b(?:heb ik|i have|i've)\s+\d{1,4}\s+(?:getikt|getypt|ingevuld|gezegd|typed|written|entered|said)\b",
    re.I,
)
# "ik zei De Lier maar we wonen in Maasland", "I just moved away from The Hague": a place said or
# left before (a place only: old_value_spans checks that it names one)
PLACE_BEFORE = re.compile(
    r"\b(?:ik zei|i said|i wrote|i typed|i put|i entered|ik schreef|ik typte|ik tikte|ik vulde in|"
    r"moved away from|moved out of|left|verhuisd uit|vertrokken uit|weg uit|weggegaan uit)\s+"
    r"(?:eerder\s+|earlier\s+)?[^\s,.;!?]+(?:\s+(?!(?:maar|but|en|and|before|eerder|omdat|because)\b)[^\s,.;!?]+){0,2}",
    re.I,
)
# "41, nee 42": what comes after "nee" replaces the number before it
REPLACED = re.compile(
    # (the old number close before the word: not "14 euro per hour and i want more, BOA. oh wait, 36")
    r"\d+\D{0,15}?\b(?:nee|no|sorry|ik bedoel(?:de)?|i mean|i meant|eh|uh|oh nee)\b"
    r"(?:[\s,]*(?:wacht|wait))?[\s,:.!]*(?=\d)",
    re.I,
)
# "45. Oh wait, I had my birthday last week, so 46": a number, a word of changing one's mind, and a
# number later: the number before that word is the old value (and only it: "Maasland. Oh and I
# typed 28 but I actually turned 29" keeps the place)
SAID_WRONG = re.compile(
    r"\b[\w'-]+(?=\s+(klopt niet|klopte niet|is niet juist|is fout|was fout|is wrong|was wrong|isn'?t right|"
    r"wasn'?t right|is not right)\b)",
    re.I,
)
NEGATED_NEXT = re.compile(r"\D*?\b(not|niet|geen)\s+\d")
REPLACED_LATER = re.compile(
    r"\d+[^\d]{0,15}?\b(wacht|wait|actually|eigenlijk|oops|oeps|ik bedoel(de)?|i mean|i meant)\b(?=\D*\d)", re.I
)
# "Ypenburg, dat hoort bij Den Haag", "it's part of Delft": the municipality a place belongs to
BELONGS = re.compile(r"\b(hoort|hoorde|behoort|valt|part of|belongs to|falls under)\s+(\w+\s+)?$", re.I)
NEAR = re.compile(
    r"\b(vlakbij|vlak bij|dichtbij|dicht bij|in de buurt van|bij|naast|rond|buiten|near|close to|"
    r"nearby|next to|around|outside|outside of|(north|south|east|west) of|ten (noorden|zuiden|oosten|westen) van|"
    r"boven|onder|tegen|tussen|between)\s+$",
    re.I,
)
YES = re.compile(
    r"^\s*((dan|then|so|nou|en|and)[,.]?\s+)?(ja+(zeker|wel|hoor)?|jaa|jep|jup|yes+|yeah|yep|yup|ye|ya|yah|yea|ok(é|ay)?|oke|prima|goed|klopt|zeker|sure|graag|akkoord|"
    # "np" (no problem), "mag" alone ("Mag", "mag wel"), "idd" (indeed)
    r"np|idd|mag(\s+(wel|best|hoor|gerust))?(?=[\s.!]*$)|"
    # yes in the languages residents mix in (Turkish, Polish, Bulgarian/Romanian, Spanish, French)
    r"evet|tamam|tak|da|s[ií]|oui|toch wel|eigenlijk wel|"
    r"correct|right|dat mag|is goed|top|fine|confirm(ed)?|bevestigd?|perfect|great|"
    r"(looks|sounds|seems) (good|fine|great|right|ok(ay)?|perfect)|all (good|right)|alright|"
    r"(ziet er|klinkt|lijkt me) (goed|prima|perfect)( uit)?|helemaal (goed|correct|prima|in orde|top)|in orde|"
    r"(that'?s|that is|it'?s|it is|is) (all )?(fine|right|correct|good|ok)|all (of it )?(is )?correct|"
    # a wish said politely: "Please, I'd appreciate that", "I'd like that", "Please do"
    r"(please[,.!]*\s*)?(i'?d|i would) (really )?(appreciate|like|love)\b(?! to (think|wait))|please(?=[,.!\s]*$)|"
    r"dat is (allemaal |helemaal )?(correct|goed|juist|prima|in orde)|alles (klopt|is goed|is juist|correct)|"
    r"dat klopt|(doe|plan|boek) (het |hem )?(toch |dan )?maar|book it|(i )?(hereby )?(consent|agree)|"
    r"ik ga akkoord|ga je gang|go ahead|you may|je mag|u mag|geen (probleem|bezwaar)|no problem|"
    r"of course|natuurlijk|uiteraard|certainly|absolutely|definitely|please do|by all means|be my guest|"
    r"feel free|gladly|with pleasure|met (alle )?plezier|zeker weten|"
    # approval said as praise: "super", "mooi zo", "lovely", "spot on"
    r"super|mooi|fijn|geweldig|uitstekend|toppie|netjes|excellent|lovely|brilliant|spot on|wonderful|"
    r"awesome|cool|nice|splendid|grand|works for me|dat is (het|hem)|that'?s it|"
    r"go on|go for it|let'?s (just )?(do|book) (it|that|one)|why not|vooruit|laten we (dat|het) doen|waarom niet|"
    # "Maybe, yes. Why not.": a doubt first, then the yes
    r"(maybe|misschien|perhaps|i guess)[,.!]?\s+(yes|ja|why not|waarom niet|sure|ok(ay)?)|"
    # to "shall I store your answers?": "bewaart u het maar", "save it"
    r"bewaar(t)? (u |je |jij )?(het|ze|maar|mijn)|sla (het|ze) (maar )?op|save (it|them|my)|keep (it|them|my)|"
    r"store (it|them|my)|(zo )?staat (het )?goed|goed genoteerd|zo is het|precies|helemaal juist|spot-on|"
    r"all correct|exactly right|"
    # "ik denk het wel", "I think so", "zo staat het juist", "mag bewaard worden", "zet maar in"
    r"(ik )?denk het wel|i think so|i guess so|(zo )?staat (het )?(juist|correct)|juist|"
    r"(mag|mogen|kan|kunnen) (het |ze |alles )?(bewaard|opgeslagen|saved|stored)|zet (het |maar )+in)\b",
    re.I,
)
NO = re.compile(
    # "Then no, thanks", "dan nee": the no after a word that leads up to it
    r"^\s*((dan|then|so|nou|well)[,.]?\s+)?(?!no problem|no worries|geen probleem|geen bezwaar|geen punt)"
    r"(nee+|neen|no+|nope|niet|liever niet|nah|not (right )?now|not yet|not today|nu (nog )?niet|nog niet|"
    r"even niet|vandaag niet|geen|(maybe |misschien )?later|ik denk er nog over na|let me think)\b",
    re.I,
)


@dataclass
class Reading:
    """The answers a message gives, after precedence."""

    answers: dict[str, Any] = field(default_factory=dict)
    corrected: list[str] = field(default_factory=list)
    question: bool = False
    correction: bool = False


def intent_of(tracker: Tracker) -> tuple[str | None, float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    name = intent.get("name")
    return (str(name) if name else None), float(intent.get("confidence") or 0.0)


def is_payload(text: str) -> bool:
    return text.startswith("/")


def payload_entities(tracker: Tracker) -> dict[str, Any]:
    """Entities of a button payload (/inform{"age": 45}): the same answers as typed text, and
    they go through the same checks (issue 9)."""
    found: dict[str, Any] = {}
    for ent in (tracker.latest_message or {}).get("entities") or []:
        name, value = ent.get("entity"), ent.get("value")
        if name == "pain":
            found.setdefault("pains", []).append(value)
        elif isinstance(name, str):
            found[name] = value
    return found


def old_value_spans(text: str) -> list[tuple[int, int]]:
    """Where a correction names the old value ("niet in Delft", "41, nee "): a number or a place
    after the negation, never other words ("ik heb dat papiertje niet voor de opvang")."""
    spans = [
        (m.start(), m.end())
        for m in NEGATED.finditer(text)
        if re.search(r"\d", m.group(0)) or nlu.names_place(m.group(0))
    ]
    spans += [(m.start(), m.end()) for m in SAID_BEFORE.finditer(text)]
    spans += [(m.start(), m.end()) for m in PLACE_BEFORE.finditer(text) if nlu.names_place(m.group(0))]
    # "zzp klopt niet, ik werk via een uitzendbureau": the word said to be wrong is the old answer
    spans += [(m.start(), m.end()) for m in SAID_WRONG.finditer(text)]
    m = REPLACED.search(text) or REPLACED_LATER.search(text)
    if m and not NEGATED_NEXT.match(text[m.end() :]):
        # (not "I'm 22 actually, not 21": the number after it is the old one, negated)
        spans.append((m.start(), m.end()))
    return spans


def corrects_age(text: str, age: Any) -> bool:
    """ "oops I meant 29, not 92": the correction names the age given before as the old value."""
    if age is None or not corrects(text):
        return False
    old = " ".join(text[a:b] for a, b in old_value_spans(text))
    return str(age) in re.findall(r"\d+", old)


def without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with those spans blanked out (offsets stay the same)."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)


# A question back about the question ("maakt dat uit?", "wat bedoel je precies", "why?"): no answer,
# and no "don't know" either, whatever the classifier made of it
ASKS_BACK = re.compile(
    # after a sound of hesitation or an excuse: "hmm how do u mean", "sorry what u mean?", "wait.. you
    # mean where i live?", "hmm moet ik dat zeggen?"
    r"^\W*((u+h*m+|h+m+|e+h+m*|u+h+|o+h+|sorry|wait|wacht|nou|ok(é|ay)?|but|maar)\W+)*"
    r"(wat bedoel je|hoe bedoel je|bedoel je|wat moet ik|what do you mean|what does that mean|"
    r"(what|how) (do )?(you|u) mean|(you|u) mean|hoezo|waarom(?! (ook |dan )?niet)|why(?! not)|"
    r"maakt (dat|het) (wat )?uit|does (it|that) matter|moet dat|moet ik dat|is dat nodig|do i (have|need) to|"
    r"must i|huh|pardon|sorry\?|wat\?|what\?|wat zeg je|come again)",
    re.I,
)


def asks_back(tracker: Tracker) -> bool:
    return bool(ASKS_BACK.search(latest_text(tracker)))


# thanks and nothing else, in reply to "shall I book this?": a yes
THANKS_ONLY = re.compile(
    r"^\W*((heel |hartelijk )?(bedankt|dank( je| u)?( wel)?)|thanks?( you)?( so much| very much| a lot)?|"
    r"thx|ty|cheers|merci)\W*$",
    re.I,
)


# a yes or a not-yet said later in the sentence: "Daar heb ik geen bezwaar tegen", "Dank u, maar ik wil
# er eerst rustig over nadenken"
YES_IN_SENTENCE = re.compile(
    # "donderdag tussen de middag, mooi, zet maar vast", "leg het maar vast"
    r"\b(zet|leg) (het |hem |maar |dan )*vast\b|"
    # "Name and number are correct", "dat staat zo correct genoteerd", "opslaan is goed"
    r"\b(are|is|zijn|staat|staan) (all |allemaal |both |beide |zo |helemaal )?(correct|right|juist|accurate)\b"
    r"(?!\s*\?)|"
    # "Everything there is accurate, I look forward to Monday", "ik kijk er naar uit"
    r"(?<!not )(?<!n't )(?<!niet )\b(look|looking) forward to\b|(?<!niet )\bkijk (er )?(al )?naar uit\b|"
    # "All of it matches", "klopt helemaal broer", "store away, I have nothing to hide"
    r"\b(all of it|it all|everything|all) (matches|checks out)\b|\bklopt (helemaal|allemaal|precies|als een bus)\b|"
    r"\b(store|save|keep) (it )?away\b|\bnothing to hide\b|"
    r"\b(correct|goed|juist) (genoteerd|ingevuld|opgeschreven)\b|"
    r"\b(opslaan|bewaren|saving|storing|keeping) (it |them )?(is|are) (goed|prima|ok(é|ay)?|fine)\b|"
    r"\b(geen (enkel )?bezwaar|no objections?|i don'?t mind|heb ik geen (probleem|moeite) mee|fine (by|with) me|"
    r"vind ik (prima|goed|best)|dat mag (best|gerust)|mag (best|gerust)|"
    r"(ik )?denk het wel|i think so|staat (het )?juist|(mag|mogen) (het |ze |alles )?(bewaard|opgeslagen) worden|"
    r"geen probleem|no problem|(daar |hier )?stem ik (mee )?in|ik stem (ermee |daarmee )?in|i consent|"
    # "mag je bewaren hoor, geen punt", "ach waarom ook niet, kan geen kwaad", "yes, why not"
    r"geen punt|waarom (ook |dan )?niet|why not|kan (toch )?geen kwaad|can'?t hurt|no harm|"
    # (a permission, not the question "mag je het bewaren?")
    r"(mag|mogen|kun|kan|kunnen) (je|jullie|u) (het |ze |alles |mijn gegevens )?(bewaren|opslaan|houden)(?![^.!]*\?)|"
    # a yes on a condition: "als het echt nodig is", "if I must"
    r"als het (dan |echt |zo )?(moet|nodig is)|if (i|we|it) (really )?(must|have to)|"
    r"if (it'?s|it is) (really )?necessary|if needed|indien nodig|"
    # fine for oneself, a permission given, a yes on a condition: "dat is oké voor mij", "I'm fine with
    # that", "ik geef toestemming", "zolang mijn baas het niet ziet"
    r"(is|it'?s|that'?s) (oké|oke|ok|okay|prima|goed|fine|alright) (voor|for|met|with|by) (mij|me)|"
    r"i'?m (fine|ok|okay|good|alright) with|i am (fine|ok|okay|good|alright) with|"
    r"(ik )?vind (het|dat|dit) (goed|prima|oké|oke|ok|best|geen probleem)|"
    r"(i )?give (you )?(my )?(permission|consent)|(ik )?geef (je |u |jullie )?(toestemming|permissie)|"
    r"toestemming (gegeven|verleend)|permission granted|i allow (it|that|you|this)|"
    r"(u heeft|je hebt|jullie hebben|you have|you've got) (mijn|my) (toestemming|permission|consent|ok|okay)|"
    r"as long as|zolang|provided that|mits|(alleen|only) (als|if)|op voorwaarde dat|on condition that|"
    # "..., dan is het goed", "then it's fine": the yes after the condition; "checks out"
    r"(dan|then) (is het |it'?s |that'?s |is dat )?(goed|prima|oké|oke|ok|okay|fine|alright)|checks out)\b",
    re.I,
)
# "By all means, keep it", "prima, sla het maar op": storing asked for later in the sentence (a yes
# unless denied: "I'd rather you didn't keep it")
KEEP_IN_SENTENCE = re.compile(
    r"\b((keep|save|store) (it|them|my answers)|bewaar (het|ze|maar|alles)|sla (het |ze |alles )?(maar )?op)\b", re.I
)
# a no said after other words: "dat hoeft niet, ik kom er zelf wel uit", "dan liever niet", "I'd rather not"
NO_IN_SENTENCE = re.compile(
    r"\b((dat|het) hoeft (echt |helemaal |nu )?niet|(het|dat) mag (echt )?niet|(dan |toch )?liever niet|"
    r"(is )?niet nodig|(i'?d|i would) rather not|no thanks?|don'?t (need|want) (it|that|to)|"
    # "I'll pass on the appointment, thanks", "ik sla het over"
    r"(i'?ll|i will|i'?d|i think i'?ll) pass|(ik )?sla (het|dat|deze) (maar )?over)\b"
    r"(?!\s+(per se|perse|meteen|direct|vandaag))",
    re.I,
)
# permission without a yes word, in a sentence that asks nothing: "dan mag het", "het mag wel"
GRANTED = re.compile(
    r"\b(mag (het|wel|best|gerust)|het mag|het is goed|is (het )?prima|that'?s ok(ay)?|"
    r"(mag|mogen|kun|kunt|kunnen) (je|jij|jullie|u) (het |ze |alles |dat )?(bewaren|opslaan|houden|hebben)|"
    r"you (can|may) (save|store|keep|have) (it|them|that|my|everything))\b",
    re.I,
)
NOT_YET_IN_SENTENCE = re.compile(
    r"\b((eerst|nog) (zelf |even |rustig |nog )*(er )?over (na)?denken|er (eerst )?(nog )?over nadenken|"
    r"think (it over|about it)( first)?|sleep on it|not (just )?yet|nog niet)\b"
    # ("ik weet nog niet of het verlengd wordt": unsure about something else)
    r"(?!\s+(of|if|whether)\b)",
    re.I,
)


# sounds of hesitation before the answer: "uhm ja", "nou... nee", "well, yes"
HESITATION = re.compile(
    # (not the polite "U": "U heeft mijn toestemming")
    # ("allez, dat mag": the Flemish "come on")
    r"^\W*((u+h+m*|u+m+|uu+|e+h*m*|h+m+|nou+|tja+|mwa+h?|meh|well|wel|oh+|ah+|allez|o+ke+y?\s+so|so)\b[\s.,!?…]*)+",
    re.I,
)
# a mind changed within the answer: "nee... hmm wacht, eigenlijk wel ja", "no, actually yes"
CHANGED_MIND = re.compile(nlu_text.phrases_pattern(nlu_text.CHANGED_MIND) + r"[\s.,!?…]*", re.I)


NOT_YET_AGREED = re.compile(
    r"\b(before|voordat|voor|if|als|wanneer|once)\s+(i|ik|we)\s+(agree|consent|akkoord ga|instem|ja zeg|say yes)\b",
    re.I,
)
NOTED = re.compile(r"^\W*(ok(é|ay|e)?|alright|right|i see|ik snap het|aha)[\s.,!]+", re.I)
AGREED = re.compile(r"\b(akkoord|agreed|i agree)\b", re.I)


# thanks before the answer: "thank you, yes", "dank je, ja hoor"
THANKS_FIRST = re.compile(
    r"^\W*((heel |hartelijk )?(bedankt|dank( je| u)?( wel)?)|thanks?( you)?( so much| very much| a lot)?|thx)[\s,.!]+",
    re.I,
)


def _yes_no_words(text: str) -> bool | None:
    text = THANKS_FIRST.sub("", HESITATION.sub("", text))
    noted = NOTED.match(text)
    if noted and NO.match(text[noted.end() :]):
        return False  # "ah ok. no then": the "ok" takes note, the no answers
    if NO.match(text):
        return False
    yes = YES.match(text)
    if yes:
        # "dat klopt niet", "that's not right": the yes words denied right after them
        return not re.match(r"\s*(niet|not|nie)\b", text[yes.end() :], re.I)
    if NOT_YET_IN_SENTENCE.search(text):
        return False
    if NO_IN_SENTENCE.search(text):
        return False
    # (said, not asked: "How long do you keep it?" keeps nothing yet)
    stated = without(text, [(a, b) for a, b in nlu.question_spans(text) if text[a:b].rstrip().endswith("?")])
    if YES_IN_SENTENCE.search(stated) or (GRANTED.search(stated) and "?" not in text and not nlu.negated(text)):
        return True
    if AGREED.search(stated) or KEEP_IN_SENTENCE.search(stated):
        return not nlu.negated(stated)  # "daar ga ik mee akkoord", "daar ga ik niet mee akkoord"
    return None


def yes_no(tracker: Tracker) -> bool | None:
    intent, confidence = intent_of(tracker)
    text = latest_text(tracker)
    if is_payload(text):
        return {"affirm": True, "deny": False}.get(intent or "")
    # "Before I agree: who gets to read this?": the agreeing is still to come
    text = NOT_YET_AGREED.sub(" ", text)
    for changed in reversed(list(CHANGED_MIND.finditer(text))):
        after = _yes_no_words(text[changed.end() :].lstrip(" ,.;:!-"))
        if after is not None:
            return after  # what is said after changing one's mind counts
    if language_request(tracker):
        # "can we continue in english? ... and yes you can save my info": the yes beside the request
        for part in reversed(re.split(r"[.!?,;]\s*|\s+(?:en|and)\s+", beside_language_request(text))):
            if part.strip() and (answer := _yes_no_words(part.strip())) is not None:
                return answer
    answer = _yes_no_words(text)
    if answer is not None:
        return answer
    if intent in ("affirm", "deny") and confidence >= QUESTION_CONFIDENCE:
        return intent == "affirm"
    return None


def side_intent(tracker: Tracker) -> str | None:
    """The side intent of the message when it is sure enough to displace an answer: a question
    about the scheme (less sure for a question than for a statement), a request that names what
    it asks for, courtesy that contains a courtesy word. A name that looks like a greeting to
    the classifier, "I have no Dutch diploma" read as a language switch: answers."""
    intent, confidence = intent_of(tracker)
    if intent not in SIDE_INTENTS:
        return None
    text = latest_text(tracker)
    if is_payload(text):
        return intent
    if intent in FAQ_INTENTS or intent == "bot_challenge":
        if language_request(tracker):
            return None  # "mag het gewoon in het Nederlands?" read as "are you a person?": a switch
        needed = QUESTION_CONFIDENCE if nlu.is_question(text) else STATEMENT_CONFIDENCE
        return intent if confidence >= needed else None
    if intent == "switch_language":
        return intent if language_request(tracker) else None
    if intent in ("restart", "delete_data") and not asks_command(text):
        return None  # "I'd basically have to start over": a story, not a command to start over
    if intent in COURTESY_INTENTS:
        short = len(text.split()) <= COURTESY_WORDS_MAX
        return intent if confidence >= STATEMENT_CONFIDENCE and short and COURTESY.search(text) else None
    return intent if confidence >= COMMAND_CONFIDENCE else None


# A question asked beside an answer ("ja prima, maar wat doen jullie met mijn gegevens?"), or one the
# classifier put second ("En wie kan ze zien dan?"): answered when it ranks a question about the
# scheme this high.
BESIDE_ANSWER_CONFIDENCE = 0.15


def question_beside_answer(tracker: Tracker) -> str | None:
    """The response to a question about the scheme the message asks, from the classifier's ranking."""
    if not nlu.question_spans(latest_text(tracker)):
        return None
    for ranked in (tracker.latest_message or {}).get("intent_ranking") or []:
        name, confidence = ranked.get("name"), float(ranked.get("confidence") or 0.0)
        if name in bot_intents.FAQ_RESPONSES and confidence >= BESIDE_ANSWER_CONFIDENCE:
            return bot_intents.FAQ_RESPONSES[name]
    return None


COMMAND_WORDS_MAX = 6


def asks_command(text: str) -> bool:
    """ "opnieuw beginnen", "can we start over?", "wis mijn gegevens aub": short, or asked in the
    words of a request; a longer statement that contains the words is no command."""
    return (
        len(text.split()) <= COMMAND_WORDS_MAX
        or nlu.asks_for_something(text)
        # "... haha. kan ik helemaal opnieuw beginnen? nu voor mezelf": the request in its own sentence
        or asks_start_over(text)
        or asks_erasing(text)
    )


# A sentence this short that names a language asks for it ("could we switch to English? I'm not
# fluent"); a longer one must use the words of a request ("can we do this in English?").
LANGUAGE_REQUEST_WORDS_MAX = 10


_SUBJECT = (
    r"(opleiding|opleidingen|cursus|cursussen|training|trainingen|les|lessen|school|docent|examen|adviseur|"
    r"course|courses|classes|lessons|teacher|exam|adviser|advisor|advies)"
)
_LANGUAGE = r"(engels|engelse|english|nederlands|nederlandse|dutch)"
# the course or the adviser and the language close together: "is de opleiding in het Engels?",
# "are there English courses?", "will the adviser speak English?" (not "help me in English about
# the training money")
ABOUT_SOMETHING_ELSE = re.compile(
    rf"\b{_SUBJECT}\b\W+(\w+\W+){{0,3}}{_LANGUAGE}\b|\b{_LANGUAGE}\W+(\w+\W+)?{_SUBJECT}\b",
    re.I,
)


def asks_about_language_elsewhere(text: str) -> bool:
    """A question about the language of the course or the adviser ("will the adviser speak English?"),
    also beside a remark ("moet die cursus in het Nederlands zijn? mijn Nederlands is niet zo goed")."""
    asked = [text[a:b] for a, b in nlu.question_spans(text)]
    return any(ABOUT_SOMETHING_ELSE.search(q) for q in asked)


def language_request(tracker: Tracker) -> str | None:
    """The language the message asks to go on in, or None. Such a message answers no question:
    "liever in het Nederlands" is not a description of one's work."""
    text = latest_text(tracker)
    if is_payload(text):
        return None
    if intent_of(tracker)[0] == "switch_language" and not asks_about_language_elsewhere(text):
        return nlu.explicit_language(text)
    # a sentence of its own that names a language: "Ach, laat maar, ik doe het gewoon in het Nederlands."
    # (the last one counts: "I opened the English page by mistake. Laat maar, in het Nederlands.")
    for sentence in reversed(re.split(r"(?<=[.!?])\s+", text)):
        asked = nlu.explicit_language(sentence)
        if not asked or asks_about_language_elsewhere(sentence):
            continue  # "is de opleiding in het Engels?": a question about the course, not about this chat
        if len(sentence.split()) <= LANGUAGE_REQUEST_WORDS_MAX or nlu.asks_for_something(sentence):
            return asked
    return None


def beside_language_request(text: str) -> str:
    """What a message says beside asking for a language (the parts that name none)."""
    parts = re.split(r"(?<=[.!?,;])\s+", text)
    # the apology for the language goes with the request: "Sorry, ik typ gewoon in het nederlands"
    # leaves no "Sorry" to correct the next sentence
    return " ".join(p for p in parts if not nlu.explicit_language(p) and not APOLOGY_ALONE.match(p)).strip()


APOLOGY_ALONE = re.compile(r"^\W*(sorry|excuse me|excuus|excuses|pardon|hello|hi|hoi|hallo|hey)\W*$", re.I)


def _near(typed: str | None, text: str) -> bool:
    """ "ik woon vlak bij Den Haag": a place named as near, not where one lives."""
    if not typed:
        return False
    before = text[: text.lower().find(typed.lower())]
    return bool(NEAR.search(before)) and not BELONGS.search(before)


# a spot inside the town named: "Rijswijk station", "Delft centrum", "het centrum van Delft"
IN_TOWN = re.compile(r"\s*(station|centraal|centrum|center|centre|city centre|markt|market)\b", re.I)
UNSURE = re.compile(r"\b(not sure|unsure|weet (het )?niet|niet zeker|geen idee|no idea|don'?t know)\b", re.I)
IN_TOWN_BEFORE = re.compile(r"\b(station|centrum|center|centre|markt|market) (van|of) (de |het |the )?$", re.I)


def _answer(slot: str, text: str, language: str, today: date, guess: bool = True) -> Any:
    """The value a message gives to the question asked (None when none)."""
    values = nlu.values_for_slot(slot, text, language, today, guess=guess)
    value = values.get(slot)
    typed = (values.get("place") or {}).get("name_as_typed")
    if slot == "municipality" and value and _near(typed, text):
        # a place named as near; what follows may say where one lives ("near Hollands Spoor, so
        # The Hague", "vlakbij Delft, in Pijnacker")
        # ("near Rijswijk station": no known place follows, and the near place is no answer)
        rest = text[text.lower().find(str(typed).lower()) + len(str(typed)) :]
        if nlu.names_place(rest):
            return _answer(slot, rest, language, today)
        # "city centre, near Hollands Spoor": near a district, in the town it belongs to (not near
        # a town itself, "vlak bij Den Haag", which may be across its border); "2 min from Rijswijk
        # station", "vlak bij het centrum van Delft": near a spot inside the town
        district = (values.get("place") or {}).get("kind") == "district"
        inside = bool(IN_TOWN.match(rest)) or bool(IN_TOWN_BEFORE.search(text[: text.lower().find(str(typed).lower())]))
        inside = inside and not UNSURE.search(text)  # "not sure, near Rijswijk station": a guess
        return value if (district or inside) and (values.get("place") or {}).get("in_region") else None
    if slot == "age" and value is None:
        # (not an ordinal: "3rd year at the hogeschool")
        numbers = set(re.findall(r"(?<![\d.,:])\d{1,3}(?!\d)(?![.,:]\d)(?![^\W\d_])", text))
        value = int(numbers.pop()) if len(numbers) == 1 else None  # "42 sorry" after "41, nee"; "47? ja 47"
    if slot == "work_situation" and value is None:
        value = described_work(text)
    return None if value in (None, []) else value


def returning_said_before(tracker: Tracker, language: str, today: date) -> bool:
    """An earlier message of the resident's said they want to return to work (a wish, so it set
    nothing then)."""
    texts = [str(ev.get("text") or "") for ev in tracker.events if ev.get("event") == "user"][:-1]
    return any(nlu.said(t, language, today).get("work_situation") == "returner" for t in texts if t)


def _said(text: str, language: str, today: date, slots: tuple[str, ...]) -> dict[str, Any]:
    """What a statement says outright about other questions: the extractor's values and the
    place where one lives, without the guesses only an answer to the question itself allows."""
    values = nlu.said(text, language, today)
    found: dict[str, Any] = {}
    for slot in slots:
        if slot == "municipality":
            place = nlu.home_place(text)
            if place is not None and place.canonical and not _near(place.name_as_typed, text):
                found[slot] = place.slot_value
        elif values.get(slot) not in (None, []):
            found[slot] = values[slot]
    return found


# Someone who answers the work question with the job they do works for a living; with their
# own business they are self-employed ("buschauffeur bij de HTM", "ik run een hoveniersbedrijfje").
OWN_BUSINESS = re.compile(
    r"\b(eigen \w*(bedrijf|zaak|taxi|winkel|salon|studio)\w*|bedrijfje|eenmanszaak|ondernemer|zzp|zelfstandige?|"
    r"freelancer?|self-employed|my own (business|company|shop)|alleen ikzelf|voor mezelf|for myself|i run)\b",
    re.I,
)
DESCRIBES_A_JOB = re.compile(
    r"\b(ik werk|ik sta|i work|werk bij|werk in|work at|work in|bij (de|een|het)|op (de|een|het)|"
    r"in (de|een|het|a|an|the)|at (a|an|the)|contract|in dienst|loondienst|on the payroll)\b",
    re.I,
)


# "ik ben gestopt toen de tweede kwam": work given up, to come back to
STOPPED = re.compile(r"\b(gestopt|stopte|gestopt met werken|stopped|quit|opgehouden|gave up)\b", re.I)


def described_work(text: str) -> str | None:
    """A job described in one's own words: held now, or given up for a while (returning)."""
    if WORKED_BEFORE.search(text) and not WORKS_NOW.search(text):
        return "returner" if STOPPED.search(text) else None
    if OWN_BUSINESS.search(text):
        return "self_employed"
    if NOT_WORKING_NOW.search(text):
        return None  # "ik werk op dit moment niet en studeer niet"
    return "employed" if DESCRIBES_A_JOB.search(text) else None


NOT_WORKING_NOW = re.compile(
    r"\b(ik werk|werk ik)\s+(\w+\s+){0,3}?niet\b(?!\s+(fulltime|full|alleen|meer dan))|"
    r"\b(i'?m not working|i am not working|i don'?t work|i do not work|not working (at the moment|now|right now))\b",
    re.I,
)


BENEFITS = re.compile(
    r"(?<!geen )(?<!no )(?<!zonder )(?<!without )\b(bijstand|bijstnad|uitkering|ww|wia|wajong|ioaw|"
    r"(unemployment |social )?benefits?|social assistance|welfare|dole)\b",
    re.I,
)
# "I don't get WW", "ik krijg geen uitkering", "ik heb nog geen bijstand": no benefits after all
NO_BENEFITS = re.compile(
    r"\b(don'?t|do not|doesn'?t|didn'?t|not|niet|geen|no|zonder|without|never|nooit)\b(\s+\S+){0,3}\s+"
    r"(bijstand|uitkering|ww|wia|wajong|benefits?|welfare)\b|"
    # "een uitkering krijg ik niet", "benefits I don't get": denied after the word
    r"\b(bijstand|uitkering|ww|benefits?)\s+(krijg|heb|ontvang|get|have|receive)\s+(ik|i)?\s*(niet|geen|don'?t|not)\b",
    re.I,
)


def stronger_in_message(value: Any, text: str) -> Any:
    """Two facts in one answer keep the stronger: "in de bijstand maar ik wil weer werken" is on
    benefits (with a wish to grow), not a returner."""
    weaker = value in ("returner", "job_seeker", "employed", "other")
    # ("tot augustus in de bijstand, nu werk ik in de kas": the benefits are behind one)
    behind = value == "employed" and WORKS_AGAIN.search(text)
    if weaker and BENEFITS.search(text) and not NO_BENEFITS.search(text) and not behind:
        return "on_benefits"
    return value


def keeps_stronger(slot: str, old: Any, new: Any) -> Any:
    """Combinations keep the stronger fact: on benefits and wanting to work stays on benefits."""
    wish = new in WISH_VALUES["work_situation"]
    if slot == "work_situation" and old and new and old != new and wish and STRONGER.get(str(old), 0) > 0:
        return old
    return new


def replies(tracker: Tracker) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """The events since the conversation (re)started, each with the question that was open when
    the resident's message that led to it came in (None before the first question)."""
    events = list(tracker.events)
    starts = [i for i, ev in enumerate(events) if ev.get("event") in ("restart", "session_started")]
    requested = replying = None
    for ev in events[starts[-1] + 1 if starts else 0 :]:
        kind = ev.get("event")
        if kind == "user":
            replying = requested
        elif kind == "slot" and ev.get("name") == "requested_slot":
            requested = ev.get("value")
        yield replying, ev


def replied_before(tracker: Tracker, slot: str) -> bool:
    """The resident replied to the question for ``slot`` before the latest message."""
    return sum(1 for replying, ev in replies(tracker) if ev.get("event") == "user" and replying == slot) > 1


def ever_answered(tracker: Tracker, slot: str) -> bool:
    """A reply to the question for ``slot`` gave (or repeated) its value since the conversation
    (re)started. A question back or a correction of another answer while it is open is no reply:
    the question is put again after it."""
    return any(
        replying == slot and ev.get("event") == "slot" and ev.get("name") == slot and ev.get("value") is not None
        for replying, ev in replies(tracker)
    )


# a message that also gives this many of the other answers tells the whole story at once
WHOLE_STORY = 2


def pains_told_in_whole_story(tracker: Tracker) -> bool:
    """What bothers the resident came in a message that told the whole story at once ("ik ben
    45, woon in Delft, werk in de bouw en mijn rug speelt op") and the question what to change
    was not answered yet: it is asked only whether there is more, and a "no" keeps what was told.
    Only answers given for the first time count: "o wacht, ik ben 34, niet 43" with one's work
    corrects the age, it does not tell the whole story."""
    if tracker.get_slot("pains") in (None, []) or ever_answered(tracker, "pains"):
        return False
    turns: list[set[str]] = [set()]
    given: set[str] = set()
    told = 0
    for _, ev in replies(tracker):
        kind = ev.get("event")
        if kind == "user":
            turns.append(set())
        elif kind == "slot" and ev.get("value") not in (None, []):
            name = str(ev.get("name"))
            if name not in given:
                turns[-1].add(name)
                given.add(name)
            if name == "pains" and told == 0:
                told = len(turns) - 1
    return len(turns[told] & {"age", "municipality", "work_situation"}) >= WHOLE_STORY


# what a description of the work tells without it being a complaint
WORK_FACTS = {"irregular_hours"}


def heard_with_work(tracker: Tracker) -> set[str]:
    """The pains first heard in the reply to the question about one's work."""
    heard: set[str] = set()
    before: set[str] = set()
    for replying, ev in replies(tracker):
        if ev.get("event") == "slot" and ev.get("name") == "pains":
            now = set(ev.get("value") or [])
            if replying == "work_situation":
                heard |= now - before
            before = now
    return heard


def _added(known: list[str], new: list[str]) -> list[str]:
    """What bothers the resident, what was known first, without repeats."""
    return list(dict.fromkeys([*known, *new]))


# a clause about one's partner or family: "mag mijn partner ook? hij is kok en wil iets anders",
# "my husband works for a tech company in Rijswijk, could he apply too?"
RELATIVE = (
    r"(man|vrouw|partner|husband|wife|vriend|vriendin|boyfriend|girlfriend|zoon|dochter|son|daughter|broer|zus|"
    r"brother|sister)"
)
SOMEONE_ELSE = re.compile(rf"^\s*(en\s+|and\s+)?(hij|zij|he|she|(mijn|m'?n|my)\s+{RELATIVE}('s)?)\b", re.I)
MENTIONS_RELATIVE = re.compile(rf"\b(mijn|m'?n|my)\s+{RELATIVE}\b", re.I)


def without_someone_else(text: str) -> str:
    """The message without its clauses about one's partner or family, when it asks about them: their
    job and their wishes are no answers about the resident."""
    if not MENTIONS_RELATIVE.search(text) or not nlu.question_spans(text):
        return text  # (told beside one's own story, "my partner pays most bills" may be part of it)
    kept = [c for c in SENTENCES_AND_CLAUSES.split(text) if not SOMEONE_ELSE.match(c)]
    return " ".join(kept).strip()


def read(tracker: Tracker, requested: str | None, today: date | None = None) -> Reading:
    """The intake answers in the latest message, with precedence applied."""
    today = today or date.today()
    text = latest_text(tracker)
    language = lang(tracker)
    reading = Reading()
    intent, _ = intent_of(tracker)
    if text and language_request(tracker):
        # "45, maar kan het in het Nederlands?": the request answers nothing, the rest may
        text = beside_language_request(text)
    text = without_someone_else(text)
    if not text:
        return reading
    if is_payload(text):
        given = payload_entities(tracker)
        reading.answers = {k: v for k, v in given.items() if k in (*INTAKE_SLOTS, "sector")}
        known = tracker.get_slot("pains")
        if requested == "pains" and known and reading.answers.get("pains"):
            # a button at "what would you like to change?" adds to what was heard before it
            reading.answers["pains"] = _added(known, reading.answers["pains"])
        return reading
    reading.question = nlu.is_question(text)
    reading.correction = corrects(text)
    current = without(text, old_value_spans(text)) if reading.correction else text
    # the question being asked: the whole message may answer it, unless it is a question about
    # something else that the classifier is sure of ("kan ik dit ook krijgen als ik student ben?")
    # a question answers its own question only in a few words ("45, is dat te oud?"); one's work and what
    # to change are told, not asked ("als ik halverwege de opleiding stop, moet ik terugbetalen?")
    told_only = requested in OWN_WORDS_SLOTS and reading.question
    # "how long would a course take? i don't want to be studying for years": after a question about
    # the scheme, a remark is likely about that question; what the rules find in it is an answer
    # ("kan het ook 's avonds? mijn rug is kapot"), the learned reader's guess is not
    spans = nlu.question_spans(text)
    # (whatever the classifier made of the question: "mag dat als je een uitkering hebt? wil niet
    # dat ik gekort word" is a remark about it, whether it took the question for one it knows or not)
    asked_first = bool(spans) and not text[: spans[0][0]].strip()
    # "what do you mean by work situation? i get benefits but i also work a little, which one
    # counts?": asked back, and still asking at the end, the facts in it are not yet the answer
    unsure = asks_back(tracker) and text.rstrip().endswith("?")
    if requested in INTAKE_SLOTS and not (reading.question and side_intent(tracker)) and not told_only and not unsure:
        value = _answer(requested, current, language, today, guess=not asked_first)
        if requested == "work_situation" and value is None and held_before_not_now(current):
            # "At the moment I am not working. I was a teacher": back to work, when an earlier
            # message said so ("stayed home with our children, now I want to work again")
            value = "returner" if returning_said_before(tracker, language, today) else None
        more_asked = requested == "pains" and pains_told_in_whole_story(tracker)
        known = tracker.get_slot(requested)
        # what was heard with the work ("via een uitzendbureau") stays beside the answer, unless the
        # answer corrects it; what the whole story told stays beside "anything else?" ("eigenlijk ook het loon")
        keeps_known = more_asked or not reading.correction
        if requested == "pains" and value and known and keeps_known:
            # the hours of a job described ("nachtdiensten vooral", "early shifts") are a fact of
            # the work, not something to change, once the answer to what to change leaves them out
            facts = heard_with_work(tracker) & WORK_FACTS
            value = _added([p for p in known if p not in facts or p in value], value)
        if value is not None:
            reading.answers[requested] = value
        elif requested == "pains" and (intent == "deny" or nlu.nothing_to_change(text)) and not asks_back(tracker):
            # "honestly nothing, I like driving", "nee, ik ben tevreden"; after a whole story the
            # question was whether there is more: "nee, dat was het" keeps what was told
            reading.answers["pains"] = known if more_asked else []
    # other answers: from the statements about oneself, never from a question
    statements = without(current, nlu.question_spans(current))
    others = tuple(s for s in (*INTAKE_SLOTS, "sector") if s != requested and s not in reading.answers)
    if statements.strip():
        # a correction changes what is said in its own sentence ("foutje: ik ben van 1978"), not
        # every answer the rest of the message happens to give
        # (found in the words as typed: "ik woon nu in Rijswijk, niet meer Den Haag" corrects by the
        # old value it negates, which `current` no longer holds)
        typed = without(text, nlu.question_spans(text))
        parts = [p for p in SENTENCE_END.split(typed) if p]
        corrected_part = " ".join(without(p, old_value_spans(p)) for p in parts if corrects(p))
        if reading.correction and not corrected_part.strip():
            # the word of correcting came with a question ("wacht, je vroeg waar ik woon? dan is het
            # Delft"): what the message states is what it puts right
            corrected_part = " ".join(without(p, old_value_spans(p)) for p in parts)
        said_in_correction = _said(corrected_part, language, today, others) if reading.correction else {}
        if reading.correction and not said_in_correction:
            # the word of correcting stood alone ("sorry, ik moet iets veranderen."): what it puts
            # right follows in the next sentence ("uitzendbureau is gestopt, nu krijg ik WW")
            sentences = [p for p in SENTENCES.split(typed) if p]
            following = " ".join(
                p for i, p in enumerate(sentences) if i and CORRECTION.search(sentences[i - 1]) and not corrects(p)
            )
            said_in_correction = _said(following, language, today, others) if following else {}
        # a place put right names where one lives in the next sentence: "ah sorry, de lier is where
        # is my work. i live in rijswijk" (only a place: "Sorry, ik typ in het nederlands. Ben bijna
        # met pensioen" corrects no work)
        place_next = " ".join(
            p for i, p in enumerate(parts) if i and corrects(parts[i - 1]) and nlu.names_place(parts[i - 1])
        )
        if reading.correction and place_next and "municipality" in others:
            said_in_correction.update(_said(place_next, language, today, ("municipality",)))
        for slot, value in _said(statements, language, today, others).items():
            if slot == "age" and not OWN_AGE.search(statements):
                continue  # outside its question, an age must be said to be one's own ("ik ben 45")
            if slot in WISH_VALUES:
                wishes = WISH_VALUES[slot]
                if slot == "pains":
                    value = [v for v in value if v not in wishes]
                    if not value:
                        continue
                elif value in wishes and (
                    said_in_correction.get(slot) != value or STRONGER.get(str(tracker.get_slot(slot)), 0) > 1
                ):
                    # (unless a correction says so of a job: "my contract actually ended, I'm looking for
                    # work"; benefits stay: "I want to find work that actually has a future")
                    continue
            known = tracker.get_slot(slot)
            if slot == "pains" and tracker.get_slot("verdict") is not None and not reading.correction:
                continue  # after the check, "before my shift" or "one talk can't hurt" is no new complaint
            if slot == "pains" and known:
                value = _added(known, value)  # a further fact about the work adds to them
                if value == known:
                    continue
            elif (
                known not in (None, [])
                and said_in_correction.get(slot) != value
                and not (slot == "municipality" and LIVES_NOW.search(statements))
            ):
                # a side remark does not overwrite an answer; a correction names it, and so does
                # saying where one lives now ("rijswijk is waar mn oude school was, ik woon gwn in escamp")
                continue
            reading.answers[slot] = value
    if "age" in others and "age" not in reading.answers and corrects_age(text, tracker.get_slot("age")):
        # read in the sentence that corrects it: the rest may hold other numbers ("every 3 months")
        put_right = " ".join(p for p in SENTENCE_END.split(statements) if p and corrects(p))
        age = _answer("age", put_right, language, today) if put_right else None
        age = _answer("age", statements, language, today) if age is None else age
        if age is not None:
            reading.answers["age"] = age
    if "work_situation" in reading.answers:
        reading.answers["work_situation"] = stronger_in_message(reading.answers["work_situation"], current)
    if requested == "pains" and reading.correction and not replied_before(tracker, "pains"):
        # "o ja, sinds deze maand werk ik als zzp'er": the message puts an earlier answer right; what
        # to change is still to be told ("niet meer op de loonlijst" is no complaint about the pay)
        # (also when the value stays: "Monster, nee 's-Gravenzande" is Westland either way)
        changed = [
            s
            for s in INTAKE_SLOTS
            if s != "pains"
            and s in reading.answers
            and (s == "municipality" or reading.answers[s] != tracker.get_slot(s))
        ]
        if changed:
            # what to change stands only in a clause that puts nothing right ("ik ben eigenlijk 52,
            # en het werk is te zwaar")
            rest = [
                c
                for c in CLAUSES.split(without(text, nlu.question_spans(text)))
                if c and c.strip() and not corrects(c) and not set(_said(c, language, today, tuple(changed)))
            ]
            told = ", ".join(c.strip() for c in rest)
            # (the learned reader guesses only from a story of some length: "moet er nog aan wennen" is none)
            pains = (
                _answer("pains", told, language, today, guess=len(told.split()) >= GUESS_WORDS_MIN) if rest else None
            )
            if pains:
                reading.answers["pains"] = pains
            elif rest:
                # (with nothing beside the correction, or one run-on sentence the clauses cannot part,
                # what was read stays: a resident who says it again is never asked a third time)
                reading.answers.pop("pains", None)
    for slot, value in list(reading.answers.items()):
        known = tracker.get_slot(slot)
        if slot == "work_situation" and not reading.correction:
            value = reading.answers[slot] = keeps_stronger(slot, known, value)
        added = slot == "pains" and known and set(known) <= set(value)  # more said, nothing taken back
        # an intake answer put right is acknowledged; a changed sector is a detail, not a correction
        if known not in (None, []) and value != known and slot != requested and not added and slot in INTAKE_SLOTS:
            reading.corrected.append(slot)
    return reading
