"""Reminders: at the right Amsterdam time across daylight-saving changes, once, in the resident's
channel, with a template outside WhatsApp's 24-hour window and free text inside it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.outbox.scheduler import Scheduler
from tests.outbox.conftest import TEMPLATES, Clock, Inbox, one, rows, text_of
from tests.outbox.helpers import RESIDENT, WHATSAPP_ID, booking_at, lead_for, local, next_clock_change, wrote
from tests.outbox.twilio_api import TwilioMessagesApi

pytestmark = pytest.mark.usefixtures("inbox")


@pytest.mark.parametrize(
    ("month", "utc_hour"),
    [
        (3, 16),  # the clocks went forward that night: 18:00 CEST is 16:00 UTC
        (10, 17),  # the clocks went back that night: 18:00 CET is 17:00 UTC
    ],
)
def test_the_day_before_reminder_goes_once_at_18_amsterdam_time_across_a_clock_change(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
    month: int,
    utc_hour: int,
) -> None:
    sunday = next_clock_change(month)  # the clocks change early on this Sunday
    monday_10 = local(sunday + timedelta(days=1), time(10))
    booked_at = local(sunday - timedelta(days=6), time(12)).astimezone(UTC)
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp", language="nl")
    booking_at(session, lead, adviser, monday_10, now=booked_at)

    reminder = one("reminder_day_before")
    assert reminder.due_at == datetime.combine(sunday, time(utc_hour), tzinfo=UTC)
    assert reminder.due_at.astimezone(local(sunday, time(0)).tzinfo).hour == 18
    # the second reminder is two hours before the start: 08:00 Amsterdam time on Monday
    assert one("reminder_hours_before").due_at == monday_10.astimezone(UTC) - timedelta(hours=2)

    clock.set(reminder.due_at - timedelta(minutes=1))
    scheduler().run_once()
    assert twilio.delivered() == []  # not a minute early

    clock.set(reminder.due_at)
    scheduler().run_once()
    clock.advance(minutes=30)
    scheduler().run_once()  # a restarted scheduler does not send it again
    clock.advance(hours=10)
    scheduler().run_once()
    delivered = twilio.delivered(WHATSAPP_ID)
    assert len(delivered) == 1
    assert delivered[0]["date_created"] == reminder.due_at
    assert "maandag" in delivered[0]["body"] and "10:00" in delivered[0]["body"]
    assert one("reminder_day_before").status == "sent"
    assert one("reminder_day_before").provider_id == delivered[0]["sid"]


def test_outside_the_24_hour_window_the_reminder_is_the_approved_template(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), time(14))
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp", language="en")
    # the resident last wrote when booking, nine days before the reminder: the window is closed
    written = start.astimezone(UTC) - timedelta(days=9)
    wrote(client, WHATSAPP_ID, written)
    booking_at(session, lead, adviser, start, now=written)

    clock.set(one("reminder_day_before").due_at)
    scheduler().run_once()
    [message] = twilio.delivered()
    assert message["content_sid"] == TEMPLATES["reminder"][1]  # the English template
    variables = json.loads(message["variables"])
    assert variables["2"] == "14:00" and variables["3"] == "by phone"
    assert variables["4"].startswith("http://testserver/a/")
    assert twilio.window_violations() == []
    assert one("reminder_day_before").via == "template"


def test_unknown_last_message_counts_as_outside_the_window(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), time(9, 30))
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp")
    booking_at(session, lead, adviser, start, now=datetime.now(UTC))
    clock.set(one("reminder_day_before").due_at)
    scheduler().run_once()
    [message] = twilio.delivered()
    assert message["content_sid"] == TEMPLATES["reminder"][0]  # Dutch
    assert message["body"].startswith("Herinnering: je hebt een adviesgesprek op ") and "om 09:30" in message["body"]


def test_inside_the_24_hour_window_the_reminder_is_free_text(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), time(11))
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp", language="nl")
    booking_at(session, lead, adviser, start, now=datetime.now(UTC))
    clock.set(one("reminder_day_before").due_at)
    scheduler().run_once()  # the evening before, the resident had not written: the template
    assert [m["content_sid"] for m in twilio.delivered()] == [TEMPLATES["reminder"][0]]
    due = one("reminder_hours_before").due_at
    # the resident wrote this morning (the channel passes it on with each message)
    this_morning = due - timedelta(hours=3)
    twilio.last_inbound[WHATSAPP_ID] = this_morning
    assert wrote(client, WHATSAPP_ID, this_morning)["last_inbound_at"] is not None
    # an older time arriving late does not move it back
    wrote(client, WHATSAPP_ID, this_morning - timedelta(days=3))
    clock.set(due)
    scheduler().run_once()
    message = twilio.delivered()[-1]
    assert len(twilio.delivered()) == 2 and message["content_sid"] is None
    assert message["body"].startswith("Herinnering: vandaag om 11:00 heb je een adviesgesprek (telefonisch).")
    assert "http://testserver/a/" in message["body"]
    assert twilio.window_violations() == []
    assert one("reminder_hours_before").via == "text"


def test_email_residents_get_the_reminder_by_email(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    inbox: Inbox,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), time(15))
    lead = lead_for(client, session, "web-1", channel="socketio", language="nl", contact=RESIDENT)
    booking_at(session, lead, adviser, start, now=datetime.now(UTC), mode="in_person")
    clock.set(one("reminder_day_before").due_at)
    scheduler().run_once()
    reminders = [m for m in inbox.to(RESIDENT["email"]) if "Morgen" in str(m["Subject"])]
    assert len(reminders) == 1
    body = text_of(reminders[0])
    assert "Hallo Fatima de Vries," in body and "om 15:00" in body and "Waar: Spui 70, Den Haag" in body


def test_website_residents_without_email_get_no_reminder(
    client: TestClient, session: Session, adviser: Adviser
) -> None:
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), time(15))
    lead = lead_for(client, session, "web-2", channel="socketio", contact={"name": "A", "phone": "06 12345678"})
    booking_at(session, lead, adviser, start, now=datetime.now(UTC))
    assert [r.kind for r in rows()] == ["adviser_booked"]


def test_no_whatsapp_reminder_after_the_resident_sent_stop(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), time(11))
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp")
    booking_at(session, lead, adviser, start, now=datetime.now(UTC))
    assert wrote(client, WHATSAPP_ID, datetime.now(UTC), opted_out=True)["whatsapp_opted_out"] is True  # STOP
    clock.set(one("reminder_day_before").due_at)
    scheduler().run_once()
    assert twilio.delivered() == []
    assert [r.last_error for r in rows("reminder_day_before")] == [
        "resident opted out of WhatsApp (STOP) and gave no e-mail address"
    ]
    # START again: the next reminder goes
    wrote(client, WHATSAPP_ID, datetime.now(UTC), opted_out=False)
    clock.set(one("reminder_hours_before").due_at)
    scheduler().run_once()
    assert len(twilio.delivered()) == 1


def test_after_stop_the_whatsapp_reminder_goes_by_email_when_the_resident_gave_one(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    inbox: Inbox,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    start = local((datetime.now(UTC) + timedelta(days=10)).date(), time(11))
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp", contact=RESIDENT)
    booking_at(session, lead, adviser, start, now=datetime.now(UTC))
    wrote(client, WHATSAPP_ID, datetime.now(UTC), opted_out=True)  # STOP
    clock.set(one("reminder_day_before").due_at)
    scheduler().run_once()
    assert twilio.delivered() == []
    reminders = [m for m in inbox.to(RESIDENT["email"]) if "Morgen" in str(m["Subject"])]
    assert len(reminders) == 1 and "om 11:00" in text_of(reminders[0])
    assert one("reminder_day_before").via == "smtp"
