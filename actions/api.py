"""Async HTTP client for the backend API (see DESIGN.md "Contracts")."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

import httpx

logger = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(5.0, connect=2.0)
# Idle connections expire before the API's own keep-alive (uvicorn closes them after 5 s), so a
# pooled connection is not reused just as the server closes it.
LIMITS = httpx.Limits(max_connections=64, max_keepalive_connections=32, keepalive_expiry=4.0)
# A connection that broke before an answer came: sent once more where sending twice does no harm.
BROKEN_CONNECTION = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
IDEMPOTENT = {"GET", "PUT", "DELETE"}
# One client (connection pool, SSL context) per event loop: building one per call cost the action
# server about half of its CPU. Keyed by loop because a client cannot move between loops (tests).
_clients: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}


def client() -> httpx.AsyncClient:
    loop = asyncio.get_running_loop()
    found = _clients.get(loop)
    if found is None or found.is_closed:
        for old in [k for k in _clients if k.is_closed()]:
            del _clients[old]
        found = _clients[loop] = httpx.AsyncClient(timeout=TIMEOUT, limits=LIMITS)
    return found


class ApiUnavailable(Exception):
    """The API could not be reached or answered with a server error."""


class ApiError(Exception):
    def __init__(self, status: int, body: Any):
        super().__init__(f"API answered {status}: {body}")
        self.status = status
        self.body = body

    @property
    def code(self) -> str | None:
        detail = self.body.get("detail") if isinstance(self.body, dict) else None
        return detail.get("code") if isinstance(detail, dict) else None


def _env_file_value(key: str) -> str | None:
    env = Path(__file__).resolve().parents[1] / ".env"
    try:
        for line in env.read_text(encoding="utf-8").splitlines():
            if line.startswith(f"{key}="):
                return line.split("=", 1)[1].strip().strip('"').strip("'")
    except OSError:
        return None
    return None


def api_url() -> str:
    port = os.environ.get("API_PORT", "8000")
    return os.environ.get("API_URL", f"http://localhost:{port}").rstrip("/")


def service_token() -> str:
    return os.environ.get("API_SERVICE_TOKEN") or _env_file_value("API_SERVICE_TOKEN") or ""


class Api:
    """One method per backend call. Raises ApiUnavailable (down, time-out, 5xx) or ApiError."""

    def __init__(self, base_url: str | None = None, token: str | None = None):
        self.base_url = (base_url or api_url()).rstrip("/")
        self.token = token if token is not None else service_token()

    async def _request(
        self,
        method: str,
        path: str,
        *,
        auth: bool = False,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        safe: bool = False,
    ) -> Any:
        """``safe``: a POST that changes nothing (the eligibility check) may be sent twice."""
        hdrs = dict(headers or {})
        if auth:
            hdrs["Authorization"] = f"Bearer {self.token}"
        again = safe or method in IDEMPOTENT or "Idempotency-Key" in hdrs

        async def send() -> httpx.Response:
            return await client().request(method, self.base_url + path, json=json, params=params, headers=hdrs)

        try:
            try:
                resp = await send()
            except BROKEN_CONNECTION as exc:
                if not again:
                    raise
                logger.info("API %s %s: connection broke (%r), sent once more", method, path, exc)
                resp = await send()
        except httpx.HTTPError as exc:
            logger.warning("API %s %s failed: %r", method, path, exc)
            raise ApiUnavailable(str(exc)) from exc
        if resp.status_code >= 500:
            logger.warning("API %s %s answered %s", method, path, resp.status_code)
            raise ApiUnavailable(f"{resp.status_code}")
        try:
            body = resp.json() if resp.content else None
        except ValueError:
            body = resp.text
        if resp.status_code >= 400:
            raise ApiError(resp.status_code, body)
        return body

    async def _object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """A request whose answer is a JSON object ({} when the API sent something else)."""
        body = await self._request(method, path, **kwargs)
        return body if isinstance(body, dict) else {}

    async def register_conversation(self, payload: dict[str, Any]) -> Any:
        # the contract says anonymous; the API accepts (and may require) the service token
        return await self._request("POST", "/api/conversations", auth=True, json=payload)

    async def eligibility(self, payload: dict[str, Any]) -> dict[str, Any]:
        return await self._object("POST", "/api/eligibility", json=payload, safe=True)

    async def upsert_lead(self, conversation_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return await self._object("PUT", f"/api/leads/by-conversation/{conversation_id}", auth=True, json=payload)

    async def slots(
        self, mode: str | None, start: str | None = None, limit: int = 4, language: str | None = None
    ) -> list[dict[str, Any]]:
        """Free times; with a language, only advisers who speak it."""
        params: dict[str, Any] = {"limit": limit}
        if mode:
            params["mode"] = mode
        if start:
            params["from"] = start
        if language:
            params["language"] = language
        body = await self._object("GET", "/api/slots", params=params)
        return [item for item in body.get("items") or [] if isinstance(item, dict)]

    async def book(self, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        return await self._object(
            "POST",
            "/api/bookings",
            auth=True,
            json=payload,
            headers={"Idempotency-Key": idempotency_key},
        )

    # a returning resident's appointment, keyed by the conversation (404: none to come)
    async def conversation_booking(self, conversation_id: str) -> dict[str, Any]:
        return await self._object("GET", f"/api/bookings/by-conversation/{conversation_id}", auth=True)

    async def cancel_conversation_booking(self, conversation_id: str) -> dict[str, Any]:
        return await self._object("POST", f"/api/bookings/by-conversation/{conversation_id}/cancel", auth=True)

    async def reschedule_conversation_booking(
        self, conversation_id: str, start: str, adviser_id: int | str | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"start": start}
        if adviser_id is not None:
            body["adviser_id"] = adviser_id
        return await self._object(
            "POST", f"/api/bookings/by-conversation/{conversation_id}/reschedule", auth=True, json=body
        )

    async def erase(self, conversation_id: str) -> Any:
        return await self._request("DELETE", f"/api/privacy/conversations/{conversation_id}", auth=True)
