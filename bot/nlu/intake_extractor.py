"""Rasa entity extractor: the project's deterministic extractor (bot/nlu/extract.py) on the text.

Entities: age, municipality, place (the place as typed when it is not one of the region's five
municipality names), work_situation, pain (may repeat), sector, mode, language, email, phone. Values
inside a question about the scheme are left out. Needs no annotated training data and no spaCy
(SpacyNLP stays in the pipeline for the tokenizer and lemmas DIET uses).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.nlu.spacy_components  # noqa: F401  (registers the spaCy component the saved pipeline uses)
from bot.nlu.extract import extract_text
from bot.nlu.lexicon import load_lexicon


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class IntakeEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> list[type[Any]]:
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._lexicon = load_lexicon()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntakeEntityExtractor:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            found = self.add_extractor_name(extract_text(text, lexicon=self._lexicon))
            for ent in found:
                ent["confidence_entity"] = 1.0
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
