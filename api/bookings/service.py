"""Bookings: the database refuses overlaps (BookingBlock) and a second active booking per lead."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.advisers.schemas import AdviserRef
from api.availability.service import NotBookable, Slot, bookable_slot
from api.bookings.models import Booking, BookingBlock, IdempotencyRecord
from api.bookings.schemas import BookingCreated, BookingIn, BookingOut, ConversationBookingOut
from api.core.config import get_settings
from api.core.security import hash_manage_token, new_manage_token
from api.core.timeutil import utcnow
from api.leads.models import Lead, LeadEvent
from api.leads.service import booking_summary, by_conversation
from api.notifications import service as notifications
from api.shortlinks import service as shortlinks

IDEMPOTENCY_TTL = timedelta(hours=24)


class BookingConflict(Exception):
    def __init__(self, code: str, message: str, booking: Booking | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.booking = code, message, booking

    def detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.booking is not None:
            summary = booking_summary(self.booking)
            detail["booking"] = summary.model_dump(mode="json") if summary else None
        return detail


class BookingRejected(Exception):
    """The request cannot be booked at all (422): the reason says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: dict[str, Any]


def manage_url(token: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/afspraak/{token}"


def ics_url(token: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/api/bookings/manage/{token}/ics"


def to_out(booking: Booking, token: str) -> BookingOut:
    shown = to_conversation_out(booking).model_dump()
    return BookingOut(**shown, manage_url=manage_url(token), ics_url=ics_url(token))


def request_hash(body: BookingIn) -> str:
    return hashlib.sha256(body.model_dump_json().encode()).hexdigest()


def find_replay(session: Session, key: str, digest: str) -> Replay | None:
    record = session.get(IdempotencyRecord, key)
    if record is None or record.created_at < utcnow() - IDEMPOTENCY_TTL:
        return None
    if record.request_hash != digest:
        raise BookingRejected(
            "idempotency_key_reused", "This Idempotency-Key was used for a different booking request."
        )
    return Replay(record.status_code, json.loads(record.response_body))


def _hold(booking: Booking, slot: Slot) -> None:
    booking.blocks = [BookingBlock(adviser_id=slot.adviser.id, block_start=b) for b in slot.blocks()]


def _slot_or_reject(session: Session, adviser: Adviser | None, start: datetime, mode: str) -> Slot:
    if adviser is None:
        raise BookingRejected("unknown_adviser", "There is no adviser with that id.")
    try:
        return bookable_slot(session, adviser, start, mode)
    except NotBookable as exc:
        raise BookingRejected(exc.code, exc.message) from None


def _active_booking(session: Session, lead: Lead) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.lead_id == lead.id, Booking.status == "active"))


def create(session: Session, body: BookingIn, idempotency_key: str | None) -> tuple[int, dict[str, Any]]:
    """Books the slot; returns (status code, JSON body). Raises BookingConflict / BookingRejected."""
    digest = request_hash(body)
    if idempotency_key and (replay := find_replay(session, idempotency_key, digest)):
        return replay.status_code, replay.body
    try:
        return _create(session, body, idempotency_key, digest)
    except BookingConflict:
        # A retry with the same key may lose the race to its twin: answer what the twin got.
        session.rollback()
        if idempotency_key and (replay := find_replay(session, idempotency_key, digest)):
            return replay.status_code, replay.body
        raise


def _create(session: Session, body: BookingIn, idempotency_key: str | None, digest: str) -> tuple[int, dict[str, Any]]:

    lead = by_conversation(session, body.conversation_id)
    if lead is None or lead.consent_at is None:
        raise BookingRejected("no_consented_lead", "There is no lead with consent for this conversation yet.")
    slot = _slot_or_reject(session, session.get(Adviser, body.adviser_id), body.start, body.mode)
    if existing := _active_booking(session, lead):
        raise BookingConflict("already_booked", "This resident already has an appointment.", existing)

    token = new_manage_token()
    booking = Booking(
        uid=f"{uuid.uuid4()}@leertdoor-haaglanden",
        lead_id=lead.id,
        adviser_id=slot.adviser.id,
        start_at=slot.start,
        end_at=slot.end,
        mode=body.mode,
        location=slot.location if body.mode == "in_person" else None,
        status="active",
        manage_token_hash=hash_manage_token(token),
    )
    _hold(booking, slot)
    session.add(booking)
    for name in body.contact.model_fields_set:
        setattr(lead, f"contact_{name}", getattr(body.contact, name))
    if body.language:
        lead.language = body.language
    session.add(LeadEvent(lead_id=lead.id, actor="service", action="booked"))
    try:
        session.flush()  # the database decides here: overlapping blocks or a second active booking
        session.refresh(booking, ["adviser"])
        notifications.booking_created(session, booking)
        out = to_out(booking, token).model_copy(
            update={"manage_url": shortlinks.link(session, booking.id, shortlinks.new_code())}
        )
        created = BookingCreated(**out.model_dump(), manage_token=token)
        payload = created.model_dump(mode="json")
        if idempotency_key:
            session.add(
                IdempotencyRecord(
                    key=idempotency_key,
                    request_hash=digest,
                    status_code=201,
                    response_body=json.dumps(payload),
                )
            )
        session.commit()
    except IntegrityError:
        session.rollback()
        return _explain_conflict(session, lead.id)
    return 201, payload


def _explain_conflict(session: Session, lead_id: int) -> tuple[int, dict[str, Any]]:
    """After the database refused the insert: a second booking for the lead, or a taken slot."""
    lead = session.get(Lead, lead_id)
    if lead and (existing := _active_booking(session, lead)):
        raise BookingConflict("already_booked", "This resident already has an appointment.", existing)
    raise BookingConflict("slot_taken", "Sorry, that time was just taken. Please choose another time.")


def for_conversation(session: Session, conversation_id: str) -> Booking | None:
    """The appointment of a conversation's resident: the active one, else the latest one."""
    lead = by_conversation(session, conversation_id)
    if lead is None:
        return None
    return _active_booking(session, lead) or session.scalar(
        select(Booking).where(Booking.lead_id == lead.id).order_by(Booking.created_at.desc(), Booking.id.desc())
    )


def upcoming(booking: Booking | None) -> bool:
    return booking is not None and booking.status == "active" and booking.start_at > utcnow()


def to_conversation_out(booking: Booking) -> ConversationBookingOut:
    return ConversationBookingOut(
        id=booking.id,
        start=booking.local_start,
        end=booking.local_end,
        mode=booking.mode,
        adviser=AdviserRef.model_validate(booking.adviser),
        location=booking.location if booking.mode == "in_person" else None,
        status=booking.status,
    )


def by_manage_token(session: Session, token: str) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.manage_token_hash == hash_manage_token(token)))


def _changeable(booking: Booking) -> None:
    if booking.status != "active":
        raise BookingConflict("not_active", "This appointment was cancelled or has taken place.")
    if booking.start_at <= utcnow():
        raise BookingConflict("started", "This appointment has already started.")


def cancel(session: Session, booking: Booking, actor: str, reason: str | None = None) -> Booking:
    """Cancels an upcoming appointment; an adviser's reason is kept on the lead's timeline and
    told to the resident."""
    _changeable(booking)
    booking.status = "cancelled"
    booking.sequence += 1
    session.execute(delete(BookingBlock).where(BookingBlock.booking_id == booking.id))
    event = LeadEvent(lead_id=booking.lead_id, actor=actor, action="booking_cancelled", note=reason or None)
    session.add(event)
    session.flush()  # the event's id: the message to the resident quotes its reason when sent
    notifications.booking_cancelled(session, booking, actor, reason_event=event.id if event.note else None)
    session.commit()
    return booking


def reschedule(
    session: Session, booking: Booking, start: datetime, mode: str | None, adviser_id: int | None, actor: str
) -> Booking:
    _changeable(booking)
    adviser = session.get(Adviser, adviser_id) if adviser_id else booking.adviser
    slot = _slot_or_reject(session, adviser, start, mode or booking.mode)
    if (slot.adviser.id, slot.start, mode or booking.mode) == (booking.adviser_id, booking.start_at, booking.mode):
        raise BookingRejected("unchanged", "The appointment already has this time, adviser and mode.")
    before = notifications.snapshot(booking)
    session.execute(delete(BookingBlock).where(BookingBlock.booking_id == booking.id))
    session.flush()
    booking.adviser_id = slot.adviser.id
    booking.start_at, booking.end_at = slot.start, slot.end
    booking.mode = mode or booking.mode
    booking.location = slot.location if booking.mode == "in_person" else None
    booking.sequence += 1
    session.add_all(
        BookingBlock(adviser_id=slot.adviser.id, block_start=b, booking_id=booking.id) for b in slot.blocks()
    )
    session.add(LeadEvent(lead_id=booking.lead_id, actor=actor, action="booking_rescheduled"))
    notifications.booking_rescheduled(session, booking, before, actor)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise BookingConflict("slot_taken", "Sorry, that time was just taken. Please choose another time.") from None
    session.refresh(booking)
    return booking


def outcome_possible(booking: Booking, now: datetime | None = None) -> bool:
    """Attended or no show can only be said once the appointment has started."""
    return booking.status != "cancelled" and booking.start_at <= (now or utcnow())


def record_outcome(session: Session, booking: Booking, outcome: str, actor: str) -> Booking:
    if booking.status == "cancelled":
        raise BookingConflict("not_active", "This appointment was cancelled.")
    if not outcome_possible(booking):
        raise BookingConflict(
            "not_started",
            "Whether the resident came can only be recorded once the appointment has started "
            f"({booking.local_start:%d-%m-%Y %H:%M}).",
        )
    booking.status = outcome
    session.add(LeadEvent(lead_id=booking.lead_id, actor=actor, action=f"booking_{outcome}"))
    session.commit()
    return booking


def agenda(session: Session, adviser_id: int | None, start: datetime, end: datetime) -> list[Booking]:
    query = (
        select(Booking)
        .where(Booking.start_at >= start, Booking.start_at < end, Booking.status != "cancelled")
        .order_by(Booking.start_at)
    )
    if adviser_id is not None:
        query = query.where(Booking.adviser_id == adviser_id)
    return list(session.scalars(query))


def purge_idempotency_records(session: Session) -> int:
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - IDEMPOTENCY_TTL))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
