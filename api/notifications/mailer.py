"""Sends e-mail over SMTP on a background thread, so no request waits for the mail server."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from api.core.config import get_settings

log = logging.getLogger("api.notifications")
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail")
_pending: set[Future[None]] = set()


@dataclass(frozen=True)
class Mail:
    kind: str  # what it is about, for the log ("booking", "lead"); never personal data
    to: tuple[str, ...]
    subject: str
    body: str


def enabled() -> bool:
    return bool(get_settings().smtp_host)


def _message(mail: Mail) -> EmailMessage:
    settings = get_settings()
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = ", ".join(mail.to)
    msg["Subject"] = mail.subject
    msg["Message-ID"] = make_msgid(domain="leertdoor.local")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(mail.body)
    return msg


def _send_now(mail: Mail) -> None:
    settings = get_settings()
    try:
        smtp_class = smtplib.SMTP_SSL if settings.smtp_ssl else smtplib.SMTP
        with smtp_class(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
            if settings.smtp_starttls and not settings.smtp_ssl:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(_message(mail))
        log.info("notification sent: %s to %d recipient(s)", mail.kind, len(mail.to))
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("notification not sent: %s (%s)", mail.kind, type(exc).__name__)


def send_later(mails: Sequence[Mail]) -> None:
    """Queues the mails; returns at once. Without SMTP_HOST notifications are off (and logged so)."""
    for mail in mails:
        if not mail.to:
            log.info("notification skipped: %s has no recipient", mail.kind)
            continue
        if not enabled():
            log.info("notifications are off (no SMTP_HOST): %s not sent", mail.kind)
            continue
        future = _executor.submit(_send_now, mail)
        _pending.add(future)
        future.add_done_callback(_pending.discard)


def wait_sent(timeout: float = 10.0) -> None:
    """Waits for queued mails (tests, shutdown)."""
    wait(list(_pending), timeout=timeout)
