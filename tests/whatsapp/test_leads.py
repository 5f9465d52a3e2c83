"""The WhatsApp channel tells the real API of each resident message, and the reminders follow it:
the lead's last message opens WhatsApp's 24-hour window (a reminder inside it is free text,
outside it the approved template), STOP opts the lead out (no WhatsApp reminder), START back in.

The channel runs as in production (its Sanic blueprint, the real twilio library against a local
Twilio stand-in for its replies); the API runs as `make run` starts it (tests/stack.py: migrated
and seeded SQLite); the reminders are sent by the outbox's real scheduler (`api.outbox.scheduler`,
one round with its clock set to the reminder's due time, as the outbox tests do) through a second
local stand-in of Twilio's Messages API that plays WhatsApp's 24-hour rule (tests/outbox/twilio_api.py).
The channel's clock is set per message where the test needs a message at a given moment before the
reminder.
"""

from __future__ import annotations

import json
import logging
import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote, urlencode

import pytest
import yaml

from tests.outbox.twilio_api import TwilioMessagesApi
from tests.stack import API_PY, ROOT, ApiServer, free_port, http
from tests.whatsapp.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM, serve

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(not API_PY.exists(), reason="needs the API environment (make api-env)"),
]

UTC = timezone.utc  # noqa: UP017 - Python 3.10, like Rasa
ADMIN = ("wa-admin@example.org", "wa admin password")
TEMPLATES = {"reminder": "HX" + "1" * 32, "moved": "HX" + "3" * 32, "cancelled": "HX" + "5" * 32}
# One round of the outbox's scheduler at a given moment (its clock is injected, as in tests/outbox).
SCHEDULER_ROUND = (
    "import sys\n"
    "from datetime import datetime\n"
    "from api.outbox.scheduler import Scheduler\n"
    "now = datetime.fromisoformat(sys.argv[1])\n"
    "print(Scheduler(clock=lambda: now, rand=lambda: 0.0).run_once().outcomes)\n"
)


class Moment:
    """A clock the test sets (the Twilio stand-in's 'now')."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


class Api:
    def __init__(self, server: ApiServer, twilio: TwilioMessagesApi, moment: Moment) -> None:
        self.server, self.twilio, self.moment = server, twilio, moment
        self.service = {"Authorization": f"Bearer {server.env['API_SERVICE_TOKEN']}"}
        form = {"username": ADMIN[0], "password": ADMIN[1]}
        token = http("POST", f"{server.url}/api/auth/token", form=form)["access_token"]
        self.admin = {"Authorization": f"Bearer {token}"}

    def lead(self, conversation_id: str) -> dict[str, Any] | None:
        query = urlencode({"conversation_id": conversation_id})
        items = http("GET", f"{self.server.url}/api/leads?{query}", headers=self.admin)["items"]
        return items[0] if items else None

    def booked_lead(self, conversation_id: str, slot: int = 0) -> dict[str, Any]:
        """A resident who gave consent on WhatsApp and booked a phone appointment."""
        body = {"consent_at": datetime.now(UTC).isoformat(), "channel": "whatsapp", "language": "nl"}
        path = f"/api/leads/by-conversation/{quote(conversation_id, safe='')}"
        lead = http("PUT", self.server.url + path, body, headers=self.service)
        free = http("GET", f"{self.server.url}/api/slots?mode=phone&limit={slot + 1}")["items"][slot]
        booking = {
            "conversation_id": conversation_id,
            "adviser_id": free["adviser_id"],
            "start": free["start"],
            "mode": "phone",
            "contact": {"name": "Fatima Test", "phone": "06 12345678"},
        }
        http("POST", f"{self.server.url}/api/bookings", booking, headers=self.service)
        return dict(lead)

    def messages(self, lead_id: int) -> list[dict[str, Any]]:
        return list(http("GET", f"{self.server.url}/api/outbox?lead_id={lead_id}", headers=self.admin)["items"])

    def first_reminder(self, lead_id: int) -> dict[str, Any]:
        reminders = [m for m in self.messages(lead_id) if m["kind"].startswith("reminder_")]
        assert reminders, self.messages(lead_id)
        return min(reminders, key=lambda m: m["due_at"])

    def scheduler_round(self, at: datetime) -> None:
        self.moment.now = at
        subprocess.run(
            [str(API_PY), "-c", SCHEDULER_ROUND, at.isoformat()],
            cwd=ROOT,
            env=self.server.env,
            check=True,
            capture_output=True,
            timeout=120,
        )


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One API for the module (starting one takes a while): each test has residents of its own,
    and a scheduler round only reaches messages due by its clock, which are the test's own or
    those of a test before it."""
    moment = Moment()
    twilio = TwilioMessagesApi(ACCOUNT_SID, AUTH_TOKEN, FROM, moment)
    texts = yaml.safe_load((ROOT / "api" / "notifications" / "texts" / "nl.yml").read_text(encoding="utf-8"))
    for kind, sid in TEMPLATES.items():
        twilio.templates[sid] = texts["whatsapp_templates"][kind]  # the texts registered with Twilio
    server = ApiServer(
        tmp_path_factory.mktemp("whatsapp-leads"),
        {
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_WHATSAPP_FROM": FROM,
            "TWILIO_API_BASE_URL": twilio.url,
            **{f"TWILIO_TEMPLATE_{kind.upper()}_SID": sid for kind, sid in TEMPLATES.items()},
        },
    )
    try:
        server.start()
        server.add_adviser(*ADMIN, name="WA Beheer", role="admin")
        yield Api(server, twilio, moment)
    except Exception:
        print(server.log("api")[-3000:])
        raise
    finally:
        server.stop()
        twilio.stop()


@pytest.fixture
def config(make_config, api: Api):  # type: ignore[no-untyped-def]
    def make(**kw: Any) -> Any:
        return make_config(api_url=api.server.url, api_token=api.server.env["API_SERVICE_TOKEN"], **kw)

    return make


def resident() -> str:
    return "whatsapp:+3161" + str(uuid.uuid4().int)[:7]


def parse_time(text: str) -> datetime:
    """An API time (Python 3.10 reads no trailing Z)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fixed(at: datetime) -> Any:
    return lambda: at


def digits_of(sender: str) -> str:
    return sender.removeprefix("whatsapp:+31")


def no_number_in_logs(caplog: pytest.LogCaptureFixture, *senders: str) -> None:
    """Our own log lines (the channel's, the reporter's). Libraries' lines (httpx logs request
    URLs at INFO) are muted and masked in the running server by bot/log_privacy.py, which these
    in-process tests do not install; tests/channels greps a whole real stack's logs."""
    for record in caplog.records:
        if not record.name.startswith("bot."):
            continue
        line = record.getMessage()
        for sender in senders:
            assert digits_of(sender) not in line, line


async def test_a_message_sets_the_last_message_of_the_lead_and_creates_none(
    api: Api, config: Any, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wa = resident()
    lead = api.booked_lead(wa)
    assert lead["last_inbound_at"] is None
    stranger = resident()  # writes, but never gave consent
    async with serve(config()) as s:
        before = datetime.now(UTC)
        await s.say("Hoi", sender=wa)
        await s.say("Hallo", sender=stranger)
        after = datetime.now(UTC)
    assert stub.bodies(wa) == ["Je zei: Hoi"]  # the resident got the reply
    stored = api.lead(wa)
    assert stored is not None and stored["last_inbound_at"] is not None
    assert before - timedelta(seconds=1) <= parse_time(stored["last_inbound_at"]) <= after
    api.twilio.last_inbound[wa] = parse_time(stored["last_inbound_at"])  # Twilio knows it too
    assert api.lead(stranger) is None  # no consent, no lead: nothing stored
    no_number_in_logs(caplog, wa, stranger)


async def test_a_reminder_inside_the_24_hours_is_free_text_and_outside_the_template(
    api: Api, config: Any, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    recent, earlier = resident(), resident()
    recent_lead, earlier_lead = api.booked_lead(recent, slot=0), api.booked_lead(earlier, slot=1)
    due_recent = parse_time(api.first_reminder(recent_lead["id"])["due_at"])
    due_earlier = parse_time(api.first_reminder(earlier_lead["id"])["due_at"])
    # one wrote an hour before their reminder, the other a day and a half before theirs
    wrote_recent, wrote_earlier = due_recent - timedelta(hours=1), due_earlier - timedelta(hours=36)
    async with serve(config(), agent=None) as s:
        s.channel.clock = fixed(wrote_recent)
        await s.say("Tot dan!", sender=recent)
        s.channel.clock = fixed(wrote_earlier)
        await s.say("Dank je", sender=earlier)
    for wa, wrote in ((recent, wrote_recent), (earlier, wrote_earlier)):
        stored = api.lead(wa)
        assert stored is not None and parse_time(stored["last_inbound_at"]) == wrote
        api.twilio.last_inbound[wa] = wrote  # Twilio knows when the resident wrote, as we do

    for due in sorted({due_recent, due_earlier}):
        api.scheduler_round(due)
    [free_text] = api.twilio.delivered(recent)
    assert free_text["content_sid"] is None and free_text["body"].startswith("Herinnering")
    [template] = api.twilio.delivered(earlier)
    assert template["content_sid"] == TEMPLATES["reminder"]
    assert set(json.loads(template["variables"])) == {"1", "2", "3", "4"}
    # never free text outside the window
    assert [m for m in api.twilio.window_violations() if m["to"] in (recent, earlier)] == []
    assert [m["via"] for m in api.messages(recent_lead["id"]) if m["status"] == "sent"] == ["text"]
    assert [m["via"] for m in api.messages(earlier_lead["id"]) if m["status"] == "sent"] == ["template"]
    no_number_in_logs(caplog, recent, earlier)


async def test_stop_opts_the_lead_out_and_no_whatsapp_reminder_goes(
    api: Api, config: Any, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wa = resident()
    lead = api.booked_lead(wa)
    reminder = api.first_reminder(lead["id"])
    due = parse_time(reminder["due_at"])
    async with serve(config(), agent=None) as s:
        s.channel.clock = fixed(due - timedelta(hours=2))  # inside the window: only STOP holds it back
        await s.say("Afmelden", sender=wa)
        assert [m.text for m in s.received] == []  # STOP is not passed to the bot
    assert stub.bodies(wa) == [
        "Je bent afgemeld: je krijgt geen berichten meer van ons via WhatsApp. "
        "Stuur START als je toch weer wilt chatten."
    ]
    stored = api.lead(wa)
    assert stored is not None and stored["whatsapp_opted_out"] is True
    api.twilio.last_inbound[wa] = due - timedelta(hours=2)
    api.scheduler_round(due)
    assert api.twilio.delivered(wa) == []
    [after] = [m for m in api.messages(lead["id"]) if m["id"] == reminder["id"]]
    assert after["status"] == "cancelled" and "opted out" in (after["last_error"] or "")
    no_number_in_logs(caplog, wa)


async def test_start_opts_back_in_and_the_next_reminder_goes_on_whatsapp(api: Api, config: Any, stub: Any) -> None:
    wa = resident()
    lead = api.booked_lead(wa)
    due = parse_time(api.first_reminder(lead["id"])["due_at"])
    async with serve(config(), agent=None) as s:
        s.channel.clock = fixed(due - timedelta(hours=3))
        await s.say("STOP", sender=wa)
        s.channel.clock = fixed(due - timedelta(hours=2))
        await s.say("Aanmelden", sender=wa)
    assert stub.bodies(wa)[-1].startswith("Welkom terug!")
    stored = api.lead(wa)
    assert stored is not None and stored["whatsapp_opted_out"] is False
    assert parse_time(stored["last_inbound_at"]) == due - timedelta(hours=2)
    api.twilio.last_inbound[wa] = due - timedelta(hours=2)
    api.scheduler_round(due)
    assert [m["content_sid"] for m in api.twilio.delivered(wa)] == [None]  # free text, inside the window


async def test_the_api_refuses_a_report_without_the_service_token(api: Api) -> None:
    wa = resident()
    api.booked_lead(wa)
    path = f"{api.server.url}/api/leads/by-conversation/{quote(wa, safe='')}/whatsapp-inbound"
    with pytest.raises(HTTPError) as refused:
        http("POST", path, {"received_at": datetime.now(UTC).isoformat(), "opted_out": True})
    assert refused.value.code == 401
    stored = api.lead(wa)
    assert stored is not None and stored["whatsapp_opted_out"] is False


async def test_with_the_api_down_the_resident_still_gets_every_reply(
    make_config: Any, stub: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    wa = resident()
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    async with serve(make_config(api_url=closed, api_token="service-token")) as s:
        s.channel.leads.retry_base_seconds = 0.01
        await s.say("Hoi", sender=wa)
        await s.say("STOP", sender=wa)
        assert [s.channel.store.inbound_state(m.message_id) for m in s.received] == ["processed"]
    assert stub.bodies(wa)[0] == "Je zei: Hoi"
    assert stub.bodies(wa)[1].startswith("Je bent afgemeld")
    gave_up = [r for r in caplog.records if "lead report gave up" in r.getMessage()]
    assert len(gave_up) == 2
    no_number_in_logs(caplog, wa)
