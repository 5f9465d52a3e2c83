from __future__ import annotations

import httpx
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.core.config import get_settings
from api.core.db import get_sessionmaker

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The API process is alive."""
    return {"status": "ok"}


def _database_ok() -> bool:
    try:
        with get_sessionmaker()() as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False


async def _http_ok(client: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await client.get(url)).status_code < 500
    except httpx.HTTPError:
        return False


@router.get("/readyz", responses={503: {"description": "A part is not reachable; `failing` names it"}})
async def readyz() -> JSONResponse:
    """The API, its database, the Rasa server and the action server are all reachable."""
    settings = get_settings()
    async with httpx.AsyncClient(timeout=settings.readiness_timeout_seconds) as client:
        checks = {
            "api": True,
            "database": await run_in_threadpool(_database_ok),  # a slow database must not block the loop
            "rasa": await _http_ok(client, f"{settings.effective_rasa_url}/"),
            "actions": await _http_ok(client, f"{settings.effective_actions_url}/health"),
        }
    failing = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not failing else "unavailable", "checks": checks, "failing": failing}
    return JSONResponse(body, status_code=503 if failing else 200)
