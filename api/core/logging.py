"""Logging that never carries residents' personal data.

Access logs name the route template (`/api/leads/by-conversation/{conversation_id}`), never the
concrete path: WhatsApp conversation ids are phone numbers and manage tokens are secrets. A
filter on the one handler masks what looks like personal data in every line that reaches it,
as a second line of defence: the message, the text of exceptions and their tracebacks (a
database error carries the offending row or key, a validation error the input), and warnings.
SQL parameters are never logged (`hide_parameters` on the engine, see api/core/db.py).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from api.core.config import get_settings

EMAIL = re.compile(r"[\w.+%-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
# Phone numbers as residents write them: +31 6 1234 5678, 0031612345678, 06-12345678, 070 123 4567;
# also URL-encoded (%2B31612345678) as in a path that holds a WhatsApp id.
PHONE = re.compile(
    r"(?<![\w.])(?:\+|00)\d{2}(?:[ -]?\d){8,11}(?![\w.])"
    r"|%2B\d{8,15}(?!\d)"
    r"|(?<![\w.])0(?:[ -]?\d){9}(?![\w.])"
)
WHATSAPP = re.compile(r"whatsapp(?::|%3A)[^\s'\",)\]}]+", re.IGNORECASE)
# Values that databases and validators quote in their error messages.
ERROR_VALUES = (
    # PostgreSQL: Key (conversation_id)=(whatsapp:+316...) already exists.
    (re.compile(r"(Key \([^)]*\)=\().*?(\)(?: already exists| is not present| conflicts with|\.?$))", re.M), r"\1…\2"),
    (re.compile(r"(Failing row contains \().*(\)\.?)$", re.M), r"\1…\2"),
    (re.compile(r'(invalid input (?:syntax|value) for [^:]*: )".*?"(?=$|\n)', re.M), r'\1"…"'),
    # SQLAlchemy, when an engine is made without hide_parameters
    (re.compile(r"\[parameters: .*?\](?=\s*(?:\(|$))", re.M | re.S), "[parameters hidden]"),
    # pydantic: ... [type=value_error, input_value='marieke', input_type=str]
    (re.compile(r"input_value=.*?, input_type="), "input_value=…, input_type="),
    (re.compile(r"""'input': (?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\{[^{}]*\}|\[[^\[\]]*\]|[^,}]+)"""), "'input': …"),
)


def redact(text: str) -> str:
    for pattern, replacement in ERROR_VALUES:
        text = pattern.sub(replacement, text)
    text = WHATSAPP.sub("whatsapp:[id]", text)
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


_traceback_formatter = logging.Formatter()


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        # The formatter prints exc_text when it is set: set it to the masked traceback.
        if record.exc_info and not record.exc_text:
            record.exc_text = _traceback_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
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
    # Warnings (a library's, SQLAlchemy's) go through the same filter.
    logging.captureWarnings(True)
    # Not even with LOG_LEVEL=DEBUG: SQLAlchemy logs result rows at DEBUG (personal data).
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
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
