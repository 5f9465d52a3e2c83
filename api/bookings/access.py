"""Loading an appointment for an adviser, in one place for the JSON API and the portal's pages.

Two loaders:
- `booking_loader`: for the outcome (attended / no show): the appointment's own adviser, or an
  administrator. Another adviser's appointment does not exist for them (404).
- `changeable_booking_loader`: for cancelling and moving: also the adviser who holds the lead
  (its owner) may do it. Every adviser sees every lead and its appointment, so anyone else is
  told why not (403) rather than "not found".
"""

# No `from __future__ import annotations`: FastAPI reads the loaders' annotations at run time,
# and `Depends(who)` names a variable of the enclosing function.

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Path

from api.advisers.auth import SessionDep
from api.advisers.models import Adviser
from api.bookings.models import Booking
from api.core.db import get_row
from api.core.errors import Forbidden, NotFound
from api.leads.models import Lead


def booking_loader(who: Callable[..., Adviser]) -> Callable[..., Booking]:
    def load_booking(
        booking_id: Annotated[int, Path()], session: SessionDep, adviser: Annotated[Adviser, Depends(who)]
    ) -> Booking:
        booking = get_row(session, Booking, booking_id)
        if booking is None or (booking.adviser_id != adviser.id and adviser.role != "admin"):
            raise NotFound("No such appointment.", text_key="agenda.not_found")
        return booking

    return load_booking


def may_change(booking: Booking, lead: Lead | None, adviser: Adviser) -> bool:
    """Who may cancel or move an appointment: its adviser, the lead's owner, an administrator."""
    return (
        adviser.role == "admin"
        or booking.adviser_id == adviser.id
        or (lead is not None and lead.owner_id == adviser.id)
    )


def changeable_booking_loader(who: Callable[..., Adviser]) -> Callable[..., Booking]:
    def load_changeable_booking(
        booking_id: Annotated[int, Path()], session: SessionDep, adviser: Annotated[Adviser, Depends(who)]
    ) -> Booking:
        booking = get_row(session, Booking, booking_id)
        if booking is None:
            raise NotFound("No such appointment.", text_key="agenda.not_found")
        if not may_change(booking, booking.lead, adviser):
            raise Forbidden(
                "Only the appointment's adviser, the adviser who holds the lead, or an administrator "
                "can cancel or move it.",
                "not_allowed",
                text_key="change.not_allowed",
            )
        return booking

    return load_changeable_booking
