"""The conversation transcript, read from Rasa's tracker over its token-protected HTTP API.

Neither the URL (it holds the conversation id, on WhatsApp a phone number, and the token) nor
the messages are ever logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote

import httpx

from api.core.config import get_settings

log = logging.getLogger("api.portal")
# The bot tells the resident their manage link (a secret that opens the booking): not for advisers.
MANAGE_LINK = re.compile(r"(/afspraak/|/bookings/manage/)[A-Za-z0-9_-]{16,}")
# Tests put an httpx.MockTransport here to stand in for Rasa.
transport: httpx.BaseTransport | None = None


@dataclass(frozen=True)
class Message:
    who: Literal["user", "bot"]
    text: str
    at: datetime | None
    buttons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Transcript:
    state: Literal["ok", "empty", "unavailable"]
    messages: list[Message] = field(default_factory=list)


def _messages(events: list[dict[str, Any]]) -> list[Message]:
    out = []
    for e in events:
        kind = e.get("event")
        if kind not in ("user", "bot"):
            continue
        text = e.get("text")
        data = e.get("data") or {}
        buttons = [str(b.get("title", "")) for b in data.get("buttons") or [] if isinstance(b, dict)]
        if not text and not buttons:
            continue
        ts = e.get("timestamp")
        at = datetime.fromtimestamp(ts, UTC) if isinstance(ts, int | float) else None
        text = MANAGE_LINK.sub(r"\1…", str(text or ""))
        out.append(Message("user" if kind == "user" else "bot", text, at, buttons))
    return out


def transcript(conversation_id: str) -> Transcript:
    settings = get_settings()
    url = f"{settings.effective_rasa_url.rstrip('/')}/conversations/{quote(conversation_id, safe='')}/tracker"
    params = {"token": settings.rasa_auth_token.get_secret_value()} if settings.rasa_auth_token else {}
    try:
        with httpx.Client(timeout=settings.transcript_timeout_seconds, transport=transport) as client:
            response = client.get(url, params=params)
    except httpx.HTTPError as exc:
        log.warning("transcript: Rasa not reachable (%s)", type(exc).__name__)
        return Transcript("unavailable")
    if response.status_code == 404:
        return Transcript("empty")
    if response.status_code != 200:
        log.warning("transcript: Rasa answered %s", response.status_code)
        return Transcript("unavailable")
    try:
        events = response.json().get("events") or []
    except ValueError:
        return Transcript("unavailable")
    messages = _messages(events if isinstance(events, list) else [])
    return Transcript("ok" if messages else "empty", messages)
