"""Requests about the conversation itself: a person, another language, start over, erasure
(after one confirmation), and picking up the question that was open."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import checks, reading
from actions.api import Api, ApiError, ApiUnavailable
from actions.common import channel_name, is_whatsapp, latest_text
from actions.lead_sync import sync_lead

logger = logging.getLogger(__name__)
FORMS = ("intake_form", "booking_form", "consent_form")
# The widget clears its screen and the browser's copy of the conversation on this payload (Rasa's
# socket.io output emits json_message's `data` as the message).
ERASED_PAYLOAD = {"type": "erased"}


class ActionSwitchLanguage(Action):
    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # the language slot was already switched by the reading of the message (observe.py); the
        # classifier also takes "open to people who aren't Dutch?" for a request: no request in
        # words, nothing to announce. Inside a form the question follows and at the start the
        # welcome; after the check the resident is not left without an answer.
        if reading.language_request(tracker):
            dispatcher.utter_message(response="utter_language_switched")
        elif tracker.active_loop_name is None and any(ev.get("event") == "bot" for ev in tracker.events):
            dispatcher.utter_message(response="utter_anything_else")
        await sync_lead(tracker, [])
        return []


class ActionRequestHuman(Action):
    """A call-back request. With consent and a way to reach the resident it is stored at once;
    otherwise the resident is told what would be stored and asked for a number (giving it is
    the consent) or, on WhatsApp, whether we may call this number."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        phone = tracker.get_slot("contact_phone")
        email = tracker.get_slot("contact_email")
        sender = tracker.sender_id or ""
        if not phone and sender.startswith("whatsapp:"):
            phone = checks.phone(sender.split(":", 1)[1])
        if tracker.get_slot("consent") is not True:
            if is_whatsapp(tracker) and phone:
                dispatcher.utter_message(response="utter_human_ask_consent")
            else:
                dispatcher.utter_message(response="utter_human_ask_contact")
            return [SlotSet("callback_pending", True)]
        if not (phone or email):
            # while the booking asks for the contact, it asks again right after: no second question
            asking = tracker.active_loop and tracker.get_slot("requested_slot") == "contact"
            dispatcher.utter_message(response="utter_human_glad_to" if asking else "utter_human_need_contact")
            return [SlotSet("callback_pending", True)]
        contact = {k: v for k, v in (("phone", phone), ("email", email)) if v}
        ok = await sync_lead(tracker, [], contact=contact, callback_requested=True)
        if not ok:
            dispatcher.utter_message(response="utter_api_down")
            return [SlotSet("callback_pending", True)]
        dispatcher.utter_message(response="utter_human_requested")
        return [SlotSet("callback_pending", False)]


def carried_over(tracker: Tracker) -> list[EventType]:
    """What survives a restart: language, channel, UTM and the conversation count."""
    return [
        SlotSet(name, tracker.get_slot(name))
        for name in ("language", "language_source", "channel", "utm", "conversation_registered")
        if tracker.get_slot(name) is not None
    ]


class ActionRestartConversation(Action):
    """Start over (overrides Rasa's default action_restart, which the built-in rule for the
    intent `restart` runs anywhere, also inside forms): forget the answers (a stored lead keeps
    its data unless erased), keep language/channel/UTM, welcome again and ask the first question."""

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = latest_text(tracker)
        if not reading.is_payload(text) and not reading.asks_command(text):
            # "I'd basically have to start over" in an answer: a story, not a command. The open
            # question reads the message as a reply; outside one, it gets the usual answer
            loop = (tracker.active_loop or {}).get("name")
            if loop:
                return [FollowupAction(loop)]
            dispatcher.utter_message(response="utter_anything_else")
            return []
        dispatcher.utter_message(response="utter_restarting")
        dispatcher.utter_message(response="utter_welcome")
        return [Restarted(), *carried_over(tracker), FollowupAction("intake_form")]


class ActionDeleteData(Action):
    """After the resident confirmed: erases the lead and its booking (API; the adviser is told
    there) and the conversation: Restarted wipes the tracker's state and the SQL tracker store
    then holds only what follows. The widget clears its screen and its stored copy."""

    def name(self) -> str:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        had_booking = bool((tracker.get_slot("booking") or {}).get("start"))
        try:
            result = await Api().erase(tracker.sender_id)
        except (ApiUnavailable, ApiError) as exc:
            logger.warning("erasure failed: %s", exc)
            dispatcher.utter_message(response="utter_delete_failed")
            return []
        if isinstance(result, dict) and result.get("bookings"):
            had_booking = True
        if channel_name(tracker) == "socketio":
            dispatcher.utter_message(json_message={"data": ERASED_PAYLOAD})
        dispatcher.utter_message(response="utter_data_deleted_booking" if had_booking else "utter_data_deleted")
        keep = [e for e in carried_over(tracker) if e["name"] in ("language", "language_source")]
        return [Restarted(), *keep, SlotSet("erased", True)]


class ActionResume(Action):
    """Back to the question that was open before "delete my data?" was answered with no, or to
    the check when it was not done yet."""

    def name(self) -> str:
        return "action_resume"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        interrupted = False
        for ev in reversed(tracker.events):
            if ev.get("event") == "restart":
                break
            if ev.get("event") == "action" and ev.get("name") == "action_deactivate_loop":
                interrupted = True
            if ev.get("event") == "active_loop" and ev.get("name") in FORMS:
                if interrupted:
                    return [FollowupAction(str(ev["name"]))]
                break
        if tracker.get_slot("verdict") is None and not tracker.get_slot("booking"):
            return [FollowupAction("intake_form")]  # the check is what the resident came for
        return []
