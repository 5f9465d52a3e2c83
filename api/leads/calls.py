"""The advisers' call list: who to call now, in order.

1. call-back requests (the resident asked for a person) that nobody handled yet,
2. leads that are likely eligible or need a review and have no appointment,
3. upcoming appointments (from the start of today, so today's past ones can still get an outcome).

A lead leaves the first two sections once its status moves on from "new" (contacted, ...) or it
gets an appointment. Each section waits longest first; appointments by time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, selectinload

from api.advisers.models import Adviser
from api.availability.calendar import local_midnight, local_today
from api.bookings.models import Booking
from api.leads.models import Lead, LeadEvent

Section = Literal["callbacks", "to_call", "appointments"]
Filter = Literal["all", "mine", "unassigned"]
SECTIONS: tuple[Section, ...] = get_args(Section)
FILTERS: tuple[Filter, ...] = get_args(Filter)
PREQUALIFIED = ("eligible", "needs_review")
APPOINTMENT_DAYS = 14
SECTION_LIMIT = 50


@dataclass(frozen=True)
class CallRow:
    section: Section
    lead: Lead
    since: datetime  # waiting since (call-back asked, lead came in) or the appointment's start
    booking: Booking | None = None


@dataclass(frozen=True)
class CallList:
    filter: Filter
    sections: dict[Section, list[CallRow]]
    counts: dict[Section, int]  # per section under this filter (rows beyond the limit included)
    filter_counts: dict[Filter, int]  # all sections together, per filter


def _callback_since() -> ColumnElement[datetime]:
    asked = (
        select(func.max(LeadEvent.created_at))
        .where(LeadEvent.lead_id == Lead.id, LeadEvent.action == "callback_requested")
        .correlate(Lead)
        .scalar_subquery()
    )
    return func.coalesce(asked, Lead.created_at)


def _booked() -> ColumnElement[bool]:
    return exists().where(Booking.lead_id == Lead.id, Booking.status.in_(("active", "attended")))


def _lead_filter(which: Filter, adviser: Adviser) -> ColumnElement[bool]:
    if which == "mine":
        return Lead.owner_id == adviser.id
    if which == "unassigned":
        return Lead.owner_id.is_(None)
    return true()


def _appointment_filter(which: Filter, adviser: Adviser) -> ColumnElement[bool]:
    # An appointment is held by its adviser: it is "mine" when I hold it or the lead.
    if which == "mine":
        return or_(Booking.adviser_id == adviser.id, Lead.owner_id == adviser.id)
    if which == "unassigned":
        return false()
    return true()


def _queries(which: Filter, adviser: Adviser, now: datetime) -> dict[Section, Select[Lead, datetime]]:
    open_lead = and_(Lead.status == "new", Lead.consent_at.is_not(None))
    since = _callback_since()
    today = local_midnight(local_today(now))
    return {
        "callbacks": select(Lead, since)
        .where(open_lead, Lead.callback_requested.is_(True), _lead_filter(which, adviser))
        .order_by(since, Lead.id),
        "to_call": select(Lead, Lead.created_at)
        .where(
            open_lead,
            Lead.callback_requested.is_(False),
            Lead.verdict.in_(PREQUALIFIED),
            ~_booked(),
            _lead_filter(which, adviser),
        )
        .order_by(Lead.created_at, Lead.id),
        "appointments": select(Lead, Booking.start_at)
        .join(Booking, Booking.lead_id == Lead.id)
        .where(
            Booking.status == "active",
            Booking.start_at >= today,
            Booking.start_at < now + timedelta(days=APPOINTMENT_DAYS),
            _appointment_filter(which, adviser),
        )
        .order_by(Booking.start_at, Booking.id),
    }


def _count(session: Session, query: Select[Lead, datetime]) -> int:
    return int(session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def call_list(session: Session, adviser: Adviser, which: Filter, now: datetime) -> CallList:
    queries = _queries(which, adviser, now)
    sections: dict[Section, list[CallRow]] = {}
    for section, query in queries.items():
        rows = session.execute(query.options(selectinload(Lead.owner)).limit(SECTION_LIMIT)).all()
        sections[section] = [CallRow(section, lead, since) for lead, since in rows]
    bookings = _active_bookings(session, [r.lead.id for r in sections["appointments"]])
    sections["appointments"] = [
        CallRow("appointments", r.lead, r.since, bookings.get(r.lead.id)) for r in sections["appointments"]
    ]
    counts = {section: _count(session, query) for section, query in queries.items()}
    filter_counts = {
        f: sum(counts.values()) if f == which else sum(_count(session, q) for q in _queries(f, adviser, now).values())
        for f in FILTERS
    }
    return CallList(which, sections, counts, filter_counts)


def _active_bookings(session: Session, lead_ids: list[int]) -> dict[int, Booking]:
    if not lead_ids:
        return {}
    found = session.scalars(
        select(Booking)
        .where(Booking.lead_id.in_(lead_ids), Booking.status == "active")
        .options(selectinload(Booking.adviser))
    )
    return {b.lead_id: b for b in found}
