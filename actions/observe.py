"""Runs on every user message (as `action_validate_slot_mappings`, before anything else is
decided): the language, channel and UTM, the conversation count, a pending call-back request,
and the intake answers the message gives or corrects, wherever in the conversation they come."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import checks, nlu, reading
from actions.api import Api, ApiError, ApiUnavailable
from actions.common import channel_name, lang, latest_intent, latest_text, message_metadata, slot_value
from actions.lead_sync import sync_lead
from bot import texts
from bot.nlu import appointment

logger = logging.getLogger(__name__)
UTM_KEYS = ("source", "medium", "campaign", "content", "term")


def conversation_started(tracker: Tracker) -> bool:
    """The welcome was said since the last restart: the intake has begun."""
    for ev in reversed(tracker.events):
        if ev.get("event") == "restart":
            return False
        if ev.get("event") == "action" and ev.get("name") == "utter_welcome":
            return True
    return False


def last_question(tracker: Tracker) -> str | None:
    """The bot's last action before the resident's latest message."""
    seen_user = False
    for ev in reversed(tracker.events):
        if ev.get("event") == "user":
            seen_user = True
        elif seen_user and ev.get("event") == "action" and ev.get("name") not in ("action_listen", None):
            return str(ev["name"])
    return None


def requested_intake_slot(tracker: Tracker) -> str | None:
    if (tracker.active_loop or {}).get("name") == "intake_form":
        requested = tracker.get_slot("requested_slot")
        return str(requested) if requested else None
    return None


def describe(slot: str, value: Any, language: str) -> str:
    """An answer in words, for the acknowledgement of a correction."""
    if slot == "work_situation":
        return texts.label("work_situation", str(value), language).lower()
    if slot == "pains":
        return ", ".join(texts.label("pain", p, language).lower() for p in value or [])
    if slot == "mode":
        return texts.label("mode", str(value), language).lower()
    return str(value)


def acknowledge(dispatcher: CollectingDispatcher, slot: str, value: Any, language: str) -> None:
    """One short sentence for an answer put right: "Ik heb je woonplaats aangepast: Westland."."""
    template = texts.table("corrected", language)[slot]
    dispatcher.utter_message(text=template.format(value=describe(slot, value, language)))


def language_events(tracker: Tracker) -> tuple[list[EventType], str]:
    """Page language first; then the resident's explicit request; otherwise the evidence of
    their messages (several short ones count, not only long ones)."""
    events: list[EventType] = []
    meta = message_metadata(tracker)
    current = lang(tracker)
    source = tracker.get_slot("language_source") or "default"
    new_lang, new_source = current, source
    text = latest_text(tracker)
    explicit = reading.language_request(tracker)
    if text == "/switch_language":
        explicit = "en" if current == "nl" else "nl"
    if explicit:
        # "English please", "kunnen we in het Nederlands verder?": a request, not a word in passing;
        # it holds until the resident asks for another
        new_lang, new_source = explicit, "explicit"
        state = nlu.chosen_language(tracker.get_slot("language_evidence"), current, explicit)
        events.append(SlotSet("language_evidence", state))
    elif meta.get("language") in texts.LANGUAGES and source == "default":
        new_lang, new_source = meta["language"], "metadata"
    if new_source != "explicit" and not text.startswith("/"):
        evidence, spoken = nlu.language_evidence(tracker.get_slot("language_evidence"), text, new_lang)
        events.append(SlotSet("language_evidence", evidence))
        if spoken != new_lang:
            new_lang, new_source = spoken, "detected"
    if new_lang != current:
        events.append(SlotSet("language", new_lang))
    if new_source != source:
        events.append(SlotSet("language_source", new_source))
    return events, new_lang


class ActionObserveMessage(Action):
    def name(self) -> str:
        # Rasa runs the action of this name after every user message, once the slot mappings
        # are done, and (unlike a custom mapping's action) keeps the messages it sends: the
        # acknowledgement of a correction, the answer to a call-back request.
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if already_read(tracker):
            # Rasa extracts slots again when a form starts in the same turn (the booking after
            # the verdict): the message was read; reading it again, with no question open, would
            # take it for side remarks and undo its answers
            return []
        events, language = language_events(tracker)
        meta = message_metadata(tracker)
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
            payload = {"conversation_id": tracker.sender_id, "channel": channel, "language": language, "utm": utm}
            try:
                await Api().register_conversation(payload)
                events.append(SlotSet("conversation_registered", True))
            except (ApiUnavailable, ApiError) as exc:
                logger.warning("conversation start not counted: %s", exc)

        if tracker.get_slot("callback_pending"):
            handled = await self.callback(dispatcher, tracker, events)
            if handled:
                return events + read_until(tracker)
        for missed in missed_messages(tracker):
            caught_up = self.answers(dispatcher, missed, language)
            tracker.add_slots(caught_up)
            events += caught_up
        events += self.answers(dispatcher, tracker, language)
        return events + read_until(tracker)

    async def callback(self, dispatcher: CollectingDispatcher, tracker: Tracker, events: list[EventType]) -> bool:
        """A call-back was asked for: this message gives the contact (and so the consent, after
        the resident was told what is stored), says yes on WhatsApp, or says no."""
        answer = reading.yes_no(tracker)
        if answer is False:
            events.append(SlotSet("callback_pending", False))
            dispatcher.utter_message(response="utter_human_no_consent")
            return True
        phone = email = None
        for ent in (tracker.latest_message or {}).get("entities") or []:
            if ent.get("entity") == "phone":
                phone = checks.phone(ent.get("value"))
            elif ent.get("entity") == "email":
                email = checks.email(ent.get("value"))
        sender = tracker.sender_id or ""
        if not (phone or email) and answer and sender.startswith("whatsapp:"):
            phone = checks.phone(sender.split(":", 1)[1])
        if not (phone or email):
            return False
        events += [SlotSet("callback_pending", False)]
        if phone:
            events.append(SlotSet("contact_phone", phone))
        if email:
            events.append(SlotSet("contact_email", email))
        if tracker.get_slot("consent") is not True:
            events += [SlotSet("consent", True), SlotSet("consent_at", now_iso())]
        contact = {k: v for k, v in (("phone", phone), ("email", email)) if v}
        ok = await sync_lead(tracker, [dict(e) for e in events], contact=contact, callback_requested=True)
        dispatcher.utter_message(response="utter_human_requested" if ok else "utter_api_down")
        return True

    def answers(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> list[EventType]:
        """The intake answers this message gives or corrects, checked, with one short
        acknowledgement per correction."""
        requested = requested_intake_slot(tracker)
        read = reading.read(tracker, requested)
        events: list[EventType] = []
        changed: list[str] = []
        answered_before = bool(requested) and reading.replied_before(tracker, str(requested))
        for name, raw in read.answers.items():
            if name == "municipality" and raw == "other":
                continue  # the button "another municipality": the form asks which place
            value = checks.intake(name, raw)
            same = value is not None and value == tracker.get_slot(name)
            if same and read.correction and requested and name != requested and not answered_before:
                # "o nee foutje, ik woon nu in 's-Gravenzande, niet Naaldwijk": put right to the same
                # value, it is still an answer to something, so the open question is no failed attempt
                # (once: said again, the usual count of attempts keeps the question from a third time)
                events.append(SlotSet(name, value))
                continue
            if value is None or same:
                continue
            events.append(SlotSet(name, value))
            changed.append(name)
            if name in read.corrected:
                acknowledge(dispatcher, name, value, language)
        text = latest_text(tracker)
        if (
            requested in reading.OWN_WORDS_SLOTS
            and not reading.is_payload(text)
            and reading.side_intent(tracker) is None
        ):
            words = checks.own_words(tracker.get_slot("work_text"), text)
            if words != tracker.get_slot("work_text"):
                events.append(SlotSet("work_text", words))
        outside_forms = not (tracker.active_loop or {}).get("name")
        started = conversation_started(tracker)
        # outside the forms, a message that gives an answer, or that is no side request while
        # the check is not done ("I'd like to check if I can get the voucher"), continues it
        resumes = (
            tracker.get_slot("verdict") is None
            and tracker.get_slot("next_step") != "retry"  # "ja" after an API failure: try again
            and reading.side_intent(tracker) is None
        )
        answered = (
            outside_forms
            and started
            and (bool(changed) or resumes)
            and not reading.is_payload(text)
            and last_question(tracker) != "utter_confirm_delete"  # a yes or no to "are you sure?"
        )
        if answered or tracker.get_slot("answered"):
            events.append(SlotSet("answered", answered))
        events += self.appointment(tracker, outside_forms and not answered)
        return events

    def appointment(self, tracker: Tracker, outside_forms: bool) -> list[EventType]:
        """A returning resident (something was stored, so there may be an appointment) greets
        again or asks about the appointment: the rules look it up (action_show_appointment)."""
        text = latest_text(tracker)
        asks = (
            outside_forms
            and (tracker.get_slot("consent") is True or bool(tracker.get_slot("booking")))
            and last_question(tracker) != "utter_confirm_delete"  # "afzeggen?" "ja": erase, as asked
            and (latest_intent(tracker) == "greet" or appointment.asks_about_appointment(text))
        )
        if asks or tracker.get_slot("appointment_asked"):
            return [SlotSet("appointment_asked", asks)]
        return []


def latest_stamp(tracker: Tracker) -> float | None:
    """When the latest user message arrived (None before any)."""
    stamp = next((e.get("timestamp") for e in reversed(tracker.events) if e.get("event") == "user"), None)
    return float(stamp) if stamp is not None else None


def already_read(tracker: Tracker) -> bool:
    stamp = latest_stamp(tracker)
    return stamp is not None and tracker.get_slot("read_until") == stamp


def read_until(tracker: Tracker) -> list[EventType]:
    """Marks the latest message as read (see missed_messages)."""
    stamp = latest_stamp(tracker)
    return [SlotSet("read_until", stamp)] if stamp else []


def missed_messages(tracker: Tracker) -> list[Tracker]:
    """Messages this action never read (the action server was down): read them now, so an
    answer given meanwhile is not lost. At most the last two, each as a tracker of its own."""
    last = tracker.get_slot("read_until")
    if last is None:
        return []
    users = [e for e in tracker.events if e.get("event") == "user"]
    missed = [e for e in users[:-1] if float(e.get("timestamp") or 0) > float(last)][-2:]
    views = []
    for ev in missed:
        parse = dict(ev.get("parse_data") or {})
        parse["text"] = ev.get("text") or parse.get("text") or ""
        views.append(
            Tracker(
                tracker.sender_id,
                dict(tracker.slots),
                parse,
                tracker.events,
                False,
                None,
                tracker.active_loop,
                "action_listen",
            )
        )
    return views


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


__all__ = ["ActionObserveMessage", "now_iso", "slot_value"]
