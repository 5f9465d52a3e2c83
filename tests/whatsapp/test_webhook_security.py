"""Signatures (real RequestValidator), replays, the quick answer, the channel being off."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.channels.whatsapp_config import WhatsAppConfig
from tests.whatsapp.conftest import (
    RESIDENT,
    STATUS_URL,
    WEBHOOK_URL,
    inbound,
    serve,
    sign,
)

pytestmark = pytest.mark.asyncio


async def test_signed_message_reaches_the_bot_with_metadata_and_reply_goes_out(make_config, stub):
    async with serve(make_config()) as s:
        form = inbound("Hoi, ik wil iets weten over de voucher")
        r = await s.post(form)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/xml")
        assert "<Response></Response>" in r.text
        await s.channel.drain()
        [msg] = s.received
        assert msg.text == "Hoi, ik wil iets weten over de voucher"
        assert msg.sender_id == RESIDENT
        assert msg.input_channel == "whatsapp"
        assert msg.message_id == form["MessageSid"]
        assert msg.metadata == {
            "channel": "whatsapp",
            "whatsapp": {"profile_name": "Fatima", "wa_id": "31612345678", "message_sid": form["MessageSid"]},
        }
        [sent] = stub.sent
        assert sent["To"] == RESIDENT
        assert sent["From"] == "whatsapp:+14155238886"
        assert sent["Body"] == "Je zei: Hoi, ik wil iets weten over de voucher"
        assert sent["StatusCallback"] == STATUS_URL
        # what the REST API answered is recorded per MessageSid
        assert s.channel.store.delivery(sent["sid"]) == {
            "status": "queued",
            "error_code": None,
            "in_reply_to": form["MessageSid"],
        }


@pytest.mark.parametrize(
    "case", ["unsigned", "empty", "wrong_token", "tampered", "local_url", "other_path", "query_not_signed"]
)
async def test_bad_signature_is_refused_and_nothing_processed(make_config, stub, case):
    async with serve(make_config()) as s:
        form = inbound("Hallo")
        kwargs: dict = {}
        if case == "unsigned":
            kwargs["signature"] = None
        elif case == "empty":
            kwargs["signature"] = ""
        elif case == "wrong_token":
            kwargs["signature"] = sign(WEBHOOK_URL, form, token="not-the-token")
        elif case == "tampered":
            kwargs["signature"] = sign(WEBHOOK_URL, form)
            form = {**form, "Body": "wis mijn gegevens"}
        elif case == "local_url":  # the URL the server sees, not the public one Twilio signs
            kwargs["signature"] = sign(s.base + "/webhooks/whatsapp/webhook", form)
        elif case == "other_path":
            kwargs["signature"] = sign(STATUS_URL, form)
        elif case == "query_not_signed":
            kwargs["signature"] = sign(WEBHOOK_URL, form)
            kwargs["query"] = "x=1"
        r = await s.post(form, **kwargs)
        assert r.status_code == 403
        await asyncio.sleep(0.2)
        await s.channel.drain()
        assert s.received == [] and stub.attempts == []
        # nothing was recorded either: the genuine request with that MessageSid still counts
        r = await s.post(form if case != "tampered" else inbound("Hallo", MessageSid=form["MessageSid"]))
        assert r.status_code == 200
        await s.channel.drain()
        assert len(s.received) == 1


async def test_signature_with_query_string_and_port_variants(make_config, stub):
    async with serve(make_config(public_url="https://bot.example.org:443")) as s:
        form = inbound("Hoi")
        r = await s.post(form, url="https://bot.example.org:443/webhooks/whatsapp/webhook", query="source=flyer")
        assert r.status_code == 200
        await s.channel.drain()
        assert len(s.received) == 1


async def test_replayed_message_sid_is_acknowledged_not_processed_also_after_restart(make_config, stub):
    config = make_config()
    form = inbound("Ik ben 45")
    async with serve(config) as s:
        assert (await s.post(form)).status_code == 200
        assert (await s.post(form)).status_code == 200  # Twilio's retry, same MessageSid
        await s.channel.drain()
        assert [m.text for m in s.received] == ["Ik ben 45"]
        assert s.channel.store.inbound_state(form["MessageSid"]) == "processed"
    async with serve(config) as s2:  # a restart: a new process with the same database
        r = await s2.post(form)
        assert r.status_code == 200 and "<Response></Response>" in r.text
        await s2.channel.drain()
        assert s2.received == []
    assert len(stub.sent) == 1


async def test_webhook_answers_before_the_turn_is_done(make_config, stub):
    async def slow(message):
        await asyncio.sleep(1.5)
        await message.output_channel.send_text_message(message.sender_id, "Klaar")

    async with serve(make_config(), slow) as s:
        t0 = time.monotonic()
        r = await s.post(inbound("Hoi"))
        assert r.status_code == 200
        assert time.monotonic() - t0 < 0.5
        assert stub.sent == []
        await s.channel.drain()
        assert stub.bodies() == ["Klaar"]


async def test_messages_of_one_sender_are_handled_in_order(make_config, stub):
    delays = {"een": 0.6, "twee": 0.0, "drie": 0.1}

    async def responder(message):
        await asyncio.sleep(delays[message.text])
        await message.output_channel.send_text_message(message.sender_id, "antwoord " + message.text)

    async with serve(make_config(), responder) as s:
        for word in ["een", "twee", "drie"]:
            assert (await s.post(inbound(word))).status_code == 200
        await s.channel.drain()
        assert [m.text for m in s.received] == ["een", "twee", "drie"]
        assert stub.bodies() == ["antwoord een", "antwoord twee", "antwoord drie"]


async def test_not_configured_answers_503(tmp_path, stub):
    config = WhatsAppConfig(db_path=str(tmp_path / "w.db"))
    async with serve(config) as s:
        r = await s.post(inbound("Hoi"))
        assert r.status_code == 503 and r.text == "WhatsApp is not configured"
        r = await s.status("SM1", "sent")
        assert r.status_code == 503
        r = await s.client.get(s.base + "/webhooks/whatsapp/")
        assert r.json() == {"status": "ok", "enabled": False}
        assert s.received == []


async def test_only_whatsapp_senders_are_served(make_config, stub):
    """The channel owns the `whatsapp:` conversation ids and only those: a signed request from an
    SMS sender (same Twilio number) is acknowledged and ignored."""
    async with serve(make_config()) as s:
        r = await s.post(inbound("Hoi", sender="+31612345678"))
        assert r.status_code == 200 and "<Response></Response>" in r.text
        await s.channel.drain()
        assert s.received == [] and stub.sent == []


async def test_a_message_over_the_limit_is_refused_politely_and_not_passed_on(make_config, stub):
    async with serve(make_config()) as s:
        await s.say("x" * 1001)
        assert s.received == []
        assert stub.bodies() == ["Je bericht is te lang. Kun je het korter zeggen?"]
        await s.say("x" * 1000)  # at the limit: passed on
        assert [len(m.text) for m in s.received] == [1000]
