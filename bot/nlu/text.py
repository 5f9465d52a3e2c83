"""Tokens of a message for the extractor, without spaCy (the action server must not load it:
importing spaCy pulls in TensorFlow, ~45 s and ~500 MB).

    doc = Doc("Ik ben 45-jarige zzp'er in 's-Gravenzande")
    [t.text for t in doc]   # ['Ik', 'ben', '45', '-', 'jarige', "zzp'er", 'in', "'s", '-', 'Gravenzande']
    doc[2:5].start_char     # character offsets of a span of tokens

Numbers keep their decimals and clock times ("35,50", "14:30"); words keep inner apostrophes
("diploma's", "i'm"); every other character is a token of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Words that deny what follows them, in both languages: one list, which each reader narrows or
# widens where its own reading needs it (and says why, beside the set it makes).
NEGATION_WORDS = frozenset({"niet", "not", "geen", "no", "nooit", "never"})
NEGATION_CONTRACTIONS = frozenset({"don't", "dont", "doesn't", "doesnt", "didn't", "didnt"})
NEGATIONS = NEGATION_WORDS | NEGATION_CONTRACTIONS
# "the sort of job I did", "mijn oude werk op kantoor": a job held before, not one held now
HELD_BEFORE = frozenset({"did", "had", "used", "deed", "vroeger", "former", "old", "oude", "previous", "vorige"})

# Changing one's mind within a message ("nee wacht, eigenlijk wel"; "in person... actually, make it
# phone"; "dinsdagmiddag. laat maar, donderdag na 4"): what is said after these words counts.
CHANGED_MIND = (
    "wacht", "wait", "eigenlijk", "actually", "toch", "on second thought", "bij nader inzien", "scratch that",
    "laat maar", "weet je wat", "you know what", "better make it", "of nee", "doe toch maar",
)  # fmt: skip
# Preferring one thing to another: a change of mind where something was chosen already
PREFERRING = ("liever", "rather", "instead", "in plaats van", "prefer")


def phrases_pattern(phrases: tuple[str, ...]) -> str:
    """A regex alternation of whole words and phrases (longest first, any spacing inside)."""
    ordered = sorted(phrases, key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) + r")\b"


# a choice made and then changed or bettered: "wacht, toch liever video", "scratch that, Thursday"
CHOICE_CHANGED = re.compile(phrases_pattern(CHANGED_MIND + PREFERRING), re.I)


TOKEN_RE = re.compile(
    r"'[st](?=[\s-])"  # Dutch 's and 't ("'s-Gravenzande", "'t Woudt")
    r"|\d+(?:[.,:]\d+)*"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"
    r"|\S",
    re.UNICODE,
)


@dataclass(frozen=True)
class Token:
    text: str
    i: int
    idx: int  # character offset of the start
    end: int  # character offset after the end

    @property
    def lower_(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_content(self) -> bool:
        """A word or a number (not punctuation, hyphens or symbols)."""
        return any(c.isalnum() for c in self.text)


@dataclass(frozen=True)
class Span:
    doc: Doc
    start: int
    end: int

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc.tokens[self.start : self.end])

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if self.start < len(self.doc.tokens) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        return self.doc.tokens[self.end - 1].end if self.end > self.start else self.start_char

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char : self.end_char]


class Doc:
    """A message split into tokens, with room for what the extractor finds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = [
            Token(m.group(0), i, m.start(), m.end()) for i, m in enumerate(TOKEN_RE.finditer(text))
        ]
        self.numbers: list[Any] | None = None
        self.lexicon_matches: list[Any] | None = None

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return Span(self, start, max(start, stop))
        return self.tokens[key]

    @property
    def words(self) -> list[str]:
        return [t.lower_ for t in self.tokens]
