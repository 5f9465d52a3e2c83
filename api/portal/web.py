"""Rendering, security headers and the route class that turns failures into pages.

Every portal response gets a strict Content-Security-Policy (scripts and styles only from this
origin, no inline code), no caching (pages hold personal data) and no framing.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import OperationalError

from api.availability.calendar import local_tz
from api.portal import session as portal_session
from api.portal.i18n import Translator, language

log = logging.getLogger("api.portal")
TEMPLATES = Path(__file__).parent / "templates"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    pass


class CsrfFailed(Exception):
    pass


class NotFound(Exception):
    def __init__(self, message_key: str = "error.404") -> None:
        super().__init__(message_key)
        self.message_key = message_key


def _local(value: datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    return value.astimezone(local_tz()).strftime(fmt) if value else "–"


env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["local"] = _local
env.filters["weekday"] = lambda value: value.astimezone(local_tz()).weekday()


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    t = Translator(lang)
    done = request.query_params.get("done")
    err = request.query_params.get("err")
    html = env.get_template(template).render(
        request=request,
        t=t,
        lang=lang,
        user=getattr(request.state, "adviser", None),
        csrf=portal_session.load(request).csrf,
        path=request.url.path,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        done=t(done) if done and t.has(done) else None,
        err=t(err) if err and t.has(err) else None,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status_code: int, message_key: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, message_key=message_key)


def safe_next(target: str | None, default: str = "/advisers/agenda") -> str:
    """Only paths inside the portal: never another site (open redirect)."""
    if not target or not target.startswith("/advisers") or "//" in target or "\\" in target:
        return default
    return target


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


class PortalRoute(APIRoute):
    """Failures become pages (login redirect, 403, 404, 503, 500), never a JSON error or a stack
    trace; the session cookie and the security headers are added to every answer."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            response: Response
            try:
                response = await handler(request)
            except LoginRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = redirect(f"/advisers/login?next={quote(safe_next(target))}")
            except Forbidden:
                response = error_page(request, 403, "error.403")
            except CsrfFailed:
                response = error_page(request, 403, "error.csrf")
            except NotFound as exc:
                response = error_page(request, 404, exc.message_key)
            except (HTTPException, RequestValidationError) as exc:
                code = exc.status_code if isinstance(exc, HTTPException) else 400
                response = error_page(request, code if code in (400, 403, 404, 413) else 400, f"error.{code}")
            except OperationalError as exc:
                log.error("portal: database unavailable (%s)", type(exc).__name__)
                response = error_page(request, 503, "error.503")
            except Exception as exc:  # noqa: BLE001 - the adviser gets a page, the log the place
                # Only the type and place: messages can hold SQL parameters (personal data).
                log.error("portal: unexpected %s at %s", type(exc).__name__, _where(exc))
                response = error_page(request, 500, "error.500")
            portal_session.write_cookie(request, response)
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return handle
