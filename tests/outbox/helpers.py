"""Bookings at chosen moments (the API only books 1 to 28 days ahead; daylight-saving changes are
further away), with the same hook the booking service calls."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking
from api.core.db import get_sessionmaker
from api.core.security import hash_manage_token, new_manage_token
from api.leads.models import Lead
from api.notifications import service as notifications
from tests.api.conftest import SERVICE, consented_lead

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WHATSAPP_ID = "whatsapp:+31612345678"
RESIDENT = {"name": "Fatima de Vries", "phone": "06 12345678", "email": "fatima@example.org"}


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def next_clock_change(month: int) -> date:
    """The next last Sunday of March (3) or October (10), from today."""
    today = datetime.now(UTC).date()
    sunday = last_sunday(today.year, month)
    return sunday if sunday > today + timedelta(days=2) else last_sunday(today.year + 1, month)


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


def lead_for(client: TestClient, session: Session, conversation_id: str, **fields: object) -> Lead:
    consented_lead(client, conversation_id, **fields)
    with get_sessionmaker(writer=False)() as s:
        lead = s.scalar(select(Lead).where(Lead.conversation_id == conversation_id))
    assert lead is not None
    return lead


def wrote(client: TestClient, conversation_id: str, at: datetime, opted_out: bool | None = None) -> dict[str, Any]:
    """The resident's message as the WhatsApp channel reports it (STOP: opted_out=True)."""
    body: dict[str, Any] = {"received_at": at.isoformat()}
    if opted_out is not None:
        body["opted_out"] = opted_out
    response = client.post(f"/api/leads/by-conversation/{conversation_id}/whatsapp-inbound", json=body, headers=SERVICE)
    assert response.status_code == 200, response.text
    return dict(response.json())


def booking_at(
    session: Session, lead: Lead, adviser: Adviser, start: datetime, now: datetime, mode: str = "phone"
) -> Booking:
    """`session` is unused (a writer session of its own takes SQLite's write lock up front)."""
    with get_sessionmaker()() as s:
        return _booking_at(s, lead, adviser, start, now, mode)


def _booking_at(session: Session, lead: Lead, adviser: Adviser, start: datetime, now: datetime, mode: str) -> Booking:
    booking = Booking(
        uid=f"{uuid.uuid4()}@leertdoor-haaglanden",
        lead_id=lead.id,
        adviser_id=adviser.id,
        start_at=start.astimezone(UTC),
        end_at=(start + timedelta(minutes=45)).astimezone(UTC),
        mode=mode,
        location="Spui 70, Den Haag" if mode == "in_person" else None,
        status="active",
        manage_token_hash=hash_manage_token(new_manage_token()),
    )
    session.add(booking)
    session.flush()
    notifications.booking_created(session, booking, now=now)
    session.commit()
    return booking


def writer() -> Session:
    """A session that may write (the tests' `session` fixture only reads, like a page would)."""
    return get_sessionmaker()()
