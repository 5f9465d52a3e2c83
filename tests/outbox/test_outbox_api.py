"""Advisers see what was sent about a lead; operators see failures and send one again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.outbox.config import get_outbox_settings
from api.outbox.scheduler import Scheduler
from tests.api.conftest import login, make_adviser
from tests.outbox.conftest import Clock, one
from tests.outbox.helpers import RESIDENT, WHATSAPP_ID, booking_at, lead_for, local
from tests.outbox.twilio_api import TwilioMessagesApi


@pytest.mark.usefixtures("inbox")
def test_a_missing_template_fails_visibly_and_an_admin_can_send_it_again(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = make_adviser(session, email="admin@example.org", role="admin", hours=[])
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp", contact=RESIDENT)
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), datetime.min.time().replace(hour=10))
    booking_at(session, lead, adviser, start, now=datetime.now(UTC))
    settings = get_outbox_settings()
    with monkeypatch.context() as m:
        m.setattr(settings, "twilio_template_reminder_sid", "")
        clock.set(one("reminder_day_before").due_at)
        # the e-mail confirmation and the adviser's mail go; the reminder fails
        assert scheduler().run_once().outcomes == {"sent": 2, "failed": 1}
    assert twilio.delivered() == []

    as_adviser = login(client, adviser.email)
    listed = client.get("/api/outbox", params={"lead_id": lead.id}, headers=as_adviser).json()
    by_kind = {i["kind"]: i for i in listed["items"]}
    assert by_kind["reminder_day_before"]["status"] == "failed"
    assert "TWILIO_TEMPLATE_REMINDER_SID" in by_kind["reminder_day_before"]["last_error"]
    assert by_kind["adviser_booked"]["status"] == "sent" and by_kind["reminder_hours_before"]["status"] == "pending"
    assert listed["counts_by_status"]["failed"] == 1
    for value in (*RESIDENT.values(), WHATSAPP_ID):
        assert value not in str(listed)
    failed = client.get("/api/outbox", params={"status": "failed"}, headers=as_adviser).json()["items"]
    assert [i["kind"] for i in failed] == ["reminder_day_before"]

    message_id = by_kind["reminder_day_before"]["id"]
    assert client.post(f"/api/outbox/{message_id}/retry", headers=as_adviser).status_code == 403
    as_admin = login(client, admin.email)
    retried = client.post(f"/api/outbox/{message_id}/retry", headers=as_admin)
    assert retried.status_code == 200 and retried.json()["status"] == "pending"
    assert client.post(f"/api/outbox/{message_id}/retry", headers=as_admin).status_code == 409
    assert client.post("/api/outbox/999999/retry", headers=as_admin).status_code == 404
    scheduler().run_once()  # the template is configured again
    assert len(twilio.delivered()) == 1 and one("reminder_day_before").status == "sent"


def test_listing_needs_an_adviser_and_sane_filters(client: TestClient, adviser: Adviser) -> None:
    assert client.get("/api/outbox").status_code == 401
    headers = login(client, adviser.email)
    assert client.get("/api/outbox", headers=headers).json()["items"] == []
    assert client.get("/api/outbox", params={"status": "nonsense"}, headers=headers).status_code == 422
    assert client.get("/api/outbox", params={"lead_id": 2**40}, headers=headers).status_code == 422
