"""Short manage links: `{PUBLIC_BASE_URL}/a/<code>` instead of a 90-character token URL.

How unguessable is enough: a code opens one appointment page (view, move, cancel), like the long
token, so guessing one must be hopeless. A code is 10 symbols from a 56-symbol alphabet without
look-alikes (0/O, 1/l/I): 56**10 ~ 2**58 codes. Codes expire (SHORT_LINK_DAYS_AFTER after the
appointment), so at most some 10**4 are live at a time (a few per booking, bookings at most four
weeks ahead). One guess hits with probability 10**4 / 2**58 ~ 3.5e-14; even a million guesses a
second for a year (3e13) would hit with probability ~1 -- which is why misses are also rate
limited per client address (LINK_MAX_MISSES per LINK_MISS_WINDOW), keeping a patient attacker
with a thousand addresses below one hit in a million years. The long token (256 bits) keeps
working for the JSON API and old links.

Only a keyed hash of a code is stored (as for manage tokens), so a copy of the database opens
nothing. A message from the outbox carries a code derived from its row (HMAC with the pepper), so
a retried send shows the same link and the code itself is never written down.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.bookings.models import Booking
from api.core.config import get_settings
from api.core.ratelimit import FailureLimiter
from api.core.security import hash_manage_token
from api.core.timeutil import utcnow
from api.outbox.config import get_outbox_settings
from api.shortlinks.models import ShortLink

ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10
CODE_PATTERN = f"^[{ALPHABET}]{{{CODE_LENGTH}}}$"
LINK_MAX_MISSES = 30
LINK_MISS_WINDOW = 600
miss_limiter = FailureLimiter(LINK_MAX_MISSES, LINK_MISS_WINDOW, name="short-link-misses")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def derived_code(purpose: str) -> str:
    """The same unguessable code for the same purpose (e.g. one outbox message), never stored."""
    pepper = get_settings().manage_token_pepper.get_secret_value().encode()
    number = int.from_bytes(hmac.new(pepper, b"short-link:" + purpose.encode(), hashlib.sha256).digest(), "big")
    symbols = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "".join(symbols)


def short_url(code: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/a/{code}"


def link(session: Session, booking_id: int, code: str) -> str:
    """Stores the code's hash for the booking (once) and returns its URL. Joins the caller's
    transaction; commits nothing."""
    digest = hash_manage_token(code)
    if session.get(ShortLink, digest) is None:
        try:
            with session.begin_nested():
                session.add(ShortLink(code_hash=digest, booking_id=booking_id))
        except IntegrityError:
            pass  # a second sender stored the same derived code first
    return short_url(code)


def resolve(session: Session, code: str) -> Booking | None:
    """The booking a code opens while it is valid (until some days after the appointment)."""
    booking = session.scalar(
        select(Booking)
        .join(ShortLink, ShortLink.booking_id == Booking.id)
        .where(ShortLink.code_hash == hash_manage_token(code))
    )
    if booking is None:
        return None
    if booking.end_at + timedelta(days=get_outbox_settings().short_link_days_after) < utcnow():
        return None
    return booking
