"""The scheduler: claims due outbox rows, renders and sends them, records the outcome.

`python -m api.cli scheduler` runs it until SIGTERM/Ctrl-C; `--once` does one round (tests,
cron). Several may run at once (see api.outbox.queue). "Now" is injected, so tests move a fake
clock instead of sleeping. Logs name row ids, kinds and error codes: never a recipient or a text.
"""

from __future__ import annotations

import logging
import random
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

import api.models  # noqa: F401 - every mapper registered before the first query
from api.core.config import REPO_ROOT
from api.core.db import get_sessionmaker
from api.core.timeutil import utcnow
from api.notifications import mailer, whatsapp
from api.notifications.compose import compose
from api.notifications.texts import all_texts
from api.outbox import queue
from api.outbox.config import OutboxSettings, get_outbox_settings
from api.outbox.errors import SendFailed, Skip
from api.outbox.models import OutboxMessage

log = logging.getLogger("api.outbox")
HEARTBEAT = REPO_ROOT / "var" / "outbox-scheduler.heartbeat"


@dataclass
class Round:
    claimed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


class Scheduler:
    def __init__(
        self,
        sessions: sessionmaker[Session] | None = None,
        clock: Callable[[], datetime] = utcnow,
        settings: OutboxSettings | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.sessions = sessions or get_sessionmaker()
        self.clock = clock
        self.settings = settings or get_outbox_settings()
        self.rand = rand
        all_texts()  # a broken texts file stops the scheduler at start, not at the first send

    def run_once(self) -> Round:
        result = Round()
        with self.sessions() as session:
            token, ids = queue.claim(
                session, self.clock(), self.settings.outbox_lease_seconds, self.settings.outbox_batch_size
            )
        result.claimed = len(ids)
        for row_id in ids:
            result.count(self._process(row_id, token))
        if ids:
            log.info(
                "outbox round: %d claimed, %s", len(ids), ", ".join(f"{n} {k}" for k, n in result.outcomes.items())
            )
        return result

    def _process(self, row_id: int, token: str) -> str:
        now = self.clock()
        with self.sessions() as session:
            row = session.get(OutboxMessage, row_id)
            if row is None or row.claim_token != token:
                return "lost"  # erased meanwhile, or taken over after our lease ran out
            kind = row.kind
            try:
                message = compose(session, row, now)
                if isinstance(message, mailer.Mail) and not mailer.enabled():
                    raise Skip("e-mail is off (no SMTP_HOST)")
                session.commit()  # the message's short link exists before the message arrives
            except Skip as skip:
                session.rollback()
                queue.mark_cancelled(session, row_id, token, now, str(skip))
                log.info("outbox message %d (%s) not sent: %s", row_id, kind, skip)
                return "cancelled"
            except Exception as exc:  # a bug or a database hiccup: retried like a send failure
                session.rollback()
                log.exception("outbox message %d (%s) could not be prepared: %s", row_id, kind, type(exc).__name__)
                return queue.mark_failed(session, row, token, now, type(exc).__name__, False, self.settings, self.rand)
            try:
                if isinstance(message, mailer.Mail):
                    provider_id, via = (
                        mailer.send(message, f"outbox-{row_id}", self.settings.outbox_send_timeout_seconds),
                        "smtp",
                    )
                else:
                    sent = whatsapp.send(message, now, row.created_at - timedelta(minutes=1) if row.in_doubt else None)
                    provider_id, via = sent.sid, sent.via
            except Skip as skip:
                queue.mark_cancelled(session, row_id, token, now, str(skip))
                log.info("outbox message %d (%s) not sent: %s", row_id, kind, skip)
                return "cancelled"
            except SendFailed as failure:
                status = queue.mark_failed(
                    session, row, token, now, failure.reason, failure.permanent, self.settings, self.rand
                )
                level = logging.ERROR if status == "failed" else logging.WARNING
                what = "gave up" if status == "failed" else "will retry"
                log.log(
                    level, "outbox message %d (%s) attempt %d %s: %s", row_id, kind, row.attempts, what, failure.reason
                )
                return "failed" if status == "failed" else "retry"
            if not queue.mark_sent(session, row, token, self.clock(), provider_id, via):
                log.warning("outbox message %d (%s) sent, but its claim had passed to another scheduler", row_id, kind)
            log.info("outbox message %d (%s) sent by %s", row_id, kind, via)
            return "sent"

    def run(self, stop: threading.Event, heartbeat: Path | None = HEARTBEAT) -> None:
        log.info("outbox scheduler started (every %.0f s)", self.settings.outbox_poll_seconds)
        while not stop.is_set():
            try:
                result = self.run_once()
            except Exception as exc:  # noqa: BLE001 - the database may be away for a moment: keep going
                log.error("outbox round failed: %s", type(exc).__name__)
                result = Round()
            if heartbeat is not None:
                heartbeat.parent.mkdir(parents=True, exist_ok=True)
                heartbeat.touch()
            if result.claimed < self.settings.outbox_batch_size:
                stop.wait(self.settings.outbox_poll_seconds)
        log.info("outbox scheduler stopped")


def healthy(heartbeat: Path = HEARTBEAT) -> bool:
    """The loop has gone round recently (the container's health check)."""
    import time

    settings = get_outbox_settings()
    limit = 2 * settings.outbox_poll_seconds + settings.outbox_send_timeout_seconds * settings.outbox_batch_size
    return heartbeat.exists() and time.time() - heartbeat.stat().st_mtime < limit + 60


def status_line() -> str:
    """What `make run` prints: which channels the scheduler can use, and what to set otherwise."""
    settings = get_outbox_settings()
    email = "on" if mailer.enabled() else "off (set SMTP_HOST)"
    if not settings.whatsapp_enabled:
        whatsapp = "off (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM)"
    elif not settings.twilio_template_reminder_sid:
        whatsapp = "on, free text only (set TWILIO_TEMPLATE_*_SID for messages outside the 24-hour window)"
    else:
        whatsapp = "on"
    return f"Messages (outbox scheduler): e-mail {email}; WhatsApp {whatsapp}"


def main(once: bool = False) -> int:
    from api.core.logging import configure_logging

    configure_logging()
    # The twilio library logs requests with their form data (the number) at INFO.
    logging.getLogger("twilio").setLevel(logging.WARNING)
    scheduler = Scheduler()
    if once:
        scheduler.run_once()
        return 0
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    scheduler.run(stop)
    return 0
