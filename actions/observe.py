"""Runs on every user message (a custom slot mapping): language, channel, UTM, the
conversation count, and a pending call-back request."""

from __future__ import annotations

import logging
import re

from langdetect import DetectorFactory, LangDetectException, detect_langs
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.common import channel_name, lang, latest_intent, latest_text, message_metadata
from actions.lead_sync import sync_lead

logger = logging.getLogger(__name__)
DetectorFactory.seed = 0

MIN_WORDS = 4
MIN_PROB = 0.70
UTM_KEYS = ("source", "medium", "campaign", "content", "term")


def detect_language(text: str) -> str | None:
    """'nl' or 'en' for a message long enough to be confident about, else None."""
    words = re.findall(r"[^\W\d_]+", text or "")
    if len(words) < MIN_WORDS or text.startswith("/"):
        return None
    try:
        candidates = detect_langs(text)
    except LangDetectException:
        return None
    for cand in candidates:
        if cand.lang in ("nl", "en") and cand.prob >= MIN_PROB:
            return str(cand.lang)
    return None


def explicit_language(tracker: Tracker) -> str | None:
    for ent in (tracker.latest_message or {}).get("entities", []) or []:
        if ent.get("entity") == "language" and ent.get("value") in ("nl", "en"):
            return str(ent["value"])
    return None


class ActionObserveMessage(Action):
    """Runs on every user message (custom slot mapping): language (metadata, explicit request,
    langdetect; sticky once detected), channel, UTM, conversation start, pending callback."""

    def name(self) -> str:
        return "action_observe_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events: list[EventType] = []
        meta = message_metadata(tracker)
        current = lang(tracker)
        source = tracker.get_slot("language_source") or "default"
        new_lang, new_source = current, source
        if latest_intent(tracker) == "switch_language":
            new_lang = explicit_language(tracker) or ("en" if current == "nl" else "nl")
            new_source = "explicit"
        elif meta.get("language") in ("nl", "en") and source == "default":
            new_lang, new_source = meta["language"], "metadata"
        if new_source not in ("explicit", "detected"):
            detected = detect_language(latest_text(tracker))
            if detected:
                new_lang, new_source = detected, "detected"
        if new_lang != current:
            events.append(SlotSet("language", new_lang))
        if new_source != source:
            events.append(SlotSet("language_source", new_source))

        channel = channel_name(tracker)
        if tracker.get_slot("channel") != channel:
            events.append(SlotSet("channel", channel))
        utm = meta.get("utm")
        if isinstance(utm, dict) and not tracker.get_slot("utm"):
            utm = {k: utm.get(k) for k in UTM_KEYS}
            events.append(SlotSet("utm", utm))
        else:
            utm = tracker.get_slot("utm") or {k: None for k in UTM_KEYS}

        if not tracker.get_slot("conversation_registered"):
            payload = {
                "conversation_id": tracker.sender_id,
                "channel": channel,
                "language": new_lang,
                "utm": utm,
            }
            try:
                await Api().register_conversation(payload)
                events.append(SlotSet("conversation_registered", True))
            except (ApiUnavailable, ApiError) as exc:
                logger.warning("conversation start not counted: %s", exc)

        if tracker.get_slot("callback_pending"):
            phone = tracker.get_slot("contact_phone")
            email = tracker.get_slot("contact_email")
            for ent in (tracker.latest_message or {}).get("entities", []) or []:
                if ent.get("entity") == "phone":
                    phone = ent["value"]
                    events.append(SlotSet("contact_phone", phone))
                if ent.get("entity") == "email":
                    email = ent["value"]
                    events.append(SlotSet("contact_email", email))
            if phone or email:
                contact = {k: v for k, v in (("phone", phone), ("email", email)) if v}
                ok = await sync_lead(tracker, [], contact=contact, callback_requested=True)
                if ok:
                    dispatcher.utter_message(response="utter_human_requested")
                    events.append(SlotSet("callback_pending", False))
        return events
