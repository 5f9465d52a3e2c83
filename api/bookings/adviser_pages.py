"""The advisers' agenda in the portal, and their calendar subscription (the residents' own
appointment page is pages.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from api.advisers.auth import SessionDep
from api.advisers.models import MODES, Adviser
from api.availability.calendar import local_midnight, local_today, local_tz
from api.availability.service import Slot, free_slots
from api.bookings import feed, service
from api.bookings.access import booking_loader, changeable_booking_loader, may_change
from api.bookings.models import Booking
from api.bookings.schemas import CANCEL_REASON_MAX
from api.core.timeutil import in_range, utcnow
from api.notifications import service as notifications
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
        can_change=lambda b: b.status == "active" and b.start_at > now and may_change(b, b.lead, adviser),
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


# --- cancelling and moving an appointment (its adviser, the lead's owner, or an admin) -------

ChangeablePage = Annotated[Booking, Depends(changeable_booking_loader(portal_adviser))]
MOVE_SLOTS = 40  # free times offered on the move page


def _change_back(raw: str | None) -> str:
    return safe_next(raw, "/advisers/agenda")


def _resident_reach(booking: Booking) -> str:
    """How the resident hears of a change: "whatsapp", "email", or "none" (call them)."""
    return notifications.resident_channel(booking.lead) or "none"


def _not_changeable(booking: Booking, back: str) -> Response | None:
    if booking.status != "active":
        return redirect(with_params(back, err="change.not_active"))
    if booking.start_at <= utcnow():
        return redirect(with_params(back, err="change.started"))
    return None


@router.get("/agenda/{booking_id}/cancel", response_class=HTMLResponse)
def cancel_page(request: Request, booking: ChangeablePage, back: str | None = None) -> Response:
    """The confirm step: what is cancelled, who will hear of it, and an optional reason."""
    target = _change_back(back)
    if refused := _not_changeable(booking, target):
        return refused
    return render(
        request,
        "bookings/cancel.html",
        booking=booking,
        back=target,
        reach=_resident_reach(booking),
        reason_max=CANCEL_REASON_MAX,
    )


@router.post("/agenda/{booking_id}/cancel", response_class=HTMLResponse)
def cancel_booking(booking: ChangeablePage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    back = _change_back(field(form, "back", 500))
    reason = field(form, "reason", CANCEL_REASON_MAX) or None
    try:
        service.cancel(db, booking, f"adviser:{adviser.id}", reason)
    except service.BookingConflict as exc:
        return redirect(with_params(back, err="change.started" if exc.code == "started" else "change.not_active"))
    told = "change.cancelled" if _resident_reach(booking) != "none" else "change.cancelled_call"
    return redirect(with_params(back, done=told))


@router.get("/agenda/{booking_id}/move", response_class=HTMLResponse)
def move_page(
    request: Request,
    booking: ChangeablePage,
    db: SessionDep,
    back: str | None = None,
    mode: str | None = None,
    adviser: str | None = None,
) -> Response:
    """Free times to choose from (the same query that offers times to residents), for any mode and
    any adviser; the filter is a plain GET form."""
    target = _change_back(back)
    if refused := _not_changeable(booking, target):
        return refused
    chosen_mode = mode if mode in MODES else booking.mode
    advisers = list(db.scalars(select(Adviser).where(Adviser.active.is_(True)).order_by(Adviser.name)))
    chosen_adviser = next((a.id for a in advisers if adviser and str(a.id) == adviser), None)
    slots = free_slots(db, chosen_mode, adviser_id=chosen_adviser, limit=MOVE_SLOTS)
    days: dict[date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.start.astimezone(local_tz()).date(), []).append(slot)
    return render(
        request,
        "bookings/move.html",
        booking=booking,
        back=target,
        reach=_resident_reach(booking),
        modes=MODES,
        mode=chosen_mode,
        advisers=advisers,
        chosen_adviser=chosen_adviser,
        days=sorted(days.items()),
    )


@router.post("/agenda/{booking_id}/move", response_class=HTMLResponse)
def move_booking(booking: ChangeablePage, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    back = _change_back(field(form, "back", 500))
    mode = field(form, "mode", 20)
    again = with_params(f"/advisers/agenda/{booking.id}/move", back=back, mode=mode if mode in MODES else booking.mode)
    try:
        adviser_id, when_iso = field(form, "slot", 80).split("|", 1)
        start = datetime.fromisoformat(when_iso)
        if start.tzinfo is None or not in_range(start) or mode not in MODES:
            raise ValueError("not a time the page offered")
        service.reschedule(db, booking, start, mode, int(adviser_id), f"adviser:{adviser.id}")
    except (ValueError, OverflowError):
        db.rollback()
        return redirect(with_params(again, err="change.choose_slot"))
    except service.BookingRejected:
        db.rollback()
        return redirect(with_params(again, err="change.slot_gone"))
    except service.BookingConflict as exc:
        if exc.code in ("not_active", "started"):
            return redirect(with_params(back, err=f"change.{exc.code}"))
        return redirect(with_params(again, err="change.slot_gone"))
    told = "change.moved" if _resident_reach(booking) != "none" else "change.moved_call"
    return redirect(with_params(back, done=told))
