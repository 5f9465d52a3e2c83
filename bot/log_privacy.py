"""Logs of the Rasa server and the action server without residents' personal data.

What residents write is personal data (names, phone numbers, e-mail addresses, their work), and
a WhatsApp conversation id is a phone number. Logs are kept longer than a conversation that was
erased, so nothing of it may be written there:

- Rasa's structured log events carry message texts, slot values, entities and trackers in known
  keys (`rasa.utils.log_utils._anonymizer` lists them; Rasa Pro would anonymise them, Rasa Open
  Source passes them through): their values are replaced by "[redacted]". A failed message made
  Rasa log it whole (the REST channel's "rest.message.received.failure"); our channels log only
  the kind of failure.
- Tracebacks in JSON logs no longer list each frame's local variables (structlog's default
  shows them, and they hold the message and the tracker).
- Every log record of any library is masked as a second line of defence: e-mail addresses,
  phone numbers and WhatsApp ids in the message and in the exception text.
- httpx logs whole request URLs, which hold conversation ids: warnings only. Sanic's access log
  (paths with conversation ids, Rasa's token in the query) is off.

`install()` is called by the entry points (bot.serve for Rasa, bot.action_server) before any
logging is configured.
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# also URL-encoded (whatsapp%3A%2B316...), as in a request URL that holds the conversation id
WHATSAPP = re.compile(r"whatsapp(?::|%3A)\s*(?:\+|%2B)?\d[\d ]{5,}", re.I)
# Phone numbers as residents write them: +31 6 1234 5678, 0031612345678, 06-12345678, 070 123 4567
PHONE = re.compile(r"(?<![\w.])(?:\+|00)\d{2}(?:[ -]?\d){8,11}(?![\w.])|(?<![\w.])0(?:[ -]?\d){9}(?![\w.])")
# Rasa's structured-log keys that carry what a resident wrote or what the bot knows about them.
REDACTED_KEYS = (
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
    "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
    "json_message", "sender_id", "conversation_id", "tracker", "events", "slots", "metadata",
)  # fmt: skip


def redact(text: str) -> str:
    return PHONE.sub("[phone]", WHATSAPP.sub("whatsapp:[phone]", EMAIL.sub("[email]", text)))


def _redact_event(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    for key in REDACTED_KEYS:
        if key in event_dict and event_dict[key] is not None:
            event_dict[key] = "[redacted]"
    return event_dict


def _mask_records() -> None:
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_personal_data", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record: keep it as the library made it
            return record
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return record

    factory.masks_personal_data = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def _quiet_structlog() -> None:
    """Rasa configures structlog later (rasa.utils.log_utils.configure_structlog); the names it
    looks up then are replaced now."""
    try:
        import structlog
        from rasa.utils import log_utils
    except ImportError:  # the action server has no Rasa
        return
    log_utils._anonymizer = _redact_event
    structlog.processors.dict_tracebacks = structlog.processors.ExceptionRenderer(
        structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
    )

    class PlainConsoleRenderer(log_utils.HumanConsoleRenderer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("exception_formatter", structlog.dev.plain_traceback)
            super().__init__(*args, **kwargs)

    log_utils.HumanConsoleRenderer = PlainConsoleRenderer


def install() -> None:
    """Idempotent."""
    _mask_records()
    _quiet_structlog()
    for name in ("httpx", "httpcore", "aiohttp.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
    os.environ["SANIC_ACCESS_LOG"] = "False"
