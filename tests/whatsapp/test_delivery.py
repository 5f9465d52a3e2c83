"""Sending through the Twilio stand-in with failures injected: retries with back-off, no lost
turn, permanent failures, logs without personal data; delivery status callbacks."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.whatsapp.conftest import inbound, serve

pytestmark = pytest.mark.asyncio

SECRET_TEXT = "Ik ben Fatima en mijn rug doet pijn"


def assert_no_personal_data(caplog):
    for record in caplog.records:
        line = record.getMessage()
        assert "31612345678" not in line, line
        assert "Fatima" not in line and "rug" not in line, line
        assert "Je zei" not in line, line


async def test_transient_failures_are_retried_with_backoff(make_config, stub, caplog):
    caplog.set_level(logging.DEBUG)
    stub.plan = [500, 503, None]
    async with serve(make_config(retry_base_seconds=0.05)) as s:
        await s.say(SECRET_TEXT)
        assert [a["action"] for a in stub.attempts] == [500, 503, None]
        assert stub.bodies() == [f"Je zei: {SECRET_TEXT}"]
        gaps = [b["at"] - a["at"] for a, b in zip(stub.attempts, stub.attempts[1:], strict=False)]
        assert gaps[0] >= 0.03 and gaps[1] >= 0.07  # exponential back-off
        assert s.channel.store.inbound_state(s.received[0].message_id) == "processed"
    assert_no_personal_data(caplog)


async def test_rate_limit_and_timeout_are_retried(make_config, stub, caplog):
    caplog.set_level(logging.DEBUG)
    stub.plan = [429, ("delay", 1.2), None]
    async with serve(make_config(send_timeout=0.3)) as s:
        await s.say("Hoi")
        assert len(stub.attempts) == 3
        assert stub.attempts[1].get("timed_out")
        assert stub.bodies() == ["Je zei: Hoi"]
    assert any("timeout" in r.getMessage() for r in caplog.records)
    assert_no_personal_data(caplog)


async def test_a_failed_delivery_does_not_lose_the_turn(make_config, stub, caplog):
    """Twilio is down for every attempt: the message reached the bot (its turn stands), the
    failure is logged without personal data, and the next message works normally."""
    caplog.set_level(logging.DEBUG)
    turns = []

    async def bot(message):
        turns.append(message.text)  # what Rasa stores before the channel sends anything
        await message.output_channel.send_text_message(message.sender_id, "Je zei: " + message.text)
        await message.output_channel.send_text_message(message.sender_id, "Nog iets")

    stub.plan = [500, 500, 500]
    async with serve(make_config(), bot) as s:
        first = inbound(SECRET_TEXT)
        await s.post(first)
        await s.channel.drain()
        assert turns == [SECRET_TEXT]
        assert stub.sent == [] and len(stub.attempts) == 3  # bounded: 3 attempts, then stop
        assert s.channel.store.inbound_state(first["MessageSid"]) == "processed_not_all_delivered"
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert any(first["MessageSid"] in e and "not delivered" in e for e in errors)
        await s.say("Hallo")  # Twilio is back
        assert turns == [SECRET_TEXT, "Hallo"]
        assert stub.bodies() == ["Je zei: Hallo", "Nog iets"]
        # Twilio's retry of the first webhook does not run the turn twice
        await s.post(first)
        await s.channel.drain()
        assert turns == [SECRET_TEXT, "Hallo"]
    assert_no_personal_data(caplog)


async def test_a_failing_bot_still_gets_an_answer_out(make_config, stub, caplog):
    async def broken(message):
        raise RuntimeError(f"boom {message.text}")

    async with serve(make_config(), broken) as s:
        await s.say(SECRET_TEXT)
        assert stub.bodies() == ["Sorry, er ging iets mis bij mij. Probeer het over een paar minuten nog eens."]
    assert_no_personal_data(caplog)


async def test_permanent_failure_is_not_retried_and_logged_without_personal_data(make_config, stub, caplog):
    caplog.set_level(logging.DEBUG)
    stub.plan = [("error", 400, 63016)]  # Twilio's message quotes the number
    async with serve(make_config()) as s:
        await s.say(SECRET_TEXT)
        assert len(stub.attempts) == 1 and stub.sent == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("63016" in e and "permanent" in e for e in errors)
    assert_no_personal_data(caplog)


async def test_sending_does_not_block_the_event_loop(make_config, stub):
    """While a send waits on a slow Twilio, the server keeps answering webhooks."""
    stub.plan = [("delay", 1.0), None]
    async with serve(make_config(send_timeout=0.8)) as s:
        await s.post(inbound("een", sender="whatsapp:+31600000001"))
        await asyncio.sleep(0.1)
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        r = await s.post(inbound("twee", sender="whatsapp:+31600000002"))
        assert r.status_code == 200 and loop.time() - t0 < 0.3
        await s.channel.drain()
        assert sorted(stub.bodies()) == ["Je zei: een", "Je zei: twee"]


async def test_status_callbacks_out_of_order_never_go_backwards(make_config, stub):
    async with serve(make_config()) as s:
        await s.say("Hoi")
        sid = stub.sent[0]["sid"]
        assert s.channel.store.status(sid) == "queued"
        for status in ["sent", "read", "delivered", "sent", "queued"]:
            r = await s.status(sid, status)
            assert r.status_code == 200
        assert s.channel.store.status(sid) == "read"
        # a callback before we recorded the message, then the REST answer's 'queued'
        assert (await s.status("SMlate", "delivered")).status_code == 200
        s.channel.store.record_status("SMlate", "queued", in_reply_to="SMin")
        assert s.channel.store.delivery("SMlate") == {"status": "delivered", "error_code": None, "in_reply_to": "SMin"}
        # failures keep their error code
        assert (await s.status("SMfail", "sent")).status_code == 200
        assert (await s.status("SMfail", "undelivered", ErrorCode="63024")).status_code == 200
        assert (await s.status("SMfail", "sent")).status_code == 200
        assert s.channel.store.delivery("SMfail")["status"] == "undelivered"
        assert s.channel.store.delivery("SMfail")["error_code"] == "63024"
        assert (await s.status("SMf2", "failed", ErrorCode="63016")).status_code == 200
        assert s.channel.store.status("SMf2") == "failed"


async def test_status_callback_must_be_signed(make_config, stub):
    async with serve(make_config()) as s:
        await s.say("Hoi")
        sid = stub.sent[0]["sid"]
        assert (await s.status(sid, "read", signature=None)).status_code == 403
        assert (await s.status(sid, "read", signature="Zm9yZ2Vk")).status_code == 403
        assert s.channel.store.status(sid) == "queued"
        # signed for the webhook URL instead of the status URL
        form = {"MessageSid": sid, "MessageStatus": "read"}
        from tests.whatsapp.conftest import WEBHOOK_URL, sign

        r = await s.post(form, signature=sign(WEBHOOK_URL, form), path="/webhooks/whatsapp/status")
        assert r.status_code == 403
        assert s.channel.store.status(sid) == "queued"
