"""Browser sessions of the portal.

The cookie (signed, expiring, HttpOnly, SameSite=Strict, Secure on https) carries a CSRF token
and, once logged in, a random session secret. The secret only works while its record in
`portal_sessions` exists and has not expired, the adviser is active and the password has not been
changed since: logging out deletes the record, so the old cookie is refused from then on.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.config import get_settings
from api.core.db import get_sessionmaker
from api.core.timeutil import utcnow
from api.portal.models import PortalSessionRecord

COOKIE = "ld_portal_session"
PATH = "/advisers"


@dataclass(frozen=True)
class PortalSession:
    csrf: str
    secret: str | None = None  # the logged-in session's secret; None before login
    fresh: bool = False  # made or changed during this request: the cookie has to be set


def _serializer() -> URLSafeTimedSerializer:
    secret = get_settings().auth_secret_key.get_secret_value()
    if not secret:
        raise RuntimeError("AUTH_SECRET_KEY is not set (make run writes one into .env)")
    return URLSafeTimedSerializer(secret, salt="adviser-portal-session")


def _lifetime() -> timedelta:
    return timedelta(minutes=get_settings().portal_session_minutes)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def fingerprint(adviser: Adviser) -> str:
    return hashlib.sha256(adviser.password_hash.encode()).hexdigest()[:16]


def anonymous() -> PortalSession:
    return PortalSession(csrf=secrets.token_urlsafe(32), fresh=True)


def load(request: Request) -> PortalSession:
    """The request's session; a fresh anonymous one when the cookie is missing, forged or expired."""
    cached = getattr(request.state, "portal_session", None)
    if isinstance(cached, PortalSession):
        return cached
    raw = request.cookies.get(COOKIE)
    session = None
    if raw:
        try:
            data = _serializer().loads(raw, max_age=int(_lifetime().total_seconds()))
            session = PortalSession(csrf=str(data["c"]), secret=str(data["s"]) if data.get("s") else None)
        except (BadSignature, KeyError, TypeError, ValueError):
            session = None
    if session is None:
        session = anonymous()
    request.state.portal_session = session
    return session


def _store(request: Request, session: PortalSession) -> None:
    request.state.portal_session = replace(session, fresh=True)


def log_in(request: Request, adviser: Adviser) -> None:
    """A new session (new secret, new CSRF token) with its record; expired records are cleared.
    Written in a short session of its own: the login request itself only reads (its counts of
    wrong passwords are written meanwhile, see api/advisers/login_guard.py)."""
    now = utcnow()
    secret = secrets.token_urlsafe(32)
    with get_sessionmaker()() as db:
        db.execute(delete(PortalSessionRecord).where(PortalSessionRecord.expires_at <= now))
        db.add(
            PortalSessionRecord(
                token_hash=_hash(secret),
                adviser_id=adviser.id,
                fingerprint=fingerprint(adviser),
                created_at=now,
                expires_at=now + _lifetime(),
            )
        )
        db.commit()
    _store(request, PortalSession(csrf=secrets.token_urlsafe(32), secret=secret))


def log_out(request: Request, db: Session) -> None:
    """Deletes the session's record: the cookie, and any copy of it, opens nothing any more."""
    session = load(request)
    if session.secret:
        db.execute(delete(PortalSessionRecord).where(PortalSessionRecord.token_hash == _hash(session.secret)))
        db.commit()
    _store(request, anonymous())


def write_cookie(request: Request, response: Response) -> None:
    """Sets the cookie when the session was made or changed during this request."""
    session = getattr(request.state, "portal_session", None)
    if not isinstance(session, PortalSession) or not session.fresh:
        return
    value = _serializer().dumps({"c": session.csrf, "s": session.secret})
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(_lifetime().total_seconds()),
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=get_settings().public_base_url.startswith("https://"),
    )


def current_adviser(request: Request, db: Session) -> Adviser | None:
    session = load(request)
    if not session.secret:
        return None
    record = db.get(PortalSessionRecord, _hash(session.secret))
    if record is None or record.expires_at <= utcnow():
        return None
    adviser = db.get(Adviser, record.adviser_id)
    if adviser is None or not adviser.active or not hmac.compare_digest(record.fingerprint, fingerprint(adviser)):
        return None
    return adviser


def csrf_ok(request: Request, token: object) -> bool:
    return isinstance(token, str) and hmac.compare_digest(token.encode(), load(request).csrf.encode())
