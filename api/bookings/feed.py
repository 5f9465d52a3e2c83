"""An adviser's personal calendar feed: their appointments as an iCalendar subscription that
Outlook, Google Calendar or Apple Calendar fetch by URL, without logging in.

The URL holds a random token (256 bits); only its SHA-256 is stored, so the URL is shown once,
when it is made, and a copy of the database opens no feed. Making a new one ends the old one.

What is in it, and nothing more: the appointments of the last 30 days and the next 90 (not the
cancelled ones), each with a UID that stays the same when it is moved; the time, the mode (and
address in person), the resident's first name and phone number (the adviser needs them to call),
and a link to the lead in the portal (behind its login). No surname, e-mail, answers or verdict.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from api.advisers.models import Adviser
from api.bookings.models import Booking, CalendarFeed
from api.core.config import get_settings
from api.core.timeutil import utcnow
from api.portal.i18n import Translator

PAST = timedelta(days=30)
AHEAD = timedelta(days=90)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(token: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/api/calendar/{token}.ics"


def current(session: Session, adviser: Adviser) -> CalendarFeed | None:
    return session.get(CalendarFeed, adviser.id)


def renew(session: Session, adviser: Adviser) -> str:
    """A new secret URL for the adviser; the previous one stops working. Returns the token."""
    token = secrets.token_urlsafe(32)
    feed = current(session, adviser)
    if feed is None:
        session.add(CalendarFeed(adviser_id=adviser.id, token_hash=_hash(token), created_at=utcnow()))
    else:
        feed.token_hash, feed.created_at = _hash(token), utcnow()
    session.commit()
    return token


def stop(session: Session, adviser: Adviser) -> bool:
    result = session.execute(delete(CalendarFeed).where(CalendarFeed.adviser_id == adviser.id))
    session.commit()
    return bool(getattr(result, "rowcount", 0))


def adviser_of(session: Session, token: str) -> Adviser | None:
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token)))
    if feed is None:
        return None
    adviser = session.get(Adviser, feed.adviser_id)
    return adviser if adviser is not None and adviser.active else None


def first_name(name: str | None) -> str | None:
    return name.split()[0] if name and name.split() else None


def calendar(session: Session, adviser: Adviser, now: datetime | None = None) -> bytes:
    now = now or utcnow()
    bookings = session.scalars(
        select(Booking)
        .where(
            Booking.adviser_id == adviser.id,
            Booking.status != "cancelled",
            Booking.start_at >= now - PAST,
            Booking.start_at < now + AHEAD,
        )
        .options(selectinload(Booking.lead))
        .order_by(Booking.start_at)
    )
    t = Translator(get_settings().portal_default_language)
    base = get_settings().public_base_url.rstrip("/")
    cal = Calendar()
    cal.add("prodid", "-//Haaglanden Leert Door//Adviseursagenda//NL")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t("feed.name", name=adviser.name))
    cal.add("x-published-ttl", "PT15M")  # how often a client should fetch it again
    for booking in bookings:
        lead = booking.lead
        who = first_name(lead.contact_name) or t("feed.resident")
        mode = t(f"mode.{booking.mode}")
        event = Event()
        event.add("uid", f"adviser-{booking.uid}")  # not the resident's UID: another calendar
        event.add("sequence", booking.sequence)
        event.add("dtstamp", booking.updated_at or now)
        event.add("dtstart", booking.start_at)
        event.add("dtend", booking.end_at)
        event.add("summary", t("feed.summary", who=who, mode=mode.lower()))
        lines = [t("feed.mode", mode=mode)]
        if lead.contact_phone:
            lines.append(t("feed.phone", phone=lead.contact_phone))
        if booking.status in ("attended", "no_show"):
            lines.append(t(f"booking_status.{booking.status}"))
        lines.append(t("feed.lead", url=f"{base}/advisers/leads/{lead.id}"))
        event.add("description", "\n".join(lines))
        if booking.mode == "in_person" and booking.location:
            event.add("location", booking.location)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
