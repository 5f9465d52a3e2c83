"""Availability in the portal: an adviser's own (/advisers/availability) and, for an
administrator, any adviser's (/advisers/admin/advisers/{id}/availability), with the same form,
the same checks (AvailabilityIn) and the same service as the JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.advisers.auth import SessionDep
from api.advisers.models import MODES, Adviser
from api.availability import service
from api.availability.access import adviser_loader
from api.availability.calendar import local_today
from api.availability.forms import AvailabilityForm
from api.availability.schemas import DayOffIn
from api.core.errors import NotFound
from api.core.timeutil import utcnow
from api.portal.deps import AdviserPage, CheckedForm, field, portal_admin, portal_router
from api.portal.forms import parse_day, reasons
from api.portal.web import redirect, render

router = portal_router()
OWN = "/advisers/availability"
OthersAvailability = Annotated[Adviser, Depends(adviser_loader(portal_admin))]


def _others(target: Adviser) -> str:
    return f"/advisers/admin/advisers/{target.id}/availability"


def _page(
    request: Request,
    db: SessionDep,
    target: Adviser,
    base: str,
    form: AvailabilityForm,
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    return render(
        request,
        "availability/availability.html",
        status_code,
        target=target,
        base=base,
        form=form,
        error=error,
        modes=MODES,
        days_off=sorted(target.days_off, key=lambda d: d.day),
        slots=service.free_slots(db, adviser_id=target.id, limit=8),
        today=local_today(utcnow()),
    )


def _show(request: Request, db: SessionDep, target: Adviser, base: str) -> Response:
    return _page(request, db, target, base, AvailabilityForm.from_adviser(target))


def _save(request: Request, db: SessionDep, target: Adviser, base: str, form: CheckedForm) -> Response:
    modes = [m for m in form.getlist("modes") if isinstance(m, str) and m in MODES]
    values = AvailabilityForm.from_post(form, modes)
    try:
        body = values.validated()
    except ValidationError as exc:
        return _page(request, db, target, base, values, 422, reasons(exc))
    service.set_availability(db, target, body)
    return redirect(f"{base}?done=availability.{'saved' if base == OWN else 'saved_of'}")


def _add_day_off(db: SessionDep, target: Adviser, base: str, form: CheckedForm) -> Response:
    day = parse_day(field(form, "day", 20))
    if day is None:
        return redirect(f"{base}?err=availability.day_off_invalid#days-off")
    try:
        service.add_day_off(db, target, DayOffIn(day=day, reason=field(form, "reason", 120) or None))
    except service.DayOffExists:
        return redirect(f"{base}?err=availability.day_off_exists#days-off")
    return redirect(f"{base}?done=availability.day_off_added#days-off")


def _remove_day_off(db: SessionDep, target: Adviser, base: str, day_off_id: int) -> Response:
    if not service.remove_day_off(db, target, day_off_id):
        raise NotFound()
    return redirect(f"{base}?done=availability.day_off_removed#days-off")


# --- one's own ----------------------------------------------------------------------------------


@router.get("/availability", response_class=HTMLResponse)
def own_page(request: Request, db: SessionDep, adviser: AdviserPage) -> Response:
    return _show(request, db, adviser, OWN)


@router.post("/availability", response_class=HTMLResponse)
def own_save(request: Request, db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    return _save(request, db, adviser, OWN, form)


@router.post("/availability/days-off", response_class=HTMLResponse)
def own_day_off_add(db: SessionDep, adviser: AdviserPage, form: CheckedForm) -> Response:
    return _add_day_off(db, adviser, OWN, form)


@router.post("/availability/days-off/{day_off_id}/delete", response_class=HTMLResponse)
def own_day_off_remove(day_off_id: int, db: SessionDep, adviser: AdviserPage, _: CheckedForm) -> Response:
    return _remove_day_off(db, adviser, OWN, day_off_id)


# --- an administrator for any adviser -----------------------------------------------------------


@router.get("/admin/advisers/{adviser_id}/availability", response_class=HTMLResponse)
def others_page(request: Request, db: SessionDep, target: OthersAvailability) -> Response:
    return _show(request, db, target, _others(target))


@router.post("/admin/advisers/{adviser_id}/availability", response_class=HTMLResponse)
def others_save(request: Request, db: SessionDep, target: OthersAvailability, form: CheckedForm) -> Response:
    return _save(request, db, target, _others(target), form)


@router.post("/admin/advisers/{adviser_id}/availability/days-off", response_class=HTMLResponse)
def others_day_off_add(db: SessionDep, target: OthersAvailability, form: CheckedForm) -> Response:
    return _add_day_off(db, target, _others(target), form)


@router.post("/admin/advisers/{adviser_id}/availability/days-off/{day_off_id}/delete", response_class=HTMLResponse)
def others_day_off_remove(day_off_id: int, db: SessionDep, target: OthersAvailability, _: CheckedForm) -> Response:
    return _remove_day_off(db, target, _others(target), day_off_id)
