"""The resident's appointment for the assistant, keyed by the conversation (a returning resident
sees it in the chat and moves or cancels it there): service token only, 404 without an
appointment, 409 when it was cancelled or has begun, and the adviser hears of every change."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking
from api.outbox.models import OutboxMessage
from tests.api.conftest import SERVICE, book, consented_lead, first_slot, login, make_adviser, started

WA = "whatsapp:+31612345678"
BASE = "/api/bookings/by-conversation/"


def kinds(session: Session) -> list[str]:
    session.rollback()  # a fresh read: the server committed meanwhile
    return [m.kind for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def test_the_assistant_sees_the_upcoming_appointment_of_the_conversation(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, WA)
    slot = first_slot(client, mode="in_person")
    created = book(client, WA, slot, mode="in_person").json()
    got = client.get(BASE + WA, headers=SERVICE)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["id"] == created["id"] and body["start"] == slot["start"] and body["status"] == "active"
    assert body["mode"] == "in_person" and body["location"] and body["adviser"]["name"] == "Test Adviser"
    # no manage token or link travels here: the conversation is the resident's key
    assert "manage_token" not in body and "manage_url" not in body
    assert got.headers["cache-control"] == "no-store"


def test_only_the_service_token_opens_a_conversations_appointment(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "conv")
    slot = first_slot(client)
    book(client, "conv", slot)
    adviser_login = login(client, adviser.email)
    for method, path, body in (
        ("GET", BASE + "conv", None),
        ("POST", BASE + "conv/cancel", None),
        ("POST", BASE + "conv/reschedule", {"start": first_slot(client, index=1)["start"]}),
    ):
        assert client.request(method, path, json=body).status_code == 401
        assert client.request(method, path, json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
        assert client.request(method, path, json=body, headers=adviser_login).status_code == 403
    # nothing changed
    assert client.get(BASE + "conv", headers=SERVICE).json()["start"] == slot["start"]


def test_no_appointment_is_a_404(client: TestClient, adviser: Adviser) -> None:
    # an unknown conversation, and a lead without a booking
    consented_lead(client, "no-booking")
    for cid in ("unknown", "no-booking"):
        got = client.get(BASE + cid, headers=SERVICE)
        assert got.status_code == 404 and got.json()["detail"]["code"] == "no_booking"
        assert client.post(BASE + cid + "/cancel", headers=SERVICE).status_code == 404
        moved = client.post(BASE + cid + "/reschedule", json={"start": first_slot(client)["start"]}, headers=SERVICE)
        assert moved.status_code == 404
    assert client.get(BASE + ("x" * 129), headers=SERVICE).status_code == 422


def test_cancelling_from_the_chat_frees_the_time_and_tells_the_adviser(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    consented_lead(client, "conv")
    slot = first_slot(client)
    book(client, "conv", slot)
    before = kinds(session)
    cancelled = client.post(BASE + "conv/cancel", headers=SERVICE)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert slot["start"] in [i["start"] for i in client.get("/api/slots").json()["items"]]
    assert "adviser_cancelled" in kinds(session)[len(before) :]
    # a cancelled appointment: nothing upcoming, and it cannot be cancelled or moved again
    gone = client.get(BASE + "conv", headers=SERVICE)
    assert gone.status_code == 404 and gone.json()["detail"]["code"] == "no_upcoming"
    again = client.post(BASE + "conv/cancel", headers=SERVICE)
    assert again.status_code == 409 and again.json()["detail"]["code"] == "not_active"
    moved = client.post(BASE + "conv/reschedule", json={"start": first_slot(client)["start"]}, headers=SERVICE)
    assert moved.status_code == 409 and moved.json()["detail"]["code"] == "not_active"
    # the resident may book again; then that one is the conversation's appointment
    assert book(client, "conv", first_slot(client, index=1)).status_code == 201
    assert client.get(BASE + "conv", headers=SERVICE).json()["status"] == "active"


def test_rescheduling_from_the_chat_moves_it_and_tells_the_adviser(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    consented_lead(client, WA)
    slot = first_slot(client)
    created = book(client, WA, slot).json()
    before = kinds(session)
    new = first_slot(client, index=2)
    moved = client.post(BASE + WA + "/reschedule", json={"start": new["start"]}, headers=SERVICE)
    assert moved.status_code == 200, moved.text
    assert moved.json()["start"] == new["start"] and moved.json()["id"] == created["id"]
    assert moved.json()["mode"] == "phone"  # the same way of talking
    assert client.get(BASE + WA, headers=SERVICE).json()["start"] == new["start"]
    # the old time is free again, the new one taken
    offered = [i["start"] for i in client.get("/api/slots").json()["items"]]
    assert slot["start"] in offered and new["start"] not in offered
    assert "adviser_moved" in kinds(session)[len(before) :]


def test_a_taken_or_impossible_time_is_refused_and_the_old_one_stays(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    consented_lead(client, "a")
    consented_lead(client, "b")
    a = book(client, "a", first_slot(client, index=0)).json()
    b = book(client, "b", first_slot(client, index=0)).json()
    taken = client.post(BASE + "b/reschedule", json={"start": a["start"]}, headers=SERVICE)
    assert taken.status_code == 409 and taken.json()["detail"]["code"] == "slot_taken"
    past = client.post(BASE + "b/reschedule", json={"start": "2020-01-06T10:00:00+01:00"}, headers=SERVICE)
    assert past.status_code == 422
    unknown = client.post(
        BASE + "b/reschedule", json={"start": first_slot(client)["start"], "adviser_id": 9999}, headers=SERVICE
    )
    assert unknown.status_code == 422 and unknown.json()["detail"]["code"] == "unknown_adviser"
    extra = client.post(
        BASE + "b/reschedule", json={"start": first_slot(client)["start"], "mode": "video"}, headers=SERVICE
    )
    assert extra.status_code == 422  # the way of talking stays: no field for it
    assert client.get(BASE + "b", headers=SERVICE).json()["start"] == b["start"]


def test_an_appointment_that_has_begun_cannot_be_changed_from_the_chat(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    other = make_adviser(session, "other@example.org")
    consented_lead(client, "conv")
    created = book(client, "conv", first_slot(client)).json()
    started(created["id"])
    assert client.get(BASE + "conv", headers=SERVICE).json()["detail"]["code"] == "no_upcoming"
    cancel = client.post(BASE + "conv/cancel", headers=SERVICE)
    assert cancel.status_code == 409 and cancel.json()["detail"]["code"] == "started"
    move = client.post(
        BASE + "conv/reschedule", json={"start": first_slot(client)["start"], "adviser_id": other.id}, headers=SERVICE
    )
    assert move.status_code == 409 and move.json()["detail"]["code"] == "started"
    session.rollback()
    assert session.get(Booking, created["id"]).status == "active"  # type: ignore[union-attr]
