"""The WhatsApp channel's report of a resident's message: the lead's last message (WhatsApp's
24-hour window for the reminders) and STOP/START, for the service token only, never creating a
lead, and bad input answered with 422."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.leads.models import Lead
from tests.api.conftest import SERVICE, consented_lead, login

WHATSAPP_ID = "whatsapp:+31612345678"


def report(client: TestClient, conversation_id: str, headers: dict[str, str] | None = None, **body: Any) -> Any:
    return client.post(
        f"/api/leads/by-conversation/{quote(conversation_id)}/whatsapp-inbound",
        json=body,
        headers=SERVICE if headers is None else headers,
    )


def now_iso(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


def test_a_message_moves_the_last_message_forward_only(client: TestClient, adviser: Adviser) -> None:
    lead = consented_lead(client, WHATSAPP_ID, channel="whatsapp")
    assert lead["last_inbound_at"] is None
    wrote = datetime.now(UTC).replace(microsecond=0)
    response = report(client, WHATSAPP_ID, received_at=wrote.isoformat())
    assert response.status_code == 200, response.text
    assert response.json() == {"last_inbound_at": wrote.isoformat().replace("+00:00", "Z"), "whatsapp_opted_out": False}
    # a message reported late (an earlier one) does not move it back
    assert report(client, WHATSAPP_ID, received_at=(wrote - timedelta(hours=3)).isoformat()).status_code == 200
    seen = client.get(f"/api/leads/{lead['id']}", headers=login(client, adviser.email)).json()
    assert datetime.fromisoformat(seen["last_inbound_at"]) == wrote
    # the lead's data did not change: its updated_at stays
    assert seen["updated_at"] == lead["updated_at"]


def test_stop_and_start_set_and_clear_the_opt_out_and_show_in_the_timeline(
    client: TestClient, adviser: Adviser
) -> None:
    lead = consented_lead(client, WHATSAPP_ID, channel="whatsapp")
    stop = report(client, WHATSAPP_ID, received_at=now_iso(), opted_out=True)
    assert stop.status_code == 200 and stop.json()["whatsapp_opted_out"] is True
    headers = login(client, adviser.email)
    assert client.get(f"/api/leads/{lead['id']}", headers=headers).json()["whatsapp_opted_out"] is True
    # another message while opted out leaves it so
    assert report(client, WHATSAPP_ID, received_at=now_iso()).json()["whatsapp_opted_out"] is True
    start = report(client, WHATSAPP_ID, received_at=now_iso(), opted_out=False)
    assert start.json()["whatsapp_opted_out"] is False
    detail = client.get(f"/api/leads/{lead['id']}", headers=headers).json()
    actions = [e["action"] for e in detail["events"]]
    assert actions.count("whatsapp_opted_out") == 1 and actions.count("whatsapp_opted_in") == 1
    assert {e["actor"] for e in detail["events"] if e["action"].startswith("whatsapp_")} == {"resident"}


def test_a_conversation_without_a_lead_stores_nothing(client: TestClient, session: Session) -> None:
    response = report(client, "whatsapp:+31687654321", received_at=now_iso(), opted_out=True)
    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "no_lead"
    assert session.scalar(select(func.count()).select_from(Lead)) == 0


def test_only_the_service_token_may_report(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, WHATSAPP_ID, channel="whatsapp")
    assert report(client, WHATSAPP_ID, headers={}, received_at=now_iso()).status_code == 401
    wrong = {"Authorization": "Bearer not-the-service-token"}
    assert report(client, WHATSAPP_ID, headers=wrong, received_at=now_iso()).status_code == 401
    as_adviser = report(client, WHATSAPP_ID, headers=login(client, adviser.email), received_at=now_iso())
    assert as_adviser.status_code == 403


@pytest.mark.parametrize(
    ("conversation_id", "body"),
    [
        ("web-0123456789abcdef0123456789abcdef", {"received_at": "now"}),  # not a WhatsApp id
        ("whatsapp:0612345678", {"received_at": "now"}),  # not Twilio's From
        (WHATSAPP_ID, {}),  # no moment
        (WHATSAPP_ID, {"received_at": "2026-12-01T10:00:00"}),  # no time zone
        (WHATSAPP_ID, {"received_at": "0001-01-01T00:00:00+14:00"}),  # far away
        (WHATSAPP_ID, {"received_at": "9999-12-31T23:59:59-12:00"}),
        (WHATSAPP_ID, {"received_at": "gisteren"}),
        (WHATSAPP_ID, {"received_at": "now", "opted_out": "misschien"}),
        (WHATSAPP_ID, {"received_at": "now", "phone": "+31612345678"}),  # unknown field
    ],
)
def test_bad_input_is_refused_with_422(client: TestClient, conversation_id: str, body: dict[str, Any]) -> None:
    consented_lead(client, WHATSAPP_ID, channel="whatsapp")
    if body.get("received_at") == "now":
        body = {**body, "received_at": now_iso()}
    response = report(client, conversation_id, **body)
    assert response.status_code == 422, response.text
    assert "detail" in response.json()


def test_the_action_servers_upsert_does_not_set_them(client: TestClient) -> None:
    """One way in: only the channel's report moves the last message or the opt-out."""
    consented_lead(client, WHATSAPP_ID, channel="whatsapp")
    for field, value in (("last_inbound_at", now_iso()), ("whatsapp_opted_out", True)):
        response = client.put(f"/api/leads/by-conversation/{WHATSAPP_ID}", json={field: value}, headers=SERVICE)
        assert response.status_code == 422 and field in response.text
