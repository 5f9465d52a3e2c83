"""Sending through Twilio's Messages API with the twilio library's asyncio client (no blocking
of Rasa's event loop), bounded retries with back-off on 5xx, 429, time-outs and connection
errors, and logs that carry no personal data (never the number, the text or Twilio's error
message, which can quote the number: only HTTP status, Twilio error code and our reference).

TWILIO_API_BASE_URL points the client somewhere else than https://api.twilio.com (tests use a
local stand-in): twilio 8 has no base-URL setting, so the HTTP client rewrites the URL.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from typing import Any

import aiohttp
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.channels.whatsapp_config import TWILIO_API, WhatsAppConfig

logger = logging.getLogger("bot.channels.whatsapp")
# The twilio library logs request URLs and headers at INFO: keep it quiet.
_http_logger = logging.getLogger("bot.channels.whatsapp.twilio_http")
_http_logger.setLevel(logging.WARNING)


class _RewritingHttpClient(AsyncTwilioHttpClient):
    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(pool_connections=True, timeout=timeout, logger=_http_logger)
        self.base_url = base_url.rstrip("/")

    async def request(
        self,
        method: str,
        url: str,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        auth: Any = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Any:
        if self.base_url != TWILIO_API and url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        # the library's async client ignores the constructor's timeout: apply it here
        timeout = self.timeout if timeout is None else timeout
        return await super().request(method, url, params, data, headers, auth, timeout, allow_redirects)


@dataclass
class SendResult:
    ok: bool
    sid: str | None = None
    status: str | None = None
    attempts: int = 0
    error: str = ""  # "http 500", "twilio 63016 (http 400)", "timeout", "ClientConnectorError"


class TwilioSender:
    def __init__(self, config: WhatsAppConfig) -> None:
        self.config = config
        self._http: _RewritingHttpClient | None = None
        self._client: Client | None = None

    def _get_client(self) -> Client:
        # created lazily inside the running event loop (aiohttp's session belongs to one loop)
        if self._client is None:
            self._http = _RewritingHttpClient(self.config.api_base_url, self.config.send_timeout)
            self._client = Client(self.config.account_sid, self.config.auth_token, http_client=self._http)
        return self._client

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
        self._http = self._client = None

    async def send(self, to: str, body: str, ref: str) -> SendResult:
        """Sends one message; never raises. `ref` (MessageSid of the resident's message and part
        number) is what the logs show."""
        cfg = self.config
        attempts = cfg.send_attempts
        error = ""
        for attempt in range(1, attempts + 1):
            try:
                kwargs = {"to": to, "from_": cfg.whatsapp_from, "body": body}
                if cfg.status_url:
                    kwargs["status_callback"] = cfg.status_url
                msg = await asyncio.wait_for(self._get_client().messages.create_async(**kwargs), cfg.send_timeout + 5)
                if attempt > 1:
                    logger.info("whatsapp reply %s sent on attempt %d", ref, attempt)
                return SendResult(True, msg.sid, msg.status, attempt)
            except TwilioRestException as exc:
                status = int(exc.status or 0)
                error = f"twilio {exc.code} (http {status})" if exc.code else f"http {status}"
                if status != 429 and status < 500:
                    logger.error("whatsapp reply %s not sent, permanent failure: %s", ref, error)
                    return SendResult(False, attempts=attempt, error=error)
            except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:
                error = "timeout" if isinstance(exc, asyncio.TimeoutError) else type(exc).__name__
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # anything else: do not retry, do not raise  # noqa: BLE001
                error = type(exc).__name__
                logger.error("whatsapp reply %s not sent: %s", ref, error)
                return SendResult(False, attempts=attempt, error=error)
            if attempt < attempts:
                delay = cfg.retry_base_seconds * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
                logger.warning("whatsapp reply %s: %s, retry %d/%d in %.1fs", ref, error, attempt, attempts - 1, delay)
                await asyncio.sleep(delay)
        logger.error("whatsapp reply %s not sent after %d attempts: %s", ref, attempts, error)
        return SendResult(False, attempts=attempts, error=error)
