"""Helpers shared by the actions: language, channel, formatting, the lead payload."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

INTAKE_SLOTS = ["age", "municipality", "work_situation", "pains"]
CHANNELS = {"twilio": "whatsapp", "whatsapp": "whatsapp", "socketio": "socketio"}
DAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}  # fmt: skip
MODE_TEXT = {
    "nl": {"phone": "telefonisch", "video": "via videobellen", "in_person": "op kantoor"},
    "en": {"phone": "by phone", "video": "by video call", "in_person": "in person"},
}
T = {
    "other_times": {"nl": "Andere tijden", "en": "Other times"},
    "pick_time": {
        "nl": "Deze tijden zijn vrij. Welke past jou?",
        "en": "These times are free. Which one suits you?",
    },
    "confirm": {
        "nl": "Ik plan dit gesprek voor je:\n{when}, {mode}, met {adviser}.\nNaam: {name}\n"
        "Contact: {contact}\nKlopt dat?",
        "en": "I will book this conversation for you:\n{when}, {mode}, with {adviser}.\n"
        "Name: {name}\nContact: {contact}\nIs that right?",
    },
    "yes": {"nl": "Ja, plan maar", "en": "Yes, book it"},
    "no": {"nl": "Nee, andere tijd", "en": "No, another time"},
    "booked": {
        "nl": "Je afspraak staat! {when}, {mode}, met {adviser}.{location}\n"
        "Afzeggen of verzetten kan via {manage}.",
        "en": "Your appointment is booked! {when}, {mode}, with {adviser}.{location}\n"
        "You can cancel or reschedule via {manage}.",
    },
    "location": {"nl": " Adres: {0}.", "en": " Address: {0}."},
    "manage_fallback": {
        "nl": "de link in je bevestiging, of door ons te bellen",
        "en": "the link in your confirmation, or by calling us",
    },
    "already_booked": {
        "nl": "Je hebt al een afspraak: {when}, {mode}, met {adviser}.",
        "en": "You already have an appointment: {when}, {mode}, with {adviser}.",
    },
    "rechecked": {
        "nl": "Ik heb je antwoorden aangepast en opnieuw gekeken.",
        "en": "I have updated your answers and checked again.",
    },
    "next_steps": {"nl": "Wat je kunt doen:", "en": "What you can do:"},
    "detected_en": {
        "nl": "Ik zie dat je Engels schrijft; ik ga verder in het Engels.",
        "en": "I see you write English, so I'll continue in English. "
        "(Typ 'Nederlands' voor Nederlands.)",
    },
}


def lang(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return value if value in ("nl", "en") else "nl"


def t(key: str, language: str, **kwargs: Any) -> str:
    text = T[key][language]
    return text.format(**kwargs) if kwargs else text


def channel_name(tracker: Tracker) -> str:
    raw = tracker.get_latest_input_channel() or "rest"
    return CHANNELS.get(raw, "rest")


def is_whatsapp(tracker: Tracker) -> bool:
    return channel_name(tracker) == "whatsapp"


def utter_choices(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    buttons: list[dict[str, str]],
) -> None:
    """Quick replies. The WhatsApp channel (bot/channels/whatsapp.py) renders them as numbered
    options and maps "2" or the option's words back to the payload; the validation actions
    also understand a bare number for the options they offered."""
    dispatcher.utter_message(text=text, buttons=buttons)


def format_when(iso: str, language: str) -> str:
    dt = datetime.fromisoformat(iso)
    day = DAYS[language][dt.weekday()]
    month = MONTHS[language][dt.month - 1]
    if language == "nl":
        return f"{day} {dt.day} {month} om {dt:%H:%M}"
    return f"{day} {dt.day} {month} at {dt:%H:%M}"


def slot_value(tracker: Tracker, events: list[dict[str, Any]], name: str) -> Any:
    """The value a slot will have after `events` are applied."""
    value = tracker.get_slot(name)
    for ev in events:
        if ev.get("event") == "slot" and ev.get("name") == name:
            value = ev.get("value")
    return value


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("text") or "").strip()


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    meta = (tracker.latest_message or {}).get("metadata") or {}
    return meta if isinstance(meta, dict) else {}


def lead_payload(tracker: Tracker, events: list[dict[str, Any]] | None = None) -> dict:
    """The lead fields known so far (partial upsert)."""
    events = events or []
    payload: dict[str, Any] = {
        "channel": channel_name(tracker),
        "language": slot_value(tracker, events, "language") or "nl",
    }
    for name in INTAKE_SLOTS + ["sector", "persona"]:
        value = slot_value(tracker, events, name)
        if value is not None:
            payload[name] = value
    eligibility = slot_value(tracker, events, "eligibility")
    if eligibility:
        payload["eligibility"] = eligibility
    utm = slot_value(tracker, events, "utm")
    if utm:
        payload["utm"] = utm
    contact = {
        "name": slot_value(tracker, events, "contact_name"),
        "phone": slot_value(tracker, events, "contact_phone"),
        "email": slot_value(tracker, events, "contact_email"),
    }
    contact = {k: v for k, v in contact.items() if v}
    if contact:
        payload["contact"] = contact
    return payload
