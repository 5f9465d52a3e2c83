"""The project's spaCy components, registered by importing this module.

- ``leertdoor_numbers``: digits and number words (nl/en, compounds) -> ``doc._.numbers``
- ``leertdoor_lexicon``: phrases from the lexicon (exact, case-insensitive) plus a small typo
  tolerance (edit distance 1 for words of 6+ letters) -> ``doc._.lexicon_matches``

Matches may overlap across labels ("flexcontract" is a work situation and a pain), which
``doc.ents`` cannot hold, so both components write to extension attributes.
"""

import json
from pathlib import Path
from typing import Any, Dict, List

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from bot.nlu.numbers import parse_numbers

FUZZY_MIN_LEN = 6

if not Doc.has_extension("numbers"):
    Doc.set_extension("numbers", default=None)
if not Doc.has_extension("lexicon_matches"):
    Doc.set_extension("lexicon_matches", default=None)


@Language.component("leertdoor_numbers")
def numbers_component(doc: Doc) -> Doc:
    doc._.numbers = parse_numbers([t.text for t in doc])
    return doc


def osa_distance_le1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one longer: one deletion from b gives a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


class LexiconMatcher:
    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.set_terms({})

    def set_terms(self, terms: Dict[str, Dict[str, List[str]]]) -> None:
        nlp = self.nlp
        self.terms = terms
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: Dict[str, Any] = {}
        self.single: Dict[str, Any] = {}
        for label, values in terms.items():
            for rank, (value, phrases) in enumerate(values.items()):
                key = f"{label}\t{value}"
                self.labels[key] = (label, value, rank)
                docs = [nlp.make_doc(p) for p in phrases]
                self.matcher.add(key, docs)
                for d in docs:
                    if len(d) == 1 and len(d[0].text) >= FUZZY_MIN_LEN - 1 and d[0].is_alpha:
                        self.single.setdefault(d[0].lower_, []).append((label, value, rank))

    def __call__(self, doc: Doc) -> Doc:
        found: List[Dict[str, Any]] = []
        covered: set = set()
        for match_id, start, end in self.matcher(doc):
            label, value, rank = self.labels[doc.vocab.strings[match_id]]
            found.append(
                {
                    "label": label,
                    "value": value,
                    "rank": rank,
                    "start": start,
                    "end": end,
                    "fuzzy": False,
                }
            )
            covered.update(range(start, end))
        for tok in doc:
            if tok.i in covered or len(tok.text) < FUZZY_MIN_LEN or not tok.is_alpha:
                continue
            low = tok.lower_
            for term, targets in self.single.items():
                if abs(len(term) - len(low)) <= 1 and osa_distance_le1(low, term):
                    for label, value, rank in targets:
                        found.append(
                            {
                                "label": label,
                                "value": value,
                                "rank": rank,
                                "start": tok.i,
                                "end": tok.i + 1,
                                "fuzzy": True,
                            }
                        )
                    break
        doc._.lexicon_matches = _drop_nested(found)
        return doc

    def to_disk(self, path, exclude=tuple()):  # noqa: ANN001
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "terms.json").write_text(json.dumps(self.terms, ensure_ascii=False, indent=1))

    def from_disk(self, path, exclude=tuple()):  # noqa: ANN001
        self.set_terms(json.loads((Path(path) / "terms.json").read_text(encoding="utf-8")))
        return self


def _drop_nested(matches: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Within one label, keep the longest of overlapping matches (earliest first)."""
    out: List[Dict[str, Any]] = []
    by_len = sorted(matches, key=lambda m: (-(m["end"] - m["start"]), m["start"]))
    for m in by_len:
        if any(
            o["label"] == m["label"] and o["start"] < m["end"] and m["start"] < o["end"]
            for o in out
        ):
            continue
        out.append(m)
    return sorted(out, key=lambda m: (m["start"], m["end"]))


@Language.factory("leertdoor_lexicon")
def lexicon_component(nlp: Language, name: str) -> LexiconMatcher:
    return LexiconMatcher(nlp)
