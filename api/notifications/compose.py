"""Turns an outbox row into the message to send, from the database as it is now.

The row says what and for whom (a booking, a lead, an adviser); the recipient, the texts and the
link are looked up here, at sending time, so the outbox itself holds no personal data. A message
that no longer fits (the booking was cancelled or moved, the resident erased) raises Skip.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.ics import booking_ics
from api.bookings.models import Booking
from api.core.config import get_settings
from api.leads.models import Lead, LeadEvent
from api.notifications.mailer import Attachment, Mail
from api.notifications.texts import clock, date_words, has, mode_words, text
from api.notifications.whatsapp import WhatsAppMessage
from api.outbox.errors import Skip
from api.outbox.models import OutboxMessage
from api.shortlinks import service as shortlinks

RESIDENT_KINDS = ("confirmation", "reminder_day_before", "reminder_hours_before", "booking_moved", "booking_cancelled")
CURRENT_ONLY = ("confirmation", "reminder_day_before", "reminder_hours_before", "booking_moved")
WITH_CALENDAR_FILE = ("confirmation", "booking_moved", "booking_cancelled")
TEMPLATE_OF = {
    "reminder_day_before": "reminder",
    "reminder_hours_before": "reminder",
    "booking_moved": "moved",
    "booking_cancelled": "cancelled",
}
ADVISER_LANGUAGES = ("nl", "en")  # adviser mails carry both, as the portal does


def compose(session: Session, row: OutboxMessage, now: datetime) -> Mail | WhatsAppMessage:
    if row.kind in RESIDENT_KINDS:
        return _resident(session, row, now)
    if row.kind == "lead_prequalified":
        return _lead_mail(session, row)
    return _adviser_mail(session, row)


def _tidy(body: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def whatsapp_address(lead: Lead) -> str | None:
    """The number that chatted with us (the conversation id), else the phone the resident gave."""
    if lead.conversation_id.startswith("whatsapp:+"):
        return lead.conversation_id
    digits = "".join(c for c in lead.contact_phone or "" if c.isdigit())
    if not digits:
        return None
    if (lead.contact_phone or "").strip().startswith("+"):
        return f"whatsapp:+{digits}"
    if digits.startswith("00"):
        return f"whatsapp:+{digits[2:]}"
    if digits.startswith("0"):
        return f"whatsapp:+31{digits[1:]}"  # a Dutch number written the Dutch way
    return None


def _tidy_line(body: str) -> str:
    """A WhatsApp text without the gaps that empty fields leave."""
    body = re.sub(r"[ \t]*\n[ \t]*", "\n", body)
    return re.sub(r" {2,}", " ", re.sub(r"\n{2,}", "\n", body)).strip()


def _reason(session: Session, row: OutboxMessage, lead: Lead) -> str | None:
    """An adviser's reason for cancelling, from the lead's timeline (the row holds its id only)."""
    event_id = row.details.get("reason_event")
    if not isinstance(event_id, int):
        return None
    event = session.get(LeadEvent, event_id)
    return event.note if event is not None and event.lead_id == lead.id and event.note else None


def _booking_for(session: Session, row: OutboxMessage, now: datetime) -> tuple[Lead, Booking]:
    lead = session.get(Lead, row.lead_id) if row.lead_id else None
    booking = session.get(Booking, row.booking_id) if row.booking_id else None
    if lead is None or booking is None:
        raise Skip("resident or booking erased")
    if row.kind in CURRENT_ONLY:
        if booking.status != "active":
            raise Skip("booking no longer active")
        if booking.sequence != row.booking_sequence:
            raise Skip("booking changed since")
    if booking.start_at <= now:
        raise Skip("appointment has started")
    return lead, booking


def _resident(session: Session, row: OutboxMessage, now: datetime) -> Mail | WhatsAppMessage:
    lead, booking = _booking_for(session, row, now)
    lang = lead.language if lead.language in ADVISER_LANGUAGES else "nl"
    # A code of this row's own (derived, never stored in plain): a retry shows the same link.
    code = shortlinks.derived_code(f"outbox:{row.id}")
    link = shortlinks.link(session, booking.id, code)
    old = datetime.fromisoformat(row.details["old_start"]) if "old_start" in row.details else booking.start_at
    fields = {
        "date": date_words(booking.start_at, lang),
        "time": clock(booking.start_at),
        "mode": mode_words(booking.mode, lang),
        "mode_detail": text(lang, f"resident.mode_detail.{booking.mode}"),
        "adviser": booking.adviser.name,
        "where": text(lang, "resident.where", location=booking.location or "")
        if booking.mode == "in_person" and booking.location
        else "",
        "link": link,
        "old_date": date_words(old, lang),
        "old_time": clock(old),
        "signature": text(lang, "resident.signature"),
        "by_adviser": text(lang, f"resident.by_adviser.{row.kind}")
        if row.details.get("by") == "adviser" and has(lang, f"resident.by_adviser.{row.kind}")
        else "",
        "reason": text(lang, "resident.reason", reason=reason) if (reason := _reason(session, row, lead)) else "",
    }
    channel = row.channel
    if channel == "whatsapp" and lead.whatsapp_opted_out:
        # STOP ends our WhatsApp messages, not the appointment: the e-mail address, when given.
        if not lead.contact_email:
            raise Skip("resident opted out of WhatsApp (STOP) and gave no e-mail address")
        channel = "email"
    if channel == "whatsapp":
        to = whatsapp_address(lead)
        if to is None:
            raise Skip("no whatsapp number")
        return WhatsAppMessage(
            to=to,
            language=lang,
            template=TEMPLATE_OF[row.kind],
            variables={"1": fields["date"], "2": fields["time"], "3": fields["mode"], "4": link},
            text=_tidy_line(text(lang, f"resident.{row.kind}.whatsapp", **fields)),
            marker=code,
            last_inbound_at=lead.last_inbound_at,
        )
    if not lead.contact_email:
        raise Skip("no e-mail address")
    greeting = (
        text(lang, "resident.greeting_name", name=lead.contact_name)
        if lead.contact_name
        else text(lang, "resident.greeting")
    )
    attachments: tuple[Attachment, ...] = ()
    if row.kind in WITH_CALENDAR_FILE:
        # Same UID, higher SEQUENCE, STATUS:CANCELLED when cancelled: calendars update the event.
        ics = booking_ics(booking, link, lang)
        attachments = (Attachment("adviesgesprek.ics", ics, "text", "calendar", {"method": "PUBLISH"}),)
    return Mail(
        to=(lead.contact_email,),
        subject=text(lang, f"resident.{row.kind}.subject", **fields),
        body=_tidy(text(lang, f"resident.{row.kind}.body", greeting=greeting, **fields)),
        attachments=attachments,
    )


def portal_url(path: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/advisers{path}"


def _adviser_mail(session: Session, row: OutboxMessage) -> Mail:
    adviser = session.get(Adviser, row.adviser_id) if row.adviser_id else None
    if adviser is None:
        raise Skip("adviser removed")
    kind = row.kind.removeprefix("adviser_")
    start = datetime.fromisoformat(row.details["start"])
    old = datetime.fromisoformat(row.details.get("old_start", row.details["start"]))
    link = portal_url(f"/leads/{row.lead_id}") if row.lead_id else portal_url("/agenda")
    subjects, bodies = [], []
    for lang in ADVISER_LANGUAGES:
        fields = {
            "date": date_words(start, lang),
            "time": clock(start),
            "mode": mode_words(row.details["mode"], lang),
            "old_date": date_words(old, lang),
            "old_time": clock(old),
        }
        subjects.append(text(lang, f"adviser.{kind}.subject", **fields))
        bodies.append(
            text(lang, f"adviser.{kind}.body", **fields) + "\n" + text(lang, "adviser.open_portal", link=link)
        )
    return Mail(to=(adviser.email,), subject=" / ".join(subjects), body="\n\n".join(bodies) + "\n")


def lead_recipients(session: Session) -> tuple[str, ...]:
    configured = [a.strip() for a in get_settings().notify_leads_to.split(",") if a.strip()]
    if configured:
        return tuple(configured)
    admins = session.scalars(
        select(Adviser.email).where(Adviser.role == "admin", Adviser.active.is_(True)).order_by(Adviser.id)
    )
    return tuple(admins)


def _lead_mail(session: Session, row: OutboxMessage) -> Mail:
    lead = session.get(Lead, row.lead_id) if row.lead_id else None
    if lead is None:
        raise Skip("lead erased")
    if session.scalar(select(Booking.id).where(Booking.lead_id == lead.id, Booking.status == "active")):
        raise Skip("lead has booked meanwhile")  # the adviser heard of the booking instead
    recipients = lead_recipients(session)
    if not recipients:
        raise Skip("no admin to tell")
    verdict = row.details.get("verdict") or "needs_review"
    link = portal_url(f"/leads/{lead.id}")
    subjects, bodies = [], []
    for lang in ADVISER_LANGUAGES:
        subjects.append(text(lang, "adviser.lead_prequalified.subject"))
        verdict_text = text(lang, f"adviser.verdicts.{verdict}")
        bodies.append(
            text(lang, "adviser.lead_prequalified.body", verdict=verdict_text)
            + "\n"
            + text(lang, "adviser.open_portal", link=link)
        )
    return Mail(to=recipients, subject=" / ".join(subjects), body="\n\n".join(bodies) + "\n")
