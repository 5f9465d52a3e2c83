"""Sends one e-mail over SMTP (called by the outbox scheduler, never inside a request).

SMTP has no idempotency key, so the Message-ID is one: it is derived from the outbox row, and a
message sent again after a crash in the middle of a send (the server took it but we never heard
"250") carries the same Message-ID, which mail systems use to drop the duplicate.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr

from api.core.config import get_settings
from api.outbox.errors import SendFailed


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def enabled() -> bool:
    return bool(get_settings().smtp_host)


def message_id(reference: str) -> str:
    domain = parseaddr(get_settings().smtp_from)[1].rpartition("@")[2] or "leertdoor.local"
    return f"<{reference}@{domain}>"


def build(mail: Mail, reference: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = get_settings().smtp_from
    msg["To"] = ", ".join(mail.to)
    msg["Subject"] = mail.subject
    msg["Message-ID"] = message_id(reference)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(mail.body)
    for a in mail.attachments:
        msg.add_attachment(a.content, maintype=a.maintype, subtype=a.subtype, filename=a.filename, params=a.params)
    return msg


def send(mail: Mail, reference: str, timeout: float) -> str:
    """Sends and returns the Message-ID; raises SendFailed (permanent for a 5xx answer)."""
    settings = get_settings()
    msg = build(mail, reference)
    try:
        smtp_class = smtplib.SMTP_SSL if settings.smtp_ssl else smtplib.SMTP
        with smtp_class(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            if settings.smtp_starttls and not settings.smtp_ssl:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            refused = smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = sorted({code for code, _ in exc.recipients.values()})  # the dict's keys are addresses
        raise SendFailed(f"smtp recipients refused {codes}", permanent=all(c >= 500 for c in codes)) from None
    except smtplib.SMTPResponseException as exc:
        raise SendFailed(f"smtp {exc.smtp_code}", permanent=exc.smtp_code >= 500) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(type(exc).__name__) from None
    if refused:
        # Some recipients (several admins) refused: those that took it must not get it twice.
        codes = sorted({code for code, _ in refused.values()})
        return f"{msg['Message-ID']} (partly refused {codes})"
    return str(msg["Message-ID"])
