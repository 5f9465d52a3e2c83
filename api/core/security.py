"""Passwords, adviser bearer tokens, the service token and manage tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.core.config import get_settings
from api.core.timeutil import utcnow

_hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown keeps the timing of a failed login the same.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
JWT_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _secret() -> str:
    secret = get_settings().auth_secret_key.get_secret_value()
    if not secret:
        raise RuntimeError("AUTH_SECRET_KEY is not set (make run writes one into .env)")
    return secret


def create_access_token(adviser_id: int, role: str) -> tuple[str, int]:
    minutes = get_settings().access_token_minutes
    now = utcnow()
    claims = {"sub": str(adviser_id), "role": role, "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, _secret(), algorithm=JWT_ALGORITHM), minutes * 60


def decode_access_token(token: str) -> dict[str, Any] | None:
    try:
        claims: dict[str, Any] = jwt.decode(
            token, _secret(), algorithms=[JWT_ALGORITHM], options={"require": ["exp", "sub"]}
        )
        return claims
    except jwt.PyJWTError:
        return None


def is_service_token(token: str) -> bool:
    expected = get_settings().api_service_token.get_secret_value()
    return bool(expected) and hmac.compare_digest(token.encode(), expected.encode())


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


def hash_manage_token(token: str) -> str:
    """Only a keyed hash is stored, so a copy of the database cannot manage bookings."""
    pepper = get_settings().manage_token_pepper.get_secret_value().encode()
    return hmac.new(pepper, token.encode(), hashlib.sha256).hexdigest()


def pseudonymise(value: str) -> str:
    """Stable keyed hash for counting things (conversation starts) without keeping the value."""
    return hmac.new(_secret().encode(), value.encode(), hashlib.sha256).hexdigest()
