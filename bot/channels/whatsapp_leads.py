"""Tells the API that a resident wrote on WhatsApp: the lead's last message (WhatsApp's 24-hour
window, which decides between a free-form reminder and an approved template) and STOP / START.

    POST {API_URL}/api/leads/by-conversation/{whatsapp:+31...}/whatsapp-inbound
    Authorization: Bearer {API_SERVICE_TOKEN}
    {"received_at": "...", "opted_out": true | false}      (opted_out only for STOP / START)

Why the channel does it, and not the action server: the channel is the only part that sees every
WhatsApp message as it arrives, with its moment, including the ones that never reach the bot
(STOP and START are handled here, and so are photos and empty messages); an action would have to
run on every turn, inside the dialogue, and would make every reply wait for it. Here a plain
message is reported in the background after its reply has gone: the resident never waits for it.
A report that changes the opt-out is awaited at the end of its turn (after the confirmation was
sent) because turns of one resident run one at a time: STOP and a quick START then reach the API
in the order they were sent, whichever Rasa process took them.

The API stores nothing for a conversation without a lead (no consent yet: 404) and never creates
one. A failed report is retried a few times and then given up (logged without the number): the
next message reports the time again, and the channel's own store keeps the opt-out for the
messages it sends itself.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from urllib.parse import quote

import httpx

logger = logging.getLogger("bot.channels.whatsapp")

TIMEOUT = httpx.Timeout(3.0, connect=2.0)


class LeadReporter:
    def __init__(self, api_url: str, token: str, attempts: int = 3, retry_base_seconds: float = 0.5) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.attempts = max(1, attempts)
        self.retry_base_seconds = retry_base_seconds
        self._client: httpx.AsyncClient | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.api_url and self.token)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None or self._client.is_closed:
            self._client = httpx.AsyncClient(timeout=TIMEOUT)
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def report(self, conversation_id: str, received_at: datetime, opted_out: bool | None = None) -> str:
        """'stored', 'no_lead' (nothing stored), 'refused' (4xx: a bug of ours), 'failed' (the API
        was unreachable every time) or 'off' (no API_URL / API_SERVICE_TOKEN). Never raises."""
        if not self.enabled:
            return "off"
        body: dict[str, object] = {"received_at": received_at.isoformat()}
        if opted_out is not None:
            body["opted_out"] = opted_out
        url = f"{self.api_url}/api/leads/by-conversation/{quote(conversation_id, safe='')}/whatsapp-inbound"
        headers = {"Authorization": f"Bearer {self.token}"}
        for attempt in range(1, self.attempts + 1):
            try:
                response = await self._http().post(url, json=body, headers=headers)
            except httpx.HTTPError as exc:
                problem = type(exc).__name__
            else:
                if response.status_code == 200:
                    return "stored"
                if response.status_code == 404:
                    return "no_lead"
                if response.status_code < 500 and response.status_code != 429:
                    # the detail may quote the input: only the status is logged
                    logger.error("whatsapp lead report refused by the API: HTTP %d", response.status_code)
                    return "refused"
                problem = f"HTTP {response.status_code}"
            if attempt < self.attempts:
                await asyncio.sleep(self.retry_base_seconds * 2 ** (attempt - 1))
        logger.warning("whatsapp lead report gave up after %d attempt(s): %s", self.attempts, problem)
        return "failed"
