"""Rasa component after the intent classifiers: a statement that gives intake answers is `inform`.

DIET sometimes reads an answer in words it has not seen ("the wages are way too low", "i live in
almere") as a question about the scheme (ask_taxes, ask_who_can_apply), as out_of_scope or as
nlu_fallback; the form then answers an FAQ instead of taking the answer. Questions about the scheme
are questions: a message that is NOT a question (bot/nlu/questions.py) and in which the extractor
found an intake value (age, municipality, work_situation, pain, sector) is `inform` whenever the
classifier chose one of ANSWERABLE_AS_INFORM. The original prediction stays in the intent ranking,
and `intent_arbiter` in the message data names what was changed (for the logs and the tests).
`restart` and `delete_data` stand only with words that ask for them (GUARDED); other intents
(greet, request_human, switch_language, ...) are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.commands import asks_erasing, asks_human, asks_start_over
from bot.nlu.questions import is_question, question_spans

INTAKE_ENTITIES = {"age", "municipality", "work_situation", "pain", "sector"}
ANSWERABLE_AS_INFORM = {
    "ask_what_is_voucher", "ask_costs", "ask_courses", "ask_duration", "ask_taxes", "ask_who_can_apply",
    "ask_employer", "out_of_scope", "bot_challenge", "other_times", "nlu_fallback", "dont_know",
}  # fmt: skip


# Starting over forgets every answer, and Rasa runs it anywhere, also inside a form: the classifier's
# `restart` does not stand for a message that opens with yes or no, or that says something need
# NOT be done again ("ja, bewaart u het maar, dan hoef ik het niet opnieuw te vertellen").
ANSWER_FIRST = re.compile(r"^\W*(ja|jawel|yes|yeah|yep|ok(é|ay|e)?|prima|goed|nee|no|nope|sure)\b", re.I)
NOT_AGAIN = re.compile(
    r"\b(niet|hoef|hoeft|hoeven|geen|don'?t|do not|not|never|no need)\b[^.!?]{0,40}\b(opnieuw|overnieuw|again)\b",
    re.I,
)


# the words of starting over: a name ("Gert van Leeuwen") or an answer is never a restart
RESTARTING = re.compile(
    r"\b(opnieuw|overnieuw|herstart\w*|restart\w*|reset\w*|begin|beginnen|start|starten|scratch|redo|voren|"
    r"top|again|beginning|af aan)\b",
    re.I,
)


def keeps_restart(text: str) -> bool:
    # a question stands for a restart only in the words of one ("kunnen we opnieuw beginnen?"), not
    # "Will I lose my WW if I start a course?"
    if question_spans(text) and not asks_start_over(text):
        return False
    return bool(RESTARTING.search(text)) and not ANSWER_FIRST.match(text) and not NOT_AGAIN.search(text)


# Erasing asks for a confirmation that a resident who agrees to storing does not expect: the
# classifier's `delete_data` stands only for words of erasing or of not storing, not for "mag
# bewaard worden, geen punt" or "wie kan mijn gegevens inzien?".
ERASING = re.compile(
    r"\b(wis\w*|gewist|verwijder\w*|delet\w*|eras\w*|remov\w*|weg|weghal\w*|wipe\w*|withdraw\w*|vergeet|vergeten|"
    r"forget|forgotten|intrekken|trek\w*|uitschrijven|unsubscribe|revoke)\b|"
    r"\bhaal\w*\b[^.!?]{0,40}\buit\b|\b(get|take)\b[^.!?]{0,40}\bout of\b",  # "haal mijn gegevens uit jullie systeem"
    re.I,
)
NOT_STORING = re.compile(
    r"\b(niet|geen|don'?t|do not|not|never|nooit)\b[^.!?]{0,40}\b(bewaren|bewaard|bewaar|opslaan|opgeslagen|"
    r"store|stored|keep|kept|save|saved)\b|\b(bewaar|store|keep|save)\b[^.!?]{0,25}\b(niet|not)\b",
    re.I,
)


def keeps_delete(text: str) -> bool:
    return bool(ERASING.search(text) or NOT_STORING.search(text))


# intent -> when the classifier's choice stands; otherwise the next one in its ranking
GUARDED = {"restart": keeps_restart, "delete_data": keeps_delete}


def should_be_inform(text: str, intent: str, entities: list[dict[str, Any]]) -> bool:
    """The rule of this component, without Rasa (see the module docstring)."""
    if intent not in ANSWERABLE_AS_INFORM or not text or is_question(text) or question_spans(text):
        return False
    return any(e.get("entity") in INTAKE_ENTITIES for e in entities)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentArbiter(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type[Any]]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"confidence": 0.9}

    def __init__(self, config: dict[str, Any]) -> None:
        self._confidence = float(config.get("confidence", 0.9))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentArbiter:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            if text.startswith("/") or not intent:
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            sure = {"confidence": self._confidence}
            if intent in GUARDED and not GUARDED[intent](text):
                others = [r for r in ranking if r.get("name") != intent]
                _choose(message, others[0] if others else {"name": "inform", **sure}, intent, drop=True)
            elif intent == "ask_privacy" and keeps_delete(text) and not is_question(text):
                # "haal al mijn gegevens uit jullie systeem": a request to erase, not a question about it
                _choose(message, {"name": "delete_data", **sure}, intent)
            elif intent not in ("restart", "delete_data") and asks_start_over(text):
                _choose(message, {"name": "restart", **sure}, intent)
            elif intent != "delete_data" and asks_erasing(text):
                _choose(message, {"name": "delete_data", **sure}, intent)
            elif intent not in ("affirm", "deny", "inform") and asks_human(text) and not ANSWER_FIRST.match(text):
                # "can i talk to a real person maybe?": sure of it, whatever the classifier's doubt
                # ("yes, I'd like to talk to someone" answers a question: left alone)
                _choose(message, {"name": "request_human", **sure}, intent)
            elif should_be_inform(text, intent, message.get(ENTITIES) or []):
                _choose(message, {"name": "inform", **sure}, intent)
        return messages


def _choose(message: Message, chosen: dict[str, Any], was: str, drop: bool = False) -> None:
    """`chosen` becomes the intent, first in the ranking; the classifier's choice stays in the
    ranking unless dropped, and `intent_arbiter` names it."""
    gone = {chosen["name"], was} if drop else {chosen["name"]}
    rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in gone]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)
    message.set("intent_arbiter", {"was": was}, add_to_output=True)
