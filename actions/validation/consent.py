"""The consent form: may the answers be stored?"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.validation.base import BaseFormValidation, yes_no_option


class ValidateConsentForm(BaseFormValidation):
    def name(self) -> str:
        return "validate_consent_form"

    async def extract_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "consent")

    def validate_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"consent": value if isinstance(value, bool) else None}
