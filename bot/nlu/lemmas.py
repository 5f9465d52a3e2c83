"""Lemmas of Dutch and English words from spaCy's lookup tables (spacy-lookups-data), without
spaCy: knieën -> knie, diploma's -> diploma, werkte -> werken, nachtdiensten -> nachtdienst,
knees -> knee, shifts -> shift.

    from bot.nlu.lemmas import lemmas, lemma, is_word

    lemmas("benen")      # {"benen", "been", "ben"}: the word and every lemma it may have
    lemma("knieën")      # "knie": one lemma (the most likely), the word itself when none
    is_word("willen")    # True: a real word is not a typo of another ("tillen")

Dutch: the exceptions, the lookup table and the suffix rules per part of speech, a candidate
kept only when the index lists it for that part of speech (what spaCy's rule lemmatizer does
with a tagger; we have none, so every part of speech is tried). English: the lookup table and the
exceptions. The tables are loaded once (~1.5 s, ~95 MB) and shared by every caller in a process.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

# the order in which a Dutch word's readings are preferred for the single lemma()
POS_ORDER = ("noun", "verb", "adj", "adv", "num")


def _table(name: str) -> Any:
    import spacy_lookups_data  # type: ignore[import-untyped]

    path = Path(spacy_lookups_data.__file__).parent / "data" / f"{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


class _Tables:
    def __init__(self) -> None:
        self.nl_rules: dict[str, list[tuple[str, str]]] = {
            pos: [(old, new) for old, new in rules] for pos, rules in _table("nl_lemma_rules").items()
        }
        self.nl_index: dict[str, frozenset[str]] = {
            pos: frozenset(words) for pos, words in _table("nl_lemma_index").items()
        }
        self.nl_exc: dict[str, dict[str, list[str]]] = _table("nl_lemma_exc")
        self.nl_lookup: dict[str, str] = _table("nl_lemma_lookup")
        self.en_lookup: dict[str, str] = _table("en_lemma_lookup")
        self.en_exc: dict[str, dict[str, list[str]]] = _table("en_lemma_exc")
        self.en_index: dict[str, frozenset[str]] = {
            pos: frozenset(words) for pos, words in _table("en_lemma_index").items()
        }
        self.words: frozenset[str] = frozenset().union(*self.nl_index.values(), *self.en_index.values())
        # the Dutch verb index also lists plurals ("knieën", "kinderen"): only these are sure lemmas
        self.base_forms: frozenset[str] = frozenset().union(
            self.nl_index.get("noun", frozenset()), self.nl_index.get("adj", frozenset()), *self.en_index.values()
        )


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def _dutch(word: str) -> list[str]:
    t = _tables()
    found: list[str] = []
    if len(word) <= 3:
        return found  # "at", "mijn"-like function words: their "lemmas" are other words
    for pos in POS_ORDER:
        found += t.nl_exc.get(pos, {}).get(word, [])
    if word in t.nl_lookup:
        found.append(t.nl_lookup[word])
    for pos in ("noun", "adj"):  # the verb rules guess wildly without a tagger ("mijn" -> "mijnen")
        index = t.nl_index.get(pos, frozenset())
        for old, new in t.nl_rules.get(pos, []):
            if word.endswith(old) and len(word) > len(old) + 1:
                candidate = word[: len(word) - len(old)] + new
                if candidate in index and candidate != word:
                    found.append(candidate)
    return found


def _english(word: str) -> list[str]:
    t = _tables()
    found: list[str] = []
    for pos in ("noun", "verb", "adj"):
        found += t.en_exc.get(pos, {}).get(word, [])
    if word in t.en_lookup:
        found.append(t.en_lookup[word])
    return found


@lru_cache(maxsize=50_000)
def lemmas(word: str) -> frozenset[str]:
    """The word (lower case) and all its possible lemmas in Dutch and English."""
    low = word.lower().replace("’", "'")
    if not any(c.isalpha() for c in low):
        return frozenset({low})
    return frozenset({low, *_dutch(low), *_english(low)})


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The most likely single lemma: Dutch readings first, the word itself when there is none."""
    low = word.lower().replace("’", "'")
    if low in _tables().base_forms:
        return low  # a noun, adjective or English word as such ("mijn", "time"), not a form of another
    found = _dutch(low) or _english(low)
    return found[0] if found else low


@lru_cache(maxsize=50_000)
def is_word(word: str) -> bool:
    """True for a word of Dutch or English (as such or as a form of one): never a typo."""
    low = word.lower()
    t = _tables()
    if low in t.words or low in t.nl_lookup or low in t.en_lookup:
        return True
    return any(candidate in t.words for candidate in lemmas(low) - {low})
