from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking, BookingBlock
from api.core.logging import RedactPersonalData
from api.core.timeutil import utcnow
from api.funnel.models import ConversationStart
from api.leads.models import Lead, LeadEvent
from api.privacy.models import ErasureRecord
from api.privacy.service import purge_expired
from tests.api.conftest import SERVICE, book, consented_lead, first_slot, login

PERSONAL = {"name": "Marieke Janssen", "phone": "06 98765432", "email": "marieke@example.org"}


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_erasing_a_conversation_removes_lead_bookings_and_audit_but_records_the_erasure(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    client.post(
        "/api/conversations",
        json={"conversation_id": "wa-31698765432", "utm": {"campaign": "c"}},
        headers=SERVICE,
    )
    consented_lead(client, "wa-31698765432", contact=PERSONAL, age=40)
    slot = first_slot(client)
    assert book(client, "wa-31698765432", slot).status_code == 201

    response = client.delete("/api/privacy/conversations/wa-31698765432", headers=SERVICE)
    assert response.status_code == 200
    assert response.json() == {"erased": True, "leads": 1, "bookings": 1}
    assert (
        count(session, Lead)
        == count(session, Booking)
        == count(session, BookingBlock)
        == count(session, LeadEvent)
        == 0
    )
    # the slot is free again, the funnel still counts the conversation, nothing links back to it
    assert slot["start"] in [i["start"] for i in client.get("/api/slots").json()["items"]]
    assert count(session, ConversationStart) == 1
    record = session.scalar(select(ErasureRecord))
    assert record is not None and (record.kind, record.actor, record.leads_erased) == (
        "erasure_request",
        "service",
        1,
    )
    stored = " ".join(str(v) for v in record.__dict__.values())
    assert "31698765432" not in stored and "Marieke" not in stored
    # repeating is harmless
    again = client.delete("/api/privacy/conversations/wa-31698765432", headers=SERVICE)
    assert again.json() == {"erased": False, "leads": 0, "bookings": 0}


def test_an_adviser_erases_a_lead_on_request(client: TestClient, adviser: Adviser, session: Session) -> None:
    lead = consented_lead(client, "conv", contact=PERSONAL)
    headers = login(client, adviser.email)
    assert client.delete(f"/api/leads/{lead['id']}", headers=headers).json()["erased"] is True
    assert client.get(f"/api/leads/{lead['id']}", headers=headers).status_code == 404
    assert session.scalar(select(ErasureRecord.actor)) == f"adviser:{adviser.id}"


def test_retention_purge_removes_only_old_leads(client: TestClient, adviser: Adviser, session: Session) -> None:
    consented_lead(client, "old", contact=PERSONAL)
    consented_lead(client, "recent")
    session.execute(update(Lead).where(Lead.conversation_id == "old").values(created_at=utcnow() - timedelta(days=400)))
    session.commit()
    result = purge_expired(session)
    assert (result.leads, result.bookings) == (1, 0)
    assert list(session.scalars(select(Lead.conversation_id))) == ["recent"]
    record = session.scalar(select(ErasureRecord).where(ErasureRecord.kind == "retention_purge"))
    assert record is not None and record.leads_erased == 1
    assert purge_expired(session, days=0).leads == 1


def test_personal_data_never_reaches_the_logs(
    client: TestClient, adviser: Adviser, caplog: pytest.LogCaptureFixture
) -> None:
    handler_output: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            handler_output.append(self.format(record))

    collector = Collect()
    collector.addFilter(RedactPersonalData())
    logging.getLogger().addHandler(collector)
    try:
        conversation = "whatsapp:+31612345678"
        consented_lead(client, conversation, contact=PERSONAL)
        book(client, conversation, first_slot(client))
        client.delete(f"/api/privacy/conversations/{conversation}", headers=SERVICE)
        logging.getLogger("api").info("resident wrote marieke@example.org and 06 98765432")
    finally:
        logging.getLogger().removeHandler(collector)
    text = "\n".join(handler_output)
    assert "/api/leads/by-conversation/{conversation_id}" in text  # route templates, not paths
    for secret in ("31612345678", "Marieke", "marieke@example.org", "98765432"):
        assert secret not in text
