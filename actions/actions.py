"""Actions outside the forms: language and channel, consent, verdict, booking result, handoff,
start over, erasure, retries after an API failure."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from typing import Any, Dict, List, Text

from langdetect import DetectorFactory, LangDetectException, detect_langs
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.api import Api, ApiError, ApiUnavailable
from actions.common import (
    INTAKE_SLOTS,
    channel_name,
    format_when,
    lang,
    latest_intent,
    latest_text,
    lead_payload,
    message_metadata,
    t,
)
from actions.forms import booking_words, sync_lead

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
            return cand.lang
    return None


def explicit_language(tracker: Tracker) -> str | None:
    for ent in (tracker.latest_message or {}).get("entities", []) or []:
        if ent.get("entity") == "language" and ent.get("value") in ("nl", "en"):
            return ent["value"]
    return None


class ActionObserveMessage(Action):
    """Runs on every user message (custom slot mapping): language (metadata, explicit request,
    langdetect; sticky once detected), channel, UTM, conversation start, pending callback."""

    def name(self) -> Text:
        return "action_observe_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = []
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
                ok = await sync_lead(
                    tracker, [], contact=contact, callback_requested=True
                )
                if ok:
                    dispatcher.utter_message(response="utter_human_requested")
                    events.append(SlotSet("callback_pending", False))
        return events


class ActionSwitchLanguage(Action):
    def name(self) -> Text:
        return "action_switch_language"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        # the language slot was already switched by action_observe_message
        dispatcher.utter_message(response="utter_language_switched")
        await sync_lead(tracker, [])
        return []


class ActionAfterConsent(Action):
    """Right after consent: the first lead upsert, with consent time, channel, language, UTM."""

    def name(self) -> Text:
        return "action_after_consent"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        consent_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        await sync_lead(tracker, [], consent_at=consent_at)
        return []


def intake_complete(tracker: Tracker) -> bool:
    return all(tracker.get_slot(s) is not None for s in INTAKE_SLOTS)


async def check_eligibility(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    language = lang(tracker)
    payload = {
        "age": tracker.get_slot("age"),
        "municipality": tracker.get_slot("municipality"),
        "work_situation": tracker.get_slot("work_situation"),
        "pains": tracker.get_slot("pains") or [],
        "language": language,
    }
    if tracker.get_slot("sector"):
        payload["sector"] = tracker.get_slot("sector")
    try:
        result = await Api().eligibility(payload)
    except (ApiUnavailable, ApiError) as exc:
        logger.warning("eligibility failed: %s", exc)
        dispatcher.utter_message(response="utter_api_down")
        return [SlotSet("api_error", True), SlotSet("verdict", None)]
    verdict = result.get("verdict")
    if verdict not in ("eligible", "not_eligible", "needs_review"):
        dispatcher.utter_message(response="utter_api_down")
        return [SlotSet("api_error", True), SlotSet("verdict", None)]
    dispatcher.utter_message(response=f"utter_verdict_{verdict}")
    lines = []
    for reason in result.get("reasons", []):
        text = (reason.get("explanations") or {}).get(language) or reason.get("explanation")
        if text:
            mark = "✓" if reason.get("outcome", "pass" if reason.get("passed") else "fail") == (
                "pass"
            ) else ("?" if reason.get("outcome") == "needs_review" else "✗")
            lines.append(f"{mark} {text}")
    if lines:
        dispatcher.utter_message(text="\n".join(lines))
    persona = result.get("persona")
    if persona and verdict != "not_eligible":
        dispatcher.utter_message(response=f"utter_persona_{persona}")
    steps = []
    for step in result.get("next_steps", []) or []:
        text = (step.get("texts") or {}).get(language) or step.get("text")
        if text:
            steps.append(f"- {text}" + (f" {step['url']}" if step.get("url") else ""))
    if verdict == "not_eligible":
        dispatcher.utter_message(response="utter_not_eligible_where_to_go")
    if steps:
        dispatcher.utter_message(text=t("next_steps", language) + "\n" + "\n".join(steps))
    eligibility = {"verdict": verdict, "reasons": result.get("reasons", [])}
    events: List[EventType] = [
        SlotSet("verdict", verdict),
        SlotSet("persona", persona),
        SlotSet("eligibility", eligibility),
        SlotSet("api_error", False),
    ]
    await sync_lead(tracker, [dict(e) for e in events])
    return events


class ActionCheckEligibility(Action):
    def name(self) -> Text:
        return "action_check_eligibility"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        return await check_eligibility(dispatcher, tracker)


class ActionRecheck(Action):
    """An answer given outside the intake (a correction): re-check, or resume the intake."""

    def name(self) -> Text:
        return "action_recheck"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        if tracker.get_slot("consent") is not True:
            dispatcher.utter_message(response="utter_anything_else")
            return []
        if not intake_complete(tracker):
            return [FollowupAction("intake_form")]
        if tracker.get_slot("verdict") is None and not tracker.get_slot("api_error"):
            return await check_eligibility(dispatcher, tracker)
        dispatcher.utter_message(text=t("rechecked", lang(tracker)))
        return await check_eligibility(dispatcher, tracker)


class ActionRetry(Action):
    """After "try again": continue where the API failure stopped us."""

    def name(self) -> Text:
        return "action_retry"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        if intake_complete(tracker) and tracker.get_slot("verdict") is None:
            events = await check_eligibility(dispatcher, tracker)
            verdict = next(
                (e["value"] for e in events if e.get("name") == "verdict"), None
            )
            if verdict in ("eligible", "needs_review"):
                events.append(FollowupAction("booking_form"))
            return events
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("api_error", False)]


class ActionBookingDone(Action):
    def name(self) -> Text:
        return "action_booking_done"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        language = lang(tracker)
        if tracker.get_slot("wants_booking") is False:
            dispatcher.utter_message(response="utter_booking_declined")
            return []
        booking = tracker.get_slot("booking") or {}
        if tracker.get_slot("slot_choice") == "none" or not booking.get("start"):
            await sync_lead(tracker, [], callback_requested=True,
                            callback_note="no free slot found in chat")  # fmt: skip
            dispatcher.utter_message(response="utter_human_requested")
            return []
        words = booking_words(booking, language)
        location = booking.get("location")
        manage = booking.get("manage_url") or t("manage_fallback", language)
        dispatcher.utter_message(
            text=t(
                "booked",
                language,
                location=t("location", language).format(location) if location else "",
                manage=manage,
                **words,
            )
        )
        return []


class ActionRequestHuman(Action):
    """A callback request on the lead. Without consent nothing is stored."""

    def name(self) -> Text:
        return "action_request_human"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
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


def carried_over(tracker: Tracker) -> List[EventType]:
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

    def name(self) -> Text:
        return "action_restart"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        dispatcher.utter_message(response="utter_restarting")
        dispatcher.utter_message(response="utter_welcome")
        return [Restarted(), *carried_over(tracker), FollowupAction("consent_form")]


class ActionDeleteData(Action):
    """Erases the lead (API) and the conversation: Restarted wipes the tracker's state; the
    SQL tracker store then holds only events after the restart."""

    def name(self) -> Text:
        return "action_delete_data"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        try:
            await Api().erase(tracker.sender_id)
        except (ApiUnavailable, ApiError) as exc:
            logger.warning("erasure failed for %s: %s", tracker.sender_id, exc)
            dispatcher.utter_message(response="utter_delete_failed")
            return []
        dispatcher.utter_message(response="utter_data_deleted")
        keep = [e for e in carried_over(tracker) if e["name"] in ("language", "language_source")]
        return [Restarted(), *keep, SlotSet("erased", True)]


__all__ = ["format_when", "lead_payload"]
