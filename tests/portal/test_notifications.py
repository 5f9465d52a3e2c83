"""E-mail notices over a real (local) SMTP server: who gets them, and that they name no resident."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.config import get_settings
from api.notifications import mailer
from tests.portal.conftest import SERVICE, consented_lead, first_slot, make_adviser
from tests.stack import free_port

RESIDENT = {"name": "Fatima de Vries", "phone": "06 98765432", "email": "fatima@example.org"}
ANSWERS = {"age": 45, "municipality": "Den Haag", "work_situation": "employed", "pains": ["physical_strain"]}


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(
            (list(envelope.rcpt_tos), message_from_bytes(envelope.original_content or envelope.content))  # type: ignore[attr-defined]
        )
        return "250 OK"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings = get_settings()
    monkeypatch.setattr(settings, "smtp_host", "127.0.0.1")
    monkeypatch.setattr(settings, "smtp_port", port)
    monkeypatch.setattr(settings, "smtp_from", "Leert Door <portal@example.org>")
    try:
        yield handler
    finally:
        mailer.wait_sent()
        controller.stop()


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def assert_no_personal_data(message: Message) -> None:
    text = body(message) + str(message["Subject"])
    for value in (*RESIDENT.values(), "Fatima", "98765432", "Den Haag", "45", "physical"):
        assert value not in text, value


def test_new_booking_mails_the_assigned_adviser(client: TestClient, inbox: Inbox, session: Session) -> None:
    adviser = make_adviser(session, email="adviser@example.org")
    make_adviser(session, email="admin@example.org", role="admin", hours=[])
    consented_lead(client, "conv-mail", **ANSWERS, contact=RESIDENT)
    mailer.wait_sent()
    inbox.messages.clear()  # the lead notice; tested below
    slot = first_slot(client)
    booking = client.post(
        "/api/bookings",
        json={
            "conversation_id": "conv-mail",
            "adviser_id": slot["adviser_id"],
            "start": slot["start"],
            "mode": "phone",
            "contact": RESIDENT,
        },
        headers=SERVICE,
    )
    assert booking.status_code == 201
    mailer.wait_sent()
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == [adviser.email]
    text = body(message)
    assert "Nieuw adviesgesprek op" in text and "(telefonisch)" in text
    assert "New advice conversation on" in text and "(by phone)" in text
    lead_id = booking.json()["id"]
    assert "http://testserver/advisers/leads/" in text
    assert_no_personal_data(message)
    assert str(lead_id)  # the link names the lead's number, nothing else


def test_new_prequalified_lead_mails_the_admins_once(client: TestClient, inbox: Inbox, session: Session) -> None:
    make_adviser(session, email="adviser@example.org")
    admin = make_adviser(session, email="admin@example.org", role="admin", hours=[])
    consented_lead(client, "conv-2", contact=RESIDENT)  # no answers yet: no verdict, no mail
    mailer.wait_sent()
    assert inbox.messages == []
    consented_lead(client, "conv-2", **ANSWERS)
    consented_lead(client, "conv-2", sector="construction")  # still eligible: no second mail
    mailer.wait_sent()
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == [admin.email]
    assert "Nieuwe lead zonder afspraak: waarschijnlijk in aanmerking." in body(message)
    assert_no_personal_data(message)


def test_not_eligible_leads_send_nothing(client: TestClient, inbox: Inbox, session: Session) -> None:
    make_adviser(session, email="admin@example.org", role="admin")
    consented_lead(client, "conv-3", **{**ANSWERS, "age": 80}, contact=RESIDENT)
    mailer.wait_sent()
    assert inbox.messages == []


def test_configured_address_instead_of_the_admins(
    client: TestClient, inbox: Inbox, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "notify_leads_to", "leads@example.org, team@example.org")
    make_adviser(session, email="admin@example.org", role="admin")
    consented_lead(client, "conv-4", **ANSWERS)
    mailer.wait_sent()
    assert inbox.messages[0][0] == ["leads@example.org", "team@example.org"]


def test_without_smtp_host_notifications_are_off_and_logged(
    client: TestClient, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    assert not get_settings().smtp_host
    make_adviser(session, email="admin@example.org", role="admin")
    with caplog.at_level("INFO", logger="api.notifications"):
        consented_lead(client, "conv-5", **ANSWERS, contact=RESIDENT)
    assert "notifications are off (no SMTP_HOST): lead not sent" in caplog.text
    assert "Fatima" not in caplog.text


def test_an_unreachable_mail_server_does_not_fail_the_booking(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(get_settings(), "smtp_host", "127.0.0.1")
    monkeypatch.setattr(get_settings(), "smtp_port", free_port())  # nothing listens
    make_adviser(session, email="admin@example.org", role="admin")
    with caplog.at_level("INFO", logger="api.notifications"):
        assert consented_lead(client, "conv-6", **ANSWERS)["eligibility"]["verdict"] == "eligible"  # type: ignore[index]
        mailer.wait_sent()
    assert "notification not sent: lead (ConnectionRefusedError)" in caplog.text


def test_admin_recipients_exclude_inactive_admins(client: TestClient, inbox: Inbox, session: Session) -> None:
    active = make_adviser(session, email="admin@example.org", role="admin")
    gone = make_adviser(session, email="gone@example.org", role="admin")
    gone.active = False
    session.commit()
    consented_lead(client, "conv-7", **ANSWERS)
    mailer.wait_sent()
    assert inbox.messages[0][0] == [active.email]
    assert isinstance(gone, Adviser)
