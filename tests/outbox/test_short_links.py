"""The short manage link: what POST /api/bookings returns and the messages show."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking
from api.core.db import get_engine
from api.core.timeutil import utcnow
from api.shortlinks.models import ShortLink
from api.shortlinks.service import LINK_MAX_MISSES, new_code
from tests.api.conftest import book, consented_lead, first_slot


def booked(client: TestClient) -> dict[str, str]:
    consented_lead(client, "conv", language="nl")
    response = book(client, "conv", first_slot(client))
    assert response.status_code == 201
    return dict(response.json())


def test_the_booking_answer_has_a_short_link_that_opens_the_appointment(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    created = booked(client)
    assert re.fullmatch(r"http://testserver/a/[2-9a-zA-Z]{10}", created["manage_url"])
    code = created["manage_url"].rsplit("/", 1)[1]
    stored = session.scalars(select(ShortLink.code_hash)).all()
    assert len(stored) == 1 and code not in stored[0]  # only a keyed hash is kept
    page = client.get(f"/a/{code}")
    assert page.status_code == 200 and "Je adviesgesprek" in page.text and "Test Adviser" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert f'action="/a/{code}/afzeggen' in page.text
    ics = client.get(f"/a/{code}/ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    # the long token keeps working
    assert client.get(f"/afspraak/{created['manage_token']}").status_code == 200
    assert client.get(f"/api/bookings/manage/{created['manage_token']}").status_code == 200


def test_moving_and_cancelling_through_the_short_link(client: TestClient, adviser: Adviser) -> None:
    created = booked(client)
    path = created["manage_url"].removeprefix("http://testserver")
    choices = re.findall(r'name="start" value="([^"]+)"', client.get(path).text)
    moved = client.post(f"{path}/verzetten", data={"start": choices[1]}, follow_redirects=True)
    assert moved.status_code == 200 and "Je afspraak is verzet." in moved.text
    cancelled = client.post(f"{path}/afzeggen", follow_redirects=True)
    assert "Je afspraak is afgezegd." in cancelled.text


def test_an_unknown_or_malformed_code_is_a_friendly_404(client: TestClient) -> None:
    page = client.get("/a/abcdefghij")
    assert page.status_code == 404 and "We kunnen deze afspraak niet vinden" in page.text
    assert client.get("/a/short").status_code == 422
    assert client.get("/a/" + "a" * 200).status_code == 422


def test_guessing_codes_is_slowed_down(client: TestClient, adviser: Adviser) -> None:
    created = booked(client)
    for _ in range(LINK_MAX_MISSES):
        assert client.get(f"/a/{new_code()}").status_code == 404
    response = client.get(f"/a/{new_code()}")
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
    # even a right code waits once this client has guessed too much
    assert client.get(created["manage_url"].removeprefix("http://testserver")).status_code == 429


def test_a_short_link_stops_working_two_weeks_after_the_appointment(client: TestClient, adviser: Adviser) -> None:
    created = booked(client)
    path = created["manage_url"].removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    with get_engine().begin() as conn:
        conn.execute(
            update(Booking).values(start_at=utcnow() - timedelta(days=15), end_at=utcnow() - timedelta(days=15))
        )
    assert client.get(path).status_code == 404
    assert client.get(f"/afspraak/{created['manage_token']}").status_code == 200  # the long token still opens it
