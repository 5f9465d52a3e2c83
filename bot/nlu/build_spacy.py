"""Builds the project's Dutch spaCy pipeline (blank "nl" + our components) and saves it.

    python -m bot.nlu.build_spacy --lexicon bot/nlu/lexicon.yml --out models/spacy_nl
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
import yaml

import bot.nlu.spacy_components  # noqa: F401  (registers the components)

SLOTS = ("municipality", "work_situation", "pain", "sector", "mode", "language")


def load_lexicon(path: str | Path) -> dict[str, dict[str, list[str]]]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    terms: dict[str, dict[str, list[str]]] = {}
    for label in SLOTS:
        values = raw.get(label) or {}
        terms[label] = {
            str(value): sorted({str(p).strip().lower() for p in (phrases or []) if str(p).strip()})
            for value, phrases in values.items()
        }
    return terms


def build(lexicon: str | Path) -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("leertdoor_numbers")
    nlp.add_pipe("leertdoor_lexicon").set_terms(load_lexicon(lexicon))
    return nlp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lexicon", default="bot/nlu/lexicon.yml")
    ap.add_argument("--out", default="models/spacy_nl")
    args = ap.parse_args()
    nlp = build(args.lexicon)
    nlp.meta["name"] = "leertdoor_nl"
    nlp.meta["description"] = "Blank Dutch tokenizer + Leert Door number and lexicon components"
    nlp.to_disk(args.out)
    print(f"saved spaCy pipeline to {args.out} (lexicon {args.lexicon})")


if __name__ == "__main__":
    main()
