"""Leads: upserts from the action server, the advisers' view, status changes and the funnel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import ObjectDeletedError

from api.advisers.models import Adviser
from api.advisers.schemas import AdviserRef
from api.bookings.models import Booking
from api.core.schemas import Utm
from api.eligibility.schemas import EligibilityResult
from api.eligibility.service import canonical_municipality, evaluate
from api.funnel import service as funnel
from api.leads.models import UTM_FIELDS, Lead, LeadEvent
from api.leads.schemas import (
    BookingSummary,
    Contact,
    Eligibility,
    LeadDetail,
    LeadEventOut,
    LeadOut,
    LeadUpsert,
    LeadUpsertOut,
    TimelineItem,
    WhatsAppInbound,
)
from api.leads.timeline import timeline
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
    for name in ("channel", "language", *ANSWER_FIELDS, "callback_note", "work_text"):
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
            session.flush()
            funnel.link(session, lead)  # the funnel counts every lead's conversation
            session.commit()
            return lead, created
        except IntegrityError:
            # Two first messages of one conversation raced; the other one created the lead.
            session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def whatsapp_inbound(session: Session, conversation_id: str, body: WhatsAppInbound) -> Lead | None:
    """A resident's WhatsApp message arrived: the lead's last message (WhatsApp's 24-hour window)
    moves forward, and STOP / START sets or clears the opt-out. None when the conversation has no
    lead: without consent nothing is stored, so this never creates one."""
    lead = by_conversation(session, conversation_id)
    if lead is None:
        return None
    # Only forward, in one statement (two messages reported at once cannot move it back); not a
    # change of the lead's data, so its updated_at stays.
    session.execute(
        update(Lead)
        .where(
            Lead.id == lead.id,
            or_(Lead.last_inbound_at.is_(None), Lead.last_inbound_at < body.received_at),
        )
        .values(last_inbound_at=body.received_at, updated_at=Lead.updated_at)
        .execution_options(synchronize_session=False)
    )
    if body.opted_out is not None and lead.whatsapp_opted_out != body.opted_out:
        lead.whatsapp_opted_out = body.opted_out
        action = "whatsapp_opted_out" if body.opted_out else "whatsapp_opted_in"
        lead.events.append(LeadEvent(actor="resident", action=action))
    try:
        session.commit()
        session.refresh(lead)
    except (IntegrityError, ObjectDeletedError):
        session.rollback()  # erased meanwhile: nothing to store
        return None
    return lead


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


def adviser_ref(adviser: Adviser | None) -> AdviserRef | None:
    return AdviserRef.model_validate(adviser) if adviser else None


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
        work_text=lead.work_text,
        owner=adviser_ref(lead.owner),
        created_at=lead.created_at,
        updated_at=lead.updated_at,
    )


def to_upsert_out(session: Session, lead: Lead, body: LeadUpsert) -> LeadUpsertOut:
    return LeadUpsertOut(**to_out(session, lead).model_dump(), check=check(lead), ignored=body.ignored)


def to_detail(session: Session, lead: Lead) -> LeadDetail:
    return LeadDetail(
        **to_out(session, lead).model_dump(),
        timeline=[TimelineItem(**vars(entry)) for entry in timeline(session, lead)],
        events=[
            LeadEventOut(
                id=e.id,
                actor=e.actor,
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                note=e.note,
                subject=e.subject,
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
    leads = session.scalars(
        query.options(selectinload(Lead.owner))
        .order_by(Lead.created_at.desc(), Lead.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
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


def export_filtered(session: Session, filters: LeadFilter) -> list[tuple[object, ...]]:
    """Every lead the filters select, as rows of CSV_COLUMNS."""
    leads, _total, _counts = list_leads(session, filters, limit=100_000, offset=0)
    bookings = current_bookings(session, [lead.id for lead in leads])
    rows = []
    for lead in leads:
        booking = bookings.get(lead.id)
        rows.append(
            (
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
    return rows
