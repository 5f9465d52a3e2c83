"""The landing page at `/` (Dutch) and `/en` (English; `/?lang=en` too), with a strict CSP.

Everything the page loads comes from us: the stylesheet and the widget bundle under
`/static/widget/` (built from `widget/` by `make widget-build`), the system font stack, no
images from elsewhere. The only other origin the page talks to is Rasa's socket.io channel.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.core.config import Settings, get_settings
from api.core.schemas import limits
from api.landing.texts import page_texts

HERE = Path(__file__).resolve().parent
WIDGET_DIR = HERE.parent / "static" / "widget"
PAGE_STATIC_DIR = HERE / "static"

router = APIRouter(include_in_schema=False)
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def socket_url(settings: Settings, request: Request) -> str:
    """The Rasa socket.io URL as the browser must reach it: RASA_PUBLIC_URL, or else the host
    the page was requested on with Rasa's port (fine for `make run` on one machine)."""
    if settings.rasa_public_url:
        return settings.rasa_public_url.rstrip("/")
    host = request.url.hostname or "localhost"
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    scheme = "https" if request.url.scheme == "https" else "http"
    return f"{scheme}://{host}:{settings.rasa_port}"


def _origins(url: str) -> list[str]:
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    return [f"{parts.scheme}://{parts.netloc}", f"{'wss' if secure else 'ws'}://{parts.netloc}"]


def content_security_policy(rasa_socket_url: str) -> str:
    connect = " ".join(["'self'", *_origins(rasa_socket_url)])
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src {connect}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def whatsapp_link(number: str, text: str) -> str | None:
    digits = re.sub(r"\D", "", number)
    if not digits:
        return None
    return f"https://wa.me/{digits}?text={quote(text)}"


def _kept_query(request: Request) -> str:
    """The campaign parameters, kept when switching language."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k.startswith("utm_")]
    return ("?" + urlencode(kept)) if kept else ""


def render(request: Request, lang: str) -> HTMLResponse:
    settings = get_settings()
    texts = page_texts(lang)
    sock = socket_url(settings, request)
    query = _kept_query(request)
    html = _env.get_template("landing.html").render(
        lang=lang,
        t=texts,
        other_lang="en" if lang == "nl" else "nl",
        other_href=("/en" if lang == "nl" else "/") + query,
        socket_url=sock,
        whatsapp_href=whatsapp_link(settings.whatsapp_number, texts["whatsapp_text"]),
        # The widget cuts UTM values to the same limit as the API (the vocabulary's limits).
        utm_max_length=limits().utm_value,
    )
    headers = {
        "Content-Security-Policy": content_security_policy(sock),
        "Content-Language": lang,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cache-Control": "no-cache",
    }
    return HTMLResponse(html, headers=headers)


@router.get("/", response_class=HTMLResponse)
def landing(request: Request, lang: str | None = None) -> Response:
    if lang == "en":
        return render(request, "en")
    return render(request, "nl")


@router.get("/en", response_class=HTMLResponse)
def landing_en(request: Request) -> Response:
    return render(request, "en")


@router.get("/en/", response_class=HTMLResponse)
def landing_en_slash(request: Request) -> Response:
    return RedirectResponse("/en" + _kept_query(request), status_code=308)


def install(app: FastAPI) -> None:
    """Adds the landing page and the widget's static files (`check_dir=False`: the API starts
    before `make widget-build` has run; the page then works without the chat)."""
    app.include_router(router)
    app.mount("/static/landing", StaticFiles(directory=PAGE_STATIC_DIR), name="landing")
    app.mount("/static/widget", StaticFiles(directory=WIDGET_DIR, check_dir=False), name="widget")


__all__ = ["install", "router"]
