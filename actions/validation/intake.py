"""The intake form: age, municipality, work situation and what the resident wants to change."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_intent, latest_text, option_number
from actions.validation.base import BaseFormValidation
from api.eligibility.vocabulary import vocabulary
from bot import texts

WORK_OPTIONS = list(vocabulary().values("work_situation"))
PAIN_OPTIONS = list(vocabulary().values("pain"))


def municipality_options() -> list[str]:
    """The municipality buttons in their order: the region, then "other" and "unknown"."""
    return [*texts.region(), "other", "unknown"]


class ValidateIntakeForm(BaseFormValidation):
    def name(self) -> str:
        return "validate_intake_form"

    # -- extraction beyond the entity mappings (bare numbers, numbered options, "don't know")
    async def extract_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "age":
            return {}
        m = re.fullmatch(r"\s*(\d{1,3})\s*", latest_text(tracker))
        return {"age": int(m.group(1))} if m else {}

    async def extract_municipality(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "municipality":
            return {}
        if latest_intent(tracker) == "dont_know":
            return {"municipality": "unknown"}
        options = municipality_options()
        n = option_number(tracker, len(options))
        return {"municipality": options[n - 1]} if n else {}

    async def extract_work_situation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "work_situation":
            return {}
        if latest_intent(tracker) == "dont_know":
            return {"work_situation": "other"}
        n = option_number(tracker, len(WORK_OPTIONS))
        return {"work_situation": WORK_OPTIONS[n - 1]} if n else {}

    async def extract_pains(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "pains":
            return {}
        if latest_intent(tracker) in ("deny", "dont_know"):
            return {"pains": []}
        n = option_number(tracker, len(PAIN_OPTIONS) + 1)
        if n:
            return {"pains": [PAIN_OPTIONS[n - 1]] if n <= len(PAIN_OPTIONS) else []}
        return {}

    # -- validation
    def validate_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            age = int(float(value))
        except (TypeError, ValueError):
            return {"age": None}
        if not 10 <= age <= 120:
            dispatcher.utter_message(response="utter_invalid_age")
            return {"age": None}
        return {"age": age}

    def validate_municipality(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not value or not isinstance(value, str):
            return {"municipality": None}
        return {"municipality": value}

    def validate_work_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"work_situation": value if value in WORK_OPTIONS else None}

    def validate_pains(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"pains": None}
        values = value if isinstance(value, list) else [value]
        pains: list[str] = []
        for p in values:
            if p in PAIN_OPTIONS and p not in pains:
                pains.append(p)
        if values and not pains:
            return {"pains": None}
        return {"pains": pains}
