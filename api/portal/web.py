"""Rendering, security headers and the route class that turns failures into pages.

Every portal response gets a strict Content-Security-Policy (scripts and styles only from this
origin, no inline code), no caching (pages hold personal data) and no framing. Templates live
next to the pages of their domain (`api/<domain>/templates/`) and are named with the domain as a
prefix: `leads/lead.html`, `portal/base.html`.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, PrefixLoader, select_autoescape
from sqlalchemy.exc import OperationalError

from api.availability.calendar import local_tz
from api.core.errors import Refusal
from api.core.timeutil import utcnow
from api.portal import session as portal_session
from api.portal.i18n import Translator, language

log = logging.getLogger("api.portal")
API_DIR = Path(__file__).resolve().parents[1]
TEMPLATE_DOMAINS = ("portal", "leads", "bookings", "availability", "advisers", "privacy", "funnel")
HOME = "/advisers/calls"
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


class CsrfFailed(Exception):
    pass


def _local(value: datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    return value.astimezone(local_tz()).strftime(fmt) if value else "–"


def _tel(phone: str) -> str:
    """A tel: target: digits and a leading +, nothing a browser could read as anything else."""
    phone = phone.strip()
    digits = "".join(c for c in phone if c.isdigit())
    return ("+" if phone.startswith("+") else "") + digits


def _percent(value: float | None, lang: str) -> str:
    """33.3 as "33,3%" in Dutch and "33.3%" in English; "–" when there is nothing to divide by."""
    if value is None:
        return "–"
    text = f"{value:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def _ago(value: datetime, t: Translator) -> str:
    seconds = max(0, int((utcnow() - value).total_seconds()))
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return t(f"ago.{unit}", n=seconds // size)
    return t("ago.now")


env = Environment(
    loader=PrefixLoader({d: FileSystemLoader(API_DIR / d / "templates") for d in TEMPLATE_DOMAINS}),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["local"] = _local
env.filters["weekday"] = lambda value: value.astimezone(local_tz()).weekday()
env.filters["tel"] = _tel


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    t = Translator(lang)
    done = request.query_params.get("done")
    err = request.query_params.get("err")
    html = env.get_template(template).render(
        request=request,
        t=t,
        lang=lang,
        ago=lambda value: _ago(value, t),
        pct=lambda value: _percent(value, lang),
        user=getattr(request.state, "adviser", None),
        csrf=portal_session.load(request).csrf,
        path=request.url.path,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        now=utcnow(),
        done=t(done) if done and t.has(done) else None,
        err=t(err) if err and t.has(err) else None,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status_code: int, message_key: str) -> HTMLResponse:
    return render(request, "portal/error.html", status_code=status_code, message_key=message_key)


def safe_next(target: str | None, default: str = HOME) -> str:
    """Only paths inside the portal: never another site (open redirect)."""
    if not target or not target.startswith("/advisers") or "//" in target or "\\" in target:
        return default
    return target


def with_params(url: str, **params: str) -> str:
    """The URL with these query parameters (and without an earlier page's done/err notice)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("done", "err", *params)]
    return urlunsplit(parts._replace(query=urlencode(query + list(params.items()))))


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


class PortalRoute(APIRoute):
    """Failures become pages (login redirect, 400, 403, 404, 409, 503, 500), never a JSON error or
    a stack trace; the session cookie and the security headers are added to every answer."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            response: Response
            try:
                response = await handler(request)
            except LoginRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = redirect(f"/advisers/login?next={quote(safe_next(target))}")
            except CsrfFailed:
                response = error_page(request, 403, "error.csrf")
            except Refusal as exc:  # a loader or a service said no, with its own text
                response = error_page(request, exc.status_code, exc.text_key)
            except (HTTPException, RequestValidationError) as exc:
                code = exc.status_code if isinstance(exc, HTTPException) else 400
                response = error_page(request, code if code in (400, 403, 404, 413) else 400, f"error.{code}")
            except OverflowError as exc:
                # A date no calendar can hold (year 1 at +14:00) that slipped past the parsing.
                log.warning("portal: value out of range (%s at %s)", type(exc).__name__, _where(exc))
                response = error_page(request, 400, "error.out_of_range")
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
