"""Outbox tests: the API tests' set-up (settings, migrated database, clean tables), a fake clock,
a local SMTP server (aiosmtpd) and a local stand-in for Twilio's Messages API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from api.core.config import get_settings
from api.core.db import get_sessionmaker
from api.core.ratelimit import forget_all
from api.notifications.texts import all_texts
from api.outbox.config import get_outbox_settings
from api.outbox.models import OutboxMessage
from api.outbox.scheduler import Scheduler
from tests.api.conftest import (  # noqa: F401 - fixtures are found by name
    PASSWORD,
    SERVICE,
    adviser,
    book,
    clean_tables,
    client,
    consented_lead,
    database,
    first_slot,
    login,
    make_adviser,
    session,
)
from tests.outbox.twilio_api import TwilioMessagesApi
from tests.stack import free_port

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "twilio-test-auth-token"
SENDER = "whatsapp:+3197010000000"
TEMPLATES = {  # kind -> (Dutch SID, English SID)
    "reminder": ("HX" + "1" * 32, "HX" + "2" * 32),
    "moved": ("HX" + "3" * 32, "HX" + "4" * 32),
    "cancelled": ("HX" + "5" * 32, "HX" + "6" * 32),
}


class Clock:
    """The scheduler's "now": the real time until the test sets it, then moved by the test."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now or datetime.now(UTC)

    def set(self, moment: datetime) -> None:
        self.now = moment

    def advance(self, **delta: float) -> None:
        self.now = self() + timedelta(**delta)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: object, smtp_session: object, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def attachment(message: EmailMessage, content_type: str = "text/calendar") -> bytes | None:
    for part in message.iter_attachments():
        if part.get_content_type() == content_type:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    return None


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def _reset_link_limiter() -> Iterator[None]:
    yield
    forget_all()  # the short links' miss counts (shared by the API processes)


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings = get_settings()
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_port", port)
    monkeypatch.setattr(settings, "smtp_from", "Haaglanden Leert Door <afspraken@example.org>")
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def twilio(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Iterator[TwilioMessagesApi]:
    api = TwilioMessagesApi(ACCOUNT_SID, AUTH_TOKEN, SENDER, clock)
    texts = all_texts()
    for kind, (nl, en) in TEMPLATES.items():
        # The approved texts are the ones the YAML tells operators to register.
        api.templates[nl] = texts["nl"][f"whatsapp_templates.{kind}"]
        api.templates[en] = texts["en"][f"whatsapp_templates.{kind}"]
    settings = get_outbox_settings()
    from pydantic import SecretStr

    for name, value in {
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": SecretStr(AUTH_TOKEN),
        "twilio_whatsapp_from": SENDER,
        "twilio_api_base_url": api.url,
        "outbox_send_timeout_seconds": 3.0,
        **{f"twilio_template_{kind}_sid": nl for kind, (nl, _) in TEMPLATES.items()},
        **{f"twilio_template_{kind}_sid_en": en for kind, (_, en) in TEMPLATES.items()},
    }.items():
        monkeypatch.setattr(settings, name, value)
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture
def scheduler(clock: Clock) -> Callable[[], Scheduler]:
    """A new scheduler each call (a restart), on the same fake clock; no jitter."""
    return lambda: Scheduler(clock=clock, rand=lambda: 0.0)


def rows(kind: str | None = None) -> list[OutboxMessage]:
    with get_sessionmaker(writer=False)() as s:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list(s.scalars(query))


def one(kind: str) -> OutboxMessage:
    found = [r for r in rows(kind) if r.status != "cancelled"]
    assert len(found) == 1, [(r.kind, r.status) for r in rows()]
    return found[0]
