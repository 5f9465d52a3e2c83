"""Browser sessions of the portal: a signed, expiring cookie (HttpOnly, SameSite=Strict, Secure
on https) that holds the adviser's id, a CSRF token and a fingerprint of the password hash, so a
password reset or deactivation ends every open session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.config import get_settings

COOKIE = "ld_portal_session"
PATH = "/advisers"


@dataclass(frozen=True)
class PortalSession:
    csrf: str
    adviser_id: int | None = None
    fingerprint: str | None = None
    fresh: bool = False  # made for this request: the cookie still has to be set


def _serializer() -> URLSafeTimedSerializer:
    secret = get_settings().auth_secret_key.get_secret_value()
    if not secret:
        raise RuntimeError("AUTH_SECRET_KEY is not set (make run writes one into .env)")
    return URLSafeTimedSerializer(secret, salt="adviser-portal-session")


def fingerprint(adviser: Adviser) -> str:
    return hashlib.sha256(adviser.password_hash.encode()).hexdigest()[:16]


def new_session(adviser: Adviser | None = None) -> PortalSession:
    return PortalSession(
        csrf=secrets.token_urlsafe(32),
        adviser_id=adviser.id if adviser else None,
        fingerprint=fingerprint(adviser) if adviser else None,
        fresh=True,
    )


def load(request: Request) -> PortalSession:
    """The request's session; a fresh anonymous one when the cookie is missing, forged or expired."""
    cached = getattr(request.state, "portal_session", None)
    if isinstance(cached, PortalSession):
        return cached
    raw = request.cookies.get(COOKIE)
    session = None
    if raw:
        try:
            data = _serializer().loads(raw, max_age=get_settings().portal_session_minutes * 60)
            session = PortalSession(
                csrf=str(data["c"]),
                adviser_id=int(data["a"]) if data.get("a") is not None else None,
                fingerprint=data.get("f"),
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            session = None
    if session is None:
        session = new_session()
    request.state.portal_session = session
    return session


def store(request: Request, session: PortalSession) -> None:
    request.state.portal_session = replace(session, fresh=True)


def write_cookie(request: Request, response: Response) -> None:
    """Sets the cookie when the session was made or changed during this request."""
    session = getattr(request.state, "portal_session", None)
    if not isinstance(session, PortalSession) or not session.fresh:
        return
    value = _serializer().dumps({"c": session.csrf, "a": session.adviser_id, "f": session.fingerprint})
    response.set_cookie(
        COOKIE,
        value,
        max_age=get_settings().portal_session_minutes * 60,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=get_settings().public_base_url.startswith("https://"),
    )


def current_adviser(request: Request, db: Session) -> Adviser | None:
    session = load(request)
    if session.adviser_id is None:
        return None
    adviser = db.get(Adviser, session.adviser_id)
    if adviser is None or not adviser.active or session.fingerprint != fingerprint(adviser):
        return None
    return adviser


def csrf_ok(request: Request, token: object) -> bool:
    return isinstance(token, str) and hmac.compare_digest(token.encode(), load(request).csrf.encode())
