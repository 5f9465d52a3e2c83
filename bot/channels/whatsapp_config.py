"""WhatsApp channel settings from the environment (standard library only: the `make run` status
line imports this without Rasa).

  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN   Twilio account (the token also checks webhook signatures)
  TWILIO_WHATSAPP_FROM                    our sender, e.g. whatsapp:+14155238886
                                          (TWILIO_WHATSAPP_NUMBER is accepted too)
  WHATSAPP_PUBLIC_URL                     the public URL Twilio calls: the webhook URL itself
                                          (https://host/webhooks/whatsapp/webhook) or the
                                          server's public base URL (https://host);
                                          PUBLIC_WEBHOOK_BASE_URL is accepted as the base URL
  TWILIO_API_BASE_URL                     default https://api.twilio.com (tests: a local stand-in)
  WHATSAPP_DB_PATH                        default var/whatsapp.db (dedupe, opt-outs, statuses)
  WHATSAPP_SEND_ATTEMPTS                  default 4 (first try + 3 retries on 5xx/429/time-out)
  WHATSAPP_SEND_TIMEOUT                   seconds per REST call, default 10
  WHATSAPP_RETRY_BASE_SECONDS             first back-off, doubled per retry, default 0.5
  API_URL, API_SERVICE_TOKEN              the API (default http://localhost:$API_PORT), told of each
                                          resident message (the lead's last message and STOP/START,
                                          bot/channels/whatsapp_leads.py); no token: not told
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

WEBHOOK_PATH = "/webhooks/whatsapp/webhook"
STATUS_PATH = "/webhooks/whatsapp/status"
TWILIO_API = "https://api.twilio.com"


def _first(*values: str | None) -> str:
    for v in values:
        if v is not None and str(v).strip():
            return str(v).strip()
    return ""


def _base_url(public: str) -> str:
    """'https://h/webhooks/whatsapp/webhook', 'https://h/webhooks/whatsapp' or 'https://h'
    -> 'https://h/webhooks/whatsapp'."""
    p = public.rstrip("/")
    if p.endswith(WEBHOOK_PATH):
        return p[: -len("/webhook")]
    if p.endswith("/webhooks/whatsapp"):
        return p
    return p + "/webhooks/whatsapp"


def _sender(value: str) -> str:
    if value and not value.startswith("whatsapp:"):
        return "whatsapp:" + value
    return value


@dataclass(frozen=True)
class WhatsAppConfig:
    account_sid: str = ""
    auth_token: str = field(default="", repr=False)
    whatsapp_from: str = ""
    public_url: str = ""
    api_base_url: str = TWILIO_API
    db_path: str = "var/whatsapp.db"
    send_attempts: int = 4
    send_timeout: float = 10.0
    retry_base_seconds: float = 0.5
    api_url: str = ""
    api_token: str = field(default="", repr=False)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
    ) -> WhatsAppConfig:
        e = os.environ if env is None else env
        o = {k: v for k, v in (overrides or {}).items() if v not in (None, "")}
        public = _first(o.get("public_url"), e.get("WHATSAPP_PUBLIC_URL"), e.get("PUBLIC_WEBHOOK_BASE_URL"))
        return cls(
            account_sid=_first(o.get("account_sid"), e.get("TWILIO_ACCOUNT_SID")),
            auth_token=_first(o.get("auth_token"), e.get("TWILIO_AUTH_TOKEN")),
            whatsapp_from=_sender(
                _first(o.get("whatsapp_from"), e.get("TWILIO_WHATSAPP_FROM"), e.get("TWILIO_WHATSAPP_NUMBER"))
            ),
            public_url=public,
            api_base_url=_first(o.get("api_base_url"), e.get("TWILIO_API_BASE_URL"), TWILIO_API).rstrip("/"),
            db_path=_first(o.get("db_path"), e.get("WHATSAPP_DB_PATH"), "var/whatsapp.db"),
            send_attempts=max(1, int(_first(str(o.get("send_attempts") or ""), e.get("WHATSAPP_SEND_ATTEMPTS"), "4"))),
            send_timeout=float(_first(str(o.get("send_timeout") or ""), e.get("WHATSAPP_SEND_TIMEOUT"), "10")),
            retry_base_seconds=float(
                _first(str(o.get("retry_base_seconds") or ""), e.get("WHATSAPP_RETRY_BASE_SECONDS"), "0.5")
            ),
            api_url=_first(
                o.get("api_url"), e.get("API_URL"), f"http://localhost:{_first(e.get('API_PORT'), '8000')}"
            ).rstrip("/"),
            api_token=_first(o.get("api_token"), e.get("API_SERVICE_TOKEN")),
        )

    def missing(self) -> list[str]:
        out = []
        if not self.account_sid:
            out.append("TWILIO_ACCOUNT_SID")
        if not self.auth_token:
            out.append("TWILIO_AUTH_TOKEN")
        if not self.whatsapp_from:
            out.append("TWILIO_WHATSAPP_FROM")
        if not self.public_url:
            out.append("WHATSAPP_PUBLIC_URL")
        return out

    @property
    def enabled(self) -> bool:
        return not self.missing()

    @property
    def webhook_url(self) -> str:
        return _base_url(self.public_url) + "/webhook" if self.public_url else ""

    @property
    def status_url(self) -> str:
        return _base_url(self.public_url) + "/status" if self.public_url else ""

    def status_line(self) -> str:
        if self.enabled:
            api = "" if self.api_base_url == TWILIO_API else f", Twilio API at {self.api_base_url}"
            leads = "" if self.api_url and self.api_token else "; leads not told of messages (set API_SERVICE_TOKEN)"
            return f"WhatsApp: on (from {self.whatsapp_from}, webhook {self.webhook_url}{api}){leads}"
        return "WhatsApp: off (set " + ", ".join(self.missing()) + ")"
