"""Sending once: restarts, expired claims, cancelled and moved bookings, retries with back-off,
two schedulers over the same rows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings import service as bookings
from api.bookings.models import Booking
from api.core.db import get_engine, get_sessionmaker
from api.outbox import queue
from api.outbox.config import get_outbox_settings
from api.outbox.scheduler import Scheduler
from tests.outbox.conftest import Clock, Inbox, one, rows
from tests.outbox.helpers import AMSTERDAM, RESIDENT, WHATSAPP_ID, booking_at, lead_for, local, writer
from tests.outbox.twilio_api import TwilioMessagesApi

pytestmark = pytest.mark.usefixtures("inbox")


def in_days(days: int, at: time = time(10)) -> datetime:
    return local((datetime.now(UTC) + timedelta(days=days)).date(), at)


@pytest.fixture
def whatsapp_booking(
    client: TestClient, session: Session, adviser: Adviser, scheduler: Callable[[], Scheduler]
) -> Booking:
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp", language="nl")
    booking = booking_at(session, lead, adviser, in_days(10), now=datetime.now(UTC))
    scheduler().run_once()  # the adviser's mail about it goes now; the reminders wait
    assert [r.kind for r in rows() if r.status == "sent"] == ["adviser_booked"]
    return booking


class Crash(BaseException):
    """The scheduler process dies (not an error it could handle)."""


def test_a_scheduler_that_dies_after_twilio_took_the_message_causes_no_second_message(
    whatsapp_booking: Booking,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    due = one("reminder_day_before").due_at
    clock.set(due)

    def die(*args: object, **kwargs: object) -> bool:
        raise Crash

    with monkeypatch.context() as m:
        m.setattr(queue, "mark_sent", die)
        with pytest.raises(Crash):
            scheduler().run_once()
    assert len(twilio.delivered()) == 1
    assert one("reminder_day_before").status == "claimed"  # never recorded as sent

    # A new scheduler leaves the claim alone while its lease holds ...
    clock.advance(seconds=get_outbox_settings().outbox_lease_seconds - 1)
    assert scheduler().run_once().claimed == 0
    # ... then takes it over in doubt, finds the message at Twilio and records it.
    clock.advance(seconds=2)
    assert scheduler().run_once().outcomes == {"sent": 1}
    assert len(twilio.delivered()) == 1
    row = one("reminder_day_before")
    assert row.status == "sent" and row.via == "found" and row.provider_id == twilio.delivered()[0]["sid"]


def test_a_claim_whose_sender_died_before_sending_is_sent_after_the_lease(
    whatsapp_booking: Booking, twilio: TwilioMessagesApi, clock: Clock, scheduler: Callable[[], Scheduler]
) -> None:
    clock.set(one("reminder_day_before").due_at)
    with get_sessionmaker()() as s:
        _token, ids = queue.claim(s, clock(), get_outbox_settings().outbox_lease_seconds, 10)
    assert len(ids) == 1  # claimed, then the process was killed
    clock.advance(seconds=get_outbox_settings().outbox_lease_seconds + 1)
    scheduler().run_once()
    assert len(twilio.delivered()) == 1
    assert one("reminder_day_before").via == "template"


def test_a_time_out_after_twilio_took_it_is_not_sent_twice(
    whatsapp_booking: Booking, twilio: TwilioMessagesApi, clock: Clock, scheduler: Callable[[], Scheduler]
) -> None:
    clock.set(one("reminder_day_before").due_at)
    twilio.plan = [("slow", 5)]  # the answer comes after the client's 3 s time-out
    assert scheduler().run_once().outcomes == {"retry": 1}
    clock.advance(hours=1)
    assert scheduler().run_once().outcomes == {"sent": 1}
    assert len(twilio.delivered()) == 1 and one("reminder_day_before").via == "found"


def test_no_reminder_for_a_cancelled_booking(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp")
    booking = booking_at(session, lead, adviser, in_days(10), now=datetime.now(UTC))
    due = one("reminder_day_before").due_at
    with writer() as s:
        bookings.cancel(s, s.get(Booking, booking.id), "resident")  # type: ignore[arg-type]
    assert {r.kind: r.status for r in rows() if r.kind.startswith("reminder")} == {
        "reminder_day_before": "cancelled",
        "reminder_hours_before": "cancelled",
    }
    clock.set(due + timedelta(days=2))
    scheduler().run_once()
    # the resident cancelled it themselves in WhatsApp's own flow: nothing is echoed to them
    assert twilio.delivered() == []


def test_a_booking_cancelled_behind_the_outboxs_back_is_still_not_reminded(
    whatsapp_booking: Booking, twilio: TwilioMessagesApi, clock: Clock, scheduler: Callable[[], Scheduler]
) -> None:
    with get_engine().begin() as conn:  # no hook ran: the scheduler itself must notice
        conn.execute(update(Booking).values(status="cancelled"))
    clock.set(one("reminder_day_before").due_at)
    scheduler().run_once()
    assert twilio.delivered() == []
    assert [r.last_error for r in rows("reminder_day_before")] == ["booking no longer active"]


def test_a_reschedule_replaces_the_pending_reminders(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    twilio: TwilioMessagesApi,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
) -> None:
    lead = lead_for(client, session, WHATSAPP_ID, channel="whatsapp")
    slots = client.get("/api/slots", params={"mode": "phone", "limit": 40}).json()["items"]
    created = client.post(
        "/api/bookings",
        json={
            "conversation_id": WHATSAPP_ID,
            "adviser_id": slots[0]["adviser_id"],
            "start": slots[0]["start"],
            "mode": "phone",
            "contact": {"name": "Fatima"},
        },
        headers={"Authorization": "Bearer test-service-token-0123456789"},
    ).json()
    old_due = {r.kind: r.due_at for r in rows() if r.kind.startswith("reminder") and r.status == "pending"}
    later = slots[-1]
    moved = client.post(
        f"/api/bookings/manage/{created['manage_token']}/reschedule",
        json={"start": later["start"], "adviser_id": later["adviser_id"]},
    )
    assert moved.status_code == 200, moved.text
    pending = {r.kind: r.due_at for r in rows() if r.kind.startswith("reminder") and r.status == "pending"}
    new_start = datetime.fromisoformat(later["start"])
    assert pending["reminder_hours_before"] == new_start.astimezone(UTC) - timedelta(hours=2)
    assert set(pending.values()).isdisjoint(old_due.values())
    # at the old time nothing goes out; at the new time exactly one reminder
    clock.set(old_due["reminder_hours_before"] + timedelta(minutes=5))
    scheduler().run_once()
    assert [m for m in twilio.delivered() if "Herinnering" in m["body"]] == []
    clock.set(pending["reminder_hours_before"])
    scheduler().run_once()
    scheduler().run_once()
    # one day-before and one hours-before reminder, both for the new time
    reminders = [m for m in twilio.delivered() if "Herinnering" in m["body"]]
    assert len(reminders) == 2 and new_start.astimezone(UTC) > clock()
    new_time = new_start.astimezone(AMSTERDAM).strftime("%H:%M")
    assert all(f"om {new_time}" in m["body"] for m in reminders)
    assert [r.status for r in rows() if r.kind.startswith("reminder")].count("sent") == 2
    # the resident moved it themselves: the adviser is told, the resident's WhatsApp is not echoed
    assert [r.status for r in rows("adviser_moved")] == ["sent"]
    assert rows("booking_moved") == [] and lead.channel == "whatsapp"


def test_failures_are_retried_with_growing_pauses_then_sent_once(
    whatsapp_booking: Booking, twilio: TwilioMessagesApi, clock: Clock, scheduler: Callable[[], Scheduler]
) -> None:
    settings = get_outbox_settings()
    row = one("reminder_day_before")
    clock.set(row.due_at)
    twilio.plan = [503, 429, 500]
    pauses = []
    for _ in range(3):
        assert scheduler().run_once().outcomes == {"retry": 1}
        retry = one("reminder_day_before")
        assert retry.status == "pending" and retry.last_error and "+316" not in retry.last_error
        pauses.append(retry.next_attempt_at - clock())
        clock.set(retry.next_attempt_at - timedelta(seconds=1))
        assert scheduler().run_once().claimed == 0  # not before its time
        clock.advance(seconds=1)
    base = timedelta(seconds=settings.outbox_retry_base_seconds)
    assert pauses == [base, 2 * base, 4 * base]
    assert scheduler().run_once().outcomes == {"sent": 1}
    assert len(twilio.delivered()) == 1
    assert one("reminder_day_before").attempts == 4


def test_a_refusal_is_not_retried_and_the_error_names_no_number(
    whatsapp_booking: Booking, twilio: TwilioMessagesApi, clock: Clock, scheduler: Callable[[], Scheduler]
) -> None:
    twilio.plan = [400]
    clock.set(one("reminder_day_before").due_at)
    assert scheduler().run_once().outcomes == {"failed": 1}
    [row] = [r for r in rows("reminder_day_before")]
    assert row.status == "failed" and row.last_error == "twilio 20429 (http 400)"


def test_two_schedulers_racing_over_the_same_rows_send_each_message_once(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    inbox: Inbox,
    twilio: TwilioMessagesApi,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_outbox_settings(), "outbox_batch_size", 3)
    day = (datetime.now(UTC) + timedelta(days=12)).date()
    for n in range(24):
        lead = lead_for(client, session, f"whatsapp:+3161234{n:04d}", channel="whatsapp")
        booking_at(session, lead, adviser, local(day, time(9 + n // 4, 10 * (n % 4))), now=datetime.now(UTC))
    # the evening before: every day-before reminder and every adviser mail is due
    clock.set(local(day - timedelta(days=1), time(20)).astimezone(UTC))
    assert len([r for r in rows() if r.due_at <= clock()]) == 48
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        worker = Scheduler(clock=clock, rand=lambda: 0.0)
        barrier.wait()
        try:
            while worker.run_once().claimed:
                pass
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    sent = twilio.delivered()
    assert len(sent) == 24 and len({m["to"] for m in sent}) == 24  # each resident once
    assert len(inbox.to(adviser.email)) == 24
    assert len({str(m["Message-ID"]) for m in inbox.to(adviser.email)}) == 24
    done = [r for r in rows() if r.due_at <= clock()]
    assert all(r.status == "sent" and r.attempts == 1 for r in done)
    assert {r.provider_id for r in done if r.channel == "whatsapp"} == {m["sid"] for m in sent}


def test_email_is_sent_with_a_stable_message_id_after_a_crash(
    client: TestClient,
    session: Session,
    adviser: Adviser,
    inbox: Inbox,
    clock: Clock,
    scheduler: Callable[[], Scheduler],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead = lead_for(client, session, "web-9", channel="socketio", contact=RESIDENT)
    booking_at(session, lead, adviser, in_days(10), now=datetime.now(UTC))
    clock.set(one("reminder_day_before").due_at)

    def die(*args: object, **kwargs: object) -> bool:
        raise Crash

    with monkeypatch.context() as m:
        m.setattr(queue, "mark_sent", die)
        with pytest.raises(Crash):
            scheduler().run_once()  # the confirmation comes first and is sent, then the crash
    clock.advance(seconds=get_outbox_settings().outbox_lease_seconds + 1)
    scheduler().run_once()
    confirmations = [m for m in inbox.to(RESIDENT["email"]) if "Je afspraak:" in str(m["Subject"])]
    # SMTP has no idempotency key: the second delivery carries the same Message-ID, which mail
    # systems use to drop the duplicate.
    assert len({str(m["Message-ID"]) for m in confirmations}) == 1
    assert all(r.status == "sent" for r in rows() if r.kind in ("confirmation", "reminder_day_before"))
