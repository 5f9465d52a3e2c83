"""Booking outside the form's validation: offering times (following a time wish, in the
resident's language, with the place for a visit), the confirmation question, and what is said
when the booking form ends."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import nlu, reading, slot_choice
from actions.api import Api, ApiError, ApiUnavailable
from actions.common import format_when, lang, mode_phrase, option_number, t, utter_choices, yes_no_buttons
from actions.lead_sync import sync_lead

OFFER = 4
# how far ahead to look for times that meet a wish
WISH_SEARCH = 500


def booking_words(booking: dict[str, Any], language: str) -> dict[str, str]:
    adviser = booking.get("adviser") or {}
    name = adviser.get("name") if isinstance(adviser, dict) else adviser
    return {
        "when": format_when(booking["start"], language) if booking.get("start") else "",
        "mode": mode_phrase(booking.get("mode"), language),
        "adviser": str(name or booking.get("adviser_name") or ""),
    }


def slot_title(item: dict[str, Any], mode: str | None, language: str) -> str:
    title = format_when(item["start"], language)
    if mode == "in_person" and item.get("location"):
        title += ", " + t("at_location", language, location=item["location"])
    if item.get("adviser_name"):
        title += f" ({item['adviser_name']})"
    return title


async def free_times(
    mode: str | None, start: str | None, wish: nlu.TimeWish | None, language: str
) -> list[dict[str, Any]]:
    """The next free times from ``start`` (a wish looks further ahead); raises when the API fails."""
    items = await Api().slots(mode, start, limit=WISH_SEARCH if wish else OFFER + 1, language=language)
    return [i for i in items if i.get("start") != start]


LIST_INTROS = ("pick_time", "pick_time_wish", "pick_time_no_wish", "pick_time_retry", "pick_time_later")


def lists_offered(tracker: Tracker) -> int:
    """How often times were offered to choose from since the resident last chose a way to talk."""
    intros = tuple(t(key + again, lang(tracker)) for key in LIST_INTROS for again in ("", "_again"))
    count = 0
    for ev in reversed(tracker.events):
        if ev.get("event") == "slot" and ev.get("name") == "mode":
            break
        if ev.get("event") == "bot" and str(ev.get("text") or "").startswith(intros):
            count += 1
    return count


def last_bot_text(tracker: Tracker) -> str:
    return next((str(ev.get("text") or "") for ev in reversed(tracker.events) if ev.get("event") == "bot"), "")


class ActionAskSlotChoice(Action):
    """Asks for a time: the next free times for the chosen mode and the resident's language,
    those that meet a time wish when there is one, plus "other times" and a call-back."""

    def name(self) -> str:
        return "action_ask_slot_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        mode = tracker.get_slot("mode")
        start = tracker.get_slot("slots_from")
        wish_text = tracker.get_slot("time_wish")
        wish = slot_choice.wish_of(wish_text, language) if wish_text else None
        try:
            items = await free_times(mode, start, wish, language)
        except (ApiUnavailable, ApiError):
            dispatcher.utter_message(response="utter_api_down")
            return [SlotSet("offered_slots", None)]
        intro = "pick_time_later" if start else "pick_time"
        if wish:
            fitting = [i for i in items if wish.matches(slot_choice.local(i["start"]))]
            intro = "pick_time_wish" if fitting else "pick_time_no_wish"
            items = fitting or items
        if tracker.get_slot("failures"):
            intro = "pick_time_retry"
        if last_bot_text(tracker).startswith(t(intro, language)):
            intro = f"{intro}_again"  # new times after new words: not the very same sentence
        items = items[:OFFER]
        if not items:
            dispatcher.utter_message(response="utter_no_slots")
            return [SlotSet("offered_slots", None), SlotSet("slot_choice", "none")]
        buttons = [
            {"title": slot_title(item, mode, language), "payload": f'/inform{{"slot_choice": "{i}"}}'}
            for i, item in enumerate(items, 1)
        ]
        buttons.append({"title": t("other_times", language), "payload": "/other_times"})
        if tracker.get_slot("failures"):
            buttons.append({"title": t("call_me_instead", language), "payload": "/request_human"})
        utter_choices(dispatcher, tracker, t(intro, language), buttons)
        return [SlotSet("offered_slots", items)]


class ActionAskBookingConfirmed(Action):
    def name(self) -> str:
        return "action_ask_booking_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        choice = tracker.get_slot("slot_choice") or ""
        _, _, start = choice.partition("|")
        offered = tracker.get_slot("offered_slots") or []
        item: dict[str, Any] = next((o for o in offered if o.get("start") == start), {})
        mode = tracker.get_slot("mode")
        place = item.get("location") if mode == "in_person" else None
        # after an answer that was neither yes nor no: the short question, not the same summary again
        text = t(
            "confirm_retry" if tracker.get_slot("failures") else "confirm",
            language,
            when=format_when(start, language) if start else "",
            mode=mode_phrase(mode, language),
            adviser=item.get("adviser_name") or "",
            location=t("location", language, address=place) if place else "",
            name=tracker.get_slot("contact_name") or "",
            contact=tracker.get_slot("contact") or "",
        )
        buttons = yes_no_buttons("yes", "no", bool(tracker.get_slot("failures")), language)
        utter_choices(dispatcher, tracker, text, buttons)
        return []


def refused(tracker: Tracker) -> bool:
    """The message that ended the question about storing said no (in words, a button or "2");
    otherwise the question was given up after two replies without a clear answer."""
    if option_number(tracker, 2) == 2:
        return True
    return reading.yes_no(tracker) is False


class ActionBookingDone(Action):
    """The booking form ended: booked, a call-back instead, declined, or no consent to store."""

    def name(self) -> str:
        return "action_booking_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = lang(tracker)
        if tracker.get_slot("verdict") == "not_eligible":
            # a correction during the booking: the new verdict said where to go instead
            return [SlotSet("next_step", "done" if tracker.get_slot("consent") is True else "save")]
        if tracker.get_slot("consent") is False and tracker.get_slot("wants_booking"):
            if refused(tracker):
                dispatcher.utter_message(response="utter_no_consent_booking")
            else:
                dispatcher.utter_message(text=t("consent_unclear_booking", language))
            return [SlotSet("next_step", "done")]
        if not tracker.get_slot("wants_booking"):
            dispatcher.utter_message(response="utter_booking_declined")
            saved = tracker.get_slot("consent") is True
            return [SlotSet("next_step", "done" if saved else "save")]
        if "contact" in (tracker.get_slot("skipped") or []):
            return [SlotSet("next_step", "done")]  # said why when the contact was given up
        booking = tracker.get_slot("booking") or {}
        if tracker.get_slot("slot_choice") == "none" or not booking.get("start"):
            await sync_lead(tracker, [], callback_requested=True, callback_note="no time chosen in the chat")
            dispatcher.utter_message(response="utter_human_requested")
            return [SlotSet("next_step", "done")]
        location = booking.get("location")
        manage = booking.get("manage_url") or t("manage_fallback", language)
        dispatcher.utter_message(
            text=t(
                "booked",
                language,
                location=t("location", language, address=location) if location else "",
                manage=manage,
                **booking_words(booking, language),
            )
        )
        return [SlotSet("next_step", "done")]


class ActionConsentDone(Action):
    """After "shall I save your answers?": saved (the first upsert happened when consent was
    given), or nothing stored."""

    def name(self) -> str:
        return "action_consent_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("next_step") == "booking":
            return [FollowupAction("booking_form")]  # a correction made a booking possible
        if tracker.get_slot("next_step") == "retry":
            return []  # a correction's check failed and said so: the rules wait for "try again"
        if tracker.get_slot("consent") is True:
            dispatcher.utter_message(response="utter_answers_saved")
        elif refused(tracker):
            dispatcher.utter_message(response="utter_nothing_stored")
        else:
            dispatcher.utter_message(text=t("consent_unclear", lang(tracker)))
        return [SlotSet("next_step", "done")]
