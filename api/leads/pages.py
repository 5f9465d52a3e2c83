"""The advisers' pages about leads: the call list (the portal's home), the inbox, a lead's page,
and the forms on it. Leads are loaded by the same loader as the JSON API (api/leads/access.py)."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from api.advisers.auth import SessionDep
from api.advisers.models import Adviser
from api.bookings.access import may_change
from api.bookings.models import Booking
from api.core.db import get_row
from api.core.errors import Conflict
from api.core.responses import csv_download
from api.core.timeutil import utcnow
from api.eligibility.rules import PERSONA_IDS
from api.leads import access, calls, reasons, service
from api.leads.forms import PAGE_SIZE, lead_query
from api.leads.models import CHANNELS, STATUSES, VERDICTS, Lead
from api.leads.timeline import timeline
from api.leads.transcript import transcript
from api.portal.deps import AdviserPage, CheckedForm, field, portal_adviser, portal_router
from api.portal.i18n import Translator, language
from api.portal.web import redirect, render, safe_next, with_params

router = portal_router()
LeadPage = Annotated[Lead, Depends(access.lead_loader(portal_adviser))]


def _back(form_back: str, lead: Lead) -> str:
    return safe_next(form_back, f"/advisers/leads/{lead.id}")


def _active_advisers(db: SessionDep) -> list[Adviser]:
    return list(db.scalars(select(Adviser).where(Adviser.active.is_(True)).order_by(Adviser.name)))


# --- the call list ----------------------------------------------------------------------------


@router.get("/calls", response_class=HTMLResponse)
def call_list(request: Request, db: SessionDep, adviser: AdviserPage, filter: str = "all") -> Response:
    which: calls.Filter = filter if filter in calls.FILTERS else "all"
    return render(
        request,
        "leads/calls.html",
        calls=calls.call_list(db, adviser, which, utcnow()),
        filters=calls.FILTERS,
        sections=calls.SECTIONS,
        limit=calls.SECTION_LIMIT,
    )


# --- the inbox --------------------------------------------------------------------------------


@router.get("/leads", response_class=HTMLResponse)
def lead_list(request: Request, db: SessionDep, _: AdviserPage) -> Response:
    query = lead_query(request.query_params)
    items, total, counts = service.list_leads(db, query.filters, PAGE_SIZE, (query.page - 1) * PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    campaigns = [c for c in db.scalars(select(Lead.utm_campaign).distinct().order_by(Lead.utm_campaign)) if c]
    return render(
        request,
        "leads/leads.html",
        query=query,
        items=service.to_outs(db, items),
        total=total,
        counts=counts,
        page=min(query.page, pages),
        pages=pages,
        filtered=bool(query.values),
        statuses=STATUSES,
        verdicts=VERDICTS,
        personas=PERSONA_IDS,
        channels=CHANNELS,
        campaigns=campaigns,
    )


@router.get("/leads/export.csv")
def lead_export(request: Request, db: SessionDep, _: AdviserPage) -> Response:
    query = lead_query(request.query_params)
    return csv_download(service.CSV_COLUMNS, service.export_filtered(db, query.filters), "leads.csv")


# --- one lead ---------------------------------------------------------------------------------


@router.get("/leads/{lead_id}", response_class=HTMLResponse)
def lead_detail(request: Request, lead: LeadPage, db: SessionDep, adviser: AdviserPage) -> Response:
    t = Translator(language(request))
    detail = service.to_detail(db, lead)
    booking = get_row(db, Booking, detail.booking.id) if detail.booking else None
    # Cancel and move are offered to whom the booking's loader lets do it (api/bookings/access.py).
    booking_changeable = (
        booking is not None
        and booking.status == "active"
        and booking.start_at > utcnow()
        and may_change(booking, lead, adviser)
    )
    return render(
        request,
        "leads/lead.html",
        lead=detail,
        reasons=reasons.for_adviser(detail, t),
        summary=reasons.summary(detail, t),
        timeline=timeline(db, lead),
        next_statuses=service.allowed_next(lead.status),
        actors={f"adviser:{a.id}": a.name for a in db.scalars(select(Adviser))},
        advisers=_active_advisers(db),
        transcript=transcript(lead.conversation_id, lambda key: t(key) if t.has(key) else None),
        booking_changeable=booking_changeable,
    )


@router.post("/leads/{lead_id}/status", response_class=HTMLResponse)
def lead_status(lead: LeadPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    new, note = field(form, "status", 20), field(form, "note") or None
    try:
        service.change_status(db, lead, new, note, f"adviser:{adviser.id}")
    except service.StatusChangeNotAllowed:
        return redirect(f"/advisers/leads/{lead.id}?err=lead.status_not_allowed#status")
    return redirect(f"/advisers/leads/{lead.id}?done=lead.status_changed#status")


@router.post("/leads/{lead_id}/notes", response_class=HTMLResponse)
def lead_note(lead: LeadPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    note = field(form, "note")
    if not note:
        return redirect(f"/advisers/leads/{lead.id}?err=lead.note_empty#status")
    service.add_note(db, lead, note, f"adviser:{adviser.id}")
    return redirect(f"/advisers/leads/{lead.id}?done=lead.note_added#timeline")


@router.post("/leads/{lead_id}/take", response_class=HTMLResponse)
def lead_take(lead: LeadPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    back = _back(field(form, "back", 500), lead)
    try:
        access.take(db, lead, adviser)
    except Conflict:
        return redirect(with_params(back, err="calls.held_by_other"))
    return redirect(with_params(back, done="calls.taken"))


@router.post("/leads/{lead_id}/release", response_class=HTMLResponse)
def lead_release(lead: LeadPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    access.release(db, lead, adviser)
    return redirect(with_params(_back(field(form, "back", 500), lead), done="calls.released"))


@router.post("/leads/{lead_id}/owner", response_class=HTMLResponse)
def lead_assign(lead: LeadPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    raw = field(form, "adviser_id", 12)
    try:
        target = int(raw) if raw else None
    except ValueError:
        target = -1  # no adviser has it: refused like an unknown one
    access.assign(db, lead, adviser, target)
    return redirect(with_params(_back(field(form, "back", 500), lead), done="calls.assigned"))
