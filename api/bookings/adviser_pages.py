"""The advisers' agenda in the portal, and their calendar subscription (the residents' own
appointment page is pages.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.advisers.auth import SessionDep
from api.advisers.models import Adviser
from api.availability.calendar import local_midnight, local_today, local_tz
from api.bookings import feed, service
from api.bookings.access import booking_loader
from api.bookings.models import Booking
from api.core.timeutil import utcnow
from api.portal.deps import AdviserPage, CheckedForm, field, portal_adviser, portal_router
from api.portal.web import redirect, render, safe_next, with_params

router = portal_router()
BookingPage = Annotated[Booking, Depends(booking_loader(portal_adviser))]


def _agenda(
    request: Request, db: SessionDep, adviser: Adviser, week: int, who: str | None, new_feed_url: str | None = None
) -> Response:
    week = max(-52, min(week, 52))
    # An administrator sees everyone's day unless they ask for their own.
    everyone = adviser.role == "admin" and who != "mine"
    adviser_id = None if everyone else adviser.id
    now = utcnow()
    today = local_today(now)
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=week)
    tomorrow = local_midnight(today + timedelta(days=1))
    today_items = service.agenda(db, adviser_id, local_midnight(today), tomorrow) if week == 0 else []
    week_items = service.agenda(db, adviser_id, local_midnight(monday), local_midnight(monday + timedelta(days=7)))
    days: dict[date, list[Booking]] = {}
    for b in week_items:
        days.setdefault(b.start_at.astimezone(local_tz()).date(), []).append(b)
    return render(
        request,
        "bookings/agenda.html",
        week=week,
        everyone=everyone,
        who="all" if everyone else "mine",
        today=today,
        monday=monday,
        sunday=monday + timedelta(days=6),
        today_items=today_items,
        days=sorted(days.items()),
        week_count=len(week_items),
        can_record=lambda b: service.outcome_possible(b, now),
        feed=feed.current(db, adviser),
        new_feed_url=new_feed_url,
    )


@router.get("/agenda", response_class=HTMLResponse)
def agenda(request: Request, db: SessionDep, adviser: AdviserPage, week: int = 0, who: str | None = None) -> Response:
    return _agenda(request, db, adviser, week, who)


@router.post("/agenda/{booking_id}/outcome", response_class=HTMLResponse)
def agenda_outcome(booking: BookingPage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    outcome = field(form, "outcome", 20)
    back = safe_next(field(form, "back", 500), "/advisers/agenda")
    if outcome not in ("attended", "no_show"):
        return redirect(with_params(back, err="agenda.outcome_failed"))
    try:
        service.record_outcome(db, booking, outcome, f"adviser:{adviser.id}")
    except service.BookingConflict as exc:
        reason = "agenda.not_started" if exc.code == "not_started" else "agenda.outcome_failed"
        return redirect(with_params(back, err=reason))
    return redirect(with_params(back, done="agenda.outcome_saved"))


@router.post("/agenda/feed", response_class=HTMLResponse)
def feed_renew(request: Request, db: SessionDep, adviser: AdviserPage, _: CheckedForm) -> Response:
    """A new subscription URL, shown on this page once (only its hash is kept)."""
    token = feed.renew(db, adviser)
    return _agenda(request, db, adviser, 0, "mine", new_feed_url=feed.feed_url(token))


@router.get("/agenda/feed", response_class=HTMLResponse)
def feed_page() -> Response:
    """After the link was shown (a POST answer), reloading or switching language lands here."""
    return redirect("/advisers/agenda?who=mine#feed")


@router.post("/agenda/feed/stop", response_class=HTMLResponse)
def feed_stop(db: SessionDep, adviser: AdviserPage, _: CheckedForm) -> Response:
    feed.stop(db, adviser)
    return redirect("/advisers/agenda?who=mine&done=agenda.feed_stopped#feed")
