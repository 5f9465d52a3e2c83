"""Which messages a change in a booking or lead puts in the outbox, for whom and when.

The services call these hooks before they commit, so the messages are part of the same
transaction (a rolled-back booking queues nothing, a committed one cannot lose its messages).
Rows hold no personal data; the scheduler (api.outbox.scheduler) renders and sends them.

Who hears what:
- the resident, in the channel they used: WhatsApp when they came through WhatsApp, otherwise
  e-mail when they gave an address, otherwise nothing (the chat already confirmed the booking).
  The e-mail confirmation (with the .ics) goes to anyone who gave an address. Changes the resident
  made themselves are not echoed on WhatsApp; by e-mail they are, for the updated calendar file.
- the adviser, by e-mail: a new booking, a move, a cancellation, an erasure -- unless they made
  the change themselves.
- the admins (or NOTIFY_LEADS_TO): a lead that has just become prequalified.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.orm import Session

from api.availability.calendar import local_tz
from api.bookings.models import Booking
from api.core.timeutil import utcnow
from api.leads.models import Lead
from api.outbox.config import get_outbox_settings
from api.outbox.models import OPEN_STATUSES, OutboxMessage

PREQUALIFIED = ("eligible", "needs_review")
RESIDENT_ACTORS = ("resident", "service")  # the resident, or the bot acting for them
REMINDERS = ("reminder_day_before", "reminder_hours_before")
# A day-before reminder within this time of the booking itself would follow the confirmation.
REMINDER_MIN_LEAD = timedelta(hours=6)


@dataclass(frozen=True)
class Before:
    """A booking as it was before a reschedule."""

    adviser_id: int
    start_at: datetime
    mode: str


def snapshot(booking: Booking) -> Before:
    return Before(booking.adviser_id, booking.start_at, booking.mode)


def resident_channel(lead: Lead) -> str | None:
    if lead.channel == "whatsapp":
        return "whatsapp"
    return "email" if lead.contact_email else None


def reminder_times(start_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """The reminders' due moments in UTC. The day-before one is at a wall-clock time in Amsterdam,
    so it is 18:00 on the evening before also when the clocks change that night."""
    settings = get_outbox_settings()
    due: list[tuple[str, datetime]] = []
    if (at := settings.day_before_time) is not None:
        day = start_at.astimezone(local_tz()).date() - timedelta(days=1)
        moment = datetime.combine(day, at, tzinfo=local_tz()).astimezone(UTC)
        if moment >= now + REMINDER_MIN_LEAD:
            due.append(("reminder_day_before", moment))
    if settings.reminder_hours_before:
        moment = start_at - timedelta(hours=settings.reminder_hours_before)
        if moment > now:
            due.append(("reminder_hours_before", moment))
    return due


def _details(booking: Booking, before: Before | None = None) -> dict[str, Any]:
    details: dict[str, Any] = {"start": booking.start_at.isoformat(), "mode": booking.mode}
    if before is not None:
        details |= {"old_start": before.start_at.isoformat(), "old_mode": before.mode}
    return details


def _queue(
    session: Session,
    kind: str,
    channel: str,
    due: datetime,
    *,
    lead: Lead | None = None,
    booking: Booking | None = None,
    adviser_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        OutboxMessage(
            kind=kind,
            channel=channel,
            lead=lead,
            booking_id=booking.id if booking is not None else None,
            booking_sequence=booking.sequence if booking is not None else None,
            adviser_id=adviser_id,
            details=details or {},
            due_at=due,
            next_attempt_at=due,
            status="pending",
        )
    )


def _lead_of(session: Session, booking: Booking) -> Lead:
    with session.no_autoflush:
        lead = booking.lead if "lead" not in inspect(booking).unloaded else session.get(Lead, booking.lead_id)
    assert lead is not None
    return lead


def _acting_adviser(actor: str) -> int | None:
    prefix, _, number = actor.partition(":")
    return int(number) if prefix == "adviser" and number.isdigit() else None


def _withdraw(session: Session, booking_id: int, kinds: Sequence[str], reason: str) -> None:
    """Open messages that no longer describe the booking are cancelled (not deleted: the record
    shows they were planned). Without flushing: the caller's commit decides whether its changes
    (a reschedule onto a taken slot) are accepted, and answers a refusal itself."""
    with session.no_autoflush:
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.booking_id == booking_id,
                OutboxMessage.kind.in_(kinds),
                OutboxMessage.status.in_(OPEN_STATUSES),
            )
            .values(status="cancelled", last_error=reason, claim_token=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )


def _resident_messages(session: Session, lead: Lead, booking: Booking, now: datetime) -> None:
    channel = resident_channel(lead)
    if channel is None:
        return
    for kind, due in reminder_times(booking.start_at, now):
        _queue(session, kind, channel, due, lead=lead, booking=booking)


def booking_created(session: Session, booking: Booking, now: datetime | None = None) -> None:
    now = now or utcnow()
    lead = _lead_of(session, booking)
    if lead.contact_email:
        _queue(session, "confirmation", "email", now, lead=lead, booking=booking)
    _resident_messages(session, lead, booking, now)
    _queue(
        session, "adviser_booked", "email", now, lead=lead, booking=booking,
        adviser_id=booking.adviser_id, details=_details(booking),
    )  # fmt: skip


def _tell_resident(
    session: Session,
    kind: str,
    lead: Lead,
    booking: Booking,
    actor: str,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    """The message says so when an adviser made the change ("by": "adviser"); an adviser's reason
    for a cancellation stays on the lead's timeline and is looked up by its event id when sent."""
    channel = resident_channel(lead)
    if channel == "email" or (channel == "whatsapp" and actor not in RESIDENT_ACTORS):
        details = details if details is not None else _details(booking)
        if _acting_adviser(actor) is not None:
            details = details | {"by": "adviser"}
        _queue(session, kind, channel, now, lead=lead, booking=booking, details=details)


def booking_cancelled(
    session: Session, booking: Booking, actor: str, now: datetime | None = None, reason_event: int | None = None
) -> None:
    """Call after the booking is marked cancelled, before the commit. `reason_event`: the lead
    event whose note holds the adviser's reason (the outbox row keeps only its id)."""
    now = now or utcnow()
    lead = _lead_of(session, booking)
    _withdraw(session, booking.id, (*REMINDERS, "confirmation", "booking_moved"), "booking cancelled")
    details = _details(booking) | ({"reason_event": reason_event} if reason_event is not None else {})
    _tell_resident(session, "booking_cancelled", lead, booking, actor, now, details)
    if _acting_adviser(actor) != booking.adviser_id:
        _queue(
            session, "adviser_cancelled", "email", now, lead=lead, booking=booking,
            adviser_id=booking.adviser_id, details=_details(booking),
        )  # fmt: skip


def booking_rescheduled(
    session: Session, booking: Booking, before: Before, actor: str, now: datetime | None = None
) -> None:
    """Call after the booking has its new time (and sequence), before the commit: the pending
    reminders are replaced by ones for the new time."""
    now = now or utcnow()
    lead = _lead_of(session, booking)
    _withdraw(session, booking.id, (*REMINDERS, "confirmation", "booking_moved"), "booking moved")
    _resident_messages(session, lead, booking, now)
    details = _details(booking, before)
    _tell_resident(session, "booking_moved", lead, booking, actor, now, details)
    acting = _acting_adviser(actor)
    if before.adviser_id != booking.adviser_id:
        if acting != before.adviser_id:
            _queue(session, "adviser_handed_over", "email", now, lead=lead, booking=booking,
                   adviser_id=before.adviser_id, details=details)  # fmt: skip
        if acting != booking.adviser_id:
            _queue(session, "adviser_booked", "email", now, lead=lead, booking=booking,
                   adviser_id=booking.adviser_id, details=details)  # fmt: skip
    elif acting != booking.adviser_id:
        _queue(session, "adviser_moved", "email", now, lead=lead, booking=booking,
               adviser_id=booking.adviser_id, details=details)  # fmt: skip


def leads_erased(session: Session, lead_ids: Sequence[int], actor: str, now: datetime | None = None) -> None:
    """Call before the leads and their bookings are deleted. Every message about these residents
    goes; the adviser of each upcoming appointment gets a notice that names only its time (unless
    that adviser did the erasing)."""
    if not lead_ids:
        return
    now = now or utcnow()
    upcoming = session.scalars(
        select(Booking).where(Booking.lead_id.in_(lead_ids), Booking.status == "active", Booking.start_at > now)
    ).all()
    session.execute(
        delete(OutboxMessage).where(OutboxMessage.lead_id.in_(lead_ids)).execution_options(synchronize_session=False)
    )
    for booking in upcoming:
        if _acting_adviser(actor) != booking.adviser_id:
            _queue(session, "adviser_erased", "email", now, adviser_id=booking.adviser_id, details=_details(booking))


def lead_changed(session: Session, lead: Lead, now: datetime | None = None) -> None:
    """A lead that has just become prequalified (eligible or needs review): the admins, or
    NOTIFY_LEADS_TO, hear of it. Call after the change, before the commit."""
    history = inspect(lead).attrs.verdict.history
    became = any(v in PREQUALIFIED for v in history.added or ())
    was = any(v in PREQUALIFIED for v in history.deleted or ())
    if became and not was:
        _queue(session, "lead_prequalified", "email", now or utcnow(), lead=lead, details={"verdict": lead.verdict})
