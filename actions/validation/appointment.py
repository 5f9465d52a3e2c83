"""The appointment form of a returning resident: move, cancel or keep; to move, a new time (the
booking form's offer, other times and time wishes included) and a yes; to cancel, a yes. The
change itself is made in the API when the yes comes (keyed by the conversation), as the booking
is made at the booking form's yes."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import reading
from actions.api import Api, ApiError, ApiUnavailable
from actions.common import lang, latest_text, option_number, t
from actions.validation.base import yes_no_option
from actions.validation.booking import ValidateBookingForm, asked
from bot.nlu.appointment import appointment_wish

logger = logging.getLogger(__name__)
ACTIONS = ("move", "cancel", "keep")


class ValidateAppointmentForm(ValidateBookingForm):
    """Shares the booking form's reading of a time (picks, "other times", wishes, "try again")."""

    def name(self) -> str:
        return "validate_appointment_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        action = tracker.get_slot("appointment_action")
        if tracker.get_slot("appointment_result") == "gone":
            return []
        if action == "cancel":
            return ["appointment_action", "cancel_confirmed"]
        if action == "move":
            if tracker.get_slot("slot_choice") == "none":
                return ["appointment_action", "slot_choice"]  # no new time: an adviser calls
            return ["appointment_action", "slot_choice", "move_confirmed"]
        return ["appointment_action"]

    def give_up(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        """Second failed attempt: the appointment stays as it is (a time: an adviser calls)."""
        if slot == "slot_choice":
            dispatcher.utter_message(response="utter_moved_on_slot_choice")
            return [SlotSet("slot_choice", "none")]
        dispatcher.utter_message(response=f"utter_moved_on_{slot}")
        fallback: dict[str, list[EventType]] = {
            "appointment_action": [SlotSet("appointment_action", "keep")],
            "move_confirmed": [SlotSet("move_confirmed", False), SlotSet("appointment_action", "keep")],
            "cancel_confirmed": [SlotSet("cancel_confirmed", False), SlotSet("appointment_action", "keep")],
        }
        return fallback.get(slot, [])

    async def after_correction(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        return []  # the appointment stands whatever answer was corrected (acknowledged already)

    # -- move, cancel or keep
    async def extract_appointment_action(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not asked(tracker, "appointment_action"):
            return {}
        n = option_number(tracker, len(ACTIONS))
        if n:
            return {"appointment_action": ACTIONS[n - 1]}
        text = latest_text(tracker)
        if reading.is_payload(text):
            given = reading.payload_entities(tracker).get("appointment_action")
            return {"appointment_action": given} if given else {}
        wish = appointment_wish(text)
        if wish in ACTIONS:
            return {"appointment_action": wish}
        answer = reading.yes_no(tracker)
        return {"appointment_action": "keep"} if answer is False else {}  # "nee, niets"

    def validate_appointment_action(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"appointment_action": value if value in ACTIONS else None}

    # -- the yes to a cancellation: cancelled in the API
    async def extract_cancel_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "cancel_confirmed")

    async def validate_cancel_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is False:
            return {"cancel_confirmed": False, "appointment_action": "keep"}
        if value is not True:
            return {"cancel_confirmed": None}
        try:
            booking = await Api().cancel_conversation_booking(tracker.sender_id)
        except ApiUnavailable:
            dispatcher.utter_message(response="utter_api_down")
            return {"cancel_confirmed": None}
        except ApiError as exc:
            return self.refused(exc, dispatcher, "cancel_confirmed")
        return {"cancel_confirmed": True, "booking": booking, "appointment_result": "cancelled"}

    # -- the yes to a new time: moved in the API
    async def extract_move_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "move_confirmed")

    async def validate_move_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is False:
            # another time: the choice again (said, so it is no failed attempt)
            dispatcher.utter_message(text=t("move_other_time", lang(tracker)))
            return {"move_confirmed": None, "slot_choice": None, "offered_slots": None}
        if value is not True:
            return {"move_confirmed": None}
        adviser_id, _, start = (tracker.get_slot("slot_choice") or "").partition("|")
        adviser: int | str | None = int(adviser_id) if adviser_id.isdigit() else adviser_id or None
        try:
            booking = await Api().reschedule_conversation_booking(tracker.sender_id, start, adviser)
        except ApiUnavailable:
            dispatcher.utter_message(response="utter_api_down")
            return {"move_confirmed": None}
        except ApiError as exc:
            if exc.status in (409, 422) and exc.code not in ("not_active", "started"):
                # the time was taken meanwhile (or is no longer bookable): new times to choose from
                dispatcher.utter_message(response="utter_slot_taken")
                return {"move_confirmed": None, "slot_choice": None, "offered_slots": None, "slots_from": None}
            return self.refused(exc, dispatcher, "move_confirmed")
        return {"move_confirmed": True, "booking": booking, "appointment_result": "moved"}

    def refused(self, exc: ApiError, dispatcher: CollectingDispatcher, slot: str) -> dict[str, Any]:
        """Cancelled meanwhile (by the adviser, the manage link), begun, or gone: nothing to change."""
        if exc.status in (404, 409):
            return {slot: False, "appointment_result": "gone"}
        logger.warning("appointment change refused: %s %s", exc.status, exc.code)
        dispatcher.utter_message(response="utter_api_down")
        return {slot: None}
