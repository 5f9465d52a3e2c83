"""What every portal page depends on: the logged-in adviser (or admin) from the session, and a
form whose CSRF token matches the session's. Domain pages build their router with
`portal_router()` and use `AdviserPage`, `AdminPage` and `CheckedForm`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData

from api.advisers.auth import SessionDep
from api.advisers.models import Adviser
from api.core.errors import Forbidden
from api.portal import session as portal_session
from api.portal.web import CsrfFailed, LoginRequired, PortalRoute


def portal_router() -> APIRouter:
    return APIRouter(prefix="/advisers", route_class=PortalRoute, include_in_schema=False)


def portal_adviser(request: Request, db: SessionDep) -> Adviser:
    adviser = portal_session.current_adviser(request, db)
    if adviser is None:
        raise LoginRequired
    request.state.adviser = adviser
    return adviser


def portal_admin(adviser: Annotated[Adviser, Depends(portal_adviser)]) -> Adviser:
    if adviser.role != "admin":
        raise Forbidden("Only an administrator may do this.", text_key="error.403")
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
