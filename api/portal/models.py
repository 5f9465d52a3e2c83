"""The portal's server-side session records: a cookie is only valid while its record exists, so
logging out (which deletes the record) ends the session for good, also for a copied cookie."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.timeutil import UTCDateTime, utcnow


class PortalSessionRecord(Base):
    __tablename__ = "portal_sessions"

    # SHA-256 of the session secret in the cookie: a copy of the database opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id", ondelete="CASCADE"), index=True)
    # Of the password hash at login: a password reset ends the sessions opened before it.
    fingerprint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
