"""Hooks the portal into the application: the pages of every domain, the portal's own pages, and
the static assets built from web/."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.advisers.pages import router as advisers_pages
from api.availability.pages import router as availability_pages
from api.bookings.adviser_pages import router as agenda_pages
from api.funnel.pages import router as funnel_pages
from api.leads.pages import router as leads_pages
from api.portal.pages import fallback
from api.portal.pages import router as portal_pages
from api.privacy.pages import router as privacy_pages

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
PAGES = (portal_pages, leads_pages, privacy_pages, agenda_pages, availability_pages, advisers_pages, funnel_pages)


def install(app: FastAPI) -> None:
    for router in PAGES:
        app.include_router(router)
    app.include_router(fallback)  # last: any other /advisers path is a 404 page
    # Built by `make web-build` (web/build.mjs); missing files answer 404 until then.
    for part in ("portal", "vendor"):
        app.mount(f"/static/{part}", StaticFiles(directory=STATIC_DIR / part, check_dir=False), name=f"static-{part}")
