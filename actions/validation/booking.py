"""The booking form: does the resident want a conversation, how, when, name, contact, and the
booking itself once confirmed."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.booking import booking_words
from actions.common import format_when, lang, latest_intent, latest_text, option_number, t
from actions.validation.base import BaseFormValidation, yes_no_option
from api.eligibility.vocabulary import vocabulary

logger = logging.getLogger(__name__)
MODE_OPTIONS = list(vocabulary().values("mode"))
EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")


class ValidateBookingForm(BaseFormValidation):
    def name(self) -> str:
        return "validate_booking_form"

    def is_retry(self, tracker: Tracker) -> bool:
        # "try again" after the slots could not be fetched
        return (
            tracker.get_slot("requested_slot") == "slot_choice"
            and not tracker.get_slot("offered_slots")
            and latest_intent(tracker) == "affirm"
        )

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("wants_booking") is False:
            return ["wants_booking"]
        return domain_slots

    async def extract_wants_booking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "wants_booking")

    async def extract_booking_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "booking_confirmed")

    async def extract_mode(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "mode":
            return {}
        n = option_number(tracker, len(MODE_OPTIONS))
        return {"mode": MODE_OPTIONS[n - 1]} if n else {}

    def wants_other_times(self, tracker: Tracker) -> bool:
        if tracker.get_slot("requested_slot") != "slot_choice":
            return False
        offered = tracker.get_slot("offered_slots") or []
        if latest_intent(tracker) == "other_times":
            return True
        return bool(offered) and option_number(tracker, len(offered) + 1) == len(offered) + 1

    def extra_events(self, tracker: Tracker) -> list[EventType]:
        if not self.wants_other_times(tracker):
            return []
        offered = tracker.get_slot("offered_slots") or []
        last = offered[-1]["start"] if offered else tracker.get_slot("slots_from")
        return [SlotSet("slots_from", last), SlotSet("offered_slots", None)]

    async def extract_slot_choice(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "slot_choice" or self.wants_other_times(tracker):
            return {}
        offered = tracker.get_slot("offered_slots") or []
        n = option_number(tracker, len(offered))
        if n:
            return {"slot_choice": str(n)}
        # a time typed out: "10:00", "om 10 uur", "dinsdag"
        text = latest_text(tracker).lower()
        for i, item in enumerate(offered, 1):
            when = format_when(item["start"], lang(tracker)).lower()
            hhmm = item["start"][11:16]
            if hhmm in text or hhmm.lstrip("0") in text or when.split(" ")[0] in text:
                return {"slot_choice": str(i)}
        return {}

    async def extract_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("contact"):
            return {}
        known = tracker.get_slot("contact_phone") or tracker.get_slot("contact_email")
        if known:
            return {"contact": known}
        sender = tracker.sender_id or ""
        if sender.startswith("whatsapp:"):
            return {"contact": sender.split(":", 1)[1]}
        if tracker.get_slot("requested_slot") == "contact" and latest_intent(tracker) not in self.DIGRESSION_INTENTS:
            text = latest_text(tracker)
            if text and not text.startswith("/"):
                return {"contact": text}
        return {}

    def validate_wants_booking(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"wants_booking": value if isinstance(value, bool) else None}

    def validate_mode(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"mode": value if value in MODE_OPTIONS else None}

    def validate_slot_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == "none":
            return {"slot_choice": "none"}
        offered = tracker.get_slot("offered_slots") or []
        try:
            item = offered[int(value) - 1]
        except (TypeError, ValueError, IndexError):
            return {"slot_choice": None}
        return {"slot_choice": f"{item['adviser_id']}|{item['start']}"}

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = str(value or "").strip()
        name = re.sub(
            r"^(ik heet|mijn naam is|ik ben|my name is|i am|i'm|naam:|name:)\s+",
            "",
            name,
            flags=re.I,
        ).strip(" .!")
        if not name or name.startswith("/") or len(name) > 80 or not re.search(r"[A-Za-zÀ-ÿ]", name):
            return {"contact_name": None}
        return {"contact_name": name[:1].upper() + name[1:]}

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if EMAIL_RE.match(text.lower()):
            return {"contact": text.lower(), "contact_email": text.lower()}
        digits = re.sub(r"[\s()-]", "", text)
        if digits.startswith("+31"):
            digits = "0" + digits[3:]
        elif digits.startswith("0031"):
            digits = "0" + digits[4:]
        if re.fullmatch(r"0\d{9}", digits) or re.fullmatch(r"\+\d{10,14}", digits):
            return {"contact": digits, "contact_phone": digits}
        return {"contact": None}

    async def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        language = lang(tracker)
        if value is False:
            return {"booking_confirmed": None, "slot_choice": None, "offered_slots": None}
        if value is not True:
            return {"booking_confirmed": None}
        choice = tracker.get_slot("slot_choice") or ""
        if choice == "none":  # no free times: an adviser calls back
            return {"booking_confirmed": True}
        adviser_id, _, start = choice.partition("|")
        contact = {
            "name": tracker.get_slot("contact_name"),
            "phone": tracker.get_slot("contact_phone"),
            "email": tracker.get_slot("contact_email"),
        }
        payload = {
            "conversation_id": tracker.sender_id,
            "adviser_id": int(adviser_id) if adviser_id.isdigit() else adviser_id,
            "start": start,
            "mode": tracker.get_slot("mode"),
            "contact": contact,
            "language": language,
        }
        try:
            booking = await Api().book(payload, f"{tracker.sender_id}:{adviser_id}:{start}")
        except ApiUnavailable:
            dispatcher.utter_message(response="utter_api_down")
            return {"booking_confirmed": None}
        except ApiError as exc:
            if exc.status == 409 and exc.code == "already_booked":
                booking = (exc.body.get("detail") or {}).get("booking") or {}
                if booking.get("start"):
                    dispatcher.utter_message(text=t("already_booked", language, **booking_words(booking, language)))
                return {"booking_confirmed": True, "booking": booking}
            if exc.status == 409:
                dispatcher.utter_message(response="utter_slot_taken")
                return {
                    "booking_confirmed": None,
                    "slot_choice": None,
                    "offered_slots": None,
                    "slots_from": None,
                }
            logger.warning("booking rejected: %s", exc.status)
            dispatcher.utter_message(response="utter_api_down")
            return {"booking_confirmed": None, "slot_choice": None, "offered_slots": None}
        return {"booking_confirmed": True, "booking": booking}
