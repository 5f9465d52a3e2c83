"""Advisers cancel and move appointments themselves: the appointment's adviser, the adviser who
holds the lead, or an administrator; the audit trail names the adviser; cancelled, past and
started appointments are refused with a reason; bad input is a 422, never a 500."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking
from api.leads.models import LeadEvent
from tests.api.conftest import book, consented_lead, login, make_adviser, started


def slots(client: TestClient, adviser_id: int, mode: str = "phone", limit: int = 5) -> list[dict[str, Any]]:
    response = client.get("/api/slots", params={"mode": mode, "adviser_id": adviser_id, "limit": limit})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def booked(client: TestClient, adviser: Adviser, conversation_id: str = "conv", index: int = 0) -> dict[str, Any]:
    consented_lead(client, conversation_id)
    response = book(client, conversation_id, slots(client, adviser.id)[index])
    assert response.status_code == 201, response.text
    return dict(response.json())  # type: ignore[attr-defined]


def events(session: Session, action: str) -> list[LeadEvent]:
    session.rollback()  # a fresh read: end the snapshot an earlier query began
    return list(session.scalars(select(LeadEvent).where(LeadEvent.action == action)))


def test_the_adviser_cancels_with_a_reason_and_the_time_is_free_again(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    booking = booked(client, adviser)
    headers = login(client, adviser.email)
    response = client.post(
        f"/api/bookings/{booking['id']}/cancel", json={"reason": "  Ik ben ziek.  "}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    [event] = events(session, "booking_cancelled")
    assert event.actor == f"adviser:{adviser.id}" and event.note == "Ik ben ziek."
    assert booking["start"] in [s["start"] for s in slots(client, adviser.id)]
    # a second time: refused, with the reason
    again = client.post(f"/api/bookings/{booking['id']}/cancel", headers=headers)
    assert again.status_code == 409 and again.json()["detail"]["code"] == "not_active"
    assert "cancelled" in again.json()["detail"]["message"]


def test_cancelling_needs_no_body_and_refuses_a_reason_that_is_too_long(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    booking = booked(client, adviser)
    headers = login(client, adviser.email)
    too_long = client.post(f"/api/bookings/{booking['id']}/cancel", json={"reason": "x" * 301}, headers=headers)
    assert too_long.status_code == 422
    assert client.post(f"/api/bookings/{booking['id']}/cancel", json={"why": "?"}, headers=headers).status_code == 422
    response = client.post(f"/api/bookings/{booking['id']}/cancel", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    [event] = events(session, "booking_cancelled")
    assert event.note is None


def test_who_may_cancel_the_booking_adviser_the_leads_owner_and_an_admin(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    colleague = make_adviser(session, "colleague@example.org", name="Colleague")
    admin = make_adviser(session, "admin@example.org", role="admin", hours=[])
    first = booked(client, adviser, "conv-1", index=0)
    second = booked(client, adviser, "conv-2", index=1)
    colleague_headers = login(client, colleague.email)
    assert client.post(f"/api/bookings/{first['id']}/cancel").status_code == 401
    refused = client.post(f"/api/bookings/{first['id']}/cancel", headers=colleague_headers)
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == "not_allowed"
    assert client.post("/api/bookings/999999/cancel", headers=colleague_headers).status_code == 404
    assert client.post(f"/api/bookings/{2**40}/cancel", headers=colleague_headers).status_code == 404
    # the colleague takes the lead: now they may
    lead_id = session.scalar(select(Booking.lead_id).where(Booking.id == first["id"]))
    assert client.post(f"/api/leads/{lead_id}/take", headers=colleague_headers).status_code == 200
    assert client.post(f"/api/bookings/{first['id']}/cancel", headers=colleague_headers).status_code == 200
    # not another lead's appointment, though
    assert client.post(f"/api/bookings/{second['id']}/cancel", headers=colleague_headers).status_code == 403
    # an administrator may cancel anyone's
    admin_cancel = client.post(f"/api/bookings/{second['id']}/cancel", headers=login(client, admin.email))
    assert admin_cancel.status_code == 200
    actors = {e.actor for e in events(session, "booking_cancelled")}
    assert actors == {f"adviser:{colleague.id}", f"adviser:{admin.id}"}


def test_a_started_appointment_cannot_be_cancelled_or_moved(client: TestClient, adviser: Adviser) -> None:
    booking = booked(client, adviser)
    later = slots(client, adviser.id)[-1]
    started(booking["id"])
    headers = login(client, adviser.email)
    cancel = client.post(f"/api/bookings/{booking['id']}/cancel", headers=headers)
    assert cancel.status_code == 409 and cancel.json()["detail"]["code"] == "started"
    move = client.post(f"/api/bookings/{booking['id']}/reschedule", json={"start": later["start"]}, headers=headers)
    assert move.status_code == 409 and move.json()["detail"]["code"] == "started"


def test_the_adviser_moves_it_to_a_colleagues_video_slot(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    colleague = make_adviser(session, "colleague@example.org", name="Colleague", modes=["video"])
    booking = booked(client, adviser)
    target = slots(client, colleague.id, mode="video")[3]
    headers = login(client, adviser.email)
    moved = client.post(
        f"/api/bookings/{booking['id']}/reschedule",
        json={"start": target["start"], "adviser_id": colleague.id, "mode": "video"},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["start"] == target["start"] and body["mode"] == "video" and body["adviser"]["id"] == colleague.id
    [event] = events(session, "booking_rescheduled")
    assert event.actor == f"adviser:{adviser.id}"
    # the old time is free, the new one taken
    assert booking["start"] in [s["start"] for s in slots(client, adviser.id)]
    assert target["start"] not in [s["start"] for s in slots(client, colleague.id, mode="video", limit=10)]
    # the booking is the colleague's now: the adviser who moved it no longer holds it
    again = client.post(f"/api/bookings/{booking['id']}/cancel", headers=headers)
    assert again.status_code == 403


def test_moving_onto_a_taken_slot_is_a_409_and_keeps_the_old_time(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    a = booked(client, adviser, "conv-a", index=0)
    b = booked(client, adviser, "conv-b", index=1)
    headers = login(client, adviser.email)
    response = client.post(f"/api/bookings/{b['id']}/reschedule", json={"start": a["start"]}, headers=headers)
    assert response.status_code == 409 and response.json()["detail"]["code"] == "slot_taken"
    session.rollback()  # a fresh read: end the snapshot an earlier query began
    kept = session.get(Booking, b["id"])
    assert kept is not None and kept.local_start.isoformat() == b["start"]
    assert events(session, "booking_rescheduled") == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"start": "0001-01-01T00:00:00+14:00"}, None),
        ({"start": "9999-12-31T23:59:59-14:00"}, None),
        ({"start": "2026-13-45T10:00:00+01:00"}, None),
        ({"start": "2020-01-06T10:00:00+01:00"}, "in_past"),
        ({"start": "2990-01-06T10:00:00+01:00"}, "too_far"),
        ({"start": "not a date"}, None),
        ({}, None),
        ({"start": "SLOT", "mode": "carrier pigeon"}, None),
        ({"start": "SLOT", "adviser_id": 987654}, "unknown_adviser"),
        ({"start": "SLOT", "adviser_id": 2**40}, None),
        ({"start": "SLOT+7min"}, "not_a_slot"),
        ({"start": "CURRENT"}, "unchanged"),
    ],
)
def test_bad_input_when_moving_is_a_422_with_a_reason(
    client: TestClient, adviser: Adviser, body: dict[str, Any], code: str | None
) -> None:
    booking = booked(client, adviser)
    free = slots(client, adviser.id)[2]["start"]
    if body.get("start") == "SLOT":
        body = {**body, "start": free}
    elif body.get("start") == "SLOT+7min":
        body = {**body, "start": (datetime.fromisoformat(free) + timedelta(minutes=7)).isoformat()}
    elif body.get("start") == "CURRENT":
        body = {**body, "start": booking["start"]}
    response = client.post(f"/api/bookings/{booking['id']}/reschedule", json=body, headers=login(client, adviser.email))
    assert response.status_code == 422, response.text
    if code:
        assert response.json()["detail"]["code"] == code
