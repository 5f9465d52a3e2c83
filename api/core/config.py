"""Settings from the environment (and `.env` at the repository root)."""

from __future__ import annotations

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
    login_max_failures: int = 5
    login_window_seconds: int = 900

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

    @property
    def effective_rasa_url(self) -> str:
        return self.rasa_url or f"http://localhost:{self.rasa_port}"

    @property
    def effective_actions_url(self) -> str:
        return self.actions_url or f"http://localhost:{self.actions_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
