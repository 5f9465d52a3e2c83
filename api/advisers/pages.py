"""Administrators manage the advisers' accounts in the portal."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from api.advisers.auth import SessionDep
from api.advisers.models import ROLES, Adviser
from api.advisers.service import find_by_email, reset_password, set_active, upsert_adviser
from api.core.db import get_row
from api.core.errors import NotFound
from api.leads.access import release_all
from api.portal.deps import AdminPage, CheckedForm, field, portal_router
from api.portal.web import redirect, render

router = portal_router()
PAGE = "/advisers/admin/advisers"


def _all(db: SessionDep) -> list[Adviser]:
    return list(db.scalars(select(Adviser).order_by(Adviser.active.desc(), Adviser.name)))


def _adviser(db: SessionDep, adviser_id: int) -> Adviser:
    adviser = get_row(db, Adviser, adviser_id)
    if adviser is None:
        raise NotFound("No such adviser.", text_key="advisers.not_found")
    return adviser


@router.get("/admin/advisers", response_class=HTMLResponse)
def advisers_page(request: Request, db: SessionDep, _: AdminPage) -> Response:
    return render(request, "advisers/advisers.html", advisers=_all(db), roles=ROLES, error=None, values={})


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
            upsert_adviser(
                db,
                values["email"],
                field(form, "password", 1024),
                name=values["name"] or None,
                role=values["role"] or "adviser",
            )
        except ValueError as exc:
            error = ("advisers.invalid", {"reason": str(exc)})
    if error:
        return render(
            request, "advisers/advisers.html", 422, advisers=_all(db), roles=ROLES, error=error, values=values
        )
    return redirect(f"{PAGE}?done=advisers.created")


@router.post("/admin/advisers/{adviser_id}/active", response_class=HTMLResponse)
def adviser_active(adviser_id: int, db: SessionDep, admin: AdminPage, form: CheckedForm) -> Response:
    target = _adviser(db, adviser_id)
    active = form.get("active") == "1"
    if target.id == admin.id and not active:
        return redirect(f"{PAGE}?err=advisers.not_self")
    set_active(db, target, active)
    if not active:
        release_all(db, target, admin)  # their leads go back to the call list
    return redirect(f"{PAGE}?done=advisers.{'activated' if active else 'deactivated'}")


@router.post("/admin/advisers/{adviser_id}/password", response_class=HTMLResponse)
def adviser_password(adviser_id: int, db: SessionDep, _: AdminPage, form: CheckedForm) -> Response:
    target = _adviser(db, adviser_id)
    try:
        reset_password(db, target, field(form, "password", 1024))
    except ValueError:
        return redirect(f"{PAGE}?err=advisers.password_short")
    return redirect(f"{PAGE}?done=advisers.password_reset")
