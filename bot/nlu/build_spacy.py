"""Builds the project's Dutch spaCy pipeline (blank "nl" + the lemma component) and saves it; Rasa's
SpacyNLP loads it for the tokenizer and the lemmas the featurizers use.

    python -m bot.nlu.build_spacy --out models/spacy_nl
"""

from __future__ import annotations

import argparse

import spacy

import bot.nlu.spacy_components  # noqa: F401  (registers the component)


def build() -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("leertdoor_lemmas")
    return nlp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="models/spacy_nl")
    ap.add_argument("--lexicon", help="ignored: the extractor reads bot/nlu/lexicon.yml itself")
    args = ap.parse_args()
    nlp = build()
    nlp.meta["name"] = "leertdoor_nl"
    nlp.meta["description"] = "Blank Dutch tokenizer + Dutch/English lookup lemmas (spacy-lookups-data)"
    nlp.to_disk(args.out)
    print(f"saved spaCy pipeline to {args.out}")


if __name__ == "__main__":
    main()
