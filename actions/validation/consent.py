"""The consent form: "shall I save your answers?", offered after a verdict without a booking.
Saying yes stores the lead at once (the base's upsert, with the moment of consent). A correction
given here is checked again: when it makes a booking possible, the booking is offered instead;
when the check cannot be made, the form ends and waits for "try again" (as after the first check)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import lang, t
from actions.observe import now_iso
from actions.validation.base import BaseFormValidation, yes_no_option


class ValidateConsentForm(BaseFormValidation):
    def name(self) -> str:
        return "validate_consent_form"

    def ended_early(self, tracker: Tracker) -> bool:
        # a correction made a booking possible, or its check could not reach the API: then the
        # resident's "ja" is to "try again?", not consent to store answers without a verdict
        return tracker.get_slot("next_step") in ("booking", "retry")

    async def after_correction(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """ "ik woon in Delft, niet in Leiden": the verdict again, with where it leads next."""
        from actions.verdict import check_eligibility

        dispatcher.utter_message(text=t("rechecked", lang(tracker)))
        return await check_eligibility(dispatcher, tracker)

    def give_up(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        return [SlotSet("consent", False)]  # no clear yes: nothing is stored

    async def extract_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "consent")

    def validate_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is True:
            return {"consent": True, "consent_at": tracker.get_slot("consent_at") or now_iso()}
        return {"consent": value if isinstance(value, bool) else None}
