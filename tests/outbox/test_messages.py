"""What residents and advisers receive: the confirmation with the .ics and the short link, the
notices to the other side on a cancellation, move or erasure, the new-lead mail to the admins.
Adviser mails name no resident."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings import service as bookings
from api.bookings.models import Booking
from api.core.config import REPO_ROOT, get_settings
from api.outbox.scheduler import Scheduler
from tests.api.conftest import SERVICE, consented_lead, first_slot, login, make_adviser
from tests.outbox.conftest import TEMPLATES, Clock, Inbox, attachment, one, rows, text_of
from tests.outbox.helpers import RESIDENT, WHATSAPP_ID, writer, wrote
from tests.outbox.twilio_api import TwilioMessagesApi
from tests.stack import free_port

ANSWERS = {"age": 45, "municipality": "Den Haag", "work_situation": "employed", "pains": ["physical_strain"]}
PERSONAL = (*RESIDENT.values(), "Fatima", "12345678", "Den Haag", "45", "physical", WHATSAPP_ID)


def assert_no_personal_data(message: EmailMessage) -> None:
    text = text_of(message) + str(message["Subject"])
    for value in PERSONAL:
        assert value not in text, value


def book_via_api(client: TestClient, conversation_id: str, mode: str = "phone", **lead: object) -> dict[str, object]:
    consented_lead(client, conversation_id, **lead)
    slot = first_slot(client, mode)
    response = client.post(
        "/api/bookings",
        json={
            "conversation_id": conversation_id,
            "adviser_id": slot["adviser_id"],
            "start": slot["start"],
            "mode": mode,
            "contact": lead.get("contact", {"name": "Fatima"}),
        },
        headers=SERVICE,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_the_confirmation_email_has_the_appointment_the_short_link_and_the_calendar_file(
    client: TestClient, session: Session, adviser: Adviser, inbox: Inbox, scheduler: Callable[[], Scheduler]
) -> None:
    created = book_via_api(client, "web-1", mode="in_person", language="nl", channel="socketio", contact=RESIDENT)
    scheduler().run_once()
    [confirmation] = inbox.to(RESIDENT["email"])
    start = datetime.fromisoformat(str(created["start"]))
    body = text_of(confirmation)
    assert str(confirmation["Subject"]).startswith("Je afspraak: ")
    assert f"om {start:%H:%M}" in body and "Hoe: op locatie. Je komt naar ons kantoor." in body
    assert "Met: Test Adviser" in body and "Waar: Spui 70, Den Haag" in body
    link = next(word for word in body.split() if word.startswith("http://testserver/a/"))
    assert len(link) == len("http://testserver/a/") + 10
    page = client.get(link.removeprefix("http://testserver"))
    assert page.status_code == 200 and "Test Adviser" in page.text
    calendar = Calendar.from_ical(attachment(confirmation))
    [event] = calendar.walk("VEVENT")
    booking = session.scalar(select(Booking))
    assert booking is not None and str(event["UID"]) == booking.uid
    assert event.decoded("DTSTART") == start and str(event["LOCATION"]) == "Spui 70, Den Haag"
    assert link in str(event["DESCRIPTION"])
    # the adviser heard of it too, without the resident's data
    [to_adviser] = inbox.to(adviser.email)
    assert "Nieuw adviesgesprek op" in text_of(to_adviser) and "(op locatie)" in text_of(to_adviser)
    assert "New advice conversation on" in text_of(to_adviser)
    assert_no_personal_data(to_adviser)


def test_english_residents_get_english(
    client: TestClient, adviser: Adviser, inbox: Inbox, scheduler: Callable[[], Scheduler]
) -> None:
    book_via_api(client, "web-en", language="en", channel="socketio", contact=RESIDENT)
    scheduler().run_once()
    [confirmation] = inbox.to(RESIDENT["email"])
    assert str(confirmation["Subject"]).startswith("Your appointment: ")
    assert "Hello Fatima de Vries," in text_of(confirmation) and "How: by phone." in text_of(confirmation)


def test_a_resident_who_cancels_on_the_manage_page_gets_a_calendar_update_and_the_adviser_is_told(
    client: TestClient, adviser: Adviser, inbox: Inbox, scheduler: Callable[[], Scheduler]
) -> None:
    created = book_via_api(client, "web-2", channel="socketio", contact=RESIDENT)
    scheduler().run_once()
    inbox.messages.clear()
    page = str(created["manage_url"]).removeprefix("http://testserver")
    assert client.post(f"{page}/afzeggen", follow_redirects=True).status_code == 200
    scheduler().run_once()
    [to_adviser] = inbox.to(adviser.email)
    assert "is afgezegd" in text_of(to_adviser) and "has been cancelled" in text_of(to_adviser)
    assert_no_personal_data(to_adviser)
    [to_resident] = inbox.to(RESIDENT["email"])
    assert "gaat niet door" in str(to_resident["Subject"])
    [event] = Calendar.from_ical(attachment(to_resident)).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_an_adviser_who_cancels_tells_a_whatsapp_resident_with_the_template(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    inbox: Inbox,
    twilio: TwilioMessagesApi,
    scheduler: Callable[[], Scheduler],
) -> None:
    book_via_api(client, WHATSAPP_ID, channel="whatsapp", language="nl", contact={"name": "Fatima"})
    with writer() as s:
        booking = s.scalar(select(Booking))
        assert booking is not None
        bookings.cancel(s, booking, f"adviser:{adviser.id}")
    scheduler().run_once()
    [notice] = twilio.delivered(WHATSAPP_ID)
    assert notice["content_sid"] == TEMPLATES["cancelled"][0]
    assert "gaat niet door. Een adviseur heeft het afgezegd." in notice["body"]
    assert twilio.window_violations() == []
    # the adviser cancelled it themselves: no mail to them about it
    assert [m for m in inbox.to(adviser.email) if "afgezegd" in text_of(m)] == []


def test_an_admin_moving_an_appointment_tells_the_resident_and_the_adviser(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    inbox: Inbox,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    admin = make_adviser(session, email="admin@example.org", role="admin", hours=[])
    book_via_api(client, WHATSAPP_ID, channel="whatsapp", language="en", contact={"name": "Fatima"})
    later = client.get("/api/slots", params={"mode": "phone", "limit": 30}).json()["items"][-1]
    # the resident wrote an hour ago: free text is allowed
    twilio.last_inbound[WHATSAPP_ID] = clock() - timedelta(hours=1)
    wrote(client, WHATSAPP_ID, clock() - timedelta(hours=1))
    with writer() as s:
        booking = s.scalar(select(Booking))
        assert booking is not None
        start = datetime.fromisoformat(later["start"])
        bookings.reschedule(s, booking, start, None, later["adviser_id"], f"adviser:{admin.id}")
    scheduler().run_once()
    [notice] = twilio.delivered(WHATSAPP_ID)
    assert notice["content_sid"] is None and notice["body"].startswith("Your advice conversation has been moved.")
    moved = [m for m in inbox.to(adviser.email) if "verzet" in str(m["Subject"])]
    assert len(moved) == 1 and "Advice conversation moved" in str(moved[0]["Subject"])
    assert_no_personal_data(moved[0])


def test_after_an_erasure_only_the_adviser_hears_and_without_personal_data(
    client: TestClient, adviser: Adviser, inbox: Inbox, twilio: TwilioMessagesApi, scheduler: Callable[[], Scheduler]
) -> None:
    book_via_api(client, WHATSAPP_ID, channel="whatsapp", contact=RESIDENT)
    response = client.delete(f"/api/privacy/conversations/{WHATSAPP_ID}", headers=SERVICE)
    assert response.json()["erased"] is True
    assert {r.kind for r in rows()} == {"adviser_erased"}  # nothing about the resident is left
    scheduler().run_once()
    assert twilio.delivered() == []
    [to_adviser] = [m for m in inbox.to(adviser.email) if "vervallen" in str(m["Subject"])]
    assert "gegevens te wissen" in text_of(to_adviser) and "asked us to erase" in text_of(to_adviser)
    assert_no_personal_data(to_adviser)
    assert one("adviser_erased").details == {}  # the time is not kept once told


def test_an_adviser_who_erases_a_lead_gets_no_mail_about_it(
    client: TestClient, adviser: Adviser, inbox: Inbox, scheduler: Callable[[], Scheduler]
) -> None:
    created = book_via_api(client, "web-erase", channel="socketio", contact=RESIDENT)
    scheduler().run_once()
    inbox.messages.clear()
    lead = client.get("/api/leads", params={"conversation_id": "web-erase"}, headers=login(client, adviser.email))
    lead_id = lead.json()["items"][0]["id"]
    erased = client.delete(f"/api/leads/{lead_id}", headers=login(client, adviser.email))
    assert erased.json()["erased"] is True and created["id"]
    scheduler().run_once()
    assert rows() == [] and inbox.messages == []


def test_new_prequalified_lead_mails_the_admins_once(
    client: TestClient, session: Session, inbox: Inbox, scheduler: Callable[[], Scheduler]
) -> None:
    make_adviser(session, email="adviser@example.org")
    admin = make_adviser(session, email="admin@example.org", role="admin", hours=[])
    consented_lead(client, "conv-2", contact=RESIDENT)  # no answers yet: no verdict, no mail
    consented_lead(client, "conv-2", **ANSWERS)
    consented_lead(client, "conv-2", sector="construction")  # still eligible: no second mail
    scheduler().run_once()
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == [admin.email]
    assert "Nieuwe lead zonder afspraak: waarschijnlijk in aanmerking." in text_of(message)
    assert_no_personal_data(message)


def test_not_eligible_leads_send_nothing_and_the_configured_address_replaces_the_admins(
    client: TestClient,
    session: Session,
    inbox: Inbox,
    scheduler: Callable[[], Scheduler],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_adviser(session, email="admin@example.org", role="admin")
    gone = make_adviser(session, email="gone@example.org", role="admin")
    with writer() as s:
        s.execute(update(Adviser).where(Adviser.id == gone.id).values(active=False))
        s.commit()
    consented_lead(client, "conv-3", **{**ANSWERS, "age": 80}, contact=RESIDENT)
    scheduler().run_once()
    assert inbox.messages == []
    consented_lead(client, "conv-4", **ANSWERS)
    scheduler().run_once()
    assert inbox.messages[0][0] == ["admin@example.org"]
    monkeypatch.setattr(get_settings(), "notify_leads_to", "leads@example.org, team@example.org")
    consented_lead(client, "conv-5", **ANSWERS)
    scheduler().run_once()
    assert inbox.messages[1][0] == ["leads@example.org", "team@example.org"]


def test_without_smtp_host_mails_are_cancelled_with_the_reason_and_nothing_personal_is_logged(
    client: TestClient, session: Session, scheduler: Callable[[], Scheduler], caplog: pytest.LogCaptureFixture
) -> None:
    assert not get_settings().smtp_host
    make_adviser(session, email="admin@example.org", role="admin")
    consented_lead(client, "conv-6", **ANSWERS, contact=RESIDENT)
    with caplog.at_level("INFO", logger="api.outbox"):
        scheduler().run_once()
    assert [(r.status, r.last_error) for r in rows()] == [("cancelled", "e-mail is off (no SMTP_HOST)")]
    assert "lead_prequalified) not sent: e-mail is off" in caplog.text
    assert "Fatima" not in caplog.text and "example.org" not in caplog.text


def test_an_unreachable_mail_server_does_not_fail_the_booking_and_is_retried(
    client: TestClient, session: Session, scheduler: Callable[[], Scheduler], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "smtp_host", "127.0.0.1")
    monkeypatch.setattr(get_settings(), "smtp_port", free_port())  # nothing listens
    make_adviser(session, email="admin@example.org", role="admin")
    assert consented_lead(client, "conv-7", **ANSWERS)["eligibility"]["verdict"] == "eligible"  # type: ignore[index]
    assert scheduler().run_once().outcomes == {"retry": 1}
    assert [(r.status, r.last_error) for r in rows()] == [("pending", "ConnectionRefusedError")]


@pytest.mark.usefixtures("inbox")
def test_the_scheduler_command_sends_what_is_due_and_logs_nothing_personal(
    client: TestClient, adviser: Adviser, inbox: Inbox
) -> None:
    book_via_api(client, "web-3", channel="socketio", contact=RESIDENT)
    settings = get_settings()
    env = {**os.environ, "SMTP_HOST": settings.smtp_host, "SMTP_PORT": str(settings.smtp_port), "LOG_LEVEL": "INFO"}
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "scheduler", "--once"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "outbox message" in done.stderr and "sent by smtp" in done.stderr
    for value in (*RESIDENT.values(), "Fatima", "612345678"):  # (not "45": log lines have times)
        assert value not in done.stderr
    assert len(inbox.to(RESIDENT["email"])) == 1 and len(inbox.to(adviser.email)) == 1


def test_an_adviser_who_cancels_through_the_api_tells_the_resident_once_that_an_adviser_did_it_and_why(
    client: TestClient, adviser: Adviser, inbox: Inbox, scheduler: Callable[[], Scheduler]
) -> None:
    created = book_via_api(client, "web-adviser-cancel", channel="socketio", contact=RESIDENT)
    scheduler().run_once()
    inbox.messages.clear()
    response = client.post(
        f"/api/bookings/{created['id']}/cancel", json={"reason": "Ik ben ziek."}, headers=login(client, adviser.email)
    )
    assert response.status_code == 200, response.text
    notice = one("booking_cancelled")
    assert notice.channel == "email" and notice.details["by"] == "adviser"
    assert "ziek" not in str(notice.details)  # the reason stays on the lead's timeline
    scheduler().run_once()
    [to_resident] = inbox.to(RESIDENT["email"])
    body = text_of(to_resident).replace("\r\n", "\n")
    assert "gaat niet door" in str(to_resident["Subject"])
    assert "Een adviseur van Haaglanden Leert Door heeft het afgezegd.\nReden: Ik ben ziek." in body
    [event] = Calendar.from_ical(attachment(to_resident)).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert inbox.to(adviser.email) == []  # they did it themselves
    # a resident who cancels themselves is not told that an adviser did
    again = book_via_api(
        client, "web-resident-cancel", channel="socketio", contact={**RESIDENT, "email": "b@example.org"}
    )
    page = str(again["manage_url"]).removeprefix("http://testserver")
    assert client.post(f"{page}/afzeggen", follow_redirects=True).status_code == 200
    scheduler().run_once()
    [own] = [m for m in inbox.to("b@example.org") if "gaat niet door" in str(m["Subject"])]
    assert "adviseur" not in text_of(own) and "Reden" not in text_of(own)


def test_the_leads_owner_who_moves_it_tells_the_resident_on_whatsapp_and_the_appointments_adviser(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    inbox: Inbox,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    owner = make_adviser(session, email="owner@example.org", name="Owner", hours=[])
    created = book_via_api(client, WHATSAPP_ID, channel="whatsapp", language="nl", contact={"name": "Fatima"})
    # the resident wrote an hour ago: free text is allowed
    twilio.last_inbound[WHATSAPP_ID] = clock() - timedelta(hours=1)
    wrote(client, WHATSAPP_ID, clock() - timedelta(hours=1))
    scheduler().run_once()
    inbox.messages.clear()
    headers = login(client, owner.email)
    lead_id = client.get("/api/leads", params={"conversation_id": WHATSAPP_ID}, headers=headers).json()["items"][0][
        "id"
    ]
    assert client.post(f"/api/leads/{lead_id}/take", headers=headers).status_code == 200
    later = client.get("/api/slots", params={"mode": "video", "limit": 30}).json()["items"][-1]
    moved = client.post(
        f"/api/bookings/{created['id']}/reschedule", json={"start": later["start"], "mode": "video"}, headers=headers
    )
    assert moved.status_code == 200, moved.text
    scheduler().run_once()
    [notice] = twilio.delivered(WHATSAPP_ID)
    old = datetime.fromisoformat(str(created["start"]))
    assert notice["body"].startswith(
        "Je adviesgesprek is verzet. Een adviseur van Haaglanden Leert Door heeft het verzet."
    )
    assert "(videobellen)" in notice["body"] and "  " not in notice["body"]
    assert twilio.window_violations() == []
    # the appointment's adviser hears of it (the owner made the change: no mail to them)
    [to_adviser] = [m for m in inbox.to(adviser.email) if "verzet" in str(m["Subject"])]
    assert f"om {old:%H:%M} naar" in text_of(to_adviser)
    assert_no_personal_data(to_adviser)
    assert inbox.to(owner.email) == []
