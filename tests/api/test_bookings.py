from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking
from tests.api.conftest import SERVICE, book, consented_lead, first_slot, login, make_adviser, started

AMS = ZoneInfo("Europe/Amsterdam")


def test_booking_a_free_slot_returns_the_appointment_and_a_manage_token(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    consented_lead(client, "conv-1")
    slot = first_slot(client)
    response = book(client, "conv-1", slot)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["start"] == slot["start"] and body["mode"] == "phone"
    assert body["adviser"] == {"id": adviser.id, "name": "Test Adviser"}
    assert len(body["manage_token"]) >= 40
    # the message shows a short link (tests/outbox/test_short_links.py); the long token works too
    assert re.fullmatch(r"http://testserver/a/[2-9a-zA-Z]{10}", body["manage_url"])
    assert client.get(f"/afspraak/{body['manage_token']}").status_code == 200
    # the token itself is not stored, only a keyed hash of it
    stored = session.scalar(select(Booking))
    assert stored is not None and body["manage_token"] not in stored.manage_token_hash
    # the slot is gone from the offer, the lead shows the booking and the contact
    assert slot["start"] not in [i["start"] for i in client.get("/api/slots").json()["items"]]
    lead = client.get("/api/leads", params={"conversation_id": "conv-1"}, headers=login(client, adviser.email))
    item = lead.json()["items"][0]
    assert item["booking"]["start"] == slot["start"] and item["contact"]["name"] == "Ahmed Test"


def test_a_taken_slot_is_a_409_and_a_neighbour_overlapping_the_buffer_too(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    consented_lead(client, "a")
    consented_lead(client, "b")
    slot = first_slot(client)
    assert book(client, "a", slot).status_code == 201
    second = book(client, "b", slot)
    assert second.status_code == 409
    assert second.json()["detail"]["code"] == "slot_taken"
    # Shrinking the slot grid later cannot create an overlap with the existing booking.
    adviser.slot_minutes, adviser.buffer_minutes = 30, 0
    session.commit()
    start = datetime.fromisoformat(str(slot["start"]))
    overlapping = {**slot, "start": (start + timedelta(minutes=30)).isoformat()}
    assert book(client, "b", overlapping).status_code == 409
    after = {**slot, "start": (start + timedelta(minutes=60)).isoformat()}
    assert book(client, "b", after).status_code == 201


def test_one_active_booking_per_lead(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "conv")
    assert book(client, "conv", first_slot(client, index=0)).status_code == 201
    again = book(client, "conv", first_slot(client, index=1))
    assert again.status_code == 409
    assert again.json()["detail"]["code"] == "already_booked"
    assert again.json()["detail"]["booking"]["adviser"] == "Test Adviser"


def test_idempotency_key_replays_the_same_answer(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "conv")
    slot = first_slot(client)
    first = book(client, "conv", slot, **{"Idempotency-Key": "conv:slot-1"})
    replay = book(client, "conv", slot, **{"Idempotency-Key": "conv:slot-1"})
    assert first.status_code == replay.status_code == 201
    assert first.json() == replay.json()
    other_slot = first_slot(client, index=0)
    reused = book(client, "conv", other_slot, **{"Idempotency-Key": "conv:slot-1"})
    assert reused.status_code == 422 and reused.json()["detail"]["code"] == "idempotency_key_reused"


def test_bookings_need_a_consented_lead(client: TestClient, adviser: Adviser) -> None:
    response = book(client, "never-consented", first_slot(client))
    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "no_consented_lead"


def test_times_that_are_not_bookable_get_a_reason(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "conv")
    slot = first_slot(client)
    start = datetime.fromisoformat(str(slot["start"]))
    cases = {
        "in_past": (datetime.now(AMS) - timedelta(days=1)).replace(minute=0, second=0, microsecond=0),
        "too_soon": datetime.now(AMS) + timedelta(minutes=5),
        "too_far": start + timedelta(days=35),
        "not_a_slot": start.replace(hour=20),
    }
    for code, when in cases.items():
        response = book(client, "conv", {**slot, "start": when.isoformat()})
        assert response.status_code == 422, (code, response.text)
        assert response.json()["detail"]["code"] == code
    naive = book(client, "conv", {**slot, "start": start.replace(tzinfo=None).isoformat()})
    assert naive.status_code == 422 and naive.json()["detail"]["code"] == "naive_time"
    unknown = book(client, "conv", {**slot, "adviser_id": 999999})
    assert unknown.status_code == 422 and unknown.json()["detail"]["code"] == "unknown_adviser"


def test_mode_the_adviser_does_not_offer_is_refused(client: TestClient, session: Session) -> None:
    make_adviser(session, modes=["phone"])
    consented_lead(client, "conv")
    response = book(client, "conv", first_slot(client), mode="video")
    assert response.status_code == 422 and response.json()["detail"]["code"] == "mode_not_offered"


def test_resident_views_reschedules_and_cancels_with_the_manage_token(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "conv", language="en")
    created = book(client, "conv", first_slot(client)).json()
    token = created["manage_token"]

    view = client.get(f"/api/bookings/manage/{token}")
    assert view.status_code == 200 and view.json()["status"] == "active"
    assert "manage_token" not in view.json()

    ics1 = Calendar.from_ical(client.get(f"/api/bookings/manage/{token}/ics").content)
    event1 = next(iter(ics1.walk("VEVENT")))
    assert event1["SUMMARY"] == "Advice conversation Haaglanden Leert Door"

    new_slot = first_slot(client, index=2)
    moved = client.post(f"/api/bookings/manage/{token}/reschedule", json={"start": new_slot["start"]})
    assert moved.status_code == 200, moved.text
    assert moved.json()["start"] == new_slot["start"]
    event2 = next(iter(Calendar.from_ical(client.get(f"/api/bookings/manage/{token}/ics").content).walk("VEVENT")))
    assert event2["UID"] == event1["UID"]
    assert int(event2["SEQUENCE"]) > int(event1["SEQUENCE"])
    assert event2.decoded("DTSTART") == datetime.fromisoformat(str(new_slot["start"]))
    # the old time is free again
    assert created["start"] in [i["start"] for i in client.get("/api/slots").json()["items"]]

    cancelled = client.post(f"/api/bookings/manage/{token}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    event3 = next(iter(Calendar.from_ical(client.get(f"/api/bookings/manage/{token}/ics").content).walk("VEVENT")))
    assert event3["STATUS"] == "CANCELLED" and event3["UID"] == event1["UID"]
    assert new_slot["start"] in [i["start"] for i in client.get("/api/slots").json()["items"]]
    assert client.post(f"/api/bookings/manage/{token}/cancel").status_code == 409
    # after cancelling, the resident may book again
    assert book(client, "conv", first_slot(client)).status_code == 201


def test_rescheduling_onto_a_taken_slot_is_a_409_and_keeps_the_old_time(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "a")
    consented_lead(client, "b")
    a = book(client, "a", first_slot(client, index=0)).json()
    b = book(client, "b", first_slot(client, index=0)).json()
    moved = client.post(f"/api/bookings/manage/{b['manage_token']}/reschedule", json={"start": a["start"]})
    assert moved.status_code == 409
    assert client.get(f"/api/bookings/manage/{b['manage_token']}").json()["start"] == b["start"]


def test_unknown_or_malformed_manage_tokens(client: TestClient) -> None:
    assert client.get("/api/bookings/manage/" + "x" * 43).status_code == 404
    assert client.get("/api/bookings/manage/short").status_code == 422
    assert client.post("/api/bookings/manage/" + "y" * 43 + "/cancel").status_code == 404


def test_agenda_and_outcome(client: TestClient, adviser: Adviser, session: Session) -> None:
    other = make_adviser(session, "other@example.org")
    consented_lead(client, "conv")
    booking = book(client, "conv", first_slot(client)).json()
    headers = login(client, adviser.email)
    start = datetime.now(AMS).isoformat()
    end = (datetime.now(AMS) + timedelta(days=30)).isoformat()
    mine = client.get("/api/bookings", params={"from": start, "to": end}, headers=headers).json()["items"]
    assert [b["id"] for b in mine] == [booking["id"]] and mine[0]["resident_name"] == "Ahmed Test"
    other_headers = login(client, other.email)
    assert client.get("/api/bookings", params={"from": start, "to": end}, headers=other_headers).json()["items"] == []
    # another adviser cannot mark it; its own adviser can
    assert (
        client.post(
            f"/api/bookings/{booking['id']}/outcome", json={"status": "attended"}, headers=other_headers
        ).status_code
        == 404
    )
    # not before it has started: the appointment is tomorrow at the earliest
    early = client.post(f"/api/bookings/{booking['id']}/outcome", json={"status": "attended"}, headers=headers)
    assert early.status_code == 409 and early.json()["detail"]["code"] == "not_started"
    assert "started" in early.json()["detail"]["message"]
    assert mine[0]["outcome_possible"] is False and mine[0]["phone"] == "06 12345678"
    started(booking["id"])
    for outcome in ("no_show", "attended"):  # a mistake can be corrected
        marked = client.post(f"/api/bookings/{booking['id']}/outcome", json={"status": outcome}, headers=headers)
        assert marked.status_code == 200 and marked.json()["status"] == outcome
    assert marked.json()["outcome_possible"] is True


def test_only_the_service_token_books(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "conv")
    slot = first_slot(client)
    body = {
        "conversation_id": "conv",
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {},
    }
    assert client.post("/api/bookings", json=body).status_code == 401
    assert client.post("/api/bookings", json=body, headers=login(client, adviser.email)).status_code == 403
    assert client.post("/api/bookings", json=body, headers=SERVICE).status_code == 201
