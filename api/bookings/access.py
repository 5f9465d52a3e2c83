"""Loading an appointment for an adviser: their own, or anyone's for an administrator. One loader
for the JSON API and the agenda pages; another adviser's appointment does not exist for them."""

# No `from __future__ import annotations`: FastAPI reads the loaders' annotations at run time,
# and `Depends(who)` names a variable of the enclosing function.

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Path

from api.advisers.auth import SessionDep
from api.advisers.models import Adviser
from api.bookings.models import Booking
from api.core.db import get_row
from api.core.errors import NotFound


def booking_loader(who: Callable[..., Adviser]) -> Callable[..., Booking]:
    def load_booking(
        booking_id: Annotated[int, Path()], session: SessionDep, adviser: Annotated[Adviser, Depends(who)]
    ) -> Booking:
        booking = get_row(session, Booking, booking_id)
        if booking is None or (booking.adviser_id != adviser.id and adviser.role != "admin"):
            raise NotFound("No such appointment.", text_key="agenda.not_found")
        return booking

    return load_booking
