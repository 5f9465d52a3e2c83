"""Leads: upserts from the action server, the advisers' view, status changes and the funnel."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from api.bookings.models import Booking
from api.core.schemas import Utm
from api.core.security import pseudonymise
from api.eligibility.schemas import EligibilityResult
from api.eligibility.service import canonical_municipality, evaluate
from api.leads.models import UTM_FIELDS, ConversationStart, Lead, LeadEvent
from api.leads.schemas import (
    BookingSummary,
    Contact,
    ConversationStartIn,
    Eligibility,
    FunnelRow,
    LeadDetail,
    LeadEventOut,
    LeadOut,
    LeadUpsert,
    LeadUpsertOut,
)
from api.notifications import service as notifications

STATUS_ORDER = ("new", "contacted", "advice_done", "voucher_requested")
ANSWER_FIELDS = ("age", "municipality", "work_situation", "pains", "sector")
KEEP_WHEN_NULL = ("channel", "language")


class StatusChangeNotAllowed(Exception):
    pass


class ConsentRequired(Exception):
    """A lead is stored only after the resident's consent: its first upsert carries consent_at."""


def by_conversation(session: Session, conversation_id: str) -> Lead | None:
    return session.scalar(select(Lead).where(Lead.conversation_id == conversation_id))


def check(lead: Lead) -> EligibilityResult | None:
    """The verdict on the stored answers (the rules file decides); None until age, work situation
    and pains are known."""
    if lead.age is None or lead.work_situation is None or lead.pains is None:
        return None
    return evaluate(
        age=lead.age,
        municipality=lead.municipality,
        work_situation=lead.work_situation,
        pains=lead.pains,
        sector=lead.sector,
        language=lead.language,
    )


def _refresh_verdict(lead: Lead) -> None:
    """The API owns the rules: the verdict always follows from the stored answers, also when an
    answer was taken back."""
    result = check(lead)
    lead.verdict = result.verdict if result else None
    lead.reasons = [r.model_dump() for r in result.reasons] if result else None
    lead.persona = result.persona if result else None


def _apply(lead: Lead, body: LeadUpsert, actor: str) -> None:
    given = body.model_fields_set
    for name in ("channel", "language", *ANSWER_FIELDS, "callback_note"):
        value = getattr(body, name)
        # null clears an answer ("I don't know after all") but never the channel or the language
        if name in given and (value is not None or name not in KEEP_WHEN_NULL):
            setattr(lead, name, value)
    # Consent is given once: its moment is kept, whatever later upserts carry (or leave out).
    if lead.consent_at is None and body.consent_at is not None:
        lead.consent_at = body.consent_at
    if "municipality" in given:
        lead.municipality = canonical_municipality(body.municipality)
    if "pains" in given and body.pains is not None:
        lead.pains = sorted(set(body.pains))
    if body.contact is not None:
        for name in body.contact.model_fields_set:
            setattr(lead, f"contact_{name}", getattr(body.contact, name))
    if body.utm is not None:
        for name in body.utm.model_fields_set:
            setattr(lead, f"utm_{name}", getattr(body.utm, name))
    if body.callback_requested and not lead.callback_requested:
        lead.events.append(LeadEvent(actor=actor, action="callback_requested", note=body.callback_note))
    if body.callback_requested is not None:
        lead.callback_requested = body.callback_requested
    if body.last_inbound_at is not None and (
        lead.last_inbound_at is None or body.last_inbound_at > lead.last_inbound_at
    ):
        lead.last_inbound_at = body.last_inbound_at  # messages may arrive out of order: only forward
    if body.whatsapp_opted_out is not None:
        lead.whatsapp_opted_out = body.whatsapp_opted_out
    _refresh_verdict(lead)


def upsert(session: Session, conversation_id: str, body: LeadUpsert, actor: str) -> tuple[Lead, bool]:
    """Creates the lead (only with consent: nothing is stored before it) or changes it."""
    for attempt in range(2):
        lead = by_conversation(session, conversation_id)
        created = lead is None
        if lead is None:
            if body.consent_at is None:
                raise ConsentRequired
            lead = Lead(conversation_id=conversation_id, status="new", channel="rest", language="nl", pains=None)
            lead.events.append(LeadEvent(actor=actor, action="created", to_status="new"))
            session.add(lead)
        _apply(lead, body, actor)
        notifications.lead_changed(session, lead)
        try:
            session.commit()
            return lead, created
        except IntegrityError:
            # Two first messages of one conversation raced; the other one created the lead.
            session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def current_bookings(session: Session, lead_ids: Sequence[int]) -> dict[int, Booking]:
    """Each lead's latest booking that was not cancelled, in one query per 500 leads."""
    found: dict[int, Booking] = {}
    for i in range(0, len(lead_ids), 500):
        for booking in session.scalars(
            select(Booking)
            .where(Booking.lead_id.in_(lead_ids[i : i + 500]), Booking.status != "cancelled")
            .options(selectinload(Booking.adviser))
            .order_by(Booking.created_at)
        ):
            found[booking.lead_id] = booking  # later bookings replace earlier ones
    return found


def current_booking(session: Session, lead: Lead) -> Booking | None:
    return current_bookings(session, [lead.id]).get(lead.id)


def booking_summary(booking: Booking | None) -> BookingSummary | None:
    if booking is None:
        return None
    return BookingSummary(
        id=booking.id,
        start=booking.local_start,
        end=booking.local_end,
        mode=booking.mode,
        adviser=booking.adviser.name,
        adviser_id=booking.adviser_id,
        location=booking.location,
        status=booking.status,
    )


def to_outs(session: Session, leads: Sequence[Lead]) -> list[LeadOut]:
    bookings = current_bookings(session, [lead.id for lead in leads])
    return [to_out(session, lead, bookings.get(lead.id)) for lead in leads]


def to_out(session: Session, lead: Lead, booking: Booking | Literal["load"] | None = "load") -> LeadOut:
    """The adviser's view of a lead; pass its booking when it is already known (lists)."""
    eligibility = (
        Eligibility.model_validate({"verdict": lead.verdict, "reasons": lead.reasons or []}) if lead.verdict else None
    )
    return LeadOut(
        id=lead.id,
        conversation_id=lead.conversation_id,
        channel=lead.channel,
        language=lead.language,
        age=lead.age,
        municipality=lead.municipality,
        work_situation=lead.work_situation,
        pains=lead.pains or [],
        sector=lead.sector,
        eligibility=eligibility,
        persona=lead.persona,
        contact=Contact.model_construct(name=lead.contact_name, phone=lead.contact_phone, email=lead.contact_email),
        consent_at=lead.consent_at,
        booking=booking_summary(current_booking(session, lead) if booking == "load" else booking),
        utm=Utm.model_construct(**{f: getattr(lead, f"utm_{f}") for f in UTM_FIELDS}),
        status=lead.status,
        callback_requested=lead.callback_requested,
        callback_note=lead.callback_note,
        last_inbound_at=lead.last_inbound_at,
        whatsapp_opted_out=lead.whatsapp_opted_out,
        created_at=lead.created_at,
        updated_at=lead.updated_at,
    )


def to_upsert_out(session: Session, lead: Lead, body: LeadUpsert) -> LeadUpsertOut:
    return LeadUpsertOut(**to_out(session, lead).model_dump(), check=check(lead), ignored=body.ignored)


def to_detail(session: Session, lead: Lead) -> LeadDetail:
    return LeadDetail(
        **to_out(session, lead).model_dump(),
        events=[
            LeadEventOut(
                id=e.id,
                actor=e.actor,
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                note=e.note,
                created_at=e.created_at,
            )
            for e in lead.events
        ],
    )


@dataclass(frozen=True)
class LeadFilter:
    status: str | None = None
    verdict: str | None = None
    persona: str | None = None
    channel: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    utm_campaign: str | None = None
    utm_source: str | None = None
    conversation_id: str | None = None
    q: str | None = None

    def apply(self, query: Select[Lead], with_status: bool = True) -> Select[Lead]:
        exact = {
            Lead.verdict: self.verdict,
            Lead.persona: self.persona,
            Lead.channel: self.channel,
            Lead.utm_campaign: self.utm_campaign,
            Lead.utm_source: self.utm_source,
            Lead.conversation_id: self.conversation_id,
        }
        if with_status:
            exact[Lead.status] = self.status
        for column, value in exact.items():
            if value is not None:
                query = query.where(column == value)
        if self.created_from is not None:
            query = query.where(Lead.created_at >= self.created_from)
        if self.created_to is not None:
            query = query.where(Lead.created_at < self.created_to)
        if self.q:
            like = f"%{self.q.strip().lower()}%"
            query = query.where(
                or_(
                    func.lower(Lead.contact_name).like(like),
                    func.lower(Lead.contact_email).like(like),
                    Lead.contact_phone.like(like),
                )
            )
        return query


def list_leads(
    session: Session, filters: LeadFilter, limit: int, offset: int
) -> tuple[Sequence[Lead], int, dict[str, int]]:
    query = filters.apply(select(Lead))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    leads = session.scalars(query.order_by(Lead.created_at.desc(), Lead.id.desc()).limit(limit).offset(offset)).all()
    counted = filters.apply(select(Lead), with_status=False).subquery()
    counts: dict[str, int] = {
        status: n for status, n in session.execute(select(counted.c.status, func.count()).group_by(counted.c.status))
    }
    return leads, total, {s: counts.get(s, 0) for s in (*STATUS_ORDER, "closed")}


def allowed_next(current: str) -> tuple[str, ...]:
    if current == "closed":
        return ("new",)  # reopen
    later = STATUS_ORDER[STATUS_ORDER.index(current) + 1 :]
    return (*later, "closed")


def change_status(session: Session, lead: Lead, new: str, note: str | None, actor: str) -> Lead:
    if new not in allowed_next(lead.status):
        raise StatusChangeNotAllowed(
            f"A lead cannot go from '{lead.status}' to '{new}'. Possible: {', '.join(allowed_next(lead.status))}."
        )
    lead.events.append(
        LeadEvent(actor=actor, action="status_changed", from_status=lead.status, to_status=new, note=note)
    )
    lead.status = new
    session.commit()
    return lead


def add_note(session: Session, lead: Lead, note: str, actor: str) -> Lead:
    lead.events.append(LeadEvent(actor=actor, action="note", note=note))
    session.commit()
    return lead


CSV_COLUMNS = (
    "id", "created_at", "status", "verdict", "persona", "channel", "language", "age",
    "municipality", "work_situation", "pains", "sector", "name", "phone", "email",
    "callback_requested", "booking_start", "booking_mode", "booking_adviser",
    "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term",
)  # fmt: skip


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet programs run cells that start like a formula (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_filtered(session: Session, filters: LeadFilter) -> str:
    """Every lead the filters select, as CSV."""
    leads, _total, _counts = list_leads(session, filters, limit=100_000, offset=0)
    return export_csv(session, leads)


def export_csv(session: Session, leads: Iterable[Lead]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    leads = list(leads)
    bookings = current_bookings(session, [lead.id for lead in leads])
    for lead in leads:
        booking = bookings.get(lead.id)
        writer.writerow(
            _cell(v)
            for v in (
                lead.id,
                lead.created_at.isoformat(),
                lead.status,
                lead.verdict,
                lead.persona,
                lead.channel,
                lead.language,
                lead.age,
                lead.municipality,
                lead.work_situation,
                " ".join(lead.pains or []),
                lead.sector,
                lead.contact_name,
                lead.contact_phone,
                lead.contact_email,
                lead.callback_requested,
                booking.local_start.isoformat() if booking else None,
                booking.mode if booking else None,
                booking.adviser.name if booking else None,
                *(getattr(lead, f"utm_{f}") for f in UTM_FIELDS),
            )
        )
    return out.getvalue()


def record_conversation_start(session: Session, body: ConversationStartIn) -> bool:
    """Counts a conversation once; keeps a keyed hash of its id, never the id itself."""
    digest = pseudonymise(body.conversation_id)
    if session.scalar(select(ConversationStart.id).where(ConversationStart.conversation_hash == digest)):
        return False
    utm = body.utm or Utm()
    session.add(
        ConversationStart(
            conversation_hash=digest,
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


def funnel(session: Session, start: datetime | None, end: datetime | None) -> list[FunnelRow]:
    """Counted by the database, grouped by UTM campaign and source."""

    def period(created_at: InstrumentedAttribute[datetime]) -> list[ColumnElement[bool]]:
        conditions = []
        if start:
            conditions.append(created_at >= start)
        if end:
            conditions.append(created_at < end)
        return conditions

    rows: dict[tuple[str | None, str | None], dict[str, int]] = {}

    def bucket(campaign: str | None, source: str | None) -> dict[str, int]:
        return rows.setdefault((campaign, source), dict.fromkeys(FUNNEL_STEPS, 0))

    starts = (
        select(ConversationStart.utm_campaign, ConversationStart.utm_source, func.count())
        .where(*period(ConversationStart.created_at))
        .group_by(ConversationStart.utm_campaign, ConversationStart.utm_source)
    )
    for campaign, source, n in session.execute(starts):
        bucket(campaign, source)["conversations"] = n

    # A lead counts once: booked when any booking was not cancelled, attended when one was.
    booked = (
        select(
            Booking.lead_id,
            func.max(case((Booking.status == "attended", 1), else_=0)).label("attended"),
        )
        .where(Booking.status != "cancelled")
        .group_by(Booking.lead_id)
        .subquery()
    )
    counts = (
        select(
            Lead.utm_campaign,
            Lead.utm_source,
            func.count(Lead.consent_at),
            func.sum(case((Lead.verdict == "eligible", 1), else_=0)),
            func.count(booked.c.lead_id),
            func.sum(
                case(
                    (or_(booked.c.attended == 1, Lead.status.in_(("advice_done", "voucher_requested"))), 1),
                    else_=0,
                )
            ),
            func.sum(case((Lead.status == "voucher_requested", 1), else_=0)),
        )
        .outerjoin(booked, booked.c.lead_id == Lead.id)
        .where(*period(Lead.created_at))
        .group_by(Lead.utm_campaign, Lead.utm_source)
    )
    for campaign, source, *values in session.execute(counts):
        bucket(campaign, source).update(zip(FUNNEL_STEPS[1:], (int(v or 0) for v in values), strict=True))
    return [
        FunnelRow(utm_campaign=c, utm_source=s, **values)
        for (c, s), values in sorted(rows.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or ""))
    ]


FUNNEL_STEPS = ("conversations", "consented", "eligible", "booked", "attended", "voucher_requested")


def funnel_totals(rows: Iterable[FunnelRow]) -> FunnelRow:
    rows = list(rows)
    return FunnelRow(utm_campaign=None, utm_source=None, **{k: sum(getattr(r, k) for r in rows) for k in FUNNEL_STEPS})
