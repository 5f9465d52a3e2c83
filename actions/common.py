"""Helpers shared by the actions: language, channel, the latest message, formatting."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import texts

INTAKE_SLOTS = ("age", "municipality", "work_situation", "pains")
# Times are shown as the resident lives them, whatever offset the API used (issue 9: a UTC time
# once read "08:30" for an appointment offered as 09:30).
LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
CHANNELS = {"twilio": "whatsapp", "whatsapp": "whatsapp", "socketio": "socketio"}


def lang(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return value if value in texts.LANGUAGES else "nl"


def t(key: str, language: str, **values: Any) -> str:
    return texts.text(key, language, **values)


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


def yes_no_buttons(yes: str, no: str, retry: bool, language: str) -> list[dict[str, str]]:
    """The buttons of a yes/no question (texts keys `yes` and `no`); asked again after an answer
    that was neither, with "talk to a person" as well."""
    buttons = [{"title": t(yes, language), "payload": "/affirm"}, {"title": t(no, language), "payload": "/deny"}]
    if retry:
        buttons.append({"title": t("talk_to_person", language), "payload": "/request_human"})
    return buttons


def local_time(iso: str) -> datetime:
    """An ISO time as Amsterdam time; "Z" and times without a zone are UTC."""
    dt = datetime.fromisoformat(iso.strip().replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo("UTC"))
    return dt.astimezone(LOCAL_TZ)


def format_when(iso: str, language: str) -> str:
    dt = local_time(iso)
    return t(
        "when",
        language,
        day=texts.table("days", language)[dt.weekday()],
        date=dt.day,
        month=texts.table("months", language)[dt.month - 1],
        time=f"{dt:%H:%M}",
    )


def mode_phrase(mode: str | None, language: str) -> str:
    """How the conversation takes place, in the vocabulary's word for the mode."""
    return texts.label("mode", mode, language).lower() if mode else ""


def slot_value(tracker: Tracker, events: list[dict[str, Any]], name: str) -> Any:
    """The value a slot will have after `events` are applied."""
    value = tracker.get_slot(name)
    for ev in events:
        if ev.get("event") == "slot" and ev.get("name") == name:
            value = ev.get("value")
    return value


def latest_intent(tracker: Tracker) -> str | None:
    name = (tracker.latest_message or {}).get("intent", {}).get("name")
    return str(name) if name else None


def latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "").strip()


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    meta = (tracker.latest_message or {}).get("metadata") or {}
    return meta if isinstance(meta, dict) else {}


def option_number(tracker: Tracker, count: int) -> int | None:
    """A reply of "2" (WhatsApp numbered options) -> 2, when within range."""
    m = re.fullmatch(r"\s*(\d{1,2})[.)]?\s*", latest_text(tracker))
    if m and 1 <= int(m.group(1)) <= count:
        return int(m.group(1))
    return None
