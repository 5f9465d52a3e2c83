"""A returning resident and their appointment (the same browser's session or the same WhatsApp
number: the same conversation id). Greeting again after something was stored, or asking about
the appointment ("mijn afspraak", "verzetten", "afzeggen"), looks it up in the API and says when,
how and with whom it is (and where, in person); the appointment form then asks what to do: move
it (the booking form's offer of free times, time wishes included, then a yes), cancel it (after
a yes) or keep it. The API tells the adviser of every change (its outbox).

Sessions never expire here (domain: session_expiration_time 0), so a resident who comes back
continues the same conversation: the greeting or the question is the moment, not a new session.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.asking import AskAction
from actions.booking import booking_words
from actions.common import lang, latest_text, t, utter_choices, yes_no_buttons
from actions.lead_sync import sync_lead
from bot.nlu.appointment import appointment_wish

logger = logging.getLogger(__name__)
# What a new round with the appointment starts without (an earlier round's or the booking's).
FRESH_ROUND = ("appointment_action", "move_confirmed", "cancel_confirmed", "appointment_result", "slot_choice",
               "offered_slots", "slots_from", "time_wish", "requested_slot")  # fmt: skip
# What a new booking starts without (after a cancellation, or when there is none to come).
FRESH_BOOKING = ("wants_booking", "slot_choice", "offered_slots", "slots_from", "time_wish", "booking_confirmed",
                 "booking")  # fmt: skip


def appointment_text(key: str, booking: dict[str, Any], language: str) -> str:
    location = booking.get("location") if booking.get("mode") == "in_person" else None
    return t(
        key,
        language,
        location=t("location", language, address=location) if location else "",
        **booking_words(booking, language),
    )


class ActionShowAppointment(Action):
    """Looks up the conversation's upcoming appointment: shown, and the appointment form asks
    what to do ("verzetten"/"afzeggen" in the message already says it); none: a greeting is
    answered, a question about the appointment says so, and after a positive verdict a booking is
    offered ("afspraak maken", as the texts invite, goes straight to it); the API down: said, and
    nothing else changes."""

    def name(self) -> str:
        return "action_show_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        text = latest_text(tracker)
        wish = appointment_wish(text)
        asked = wish is not None  # about the appointment, not only a greeting
        try:
            booking = await Api().conversation_booking(tracker.sender_id)
        except ApiError as exc:
            if exc.status != 404:
                logger.warning("appointment lookup refused: %s %s", exc.status, exc.code)
                return self.unavailable(dispatcher, asked, language)
            return self.none(dispatcher, tracker, asked, language)
        except ApiUnavailable:
            return self.unavailable(dispatcher, asked, language)
        dispatcher.utter_message(text=appointment_text("appointment_found", booking, language))
        events: list[EventType] = [SlotSet(name, None) for name in FRESH_ROUND]
        events += [SlotSet("failures", 0), SlotSet("booking", booking), SlotSet("mode", booking.get("mode"))]
        if wish in ("move", "cancel"):
            events.append(SlotSet("appointment_action", wish))
        return [*events, SlotSet("next_step", "manage")]

    def unavailable(self, dispatcher: CollectingDispatcher, asked: bool, language: str) -> list[EventType]:
        dispatcher.utter_message(text=t("appointment_lookup_failed" if asked else "welcome_back", language))
        return [SlotSet("next_step", "done")]

    def none(self, dispatcher: CollectingDispatcher, tracker: Tracker, asked: bool, language: str) -> list[EventType]:
        if not asked:
            dispatcher.utter_message(text=t("welcome_back", language))
            return [SlotSet("next_step", "done")]
        if appointment_wish(latest_text(tracker)) != "book":  # "afspraak maken": no need to say
            dispatcher.utter_message(text=t("appointment_none", language))
        if tracker.get_slot("verdict") in ("eligible", "needs_review"):
            # the booking form asks whether they want one (consent was given before)
            return [*(SlotSet(name, None) for name in FRESH_BOOKING), SlotSet("next_step", "booking")]
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("next_step", "done")]


class ActionAskAppointmentAction(AskAction):
    slot = "appointment_action"


def chosen_time(tracker: Tracker) -> tuple[str, dict[str, Any]]:
    """The start of the time chosen in the appointment form, and the offered item it came from."""
    _, _, start = (tracker.get_slot("slot_choice") or "").partition("|")
    offered = tracker.get_slot("offered_slots") or []
    item: dict[str, Any] = next((o for o in offered if o.get("start") == start), {})
    return start, item


class ActionAskMoveConfirmed(Action):
    def name(self) -> str:
        return "action_ask_move_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        start, item = chosen_time(tracker)
        mode = (tracker.get_slot("booking") or {}).get("mode") or tracker.get_slot("mode")
        new = {"start": start, "mode": mode, "adviser": item.get("adviser_name"), "location": item.get("location")}
        retry = bool(tracker.get_slot("failures"))
        text = (
            t("move_confirm_retry", language, **booking_words(new, language))
            if retry
            else appointment_text("move_confirm", new, language)
        )
        utter_choices(dispatcher, tracker, text, yes_no_buttons("move_yes", "move_no", retry, language))
        return []


class ActionAskCancelConfirmed(Action):
    def name(self) -> str:
        return "action_ask_cancel_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        booking = tracker.get_slot("booking") or {}
        retry = bool(tracker.get_slot("failures"))
        text = t("cancel_confirm_retry" if retry else "cancel_confirm", language, **booking_words(booking, language))
        utter_choices(dispatcher, tracker, text, yes_no_buttons("cancel_yes", "cancel_no", retry, language))
        return []


class ActionAppointmentDone(Action):
    """The appointment form ended: moved, cancelled, kept, no new time (an adviser calls), or it
    could not be changed any more."""

    def name(self) -> str:
        return "action_appointment_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        booking = tracker.get_slot("booking") or {}
        result = tracker.get_slot("appointment_result")
        events: list[EventType] = [SlotSet("next_step", "done"), SlotSet("failures", 0)]
        if result == "moved":
            dispatcher.utter_message(text=appointment_text("moved", booking, language))
        elif result == "cancelled":
            dispatcher.utter_message(text=appointment_text("cancelled", booking, language))
            events += [SlotSet(name, None) for name in FRESH_BOOKING]  # a new booking may follow
        elif result == "gone":
            dispatcher.utter_message(text=t("appointment_gone", language))
        elif tracker.get_slot("appointment_action") == "move" and tracker.get_slot("slot_choice") == "none":
            # no free time, or none chosen after two tries: an adviser calls to find one
            await sync_lead(tracker, [], callback_requested=True, callback_note="wants to move the appointment")
            dispatcher.utter_message(text=appointment_text("kept_until_call", booking, language))
        else:
            dispatcher.utter_message(text=appointment_text("kept", booking, language))
        return events
