"""The campaign funnel: from conversation to voucher request, per UTM campaign and source.

The unit is a conversation (a ConversationStart row). Each conversation is in the period when it
started and in the group of its UTM (the first touch), and counts in every step up to the
furthest one it reached, so each step is a subset of the step before and the rows add up to the
totals. A lead is always linked to its conversation's row (`link`), also when the first message
was never counted (the API was down, or the channel sent no start); an erased lead leaves the
step it had reached behind (`freeze`).
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Subquery, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.bookings.models import Booking
from api.core.schemas import Utm
from api.core.security import pseudonymise
from api.core.timeutil import utcnow
from api.funnel.models import ConversationStart
from api.funnel.schemas import ConversationStartIn, FunnelRow, Grouping
from api.leads.models import UTM_FIELDS, Lead

STEPS = ("conversations", "consented", "eligible", "booked", "attended", "voucher_requested")
PREQUALIFIED = ("eligible", "needs_review")
GROUPS: dict[str, tuple[str, ...]] = {
    "campaign_source": ("utm_campaign", "utm_source"),
    "campaign": ("utm_campaign",),
    "source": ("utm_source",),
}


# --- counting conversations ------------------------------------------------------------------


def _start_of(session: Session, conversation_id: str) -> ConversationStart | None:
    digest = pseudonymise(conversation_id)
    return session.scalar(select(ConversationStart).where(ConversationStart.conversation_hash == digest))


def record_start(session: Session, body: ConversationStartIn) -> bool:
    """Counts a conversation once; keeps a keyed hash of its id, never the id itself."""
    if _start_of(session, body.conversation_id) is not None:
        return False
    utm = body.utm or Utm()
    session.add(
        ConversationStart(
            conversation_hash=pseudonymise(body.conversation_id),
            channel=body.channel,
            language=body.language,
            **{f"utm_{f}": getattr(utm, f) for f in UTM_FIELDS},
        )
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def link(session: Session, lead: Lead) -> None:
    """Links the lead (flushed, so it has an id) to its conversation's row, making the row when the
    conversation was never counted; a row without UTM takes the lead's. The caller commits."""
    start = _start_of(session, lead.conversation_id)
    if start is None:
        start = ConversationStart(
            conversation_hash=pseudonymise(lead.conversation_id),
            channel=lead.channel,
            language=lead.language,
            created_at=lead.created_at or utcnow(),
        )
        session.add(start)
    if start.lead_id is None:
        start.lead_id = lead.id
    if all(getattr(start, f"utm_{f}") is None for f in UTM_FIELDS):
        for f in UTM_FIELDS:
            setattr(start, f"utm_{f}", getattr(lead, f"utm_{f}"))


# --- how far a conversation got ----------------------------------------------------------------


def _bookings() -> Subquery:
    """Per lead: whether it has any booking that was not cancelled, and whether one was attended."""
    return (
        select(
            Booking.lead_id,
            func.max(case((Booking.status == "attended", 1), else_=0)).label("attended"),
        )
        .where(Booking.status != "cancelled")
        .group_by(Booking.lead_id)
        .subquery()
    )


def _stage(booked: Subquery) -> ColumnElement[int]:
    """The index in STEPS of the furthest step reached; every step after consent needs consent."""
    live = case(
        (or_(Lead.id.is_(None), Lead.consent_at.is_(None)), 0),
        (Lead.status == "voucher_requested", 5),
        (or_(booked.c.attended == 1, Lead.status == "advice_done"), 4),
        (booked.c.lead_id.is_not(None), 3),
        (Lead.verdict.in_(PREQUALIFIED), 2),
        else_=1,
    )
    return func.coalesce(ConversationStart.final_stage, live)


def freeze(session: Session, lead_ids: Sequence[int]) -> None:
    """Before leads are erased: their conversations keep the step they reached, and nothing else."""
    if not lead_ids:
        return
    booked = _bookings()
    reached = session.execute(
        select(ConversationStart.id, _stage(booked))
        .join(Lead, Lead.id == ConversationStart.lead_id)
        .outerjoin(booked, booked.c.lead_id == Lead.id)
        .where(ConversationStart.lead_id.in_(lead_ids))
    ).all()
    for start_id, stage in reached:
        session.execute(
            update(ConversationStart)
            .where(ConversationStart.id == start_id)
            .values(final_stage=int(stage), lead_id=None, conversation_hash=secrets.token_hex(32))
        )


# --- the funnel ------------------------------------------------------------------------------


def rates(counts: dict[str, int]) -> dict[str, float | None]:
    """Each step after the first as a percentage of the step before it."""
    return {
        step: round(100 * counts[step] / counts[prev], 1) if counts[prev] else None
        for prev, step in itertools.pairwise(STEPS)
    }


def _row(keys: dict[str, str | None], counts: dict[str, int]) -> FunnelRow:
    return FunnelRow(
        utm_campaign=keys.get("utm_campaign"), utm_source=keys.get("utm_source"), rates=rates(counts), **counts
    )


def funnel(
    session: Session, start: datetime | None, end: datetime | None, group: Grouping = "campaign_source"
) -> list[FunnelRow]:
    """Conversations that started in [start, end), per group, counted by the database."""
    booked = _bookings()
    columns = [getattr(ConversationStart, name) for name in GROUPS[group]]
    per_conversation = (
        select(*columns, _stage(booked).label("stage"))
        .select_from(ConversationStart)
        .outerjoin(Lead, Lead.id == ConversationStart.lead_id)
        .outerjoin(booked, booked.c.lead_id == Lead.id)
    )
    if start is not None:
        per_conversation = per_conversation.where(ConversationStart.created_at >= start)
    if end is not None:
        per_conversation = per_conversation.where(ConversationStart.created_at < end)
    inner = per_conversation.subquery()
    keys = [inner.c[name] for name in GROUPS[group]]
    counted = select(
        *keys,
        func.count(),
        *(func.sum(case((inner.c.stage >= k, 1), else_=0)) for k in range(1, len(STEPS))),
    ).group_by(*keys)
    rows = []
    for values in session.execute(counted):
        names = dict(zip(GROUPS[group], values[: len(keys)], strict=True))
        counts = dict(zip(STEPS, (int(v or 0) for v in values[len(keys) :]), strict=True))
        rows.append(_row(names, counts))
    return sorted(
        rows, key=lambda r: (r.utm_campaign is None, r.utm_campaign or "", r.utm_source is None, r.utm_source or "")
    )


def totals(rows: Sequence[FunnelRow]) -> FunnelRow:
    counts = {step: sum(getattr(r, step) for r in rows) for step in STEPS}
    return _row({}, counts)
