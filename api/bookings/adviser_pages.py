"""The advisers' agenda in the portal (the residents' own appointment page is pages.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.advisers.auth import SessionDep
from api.availability.calendar import local_midnight, local_today, local_tz
from api.bookings import service
from api.bookings.access import booking_loader
from api.bookings.models import Booking
from api.core.timeutil import utcnow
from api.portal.deps import AdviserPage, CheckedForm, field, portal_adviser, portal_router
from api.portal.web import redirect, render, safe_next, with_params

router = portal_router()
BookingPage = Annotated[Booking, Depends(booking_loader(portal_adviser))]


@router.get("/agenda", response_class=HTMLResponse)
def agenda(request: Request, db: SessionDep, adviser: AdviserPage, week: int = 0, all: bool = False) -> Response:
    week = max(-52, min(week, 52))
    everyone = all and adviser.role == "admin"
    who = None if everyone else adviser.id
    today = local_today(utcnow())
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=week)
    today_items = (
        service.agenda(db, who, local_midnight(today), local_midnight(today + timedelta(days=1))) if week == 0 else []
    )
    week_items = service.agenda(db, who, local_midnight(monday), local_midnight(monday + timedelta(days=7)))
    days: dict[date, list[Booking]] = {}
    for b in week_items:
        days.setdefault(b.start_at.astimezone(local_tz()).date(), []).append(b)
    return render(
        request,
        "bookings/agenda.html",
        week=week,
        everyone=everyone,
        today=today,
        monday=monday,
        sunday=monday + timedelta(days=6),
        today_items=today_items,
        days=sorted(days.items()),
        week_count=len(week_items),
    )


@router.post("/agenda/{booking_id}/outcome", response_class=HTMLResponse)
def agenda_outcome(booking: BookingPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    outcome = field(form, "outcome", 20)
    back = safe_next(field(form, "back", 500), "/advisers/agenda")
    if outcome not in ("attended", "no_show"):
        return redirect(with_params(back, err="agenda.outcome_failed"))
    try:
        service.record_outcome(db, booking, outcome, f"adviser:{adviser.id}")
    except service.BookingConflict:
        return redirect(with_params(back, err="agenda.outcome_failed"))
    return redirect(with_params(back, done="agenda.outcome_saved"))
