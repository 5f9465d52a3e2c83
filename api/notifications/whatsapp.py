"""WhatsApp messages through Twilio's Messages API with the twilio library.

WhatsApp allows free-form messages only within 24 hours of the resident's last message to us;
outside that window only a template approved beforehand may be sent. Twilio's Content API sends
one: `content_sid` (an "HX..." template from settings) and `content_variables` (JSON: {"1": ...}).

Twilio has no idempotency key for sending. A message is sent once because the scheduler records
Twilio's message SID with the row; for the one gap left (Twilio took the message, then the
scheduler died before recording it), a claim taken over from a dead sender first asks Twilio's
message list whether a message with this row's own link was already sent, and records that.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from api.outbox.config import OutboxSettings, get_outbox_settings
from api.outbox.errors import SendFailed, Skip

# The library logs each request with its form data (the number) at INFO.
logging.getLogger("twilio").setLevel(logging.WARNING)

WINDOW = timedelta(hours=24)
# A message leaves some seconds after we decide; near the end of the window a template is safer.
WINDOW_MARGIN = timedelta(minutes=10)
OUTSIDE_WINDOW_ERRORS = (63016,)  # "outside the allowed window": send the template instead


@dataclass(frozen=True)
class WhatsAppMessage:
    to: str  # whatsapp:+31...
    language: str
    template: str  # the template kind in settings: reminder, moved, cancelled
    variables: dict[str, str]  # the template's {{1}}..{{4}}
    text: str  # the free-form version (inside the window)
    marker: str  # unique to this outbox row (its short link): finds an earlier send
    last_inbound_at: datetime | None


@dataclass(frozen=True)
class Sent:
    sid: str
    via: str  # "text", "template" or "found" (an earlier send found at Twilio)


def in_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    return last_inbound_at is not None and now < last_inbound_at + WINDOW - WINDOW_MARGIN


def client(settings: OutboxSettings) -> Client:
    http = TwilioHttpClient(timeout=settings.outbox_send_timeout_seconds)
    twilio = Client(settings.twilio_account_sid, settings.twilio_auth_token.get_secret_value(), http_client=http)
    # The library's own base URL of the api.twilio.com domain: a local stand-in in tests.
    twilio.api.base_url = settings.twilio_api_base_url.rstrip("/")
    return twilio


def _sender(settings: OutboxSettings) -> dict[str, str]:
    if settings.twilio_messaging_service_sid:
        return {"messaging_service_sid": settings.twilio_messaging_service_sid}
    return {"from_": settings.twilio_whatsapp_from}


def _failure(exc: Exception) -> SendFailed:
    if isinstance(exc, TwilioRestException):
        status = int(exc.status or 0)
        reason = f"twilio {exc.code} (http {status})" if exc.code else f"twilio http {status}"
        return SendFailed(reason, permanent=status != 429 and 400 <= status < 500)
    return SendFailed(type(exc).__name__)


def find_earlier_send(
    twilio: Client, settings: OutboxSettings, message: WhatsAppMessage, since: datetime
) -> str | None:
    """The SID of a message to this resident, sent since `since`, that carries this row's marker."""
    kwargs: dict[str, object] = {"to": message.to, "date_sent_after": since - timedelta(days=1), "limit": 200}
    if settings.twilio_whatsapp_from and not settings.twilio_messaging_service_sid:
        kwargs["from_"] = settings.twilio_whatsapp_from
    for found in twilio.messages.list(**kwargs):
        if found.direction and not found.direction.startswith("outbound"):
            continue
        if message.marker in (found.body or "") and found.status not in ("failed", "undelivered"):
            return str(found.sid)
    return None


def send(message: WhatsAppMessage, now: datetime, in_doubt_since: datetime | None = None) -> Sent:
    settings = get_outbox_settings()
    if not settings.whatsapp_enabled:
        raise Skip("whatsapp is off (no TWILIO settings)")
    twilio = client(settings)
    try:
        if in_doubt_since is not None and (sid := find_earlier_send(twilio, settings, message, in_doubt_since)):
            return Sent(sid, "found")
        if in_window(message.last_inbound_at, now):
            try:
                created = twilio.messages.create(to=message.to, body=message.text, **_sender(settings))
                return Sent(str(created.sid), "text")
            except TwilioRestException as exc:
                if exc.code not in OUTSIDE_WINDOW_ERRORS:
                    raise
        content_sid = settings.template_sid(message.template, message.language)
        if not content_sid:
            raise SendFailed(
                f"outside the 24-hour window and no template: set TWILIO_TEMPLATE_{message.template.upper()}_SID",
                permanent=True,
            )
        created = twilio.messages.create(
            to=message.to,
            content_sid=content_sid,
            content_variables=json.dumps(message.variables, ensure_ascii=False),
            **_sender(settings),
        )
        return Sent(str(created.sid), "template")
    except (TwilioException, requests.RequestException, OSError) as exc:
        raise _failure(exc) from None
