"""The conversation as the resident saw it, read from Rasa's tracker over its token-protected HTTP
API: the bot's messages with the buttons it offered, and the resident's messages, where a tapped
button shows the button's title ("Ja, prima"), not its payload (`/inform{"work_situation": ...}`).

Rasa 3.6 routes `/conversations/<conversation_id:path>/tracker` with Sanic 21.12, which does not
percent-decode path parameters: `whatsapp%3A%2B316...` would name another, empty conversation.
The id therefore goes into the path as it is (':', '+' and '/' are legal there); only characters
that cannot appear in a path are encoded, and the tracker Rasa answers with must be the one asked
for (its sender_id), otherwise nothing is shown.

Neither the URL (it holds the conversation id, on WhatsApp a phone number, and the token) nor
the messages are ever logged.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote

import httpx

from api.core.config import get_settings
from api.shortlinks import service as shortlinks

log = logging.getLogger("api.portal")
# The bot tells the resident their manage link, long or short (a secret that opens the booking):
# not for advisers.
MANAGE_LINK = re.compile(
    rf"(/afspraak/|/bookings/manage/)[A-Za-z0-9_-]{{16,}}|(/a/)[{shortlinks.ALPHABET}]{{{shortlinks.CODE_LENGTH}}}\b"
)
# RFC 3986 path characters besides letters, digits and "-._~": left as they are (see above).
PATH_SAFE = "/:@!$&'()*+,;="
PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z0-9_]+)(?P<entities>\{.*\})?\s*$", re.S)
# Tests put an httpx.MockTransport here to stand in for Rasa.
transport: httpx.BaseTransport | None = None

# How a payload is said when the bot's button is not in the transcript: the vocabulary's labels
# (the portal's texts `work.employed`, `pain.low_income`, ...) and the intents' own texts.
ENTITY_LABELS = {"work_situation": "work", "pain": "pain", "pains": "pain", "sector": "sector", "mode": "mode"}
Labels = Callable[[str], str | None]  # a text key -> its text, or None when there is none


@dataclass(frozen=True)
class Message:
    who: Literal["user", "bot"]
    text: str
    at: datetime | None
    buttons: list[str] = field(default_factory=list)
    tapped: bool = False  # the resident tapped a button (or sent its payload): `text` is its title


@dataclass(frozen=True)
class Transcript:
    state: Literal["ok", "empty", "unavailable"]
    messages: list[Message] = field(default_factory=list)


def _hide_links(text: str) -> str:
    return MANAGE_LINK.sub(lambda m: f"{m.group(1) or m.group(2)}…", text)


def tracker_url(conversation_id: str) -> str:
    base = get_settings().effective_rasa_url.rstrip("/")
    return f"{base}/conversations/{quote(conversation_id, safe=PATH_SAFE)}/tracker"


def _payload_label(payload: str, labels: Labels) -> str | None:
    """`/inform{"work_situation": "employed"}` -> "In loondienst"; `/affirm` -> "Ja"."""
    match = PAYLOAD.match(payload)
    if not match:
        return None
    try:
        entities = json.loads(match["entities"]) if match["entities"] else {}
    except ValueError:
        entities = {}
    if not isinstance(entities, dict) or not entities:
        return labels(f"transcript.intent.{match['intent']}") or match["intent"].replace("_", " ")
    said = []
    for name, value in entities.items():
        values = value if isinstance(value, list) else [value]
        prefix = ENTITY_LABELS.get(name)
        for v in values:
            said.append((labels(f"{prefix}.{v}") if prefix else None) or str(v))
    return ", ".join(said)


def readable(events: Iterable[dict[str, Any]], labels: Labels) -> list[Message]:
    """The user and bot messages in order; a payload becomes the title of the button the bot had
    just offered for it, or else the vocabulary's label."""
    out: list[Message] = []
    offered: dict[str, str] = {}  # payload -> title, from the latest bot message with buttons
    for e in events:
        kind = e.get("event")
        if kind not in ("user", "bot"):
            continue
        text = str(e.get("text") or "")
        data = e.get("data") or {}
        buttons = [b for b in data.get("buttons") or [] if isinstance(b, dict)] if isinstance(data, dict) else []
        ts = e.get("timestamp")
        at = datetime.fromtimestamp(ts, UTC) if isinstance(ts, int | float) else None
        if kind == "bot":
            if buttons:
                offered = {str(b.get("payload", "")): str(b.get("title", "")) for b in buttons}
            if text or buttons:
                titles = [str(b.get("title", "")) for b in buttons]
                out.append(Message("bot", _hide_links(text), at, titles))
            continue
        if not text:
            continue
        if text.startswith("/"):
            title = offered.get(text) or offered.get(text.strip()) or _payload_label(text, labels)
            if title is not None:
                out.append(Message("user", title, at, tapped=True))
                continue
        out.append(Message("user", _hide_links(text), at))
    return out


def transcript(conversation_id: str, labels: Labels) -> Transcript:
    settings = get_settings()
    params = {"token": settings.rasa_auth_token.get_secret_value()} if settings.rasa_auth_token else {}
    try:
        with httpx.Client(timeout=settings.transcript_timeout_seconds, transport=transport) as client:
            response = client.get(tracker_url(conversation_id), params=params)
    except httpx.HTTPError as exc:
        log.warning("transcript: Rasa not reachable (%s)", type(exc).__name__)
        return Transcript("unavailable")
    if response.status_code == 404:
        return Transcript("empty")
    if response.status_code != 200:
        log.warning("transcript: Rasa answered %s", response.status_code)
        return Transcript("unavailable")
    try:
        body = response.json()
    except ValueError:
        return Transcript("unavailable")
    if not isinstance(body, dict):
        return Transcript("unavailable")
    if body.get("sender_id") not in (None, conversation_id):
        # Rasa read the id differently (a character it does not decode): never show another one.
        log.warning("transcript: Rasa answered for another conversation id")
        return Transcript("unavailable")
    events = body.get("events") or []
    messages = readable(events if isinstance(events, list) else [], labels)
    return Transcript("ok" if messages else "empty", messages)
