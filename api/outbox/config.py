"""Settings of the outbox, the scheduler and the resident channels (environment or `.env`).

Kept apart from api.core.config because only the scheduler reads most of them; the names are the
environment variables in the README's table.
"""

from __future__ import annotations

import re
from datetime import time
from functools import lru_cache

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.core.config import REPO_ROOT

TWILIO_API = "https://api.twilio.com"
CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")
TEMPLATE_KINDS = ("reminder", "moved", "cancelled")


class OutboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=REPO_ROOT / ".env", env_file_encoding="utf-8", extra="ignore")

    # When residents are reminded. The day-before reminder goes at this Amsterdam wall-clock time
    # ("" switches it off); the second one this many hours before the start (0 switches it off).
    reminder_day_before_at: str = "18:00"
    reminder_hours_before: float = Field(default=2.0, ge=0, le=24)

    # The scheduler: how often it looks, how much it takes at once, how long a claim holds.
    outbox_poll_seconds: float = Field(default=15.0, gt=0)
    outbox_batch_size: int = Field(default=20, ge=1, le=500)
    outbox_lease_seconds: int = Field(default=300, ge=30)
    outbox_max_attempts: int = Field(default=8, ge=1, le=50)
    outbox_retry_base_seconds: float = Field(default=60.0, gt=0)
    outbox_retry_max_seconds: float = Field(default=3600.0, gt=0)
    outbox_send_timeout_seconds: float = Field(default=20.0, gt=0)
    # How long a short manage link keeps working after the appointment's end.
    short_link_days_after: int = Field(default=14, ge=1)

    # WhatsApp through Twilio (the same account as the bot's channel). Outside WhatsApp's 24-hour
    # window only pre-approved templates (Content API, "HX..." SIDs) may be sent; *_EN is the
    # English version of a template (empty: the Dutch one is used).
    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr = SecretStr("")
    twilio_whatsapp_from: str = ""
    twilio_messaging_service_sid: str = ""
    twilio_api_base_url: str = TWILIO_API
    twilio_template_reminder_sid: str = ""
    twilio_template_reminder_sid_en: str = ""
    twilio_template_moved_sid: str = ""
    twilio_template_moved_sid_en: str = ""
    twilio_template_cancelled_sid: str = ""
    twilio_template_cancelled_sid_en: str = ""

    @field_validator("reminder_day_before_at")
    @classmethod
    def _wall_clock(cls, value: str) -> str:
        value = value.strip()
        if value:
            time.fromisoformat(value)  # "18:00"; a ValueError names the setting at start
        return value

    @field_validator(*(f"twilio_template_{k}_sid{s}" for k in TEMPLATE_KINDS for s in ("", "_en")))
    @classmethod
    def _content_sid(cls, value: str) -> str:
        value = value.strip()
        if value and not CONTENT_SID.match(value):
            raise ValueError("a Twilio Content template SID looks like HX followed by 32 hex digits")
        return value

    @field_validator("twilio_whatsapp_from")
    @classmethod
    def _whatsapp_address(cls, value: str) -> str:
        value = value.strip()
        return value if not value or value.startswith("whatsapp:") else "whatsapp:" + value

    @model_validator(mode="after")
    def _send_fits_in_lease(self) -> OutboxSettings:
        # A sender that is still working must never lose its claim to another scheduler.
        if self.outbox_send_timeout_seconds * 3 > self.outbox_lease_seconds:
            raise ValueError("OUTBOX_LEASE_SECONDS must be at least three times OUTBOX_SEND_TIMEOUT_SECONDS")
        return self

    @property
    def day_before_time(self) -> time | None:
        return time.fromisoformat(self.reminder_day_before_at) if self.reminder_day_before_at else None

    @property
    def whatsapp_enabled(self) -> bool:
        sender = self.twilio_whatsapp_from or self.twilio_messaging_service_sid
        return bool(self.twilio_account_sid and self.twilio_auth_token.get_secret_value() and sender)

    def template_sid(self, kind: str, language: str) -> str:
        base: str = getattr(self, f"twilio_template_{kind}_sid")
        if language == "en":
            return getattr(self, f"twilio_template_{kind}_sid_en") or base
        return base


@lru_cache
def get_outbox_settings() -> OutboxSettings:
    return OutboxSettings()
