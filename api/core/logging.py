"""Logging that never carries residents' personal data.

Access logs name the route template (`/api/leads/by-conversation/{conversation_id}`), never the
concrete path: WhatsApp conversation ids are phone numbers and manage tokens are secrets. A
filter also masks e-mail addresses and phone numbers in any message, as a second line of defence.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from api.core.config import get_settings

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Phone numbers as residents write them: +31 6 1234 5678, 0031612345678, 06-12345678, 070 123 4567
PHONE = re.compile(r"(?<![\w.])(?:\+|00)\d{2}(?:[ -]?\d){8,11}(?![\w.])|(?<![\w.])0(?:[ -]?\d){9}(?![\w.])")


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = PHONE.sub("[phone]", EMAIL.sub("[email]", message))
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def configure_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactPersonalData())
    root = logging.getLogger()
    if not any(isinstance(f, RedactPersonalData) for h in root.handlers for f in h.filters):
        root.addHandler(handler)
    root.setLevel(get_settings().log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    # httpx logs whole URLs, which can hold a conversation id (a WhatsApp number).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # psycopg warns when a refused insert (a taken slot: an expected 409) ends its pipeline.
    logging.getLogger("psycopg").setLevel(logging.ERROR)


access_log = logging.getLogger("api.access")


async def log_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    started = time.perf_counter()
    response = await call_next(request)
    route = request.scope.get("route")
    path = getattr(route, "path", None) or "(unmatched)"
    access_log.info(
        "%s %s %s %.1fms",
        request.method,
        path,
        response.status_code,
        (time.perf_counter() - started) * 1000,
    )
    return response
