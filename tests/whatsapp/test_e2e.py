"""End to end: the real Rasa server (trained model, credentials.yml), the action server and the
API, a resident's whole conversation over signed WhatsApp webhooks, replies captured by the
Twilio stand-in, ending in a booking that the adviser API shows.

Needs `make bot-model` and the API environment (`make test-whatsapp` sees to both). Slow: Rasa
takes a minute or more to load.
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.stack import http
from tests.whatsapp.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM, inbound, sign
from tests.whatsapp.stack import API_PY, MODEL, WhatsAppStack
from tests.whatsapp.twilio_stub import TwilioStub

PUBLIC = "https://e2e.example.org"

missing = [str(p) for p in (MODEL, API_PY) if not p.exists()]
pytestmark = pytest.mark.skipif(
    bool(missing) and not os.environ.get("CI"),
    reason=f"needs {', '.join(missing)} (make bot-model api-env)",
)


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    stub = TwilioStub(ACCOUNT_SID, AUTH_TOKEN).start()
    tmp = tmp_path_factory.mktemp("whatsapp-e2e")
    stack = WhatsAppStack(tmp, stub.url, ACCOUNT_SID, AUTH_TOKEN, FROM, PUBLIC)
    try:
        stack.start(rasa_timeout=float(os.environ.get("E2E_RASA_TIMEOUT", "600")))
        yield stack, stub
    except Exception:
        for name in ("rasa", "actions", "api"):
            print(f"--- {name} log (tail) ---\n{stack.log(name)[-4000:]}")
        raise
    finally:
        stack.stop()
        stub.stop()


class Resident:
    def __init__(self, stack: WhatsAppStack, stub: TwilioStub, number: str) -> None:
        self.stack, self.stub, self.sender = stack, stub, f"whatsapp:{number}"
        self.db = sqlite3.connect(stack.whatsapp_db, timeout=10)

    def post(self, form: dict[str, str]) -> int:
        data = urllib.parse.urlencode(form).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.stack.rasa_port}/webhooks/whatsapp/webhook",
            data=data,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": sign(PUBLIC + "/webhooks/whatsapp/webhook", form),
            },
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status

    def wait_done(self, sid: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = self.db.execute("SELECT state FROM inbound WHERE message_sid=?", (sid,)).fetchone()
            if row and row[0] != "accepted":
                return row[0]
            time.sleep(0.2)
        raise AssertionError(f"turn {sid} not done in {timeout}s")

    def say(self, text: str, expect: str) -> str:
        """Sends a signed message, waits for the turn, returns the replies (joined); the last
        reply must contain `expect`."""
        before = len(self.stub.bodies(self.sender))
        form = inbound(text, self.sender, ProfileName="Fatima")
        assert self.post(form) == 200
        assert self.wait_done(form["MessageSid"]) == "processed"
        replies = self.stub.bodies(self.sender)[before:]
        assert replies, f"no reply to {text!r}"
        assert expect in replies[-1], f"{text!r} -> {replies}"
        self.last_form = form
        return "\n".join(replies)


def test_whole_conversation_over_whatsapp_ends_in_a_booking(system):
    stack, stub = system
    number = "+3161" + str(uuid.uuid4().int)[:7]
    r = Resident(stack, stub, number)

    out = r.say("Hoi", expect="Hoe oud ben je?")
    assert "digitale assistent" in out
    # the whole story at once: only whether there is more to change, with a button to say no
    r.say("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op", expect="1. Nee, dat was het")
    r.say("1", expect="1. Ja, graag")
    # consent is asked when something is stored: for the booking
    r.say("1", expect="1. Ja, dat is goed\n2. Nee, liever niet")  # number -> the option's payload (/affirm)
    r.say("1", expect="1. Telefonisch")
    r.say("Telefonisch", expect="Deze tijden zijn vrij")  # the option's words work too
    r.say("1", expect="Wat is je naam?")
    r.say("Fatima Bakker", expect="Klopt dat?")
    out = r.say("Ja, plan maar", expect="Je afspraak staat!")
    sent_before = len(stub.sent)

    # Twilio retries the last webhook: acknowledged, not processed again
    assert r.post(r.last_form) == 200
    time.sleep(3)
    assert len(stub.sent) == sent_before

    # every reply went to the resident from our number, with the status callback URL
    mine = [m for m in stub.sent if m["To"] == r.sender]
    assert all(m["From"] == FROM for m in mine)
    assert all(m["StatusCallback"] == PUBLIC + "/webhooks/whatsapp/status" for m in mine)
    assert all(len(m["Body"]) <= 1600 for m in mine)

    query = urllib.parse.urlencode({"conversation_id": r.sender})
    items = http("GET", f"{stack.url}/api/leads?{query}", headers=stack.admin_headers())["items"]
    assert len(items) == 1, items
    lead = items[0]
    assert lead["conversation_id"] == r.sender
    assert lead["channel"] == "whatsapp"
    assert lead["age"] == 45 and lead["municipality"] == "Delft"
    assert lead["eligibility"]["verdict"] == "eligible"
    assert lead["booking"] is not None and lead["booking"]["mode"] == "phone"
    digits = number.removeprefix("+31")
    assert digits in (lead["contact"]["phone"] or "")  # the WhatsApp number is the lead's phone
    assert lead["contact"]["name"] == "Fatima Bakker"
    # the channel told the API of the resident's messages once the lead existed (consent)
    assert lead["last_inbound_at"] is not None and lead["whatsapp_opted_out"] is False

    # no resident data in the channel's logs
    log = stack.log("rasa")
    for line in log.splitlines():
        if "bot.channels.whatsapp" in line:
            assert digits not in line and "Fatima" not in line, line


def test_english_conversation_gets_english_options_and_channel_texts(system):
    """The channel reads the bot's `language` slot from the real tracker store."""
    stack, stub = system
    r = Resident(stack, stub, "+3162" + str(uuid.uuid4().int)[:7])
    r.say("Hello, I would like to know more about the retraining voucher please", expect="How old are you?")
    out = r.say("I'm 30, I live in Delft, I work in a shop and the pay is low", expect="Reply with a number")
    assert "1. No, that's all" in out
    out = r.say("no", expect="Reply with a number")
    assert "1. Yes" in out
    before = len(stub.bodies(r.sender))
    form = inbound("", r.sender, NumMedia="1", MediaContentType0="image/jpeg", MessageType="image")
    assert r.post(form) == 200
    assert r.wait_done(form["MessageSid"]) == "answered_media"
    assert stub.bodies(r.sender)[before:] == [
        "I can only read text, not photos, videos, voice messages or files. Could you type your answer?"
    ]
