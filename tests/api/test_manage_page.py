"""The resident's appointment page behind the manage link."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.advisers.models import Adviser
from tests.api.conftest import book, consented_lead, first_slot


def booked(client: TestClient, language: str = "nl") -> dict:
    consented_lead(client, "conv", language=language)
    response = book(client, "conv", first_slot(client))
    assert response.status_code == 201
    return dict(response.json())


def test_the_manage_link_shows_the_appointment_in_plain_dutch(client: TestClient, adviser: Adviser) -> None:
    created = booked(client)
    page = client.get(created["manage_url"].replace("http://testserver", ""))
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text and "Je adviesgesprek" in page.text
    assert "Test Adviser" in page.text and "Telefonisch" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in page.text
    english = client.get(created["manage_url"].replace("http://testserver", "") + "?lang=en")
    assert '<html lang="en">' in english.text and "Your advice conversation" in english.text


def test_moving_and_cancelling_from_the_page(client: TestClient, adviser: Adviser) -> None:
    created = booked(client, "en")
    path = created["manage_url"].replace("http://testserver", "")
    page = client.get(path)
    assert "Your advice conversation" in page.text  # the lead's language by default
    choices = re.findall(r'name="start" value="([^"]+)"', page.text)
    assert choices
    moved = client.post(f"{path}/verzetten", data={"start": choices[1]}, follow_redirects=True)
    assert moved.status_code == 200 and "Your appointment has been moved." in moved.text
    assert client.get(f"/api/bookings/manage/{created['manage_token']}").json()["start"] != created["start"]

    bad = client.post(f"{path}/verzetten", data={"start": "nonsense"})
    assert bad.status_code == 409 and "Please choose another time" in bad.text

    cancelled = client.post(f"{path}/afzeggen", follow_redirects=True)
    assert "Your appointment is cancelled." in cancelled.text
    assert "Move the appointment" not in cancelled.text
    again = client.post(f"{path}/afzeggen")
    assert again.status_code == 409


def test_an_unknown_link_gets_a_friendly_page(client: TestClient) -> None:
    page = client.get("/afspraak/" + "z" * 43)
    assert page.status_code == 404 and "We kunnen deze afspraak niet vinden" in page.text
