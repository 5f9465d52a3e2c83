"""The lexicon (bot/nlu/lexicon.yml): words and phrases per slot value, matched on word forms.

    lexicon = load_lexicon()            # bot/nlu/lexicon.yml, cached
    lexicon.match(Doc("mijn knieën doen pijn na een dienst"))
    # [{"label": "pain", "value": "physical_strain", "start": 1, "end": 2, "rank": 0, "fuzzy": False}]

A phrase matches a run of words when every word equals the phrase's word or has the same lemma
(bot/nlu/lemmas.py: "knieën" matches "knie", "diploma's" matches "diploma"), so the lexicon lists
a word once, not every form. Hyphens and slashes are ignored ("midden-delfland" = "midden delfland").
A single word of 6+ letters also matches with a typo (rapidfuzz, Damerau-Levenshtein: one edit, two
from 9 letters, same first letter), unless the typed word is itself a Dutch or English word
("willen" is no typo of "tillen", "kansen" none of "kassen") or listed in NO_FUZZY.
Within one label the longest of overlapping matches wins. Values are checked against the
vocabulary (bot/validate_data.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.nlu.lemmas import is_word, lemma
from bot.nlu.text import Doc

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")
SLOTS = ("work_situation", "pain", "sector", "mode", "language")
FUZZY_MIN_LEN = 6
# Look-alikes of lexicon words that are no typos of them (names, slang, other languages).
NO_FUZZY = {"adam", "groeten", "coming", "broken", "wachten", "afgemaakt", "beiden", "meiden", "leider"}
# Words people put inside a phrase without changing it: "verdien (echt) te weinig", "(really) low pay";
# and the subject a Dutch sentence puts after its verb when it starts with something else: "elke
# maand sta (ik) rood", "na een dienst ben (ik) kapot".
FILLERS = {
    "echt", "heel", "erg", "wel", "nog", "zo", "best", "gewoon", "eigenlijk", "ook", "toch", "nu", "al", "ik", "je",
    "really", "very", "just", "quite", "pretty", "so", "way", "too", "actually", "still", "also",
}  # fmt: skip
CLAUSE_MARKS = {",", ".", ";", "!", "?", ":"}
COMPOUND_LABELS = ("pain", "sector")
NEGATION_HEADS = {
    "geen",
    "no",
    "niet",
    "not",
    "nooit",
    "never",
}  # "flexbaantje", "schoonmaakbedrijf": a known word + a real word

Term = tuple[tuple[str, ...], str, str, int]  # (word keys, label, value, rank)


def _key(word: str) -> str:
    return lemma(word)


def _content(doc: Doc) -> list[int]:
    return [t.i for t in doc if t.is_content]


class Lexicon:
    def __init__(self, terms: dict[str, dict[str, list[str]]]) -> None:
        self.terms = terms
        self.by_first: dict[str, list[Term]] = {}
        self.single: dict[str, list[tuple[str, str, int]]] = {}
        self.heads: dict[str, list[tuple[str, str, int]]] = {}  # short words that start compounds ("flex")
        for label, values in terms.items():
            for rank, (value, phrases) in enumerate(values.items()):
                for phrase in phrases:
                    doc = Doc(phrase)
                    words = [doc[i].lower_ for i in _content(doc)]
                    if not words:
                        continue
                    forms = tuple(words)
                    keys = tuple(_key(w) for w in words)
                    for first in {forms[0], keys[0]}:
                        self.by_first.setdefault(first, []).append((forms, label, value, rank))
                    if len(words) == 1 and len(words[0]) >= FUZZY_MIN_LEN - 1 and words[0].isalpha():
                        self.single.setdefault(words[0], []).append((label, value, rank))
                    elif len(words) == 1 and len(words[0]) == 4 and words[0].isalpha():
                        self.heads.setdefault(words[0], []).append((label, value, rank))
        self._singles = list(self.single)

    def match(self, doc: Doc) -> list[dict[str, Any]]:
        content = _content(doc)
        forms = [doc[i].lower_ for i in content]
        keys = [_key(w) for w in forms]
        found: list[dict[str, Any]] = []
        covered: set[int] = set()
        for pos in range(len(content)):
            candidates = self.by_first.get(forms[pos], []) + self.by_first.get(keys[pos], [])
            seen = set()
            for phrase, label, value, rank in candidates:
                if (phrase, label, value) in seen:
                    continue
                seen.add((phrase, label, value))
                # the message's words for this phrase, skipping fillers after its first word
                at = [pos]
                j = pos + 1
                skips = 0
                while len(at) < len(phrase) and j < len(content):
                    if forms[j] in FILLERS and forms[j] != phrase[len(at)] and len(at) < len(phrase):
                        j += 1
                        continue
                    # "geen (Nederlands) diploma", "no (Dutch) diploma": one word may qualify a negation
                    qualifies = phrase[0] in NEGATION_HEADS and len(phrase) == 2 and not skips
                    wanted = phrase[len(at)]
                    if qualifies and forms[j] != wanted and keys[j] != _key(wanted) and not _typo_of(forms[j], wanted):
                        skips += 1
                        j += 1
                        continue
                    at.append(j)
                    j += 1
                if len(at) < len(phrase) or at[-1] - pos > len(phrase) + 1:
                    continue
                same = [forms[at[k]] == w or keys[at[k]] == _key(w) for k, w in enumerate(phrase)]
                # one later word of a phrase may carry a typo: "geen diplomaas"
                typo = [k for k, ok in enumerate(same) if not ok]
                fuzzy = len(typo) == 1 and typo[0] > 0 and _typo_of(forms[at[typo[0]]], phrase[typo[0]])
                start, end = content[pos], content[at[-1]] + 1
                if any(doc[k].lower_ in CLAUSE_MARKS for k in range(start, end)):
                    continue  # "geen video, gewoon bellen": a phrase does not run over a comma
                if all(same) or fuzzy:
                    found.append(
                        {"label": label, "value": value, "rank": rank, "start": start, "end": end, "fuzzy": bool(fuzzy)}
                    )
                    covered.update(range(start, end))
        for pos, i in enumerate(content):
            word = forms[pos]
            if i in covered or len(word) < FUZZY_MIN_LEN or not word.isalpha():
                continue
            hits = self._fuzzy(word) or self._compound(word)
            for label, value, rank in hits:
                found.append({"label": label, "value": value, "rank": rank, "start": i, "end": i + 1, "fuzzy": True})
        return _drop_nested(found)

    def _compound(self, word: str) -> list[tuple[str, str, int]]:
        """A Dutch compound of a lexicon word and a real word: "flexbaantje", "horecaopleiding"."""
        if len(word) < 8:
            return []
        for cut in range(len(word) - 3, 3, -1):
            head, rest = word[:cut], word[cut:]
            if rest.startswith("s") and not is_word(rest):
                rest = rest[1:]  # the linking s: "beveiligingsbedrijf"
            if (head in self.single or head in self.heads) and len(rest) >= 4 and is_word(rest):
                return [t for t in self.single.get(head, self.heads.get(head, [])) if t[0] in COMPOUND_LABELS]
        return []

    def _fuzzy(self, word: str) -> list[tuple[str, str, int]]:
        if word in NO_FUZZY or is_word(word):
            return []
        limit = 1 if len(word) < 9 else 2
        best = process.extractOne(
            word, self._singles, scorer=DamerauLevenshtein.distance, score_cutoff=limit, processor=None
        )
        if best is None or best[0][0] != word[0]:
            return []
        return self.single[best[0]]


def _typo_of(typed: str, word: str) -> bool:
    """``typed`` is ``word`` with a typo: one edit (two from 9 letters), same first letter, no real word."""
    if len(typed) < FUZZY_MIN_LEN or not typed.isalpha() or typed[0] != word[0] or typed in NO_FUZZY:
        return False
    limit = 1 if len(typed) < 9 else 2
    return DamerauLevenshtein.distance(typed, word, score_cutoff=limit) <= limit and not is_word(typed)


def _drop_nested(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Within one label, keep the longest of overlapping matches (exact before fuzzy, earliest first)."""
    out: list[dict[str, Any]] = []
    for m in sorted(matches, key=lambda m: (-(m["end"] - m["start"]), m["fuzzy"], m["start"], m["rank"])):
        if any(o["label"] == m["label"] and o["start"] < m["end"] and m["start"] < o["end"] for o in out):
            continue
        out.append(m)
    return sorted(out, key=lambda m: (m["start"], m["end"]))


def read_terms(path: Path = LEXICON_PATH) -> dict[str, dict[str, list[str]]]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {
        label: {
            str(value): sorted({str(p).strip().lower() for p in (phrases or []) if str(p).strip()})
            for value, phrases in (raw.get(label) or {}).items()
        }
        for label in SLOTS
    }


@lru_cache(maxsize=2)
def load_lexicon(path: Path | None = None) -> Lexicon:
    return Lexicon(read_terms(path or LEXICON_PATH))
