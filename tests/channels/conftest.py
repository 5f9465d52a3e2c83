"""The channels suite (`make test-channels`): the real system as production scales it out
(tests/stack.py `Scale`): two Rasa instances on one Redis lock store and one PostgreSQL tracker
store, two action-server workers, two API workers on PostgreSQL, WhatsApp through the local
Twilio stand-in. Rasa is loaded once for the whole suite (both instances at once).

Redis database 6 (with a key prefix of this run), PostgreSQL databases leertdoor_channels_e2e and
leertdoor_channels_e2e_api (made afresh).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.stack import BOT_READY, Scale, Stack  # noqa: E402
from tests.whatsapp.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM, inbound, sign  # noqa: E402
from tests.whatsapp.twilio_stub import TwilioStub  # noqa: E402

PUBLIC = "https://channels.example.org"
WEBHOOK = "/webhooks/whatsapp/webhook"
REDIS_DB = int(os.environ.get("CHANNELS_REDIS_DB", "6"))
POSTGRES_DB = "leertdoor_channels_e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The log check reads what every other test left in the logs: it runs last."""
    items.sort(key=lambda item: "test_privacy_logs" in item.nodeid)


@pytest.fixture(scope="session")
def stub() -> Iterator[TwilioStub]:
    s = TwilioStub(ACCOUNT_SID, AUTH_TOKEN).start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, stub: TwilioStub) -> Iterator[Stack]:
    if not BOT_READY:
        pytest.fail("no trained bot: run `make bot-model` (make test-channels does)")
    env = {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_WHATSAPP_FROM": FROM,
        "WHATSAPP_PUBLIC_URL": PUBLIC,
        "TWILIO_API_BASE_URL": stub.url,
        "WHATSAPP_SEND_TIMEOUT": "5",
        "WHATSAPP_RETRY_BASE_SECONDS": "0.2",
    }
    s = Stack(tmp_path_factory.mktemp("channels"), env, Scale(postgres_db=POSTGRES_DB, redis_db=REDIS_DB))
    try:
        s.start(rasa_timeout=float(os.environ.get("E2E_RASA_TIMEOUT", "900")))
    except Exception:
        s.stop()
        for name, log in s.logs().items():
            print(f"--- {name} log (tail) ---\n{log[-4000:]}")
        raise
    yield s
    s.stop()


def new_number() -> str:
    return "+3161" + str(uuid.uuid4().int)[:7]


class WhatsAppResident:
    """A resident on WhatsApp: signed webhooks to a chosen Rasa instance, replies from the Twilio
    stand-in, turn states from the channel's store (shared by the instances)."""

    def __init__(self, stack: Stack, stub: TwilioStub, number: str | None = None, name: str = "Fatima") -> None:
        self.stack, self.stub, self.profile = stack, stub, name
        self.number = number or new_number()
        self.sender = f"whatsapp:{self.number}"
        self.db = sqlite3.connect(stack.env["WHATSAPP_DB_PATH"], timeout=10)

    def post(self, text: str, instance: int = 0, **extra: str) -> str:
        """Sends a signed message; returns its MessageSid once Rasa acknowledged it."""
        form = inbound(text, self.sender, ProfileName=self.profile, **extra)
        request = urllib.request.Request(
            f"{self.stack.rasa_urls()[instance]}{WEBHOOK}",
            data=urllib.parse.urlencode(form).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": sign(PUBLIC + WEBHOOK, form),
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
        return form["MessageSid"]

    def state(self, sid: str) -> str | None:
        row = self.db.execute("SELECT state FROM inbound WHERE message_sid=?", (sid,)).fetchone()
        return row[0] if row else None

    def wait_done(self, sid: str, timeout: float = 180) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state(sid)
            if state and state != "accepted":
                return state
            time.sleep(0.2)
        raise AssertionError(f"turn {sid} not done in {timeout}s")

    def replies(self) -> list[str]:
        return self.stub.bodies(self.sender)

    def say(self, text: str, expect: str | None = None, instance: int = 0) -> str:
        """One turn; the replies to it, joined. The last must contain `expect`."""
        before = len(self.replies())
        sid = self.post(text, instance)
        assert self.wait_done(sid) == "processed", text
        new = self.replies()[before:]
        assert new, f"no reply to {text!r}"
        if expect is not None:
            assert expect in new[-1], f"{text!r} -> {new}"
        return "\n".join(new)


def status_for_length(port: int, path: str, length: int, headers: dict[str, str] | None = None) -> int:
    """The status a server answers to a POST that announces a body of `length` bytes, before any
    of the body is sent (a body limit refuses it at once, on the announced length)."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    head += f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(head.encode())
        first = conn.makefile("rb").readline().decode()
    return int(first.split()[1])


def texts(messages: list[dict[str, Any]]) -> str:
    return " ".join(m.get("text") or "" for m in messages)
