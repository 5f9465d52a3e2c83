"""The adviser portal's pages. Every page depends on `AdviserPage` or `AdminPage`; every form
post on `CheckedForm` (CSRF). The logic lives in the domains' services; this module only turns
requests into service calls and the results into pages."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData

from api.advisers.auth import ReadSessionDep, SessionDep
from api.advisers.login_guard import client_address, login_guard
from api.advisers.models import ROLES, Adviser
from api.advisers.service import authenticate, find_by_email, normalise_email, reset_password, set_active
from api.advisers.service import upsert_adviser as create_or_update_adviser
from api.availability import service as availability
from api.availability.calendar import local_tz
from api.availability.schemas import DayOffIn
from api.bookings import service as bookings
from api.bookings.models import Booking
from api.core.db import get_row
from api.core.responses import csv_download
from api.core.timeutil import utcnow
from api.eligibility.rules import PERSONA_IDS
from api.leads import service as leads
from api.leads.models import CHANNELS, STATUSES, VERDICTS, Lead
from api.portal import rasa
from api.portal import session as portal_session
from api.portal.forms import PAGE_SIZE, AvailabilityForm, lead_query, local_midnight, parse_day, reasons
from api.portal.i18n import LANG_COOKIE, LANGUAGES
from api.portal.web import (
    CsrfFailed,
    Forbidden,
    LoginRequired,
    NotFound,
    PortalRoute,
    redirect,
    render,
    safe_next,
)
from api.privacy import service as privacy

router = APIRouter(prefix="/advisers", route_class=PortalRoute, include_in_schema=False)
MODES = ("phone", "video", "in_person")


# --- who may see what -----------------------------------------------------------------------


def portal_adviser(request: Request, db: SessionDep) -> Adviser:
    adviser = portal_session.current_adviser(request, db)
    if adviser is None:
        raise LoginRequired
    request.state.adviser = adviser
    return adviser


def portal_admin(adviser: Annotated[Adviser, Depends(portal_adviser)]) -> Adviser:
    if adviser.role != "admin":
        raise Forbidden
    return adviser


async def checked_form(request: Request) -> FormData:
    form = await request.form()
    if not portal_session.csrf_ok(request, form.get("csrf_token")):
        raise CsrfFailed
    return form


AdviserPage = Annotated[Adviser, Depends(portal_adviser)]
AdminPage = Annotated[Adviser, Depends(portal_admin)]
CheckedForm = Annotated[FormData, Depends(checked_form)]


def field(form: FormData, name: str, max_length: int = 2000) -> str:
    value = form.get(name)
    return value.strip()[:max_length] if isinstance(value, str) else ""


# --- login, logout, language ----------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def home() -> RedirectResponse:
    return redirect("/advisers/agenda")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, db: SessionDep, next: str | None = None) -> Response:
    if portal_session.current_adviser(request, db):
        return redirect(safe_next(next))
    return render(request, "login.html", next=safe_next(next), email="")


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, db: ReadSessionDep, form: CheckedForm) -> Response:
    email, password = field(form, "email", 254), field(form, "password", 1024)
    target = safe_next(field(form, "next", 500))
    account, client, guard = normalise_email(email), client_address(request), login_guard()
    wait = guard.retry_after(account, client)
    if wait:
        response = render(
            request, "login.html", 429, next=target, email=email, error=("login.limited", {"seconds": wait})
        )
        response.headers["Retry-After"] = str(wait)
        return response
    adviser = authenticate(db, email, password) if email and password else None
    if adviser is None:
        guard.failed(account, client)
        return render(request, "login.html", 401, next=target, email=email, error=("login.failed", {}))
    guard.succeeded(account, client)
    portal_session.store(request, portal_session.new_session(adviser))  # a new CSRF token too
    return redirect(target)


@router.post("/logout", response_class=HTMLResponse)
def logout(request: Request, _: CheckedForm) -> Response:
    portal_session.store(request, portal_session.new_session())
    return redirect("/advisers/login?done=login.logged_out")


@router.get("/language/{lang}", response_class=HTMLResponse)
def choose_language(lang: str, next: str | None = None) -> Response:
    response = redirect(_with(safe_next(next)))  # without the last page's done/err notice
    if lang in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 24 * 3600, path="/advisers", httponly=True, samesite="strict"
        )
    return response


# --- agenda ---------------------------------------------------------------------------------


def _week_start(offset: int) -> date:
    today = utcnow().astimezone(local_tz()).date()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=offset)


@router.get("/agenda", response_class=HTMLResponse)
def agenda(request: Request, db: SessionDep, adviser: AdviserPage, week: int = 0, all: bool = False) -> Response:
    week = max(-52, min(week, 52))
    everyone = all and adviser.role == "admin"
    who = None if everyone else adviser.id
    today = utcnow().astimezone(local_tz()).date()
    monday = _week_start(week)
    today_items = (
        bookings.agenda(db, who, local_midnight(today), local_midnight(today + timedelta(days=1))) if week == 0 else []
    )
    week_items = bookings.agenda(db, who, local_midnight(monday), local_midnight(monday + timedelta(days=7)))
    days: dict[date, list[Booking]] = {}
    for b in week_items:
        days.setdefault(b.start_at.astimezone(local_tz()).date(), []).append(b)
    return render(
        request,
        "agenda.html",
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
def agenda_outcome(booking_id: int, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    outcome = field(form, "outcome", 20)
    back = safe_next(field(form, "back", 500), "/advisers/agenda")
    booking = get_row(db, Booking, booking_id)
    if booking is None or (booking.adviser_id != adviser.id and adviser.role != "admin"):
        raise NotFound
    if outcome not in ("attended", "no_show"):
        return redirect(_with(back, err="agenda.outcome_failed"))
    try:
        bookings.record_outcome(db, booking, outcome, f"adviser:{adviser.id}")
    except bookings.BookingConflict:
        return redirect(_with(back, err="agenda.outcome_failed"))
    return redirect(_with(back, done="agenda.outcome_saved"))


def _with(url: str, **params: str) -> str:
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("done", "err", *params)]
    return urlunsplit(parts._replace(query=urlencode(query + list(params.items()))))


# --- leads ----------------------------------------------------------------------------------


@router.get("/leads", response_class=HTMLResponse)
def lead_list(request: Request, db: SessionDep, _: AdviserPage) -> Response:
    query = lead_query(request.query_params)
    items, total, counts = leads.list_leads(db, query.filters, PAGE_SIZE, (query.page - 1) * PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    campaigns = [c for c in db.scalars(select(Lead.utm_campaign).distinct().order_by(Lead.utm_campaign)) if c]
    return render(
        request,
        "leads.html",
        query=query,
        items=leads.to_outs(db, items),
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
    return csv_download(leads.export_filtered(db, query.filters), "leads.csv")


def _lead(db: SessionDep, lead_id: int) -> Lead:
    lead = get_row(db, Lead, lead_id)
    if lead is None:
        raise NotFound("lead.not_found")
    return lead


def _actor_names(db: SessionDep) -> dict[str, str]:
    return {f"adviser:{a.id}": a.name for a in db.scalars(select(Adviser))}


@router.get("/leads/{lead_id}", response_class=HTMLResponse)
def lead_detail(request: Request, lead_id: int, db: SessionDep, _: AdviserPage) -> Response:
    lead = _lead(db, lead_id)
    detail = leads.to_detail(db, lead)
    return render(
        request,
        "lead.html",
        lead=detail,
        next_statuses=leads.allowed_next(lead.status),
        actors=_actor_names(db),
        transcript=rasa.transcript(lead.conversation_id),
    )


@router.post("/leads/{lead_id}/status", response_class=HTMLResponse)
def lead_status(lead_id: int, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    lead = _lead(db, lead_id)
    new, note = field(form, "status", 20), field(form, "note") or None
    try:
        leads.change_status(db, lead, new, note, f"adviser:{adviser.id}")
    except leads.StatusChangeNotAllowed:
        return redirect(f"/advisers/leads/{lead.id}?err=lead.status_not_allowed#status")
    return redirect(f"/advisers/leads/{lead.id}?done=lead.status_changed#status")


@router.post("/leads/{lead_id}/notes", response_class=HTMLResponse)
def lead_note(lead_id: int, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    lead = _lead(db, lead_id)
    note = field(form, "note")
    if not note:
        return redirect(f"/advisers/leads/{lead.id}?err=lead.note_empty#status")
    leads.add_note(db, lead, note, f"adviser:{adviser.id}")
    return redirect(f"/advisers/leads/{lead.id}?done=lead.note_added#audit")


@router.get("/leads/{lead_id}/erase", response_class=HTMLResponse)
def lead_erase_confirm(request: Request, lead_id: int, db: SessionDep, _: AdviserPage) -> Response:
    return render(request, "erase.html", lead=_lead(db, lead_id))


@router.post("/leads/{lead_id}/erase", response_class=HTMLResponse)
def lead_erase(lead_id: int, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    lead = _lead(db, lead_id)
    if form.get("confirm") != "yes":
        return redirect(f"/advisers/leads/{lead.id}/erase?err=erase.must_confirm")
    privacy.erase_lead(db, lead, f"adviser:{adviser.id}")
    return redirect("/advisers/leads?done=erase.done")


# --- availability ---------------------------------------------------------------------------


def _availability_page(
    request: Request,
    db: SessionDep,
    adviser: Adviser,
    form: AvailabilityForm,
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    return render(
        request,
        "availability.html",
        status_code,
        form=form,
        error=error,
        modes=MODES,
        days_off=sorted(adviser.days_off, key=lambda d: d.day),
        slots=availability.free_slots(db, adviser_id=adviser.id, limit=8),
        today=utcnow().astimezone(local_tz()).date(),
    )


@router.get("/availability", response_class=HTMLResponse)
def availability_page(request: Request, db: SessionDep, adviser: AdviserPage) -> Response:
    form = AvailabilityForm.from_adviser(adviser)
    return _availability_page(request, db, adviser, form)


@router.post("/availability", response_class=HTMLResponse)
def availability_save(request: Request, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    modes = [m for m in form.getlist("modes") if isinstance(m, str) and m in MODES]
    values = AvailabilityForm.from_post(form, modes)
    try:
        body = values.validated()
    except ValidationError as exc:
        return _availability_page(request, db, adviser, values, 422, reasons(exc))
    availability.set_availability(db, adviser, body)
    return redirect("/advisers/availability?done=availability.saved")


@router.post("/availability/days-off", response_class=HTMLResponse)
def day_off_add(db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    day = parse_day(field(form, "day", 20))
    if day is None:
        return redirect("/advisers/availability?err=availability.day_off_invalid#days-off")
    try:
        availability.add_day_off(db, adviser, DayOffIn(day=day, reason=field(form, "reason", 120) or None))
    except availability.DayOffExists:
        return redirect("/advisers/availability?err=availability.day_off_exists#days-off")
    return redirect("/advisers/availability?done=availability.day_off_added#days-off")


@router.post("/availability/days-off/{day_off_id}/delete", response_class=HTMLResponse)
def day_off_remove(day_off_id: int, db: SessionDep, adviser: AdviserPage, _: CheckedForm) -> Response:
    if not availability.remove_day_off(db, adviser, day_off_id):
        raise NotFound
    return redirect("/advisers/availability?done=availability.day_off_removed#days-off")


# --- funnel (admins: campaign staff) --------------------------------------------------------


def _period(request: Request) -> tuple[date, date, bool]:
    today = utcnow().astimezone(local_tz()).date()
    raw_from, raw_to = request.query_params.get("from"), request.query_params.get("to")
    start, end = parse_day(raw_from), parse_day(raw_to)
    bad = bool(raw_from and not start) or bool(raw_to and not end)
    start, end = start or today - timedelta(days=29), end or today
    if start > end:
        start, end, bad = today - timedelta(days=29), today, True
    return start, end, bad


def _funnel(db: SessionDep, start: date, end: date) -> tuple[list[Any], Any]:
    rows = leads.funnel(db, local_midnight(start), local_midnight(end + timedelta(days=1)))
    return rows, leads.funnel_totals(rows)


@router.get("/funnel", response_class=HTMLResponse)
def funnel_page(request: Request, db: SessionDep, _: AdminPage) -> Response:
    start, end, bad = _period(request)
    rows, totals = _funnel(db, start, end)
    steps = leads.FUNNEL_STEPS
    top = sorted(rows, key=lambda r: -r.conversations)[:8]
    chart = {
        "series": [
            {
                "label": f"{r.utm_campaign or '–'} / {r.utm_source or '–'}",
                "data": [getattr(r, s) for s in steps],
            }
            for r in top
        ],
    }
    return render(
        request,
        "funnel.html",
        rows=rows,
        totals=totals,
        steps=steps,
        start=start,
        end=end,
        bad=bad,
        chart=chart,
    )


@router.get("/funnel.csv")
def funnel_export(request: Request, db: SessionDep, _: AdminPage) -> Response:
    start, end, _bad = _period(request)
    rows, totals = _funnel(db, start, end)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("utm_campaign", "utm_source", *leads.FUNNEL_STEPS))
    for r in [*rows, totals]:
        campaign = r.utm_campaign if r is not totals else "TOTAL"
        writer.writerow((campaign or "", r.utm_source or "", *(getattr(r, s) for s in leads.FUNNEL_STEPS)))
    return csv_download(out.getvalue(), f"funnel-{start.isoformat()}-{end.isoformat()}.csv")


# --- advisers (admins) ----------------------------------------------------------------------


@router.get("/admin/advisers", response_class=HTMLResponse)
def advisers_page(request: Request, db: SessionDep, _: AdminPage) -> Response:
    advisers = list(db.scalars(select(Adviser).order_by(Adviser.active.desc(), Adviser.name)))
    return render(request, "advisers.html", advisers=advisers, roles=ROLES, error=None, values={})


@router.post("/admin/advisers", response_class=HTMLResponse)
def adviser_create(request: Request, db: SessionDep, _: AdminPage, form: CheckedForm) -> Response:
    values = {
        "name": field(form, "name", 120),
        "email": field(form, "email", 254),
        "role": field(form, "role", 20),
    }
    error: tuple[str, dict[str, str]] | None = None
    if find_by_email(db, values["email"]):
        error = ("advisers.exists", {})
    else:
        try:
            create_or_update_adviser(
                db,
                values["email"],
                field(form, "password", 1024),
                name=values["name"] or None,
                role=values["role"] or "adviser",
            )
        except ValueError as exc:
            error = ("advisers.invalid", {"reason": str(exc)})
    if error:
        advisers = list(db.scalars(select(Adviser).order_by(Adviser.active.desc(), Adviser.name)))
        return render(request, "advisers.html", 422, advisers=advisers, roles=ROLES, error=error, values=values)
    return redirect("/advisers/admin/advisers?done=advisers.created")


def _other_adviser(db: SessionDep, adviser_id: int) -> Adviser:
    adviser = get_row(db, Adviser, adviser_id)
    if adviser is None:
        raise NotFound
    return adviser


@router.post("/admin/advisers/{adviser_id}/active", response_class=HTMLResponse)
def adviser_active(adviser_id: int, db: SessionDep, admin: AdminPage, form: CheckedForm) -> Response:
    target = _other_adviser(db, adviser_id)
    active = form.get("active") == "1"
    if target.id == admin.id and not active:
        return redirect("/advisers/admin/advisers?err=advisers.not_self")
    set_active(db, target, active)
    return redirect(f"/advisers/admin/advisers?done=advisers.{'activated' if active else 'deactivated'}")


@router.post("/admin/advisers/{adviser_id}/password", response_class=HTMLResponse)
def adviser_password(adviser_id: int, db: SessionDep, _: AdminPage, form: CheckedForm) -> Response:
    target = _other_adviser(db, adviser_id)
    try:
        reset_password(db, target, field(form, "password", 1024))
    except ValueError:
        return redirect("/advisers/admin/advisers?err=advisers.password_short")
    return redirect("/advisers/admin/advisers?done=advisers.password_reset")


@router.get("/{rest:path}", response_class=HTMLResponse)
def not_found(rest: str) -> Response:
    raise NotFound


__all__ = ["datetime", "router"]
