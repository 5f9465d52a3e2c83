"""A conversation id belongs to the channel that made it (issue 9, critical): the REST channel
cannot act in a WhatsApp or website conversation, a browser cannot adopt another browser's
session, and the REST channel answers a bad body with 400 and a reason."""

from __future__ import annotations

import asyncio
import json
import secrets
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.channels.conftest import WhatsAppResident, texts
from tests.channels.socketio_client import Browser
from tests.stack import Stack


def rest(stack: Stack, body: bytes, content_type: str = "application/json") -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture(scope="module")
def whatsapp_resident(stack, stub) -> WhatsAppResident:
    """A WhatsApp resident who gave their name and whose answers are on a lead."""
    r = WhatsAppResident(stack, stub)
    r.say("Hoi", expect="Hoe oud ben je?")
    r.say("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op", expect="1.")
    r.say("nee, dat was het")  # anything else to change?
    r.say("nee, nu niet")  # no booking: then "shall I save your answers?"
    r.say("1")  # yes: the lead is stored
    lead = stack.lead(r.sender)
    assert lead is not None and lead["age"] == 45 and lead["channel"] == "whatsapp"
    return r


@pytest.mark.parametrize("prefix", ["whatsapp:", "WhatsApp:", "web-"])
def test_rest_cannot_act_in_a_whatsapp_or_website_conversation(stack, whatsapp_resident, prefix):
    victim = whatsapp_resident.sender if prefix.lower() == "whatsapp:" else "web-" + secrets.token_hex(16)
    sender = prefix + victim.split(":", 1)[1] if prefix.lower() == "whatsapp:" else victim
    before = stack.user_texts(whatsapp_resident.sender)
    for message in ("wat weet je over mij?", '/inform{"age": 70}', "verwijder mijn gegevens", "ja"):
        status, body = rest(stack, json.dumps({"sender": sender, "message": message}).encode())
        assert status == 400, body
        assert "belong to" in body["error"] and "REST" in body["error"]
    lead = stack.lead(whatsapp_resident.sender)
    assert lead is not None and lead["age"] == 45, "the WhatsApp resident's lead is untouched"
    assert stack.user_texts(whatsapp_resident.sender) == before, "nothing was said in their conversation"


@pytest.mark.parametrize(
    "body,reason",
    [
        (b"", "JSON object"),
        (b"null", "JSON object"),
        (b"[1, 2]", "JSON object"),
        (b"{not json", "JSON object"),
        (b'{"message": "hoi"}', "'sender' is required"),
        (b'{"sender": "", "message": "hoi"}', "'sender' is required"),
        (b'{"sender": 42, "message": "hoi"}', "'sender' is required"),
        (b'{"sender": "met spatie", "message": "hoi"}', "visible ASCII"),
        (b'{"sender": "rest-bad-1"}', "'message' is required"),
        (b'{"sender": "rest-bad-1", "message": {"text": "hoi"}}', "'message' is required"),
        (b'{"sender": "rest-bad-1", "message": "hoi", "metadata": "nl"}', "'metadata'"),
    ],
)
def test_a_bad_rest_body_gets_400_with_a_reason(stack, body, reason):
    status, answer = rest(stack, body)
    assert status == 400 and reason in answer["error"], answer


def test_no_message_without_a_sender_lands_in_a_shared_conversation(stack):
    rest(stack, b'{"message": "mijn naam is Geheim"}')
    assert "mijn naam is Geheim" not in stack.user_texts("default")


def test_the_rest_channel_cannot_claim_another_channel_name(stack):
    cid = "rest-ch-" + secrets.token_hex(4)
    body = {"sender": cid, "message": "hoi", "input_channel": "whatsapp", "metadata": {"language": "nl"}}
    status, answer = rest(stack, json.dumps(body).encode())
    assert status == 200 and "digitale assistent" in texts(answer)
    stack.say(cid, "ik ben 38, woon in Rijswijk, werk in de zorg en het werk is zwaar")
    stack.say(cid, "nee, dat was het")  # anything else to change?
    stack.say(cid, "nee, nu niet")
    stack.say(cid, "ja, bewaar ze maar")
    assert stack.lead(cid)["channel"] == "rest"


# ---- the website: sessions issued by the server ----------------------------------------------


def test_a_browser_cannot_adopt_another_browsers_session(stack):
    async def scenario() -> None:
        resident = Browser(stack.rasa_urls()[0])
        confirm = await resident.connect({})
        session_id, key = confirm["session_id"], confirm["session_key"]
        assert session_id.startswith("web-") and key and session_id not in key
        assert confirm["max_message_chars"] >= 100
        await resident.say("/greet")
        greeting = await resident.wait_quiet()
        assert "digitale assistent" in greeting[0]["text"]

        # Another browser on the same instance knows the resident's session id (e.g. from a shared
        # screen): Rasa's own channel let it join the room with {"session_id": ...}, receive every
        # reply and send as the resident. Here it gets a session of its own.
        intruder = Browser(stack.rasa_urls()[0])
        theirs = await intruder.connect({"session_id": session_id})
        assert theirs["session_id"] != session_id
        forged = await intruder.request({"session_key": "x" * 22 + "." + "0" * 32})
        assert forged["session_id"] not in (session_id, theirs["session_id"])
        seen = len(resident.replies)
        await intruder.say("ik ben 70", session_id=session_id)  # the id in a message is ignored
        await intruder.wait_quiet()
        assert len(resident.replies) == seen, "the resident's screen got nothing of the intruder's turn"
        assert "ik ben 70" not in stack.user_texts(session_id)
        assert "ik ben 70" in stack.user_texts(forged["session_id"])
        await intruder.close()

        # The resident reloads (a new connection, on the other instance) with the key: same conversation.
        await resident.close()
        again = Browser(stack.rasa_urls()[1])
        back = await again.connect({"session_key": key})
        assert back["session_id"] == session_id
        await again.say("ja, dat is goed")
        replies = await again.wait_quiet()
        assert replies and "digitale assistent" not in texts(replies)
        assert stack.user_texts(session_id)[-1] == "ja, dat is goed"
        await again.close()

    asyncio.run(scenario())
