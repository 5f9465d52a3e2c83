"""Erasure on request and the retention purge; both leave a record without personal data."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from api.bookings.models import Booking, BookingBlock
from api.bookings.service import purge_idempotency_records
from api.core.config import get_settings
from api.core.security import pseudonymise
from api.core.timeutil import utcnow
from api.funnel import service as funnel
from api.funnel.models import ConversationStart
from api.leads.models import Lead, LeadEvent
from api.notifications import service as notifications
from api.privacy.models import ErasureRecord


@dataclass(frozen=True)
class ErasureResult:
    leads: int
    bookings: int


def _erase_leads(session: Session, lead_ids: Sequence[int], actor: str) -> ErasureResult:
    if not lead_ids:
        return ErasureResult(0, 0)
    notifications.leads_erased(session, lead_ids, actor)
    funnel.freeze(session, lead_ids)  # the funnel keeps the step each one reached, nothing else
    booking_ids = list(session.scalars(select(Booking.id).where(Booking.lead_id.in_(lead_ids))))
    if booking_ids:
        session.execute(delete(BookingBlock).where(BookingBlock.booking_id.in_(booking_ids)))
        session.execute(delete(Booking).where(Booking.id.in_(booking_ids)))
    session.execute(delete(LeadEvent).where(LeadEvent.lead_id.in_(lead_ids)))
    session.execute(delete(Lead).where(Lead.id.in_(lead_ids)))
    return ErasureResult(len(lead_ids), len(booking_ids))


def erase_conversation(session: Session, conversation_id: str, actor: str) -> ErasureResult:
    lead_ids = list(session.scalars(select(Lead.id).where(Lead.conversation_id == conversation_id)))
    result = _erase_leads(session, lead_ids, actor)
    # The funnel keeps counting the conversation, but nothing links the count to it any more.
    session.execute(
        update(ConversationStart)
        .where(ConversationStart.conversation_hash == pseudonymise(conversation_id))
        .values(conversation_hash=secrets.token_hex(32))
    )
    session.add(
        ErasureRecord(kind="erasure_request", actor=actor, leads_erased=result.leads, bookings_erased=result.bookings)
    )
    session.commit()
    return result


def erase_lead(session: Session, lead: Lead, actor: str) -> ErasureResult:
    return erase_conversation(session, lead.conversation_id, actor)


def purge_expired(session: Session, actor: str = "retention", days: int | None = None) -> ErasureResult:
    days = get_settings().retention_days if days is None else days
    cutoff = utcnow() - timedelta(days=days)
    lead_ids = list(session.scalars(select(Lead.id).where(Lead.created_at < cutoff)))
    result = _erase_leads(session, lead_ids, actor)
    session.add(
        ErasureRecord(kind="retention_purge", actor=actor, leads_erased=result.leads, bookings_erased=result.bookings)
    )
    session.commit()
    purge_idempotency_records(session)
    return result
