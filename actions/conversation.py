"""Requests about the conversation itself: a person, another language, start over, erasure."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.lead_sync import sync_lead

logger = logging.getLogger(__name__)


class ActionSwitchLanguage(Action):
    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # the language slot was already switched by action_observe_message
        dispatcher.utter_message(response="utter_language_switched")
        await sync_lead(tracker, [])
        return []


class ActionRequestHuman(Action):
    """A callback request on the lead. Without consent nothing is stored."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("consent") is not True:
            dispatcher.utter_message(response="utter_human_no_consent")
            return []
        phone = tracker.get_slot("contact_phone")
        email = tracker.get_slot("contact_email")
        sender = tracker.sender_id or ""
        if not phone and sender.startswith("whatsapp:"):
            phone = sender.split(":", 1)[1]
        if not (phone or email):
            dispatcher.utter_message(response="utter_human_need_contact")
            return [SlotSet("callback_pending", True)]
        contact = {k: v for k, v in (("phone", phone), ("email", email)) if v}
        ok = await sync_lead(tracker, [], contact=contact, callback_requested=True)
        if not ok:
            dispatcher.utter_message(response="utter_api_down")
            return [SlotSet("callback_pending", True)]
        dispatcher.utter_message(response="utter_human_requested")
        return []


def carried_over(tracker: Tracker) -> list[EventType]:
    """What survives a restart: language, channel, UTM and the conversation count."""
    return [
        SlotSet(name, tracker.get_slot(name))
        for name in ("language", "language_source", "channel", "utm", "conversation_registered")
        if tracker.get_slot(name) is not None
    ]


class ActionRestartConversation(Action):
    """Start over (overrides Rasa's default action_restart, which the built-in rule for the
    intent `restart` runs anywhere, also inside forms): forget the answers (the lead keeps its
    data unless erased), keep language/channel/UTM, welcome again and ask consent."""

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_restarting")
        dispatcher.utter_message(response="utter_welcome")
        return [Restarted(), *carried_over(tracker), FollowupAction("consent_form")]


class ActionDeleteData(Action):
    """Erases the lead (API) and the conversation: Restarted wipes the tracker's state; the
    SQL tracker store then holds only events after the restart."""

    def name(self) -> str:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            await Api().erase(tracker.sender_id)
        except (ApiUnavailable, ApiError) as exc:
            logger.warning("erasure failed: %s", exc)
            dispatcher.utter_message(response="utter_delete_failed")
            return []
        dispatcher.utter_message(response="utter_data_deleted")
        keep = [e for e in carried_over(tracker) if e["name"] in ("language", "language_source")]
        return [Restarted(), *keep, SlotSet("erased", True)]
