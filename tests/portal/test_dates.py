"""Dates no calendar can convert (year 1 at +14:00, year 9999 at -12:00) in every date and time
parameter of the leads, bookings, slots, funnel and portal routes: a 4xx with a reason, or the
page with a notice, never a 500 (they were OverflowErrors in the time conversion)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.advisers.models import Adviser
from tests.api.conftest import consented_lead, first_slot, login
from tests.portal.conftest import SERVICE, portal_login, post_form

EXTREMES = ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00")
DAYS = ("0001-01-01", "9999-12-31")


@pytest.mark.parametrize("value", EXTREMES)
def test_api_date_parameters(client: TestClient, adviser: Adviser, value: str) -> None:
    consented_lead(client, "dates")
    headers = login(client, adviser.email)
    for path, params in (
        ("/api/leads", {"created_from": value}),
        ("/api/leads", {"created_to": value}),
        ("/api/leads/export.csv", {"created_from": value}),
        ("/api/bookings", {"from": value}),
        ("/api/bookings", {"to": value}),
        ("/api/slots", {"from": value}),
        ("/api/slots", {"to": value}),
    ):
        response = client.get(path, params=params, headers=headers)
        assert response.status_code == 422, (path, params, response.status_code)
        assert "1900" in response.text and "2999" in response.text, path  # says why

    slot = first_slot(client)
    body = {
        "conversation_id": "dates",
        "adviser_id": slot["adviser_id"],
        "start": value,
        "mode": "phone",
        "contact": {},
    }
    assert client.post("/api/bookings", json=body, headers=SERVICE).status_code == 422
    booked = client.post("/api/bookings", json={**body, "start": slot["start"]}, headers=SERVICE).json()
    moved = client.post(f"/api/bookings/manage/{booked['manage_token']}/reschedule", json={"start": value})
    assert moved.status_code == 422 and "1900" in moved.text
    # the resident's own page: a polite answer
    page = client.post(f"/afspraak/{booked['manage_token']}/verzetten", data={"start": f"1|{value}"})
    assert page.status_code == 409


def test_funnel_for_admins_with_extreme_dates(client: TestClient, admin: Adviser) -> None:
    headers = login(client, admin.email)
    for value in EXTREMES:
        for key in ("from", "to"):
            response = client.get("/api/stats/funnel", params={key: value}, headers=headers)
            assert response.status_code == 422 and "2999" in response.text


@pytest.mark.parametrize("day", DAYS)
def test_portal_date_fields(client: TestClient, adviser: Adviser, admin: Adviser, day: str) -> None:
    adviser_client = portal_login(TestClient(client.app), adviser.email)
    for url in (f"/advisers/leads?from={day}", f"/advisers/leads?to={day}", f"/advisers/leads/export.csv?from={day}"):
        response = adviser_client.get(url)
        assert response.status_code == 200, url
    assert "ongeldige waarde" in adviser_client.get(f"/advisers/leads?from={day}").text
    added = post_form(adviser_client, "/advisers/availability", "/advisers/availability/days-off", {"day": day})
    assert added.headers["location"].endswith("err=availability.day_off_invalid#days-off")
    assert adviser_client.get("/advisers/agenda?week=999999999").status_code == 200

    admin_client = portal_login(TestClient(client.app), admin.email)
    for url in (f"/advisers/funnel?from={day}", f"/advisers/funnel?to={day}", f"/advisers/funnel.csv?from={day}"):
        assert admin_client.get(url).status_code == 200, url
    assert "De periode is ongeldig" in admin_client.get(f"/advisers/funnel?from={day}&to={day}").text
