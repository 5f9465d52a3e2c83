"""The project's spaCy component, registered by importing this module.

- ``leertdoor_lemmas``: sets every token's lemma from spaCy's Dutch and English lookup tables
  (bot/nlu/lemmas.py: knieën -> knie, diploma's -> diploma, shifts -> shift), so that Rasa's
  featurizers (CountVectorsFeaturizer uses lemmas) see one word for all its forms and DIET's
  intents generalise to word forms the training data does not list.

The entities themselves come from bot/nlu/extract.py, which needs no spaCy (the action server
calls it too).
"""

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlu.lemmas import lemma


@Language.component("leertdoor_lemmas")
def lemmas_component(doc: Doc) -> Doc:
    for token in doc:
        if any(c.isalpha() for c in token.text):
            token.lemma_ = lemma(token.text)
    return doc
