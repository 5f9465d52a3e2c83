"""Booking outside the form's validation: offering times, the confirmation question and the
booked message."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.common import format_when, lang, mode_phrase, t, utter_choices
from actions.lead_sync import sync_lead


def booking_words(booking: dict[str, Any], language: str) -> dict[str, str]:
    adviser = booking.get("adviser") or {}
    return {
        "when": format_when(booking["start"], language) if booking.get("start") else "",
        "mode": mode_phrase(booking.get("mode"), language),
        "adviser": adviser.get("name") or booking.get("adviser_name") or "",
    }


class ActionAskSlotChoice(Action):
    """Asks for a time: fetches the next free slots for the chosen mode, plus "other times"."""

    def name(self) -> str:
        return "action_ask_slot_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        try:
            items = await Api().slots(tracker.get_slot("mode"), tracker.get_slot("slots_from"))
        except (ApiUnavailable, ApiError):
            dispatcher.utter_message(response="utter_api_down")
            return [SlotSet("offered_slots", None)]
        items = [i for i in items if i.get("start") != tracker.get_slot("slots_from")][:4]
        if not items:
            dispatcher.utter_message(response="utter_no_slots")
            return [SlotSet("offered_slots", None), SlotSet("slot_choice", "none")]
        buttons = []
        for i, item in enumerate(items, 1):
            title = format_when(item["start"], language)
            if item.get("adviser_name"):
                title += f" ({item['adviser_name']})"
            buttons.append({"title": title, "payload": f'/inform{{"slot_choice": "{i}"}}'})
        buttons.append({"title": t("other_times", language), "payload": "/other_times"})
        utter_choices(dispatcher, tracker, t("pick_time", language), buttons)
        return [SlotSet("offered_slots", items)]


class ActionAskBookingConfirmed(Action):
    def name(self) -> str:
        return "action_ask_booking_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        choice = tracker.get_slot("slot_choice") or ""
        contact = tracker.get_slot("contact") or ""
        if choice == "none":
            dispatcher.utter_message(response="utter_invalid_booking_confirmed")
            return []
        _, _, start = choice.partition("|")
        offered = tracker.get_slot("offered_slots") or []
        item: dict[str, Any] = next((o for o in offered if o.get("start") == start), {})
        text = t(
            "confirm",
            language,
            when=format_when(start, language),
            mode=mode_phrase(tracker.get_slot("mode"), language),
            adviser=item.get("adviser_name") or "",
            name=tracker.get_slot("contact_name") or "",
            contact=contact,
        )
        buttons = [
            {"title": t("yes", language), "payload": "/affirm"},
            {"title": t("no", language), "payload": "/deny"},
        ]
        utter_choices(dispatcher, tracker, text, buttons)
        return []


class ActionBookingDone(Action):
    def name(self) -> str:
        return "action_booking_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        if tracker.get_slot("wants_booking") is False:
            dispatcher.utter_message(response="utter_booking_declined")
            return []
        booking = tracker.get_slot("booking") or {}
        if tracker.get_slot("slot_choice") == "none" or not booking.get("start"):
            await sync_lead(tracker, [], callback_requested=True, callback_note="no free slot found in chat")
            dispatcher.utter_message(response="utter_human_requested")
            return []
        words = booking_words(booking, language)
        location = booking.get("location")
        manage = booking.get("manage_url") or t("manage_fallback", language)
        dispatcher.utter_message(
            text=t(
                "booked",
                language,
                location=t("location", language, address=location) if location else "",
                manage=manage,
                **words,
            )
        )
        return []
