"""End to end: the real API, the action server and the Rasa server, whole conversations through
the REST webhook (with UTM metadata), checked through the adviser API and Rasa's tracker.

Slow (Rasa needs about a minute to load), so it runs only with BOT_E2E=1 (`make test-bot-e2e`).
Every process gets its own ports and SQLite files under a temporary folder.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from tests.bot.conftest import ROOT

pytestmark = pytest.mark.skipif(os.environ.get("BOT_E2E") != "1", reason="set BOT_E2E=1")
API_PY = ROOT / ".venv-api" / "bin" / "python"
UTM = {"source": "facebook", "medium": "cpc", "campaign": "ld-bouw", "content": "rug", "term": None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, body=None, headers=None, form=None, timeout=60.0):
    data = None
    hdrs = dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        raw = resp.read()
        return json.loads(raw) if raw else None


def wait_for(url: str, seconds: float, procs: dict) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(1)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    ports = {"api": free_port(), "actions": free_port(), "rasa": free_port()}
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'api.sqlite3'}",
        "API_SERVICE_TOKEN": secrets.token_urlsafe(16),
        "AUTH_SECRET_KEY": secrets.token_urlsafe(32),
        "MANAGE_TOKEN_PEPPER": secrets.token_urlsafe(16),
        "RASA_AUTH_TOKEN": secrets.token_urlsafe(16),
        "API_PORT": str(ports["api"]),
        "API_URL": f"http://127.0.0.1:{ports['api']}",
        "RASA_PORT": str(ports["rasa"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "TRACKER_DB_URL": f"sqlite:///{tmp / 'tracker.db'}",
        "ADVISER_PASSWORD": "e2e-password-123",
    }
    for cmd in (["migrate"], ["seed"], ["adviser", "--email", "e2e@example.org", "--role", "admin"]):
        subprocess.run([str(API_PY), "-m", "api.cli", *cmd], cwd=ROOT, env=env, check=True)
    logs = {name: open(tmp / f"{name}.log", "wb") for name in ports}  # noqa: SIM115
    procs = {
        "api": subprocess.Popen(
            [str(API_PY), "-m", "uvicorn", "api.main:app", "--port", str(ports["api"])],
            cwd=ROOT, env=env, stdout=logs["api"], stderr=subprocess.STDOUT,
        ),
        "actions": subprocess.Popen(
            ["bot/run_actions.sh", str(ports["actions"])],
            cwd=ROOT, env=env, stdout=logs["actions"], stderr=subprocess.STDOUT,
        ),
        "rasa": subprocess.Popen(
            ["bot/run_rasa.sh", str(ports["rasa"]), str(ports["actions"])],
            cwd=ROOT, env=env, stdout=logs["rasa"], stderr=subprocess.STDOUT,
        ),
    }  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{ports['api']}/healthz", 60, procs)
        wait_for(f"http://127.0.0.1:{ports['actions']}/health", 120, procs)
        wait_for(f"http://127.0.0.1:{ports['rasa']}/", 600, procs)
        base = f"http://127.0.0.1:{ports['api']}"
        token = http(
            "POST",
            base + "/api/auth/token",
            form={"username": "e2e@example.org", "password": env["ADVISER_PASSWORD"]},
        )["access_token"]

        def restart_actions() -> None:
            procs["actions"] = subprocess.Popen(
                ["bot/run_actions.sh", str(ports["actions"])],
                cwd=ROOT, env=env, stdout=logs["actions"], stderr=subprocess.STDOUT,
            )  # fmt: skip
            wait_for(f"http://127.0.0.1:{ports['actions']}/health", 120, procs)

        yield {
            "ports": ports, "env": env, "api": base, "token": token, "tmp": tmp,
            "procs": procs, "restart_actions": restart_actions,
        }  # fmt: skip
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for f in logs.values():
            f.close()


def say(stack, sender: str, text: str, metadata=None) -> list[str]:
    url = f"http://127.0.0.1:{stack['ports']['rasa']}/webhooks/rest/webhook"
    body = {"sender": sender, "message": text, "metadata": metadata or {"utm": UTM}}
    return [m.get("text") or "" for m in http("POST", url, body)]


def lead_of(stack, conversation_id: str):
    q = urllib.parse.urlencode({"conversation_id": conversation_id})
    items = http(
        "GET",
        f"{stack['api']}/api/leads?{q}",
        headers={"Authorization": f"Bearer {stack['token']}"},
    )["items"]
    return items[0] if items else None


def test_whole_conversation_books_and_creates_the_lead(stack):
    cid = "e2e-nl-" + secrets.token_hex(4)
    assert "digitale assistent" in " ".join(say(stack, cid, "hoi"))
    say(stack, cid, "ja, dat is goed")
    out = " ".join(say(stack, cid, "ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op"))
    assert "Goed nieuws" in out
    say(stack, cid, "ja")
    out = say(stack, cid, "bellen graag")
    assert any("vrij" in m for m in out)
    say(stack, cid, "1")
    say(stack, cid, "Jan Jansen")
    out = " ".join(say(stack, cid, "0612345678"))
    assert "Klopt dat?" in out
    out = " ".join(say(stack, cid, "ja"))
    assert "Je afspraak staat" in out
    lead = lead_of(stack, cid)
    assert lead["age"] == 45 and lead["municipality"] == "Delft"
    assert lead["work_situation"] == "employed"
    assert "physical_strain" in lead["pains"]
    assert lead["utm"]["source"] == "facebook" and lead["utm"]["campaign"] == "ld-bouw"
    assert lead["channel"] == "rest" and lead["language"] == "nl"
    assert lead["eligibility"]["verdict"] == "eligible"
    assert lead["contact"]["name"] == "Jan Jansen"
    assert lead["booking"] and lead["booking"]["mode"] == "phone"


def test_english_not_eligible_and_partial_lead(stack):
    cid = "e2e-en-" + secrets.token_hex(4)
    say(stack, cid, "Hello, I would like to know more about this voucher please")
    say(stack, cid, "yes")
    out = " ".join(say(stack, cid, "I'm 70, I live in Delft and I am self-employed"))
    assert "What would you like to change" in out
    lead = lead_of(stack, cid)
    assert lead["age"] == 70 and lead["language"] == "en" and lead["eligibility"] is None
    out = " ".join(say(stack, cid, "I barely make ends meet"))
    assert "not eligible" in out
    assert lead_of(stack, cid)["eligibility"]["verdict"] == "not_eligible"


def test_erasure_removes_lead_and_conversation(stack):
    cid = "e2e-del-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ja")
    say(stack, cid, "ik ben 33 en woon in Rijswijk")
    assert lead_of(stack, cid) is not None
    assert "gewist" in " ".join(say(stack, cid, "verwijder mijn gegevens"))
    assert lead_of(stack, cid) is None
    rasa = f"http://127.0.0.1:{stack['ports']['rasa']}"
    tracker = http("GET", f"{rasa}/conversations/{cid}/tracker?token={stack['env']['RASA_AUTH_TOKEN']}")
    texts = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
    assert "ik ben 33 en woon in Rijswijk" not in texts


def test_a_question_is_not_taken_as_an_answer(stack):
    cid = "e2e-q-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ja")
    say(stack, cid, "ik ben 30 en woon in Den Haag")
    answer = " ".join(say(stack, cid, "kan ik dit ook krijgen als ik student ben?"))
    assert answer  # the question is answered, and the form asks on
    assert lead_of(stack, cid)["work_situation"] is None


def test_action_server_down_apologises_keeps_the_answer_and_continues(stack):
    cid = "e2e-down-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ja")
    say(stack, cid, "ik ben 40")
    actions = stack["procs"]["actions"]
    actions.terminate()
    actions.wait(timeout=30)
    try:
        out = " ".join(say(stack, cid, "ik woon in Delft"))
        assert "Je antwoorden zijn bewaard" in out
        assert "Traceback" not in out
    finally:
        stack["restart_actions"]()
    rasa = f"http://127.0.0.1:{stack['ports']['rasa']}"
    tracker = http("GET", f"{rasa}/conversations/{cid}/tracker?token={stack['env']['RASA_AUTH_TOKEN']}")
    assert tracker["slots"]["age"] == 40 and tracker["slots"]["municipality"] == "Delft"
    out = " ".join(say(stack, cid, "ik werk in de bouw"))
    assert "Je antwoorden zijn bewaard" not in out and out
    lead = lead_of(stack, cid)
    assert lead["age"] == 40 and lead["municipality"] == "Delft" and lead["work_situation"] == "employed"
