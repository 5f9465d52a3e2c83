"""The portal's own pages: home, login, logout, language, and the 404 page for any other path."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from api.advisers.auth import ReadSessionDep, SessionDep
from api.advisers.login_guard import client_address, login_guard
from api.advisers.service import authenticate, normalise_email
from api.core.errors import NotFound
from api.portal import session as portal_session
from api.portal.deps import CheckedForm, field, portal_router
from api.portal.i18n import LANG_COOKIE, LANGUAGES
from api.portal.web import HOME, redirect, render, safe_next, with_params

router = portal_router()
# Registered after every domain's pages (api/portal/setup.py): the page for any other path.
fallback = portal_router()


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def home() -> Response:
    return redirect(HOME)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, db: SessionDep, next: str | None = None) -> Response:
    if portal_session.current_adviser(request, db):
        return redirect(safe_next(next))
    return render(request, "portal/login.html", next=safe_next(next), email="")


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, db: ReadSessionDep, form: CheckedForm) -> Response:
    email, password = field(form, "email", 254), field(form, "password", 1024)
    target = safe_next(field(form, "next", 500))
    account, client, guard = normalise_email(email), client_address(request), login_guard()
    wait = guard.retry_after(account, client)
    if wait:
        response = render(
            request, "portal/login.html", 429, next=target, email=email, error=("login.limited", {"seconds": wait})
        )
        response.headers["Retry-After"] = str(wait)
        return response
    adviser = authenticate(db, email, password) if email and password else None
    if adviser is None:
        guard.failed(account, client)
        return render(request, "portal/login.html", 401, next=target, email=email, error=("login.failed", {}))
    guard.succeeded(account, client)
    portal_session.log_in(request, adviser)  # a new session record and CSRF token
    return redirect(target)


@router.post("/logout", response_class=HTMLResponse)
def logout(request: Request, db: SessionDep, _: CheckedForm) -> Response:
    portal_session.log_out(request, db)
    return redirect("/advisers/login?done=login.logged_out")


@router.get("/language/{lang}", response_class=HTMLResponse)
def choose_language(lang: str, next: str | None = None) -> Response:
    response = redirect(with_params(safe_next(next)))  # without the last page's done/err notice
    if lang in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 24 * 3600, path="/advisers", httponly=True, samesite="strict"
        )
    return response


@fallback.get("/{rest:path}", response_class=HTMLResponse)
def not_found(rest: str) -> Response:
    raise NotFound()
