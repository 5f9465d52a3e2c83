"""Fixtures: the Twilio stand-in, and the channel's blueprint served by a real Sanic server with a
stub bot (on_new_message records each UserMessage, as Rasa would receive it, and answers)."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sanic import Sanic
from twilio.request_validator import RequestValidator

from bot.channels.whatsapp import WhatsAppInput
from bot.channels.whatsapp_config import WhatsAppConfig
from tests.stack import free_port
from tests.whatsapp.twilio_stub import TwilioStub

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token-" + "x" * 16
FROM = "whatsapp:+14155238886"
PUBLIC = "https://bot.example.org"
WEBHOOK_URL = PUBLIC + "/webhooks/whatsapp/webhook"
STATUS_URL = PUBLIC + "/webhooks/whatsapp/status"
RESIDENT = "whatsapp:+31612345678"

Sanic.test_mode = True
_names = itertools.count()


def sign(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def inbound(body: str = "Hoi", sender: str = RESIDENT, **extra: str) -> dict[str, str]:
    """A webhook form as Twilio posts it for a WhatsApp message."""
    sid = extra.pop("MessageSid", "SM" + uuid.uuid4().hex)
    form = {
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ProfileName": "Fatima",
        "SmsSid": sid,
        "WaId": sender.split("+")[-1],
        "SmsStatus": "received",
        "Body": body,
        "To": FROM,
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    form.update(extra)
    return form


@pytest.fixture
def stub():
    s = TwilioStub(ACCOUNT_SID, AUTH_TOKEN).start()
    yield s
    s.stop()


@pytest.fixture
def make_config(tmp_path, stub):
    def make(**kw: Any) -> WhatsAppConfig:
        values = dict(
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            whatsapp_from=FROM,
            public_url=PUBLIC,
            api_base_url=stub.url,
            db_path=str(tmp_path / "whatsapp.db"),
            send_attempts=3,
            send_timeout=0.5,
            retry_base_seconds=0.01,
        )
        values.update(kw)
        return WhatsAppConfig(**values)

    return make


Responder = Callable[[Any], Awaitable[None]]


async def echo(message: Any) -> None:
    await message.output_channel.send_text_message(message.sender_id, f"Je zei: {message.text}")


@dataclass
class Served:
    channel: WhatsAppInput
    base: str
    client: httpx.AsyncClient
    received: list[Any] = field(default_factory=list)
    responder: Responder = echo
    app: Any = None

    async def post(
        self,
        form: dict[str, str],
        signature: str | None = "auto",
        path: str = "/webhooks/whatsapp/webhook",
        url: str = WEBHOOK_URL,
        query: str = "",
    ) -> httpx.Response:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature == "auto":
            signature = sign(url + (f"?{query}" if query else ""), form)
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        target = self.base + path + (f"?{query}" if query else "")
        return await self.client.post(target, content=urlencode(form), headers=headers)

    async def status(self, sid: str, status: str, signature: str | None = "auto", **extra: str) -> httpx.Response:
        form = {
            "MessageSid": sid,
            "SmsSid": sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "AccountSid": ACCOUNT_SID,
            "From": FROM,
            "To": RESIDENT,
            "ApiVersion": "2010-04-01",
            "ChannelPrefix": "whatsapp",
            **extra,
        }
        return await self.post(form, signature, path="/webhooks/whatsapp/status", url=STATUS_URL)

    async def say(self, body: str, sender: str = RESIDENT, **extra: str) -> httpx.Response:
        """Sends a signed message and waits until its turn is done."""
        r = await self.post(inbound(body, sender, **extra))
        assert r.status_code == 200, r.text
        await self.channel.drain()
        return r


@asynccontextmanager
async def serve(config: WhatsAppConfig, responder: Responder = echo, agent: Any = None):
    channel = WhatsAppInput(config)
    served = Served(channel, "", httpx.AsyncClient(timeout=10))

    async def on_new_message(message: Any) -> None:
        served.received.append(message)
        await served.responder(message)

    served.responder = responder
    app = Sanic(f"whatsapp_test_{next(_names)}", configure_logging=False)
    app.ctx.agent = agent
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/whatsapp")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    served.base = f"http://127.0.0.1:{port}"
    served.app = app
    try:
        yield served
    finally:
        await served.client.aclose()
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
        if channel._store is not None:
            channel._store.close()


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
