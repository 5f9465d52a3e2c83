"""Hooks the portal into the application: its pages and the static assets built from web/."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.portal.router import router

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


def install(app: FastAPI) -> None:
    app.include_router(router)
    # Built by `make web-build` (web/build.mjs); missing files answer 404 until then.
    for part in ("portal", "vendor"):
        app.mount(f"/static/{part}", StaticFiles(directory=STATIC_DIR / part, check_dir=False), name=f"static-{part}")
