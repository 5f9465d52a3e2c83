from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import MODES, ROLES, Adviser
from api.core.security import hash_password, verify_password

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> Adviser | None:
    return session.scalar(select(Adviser).where(Adviser.email == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> Adviser | None:
    adviser = find_by_email(session, email)
    ok = verify_password(adviser.password_hash if adviser else None, password)
    return adviser if ok and adviser and adviser.active else None


def upsert_adviser(
    session: Session,
    email: str,
    password: str,
    name: str | None = None,
    role: str | None = None,
    languages: Sequence[str] | None = None,
    locations: Sequence[str] | None = None,
    modes: Sequence[str] | None = None,
) -> tuple[Adviser, bool]:
    """Creates the account or updates it (password, and whatever else is given)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if role is not None and role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if modes is not None and set(modes) - set(MODES):
        raise ValueError(f"modes must be among {MODES}")
    email = normalise_email(email)
    if "@" not in email:
        raise ValueError("that is not an e-mail address")
    adviser = find_by_email(session, email)
    created = adviser is None
    if adviser is None:
        # In-person appointments need a place: offer them only once a location is known.
        default_modes = list(MODES) if locations else ["phone", "video"]
        adviser = Adviser(email=email, name=name or email.split("@")[0], role=role or "adviser", modes=default_modes)
        session.add(adviser)
    adviser.password_hash = hash_password(password)
    adviser.active = True
    if name:
        adviser.name = name
    if role:
        adviser.role = role
    if languages is not None:
        adviser.languages = list(languages)
    if locations is not None:
        adviser.locations = list(locations)
    if modes is not None:
        adviser.modes = list(modes)
    session.commit()
    return adviser, created


def set_active(session: Session, adviser: Adviser, active: bool) -> Adviser:
    """Deactivated advisers cannot log in and get no new bookings; their history stays."""
    adviser.active = active
    session.commit()
    return adviser


def reset_password(session: Session, adviser: Adviser, password: str) -> Adviser:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    adviser.password_hash = hash_password(password)
    session.commit()
    return adviser
