"""Settings from the environment (and `.env` at the repository root)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=REPO_ROOT / ".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{REPO_ROOT / 'var' / 'leertdoor.sqlite3'}")
    api_port: int = 8000
    log_level: str = "INFO"
    rasa_port: int = 5005
    actions_port: int = 5055
    rasa_url: str | None = None
    actions_url: str | None = None
    public_base_url: str = "http://localhost:8000"
    # Landing page and widget (api/landing): Rasa's socket.io URL as browsers reach it (empty:
    # the page's host with RASA_PORT) and the WhatsApp number for click-to-chat (empty: no link).
    rasa_public_url: str = ""
    whatsapp_number: str = ""

    api_service_token: SecretStr = SecretStr("")
    auth_secret_key: SecretStr = SecretStr("")
    manage_token_pepper: SecretStr = SecretStr("")
    access_token_minutes: int = 30
    # Login back-off (api/advisers/login_guard.py): wrong passwords for one account from one
    # client before it slows down; from one client across accounts (and on one account across
    # clients) before those clients slow down; the first wait, doubled each time; and how long a
    # quiet client is remembered (the longest wait is half of it).
    login_max_failures: int = Field(default=5, ge=1)
    login_client_max_failures: int = Field(default=20, ge=1)
    login_backoff_seconds: int = Field(default=30, ge=1)
    login_window_seconds: int = Field(default=900, ge=2)

    # State that several API processes share (the login counts): Redis when REDIS_URL is set,
    # the database otherwise. Keys start with REDIS_KEY_PREFIX.
    redis_url: str = ""
    redis_key_prefix: str = "leertdoor:"
    # The proxies whose X-Forwarded-For/-Proto are believed (comma-separated addresses or CIDRs);
    # empty: the direct peer is the client. Applied by `python -m api.serve`.
    trusted_proxies: str = ""
    api_workers: int = Field(default=1, ge=1, le=64)
    # Largest request body for JSON endpoints; form posts (the portal, the login form) may use
    # four times as much. Larger bodies get 413 before they are read.
    max_body_bytes: int = Field(default=16_384, ge=1024)

    eligibility_rules_path: Path = REPO_ROOT / "api" / "eligibility" / "rules.yml"
    # The shared vocabulary; the bot and the actions read the file at this default place.
    vocabulary_path: Path = REPO_ROOT / "api" / "eligibility" / "vocabulary.yml"
    timezone: str = "Europe/Amsterdam"
    slot_minutes_default: int = 45
    buffer_minutes_default: int = 15
    booking_min_notice_working_days: int = 1
    booking_max_advance_days: int = 28
    retention_days: int = 365
    readiness_timeout_seconds: float = 2.0

    # Adviser portal (api/portal): browser sessions and Rasa's HTTP API for transcripts.
    rasa_auth_token: SecretStr = SecretStr("")
    portal_session_minutes: int = 480
    portal_default_language: str = "nl"
    transcript_timeout_seconds: float = 3.0

    # E-mail notifications (api/notifications): off while SMTP_HOST is empty.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "Leert Door <no-reply@localhost>"
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout_seconds: float = 10.0
    notify_leads_to: str = ""  # comma-separated; empty: the active admins

    @field_validator("database_url")
    @classmethod
    def _sqlalchemy_driver(cls, url: str) -> str:
        # Operators paste plain postgres URLs; SQLAlchemy needs the driver named.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for item in _split(value):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"TRUSTED_PROXIES: {item!r} is not an IP address or network (CIDR)") from None
        return value

    @property
    def trusted_proxy_list(self) -> list[str]:
        return _split(self.trusted_proxies)

    @property
    def max_form_bytes(self) -> int:
        return 4 * self.max_body_bytes

    @property
    def effective_rasa_url(self) -> str:
        return self.rasa_url or f"http://localhost:{self.rasa_port}"

    @property
    def effective_actions_url(self) -> str:
        return self.actions_url or f"http://localhost:{self.actions_port}"


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
