"""A lead made by a real conversation: the API, the action server and Rasa (REST channel, the
trained model, token-protected HTTP API) run as processes; a resident talks to the bot through
the REST webhook; an administrator finds the lead in the portal in headless Chromium and reads
the transcript that the portal fetched from Rasa's tracker. Skipped when the bot's environment
or trained model is missing (make bot-model); the flow without Rasa is test_browser.py."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.portal.test_browser import ARTIFACTS, Watcher, browser, check_page, free_port  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
API_PY = REPO / ".venv-api" / "bin" / "python"
MODEL = REPO / "models" / "intake.tar.gz"
BOT_READY = (REPO / ".venv-bot" / "bin" / "rasa").exists() and MODEL.exists()
ADMIN = ("e2e-admin@example.org", "e2e admin password")
UTM = {"source": "facebook", "medium": "cpc", "campaign": "ld-bouw"}

pytestmark = pytest.mark.skipif(not BOT_READY, reason="the Rasa bot is not built (make bot-model)")

from playwright.sync_api import Browser  # noqa: E402


def wait_for(url: str, seconds: float, procs: dict[str, subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("portal-rasa")
    ports = {"api": free_port(), "actions": free_port(), "rasa": free_port()}
    rasa_token = secrets.token_urlsafe(16)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "NOTIFY_", "TEST_"))},
        "DATABASE_URL": f"sqlite:///{tmp / 'api.sqlite3'}",
        "API_SERVICE_TOKEN": secrets.token_urlsafe(16),
        "AUTH_SECRET_KEY": secrets.token_urlsafe(32),
        "MANAGE_TOKEN_PEPPER": secrets.token_urlsafe(16),
        "RASA_AUTH_TOKEN": rasa_token,
        "API_PORT": str(ports["api"]),
        "API_URL": f"http://127.0.0.1:{ports['api']}",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['api']}",
        "RASA_PORT": str(ports["rasa"]),
        "RASA_URL": f"http://127.0.0.1:{ports['rasa']}",
        "ACTIONS_PORT": str(ports["actions"]),
        "ACTIONS_URL": f"http://127.0.0.1:{ports['actions']}",
        "TRACKER_DB_URL": f"sqlite:///{tmp / 'tracker.db'}",
        "ADVISER_PASSWORD": ADMIN[1],
        "SMTP_HOST": "",
    }
    for cmd in (["migrate"], ["seed"], ["adviser", "--email", ADMIN[0], "--name", "E2E Beheer", "--role", "admin"]):
        subprocess.run([str(API_PY), "-m", "api.cli", *cmd], cwd=REPO, env=env, check=True, capture_output=True)
    logs = {name: (tmp / f"{name}.log").open("wb") for name in ports}
    procs = {
        "api": subprocess.Popen(
            [str(API_PY), "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(ports["api"])],
            cwd=REPO, env=env, stdout=logs["api"], stderr=subprocess.STDOUT,
        ),
        "actions": subprocess.Popen(
            ["bot/run_actions.sh", str(ports["actions"])],
            cwd=REPO, env=env, stdout=logs["actions"], stderr=subprocess.STDOUT,
        ),
        "rasa": subprocess.Popen(
            ["bot/run_rasa.sh", str(ports["rasa"]), str(ports["actions"])],
            cwd=REPO, env=env, stdout=logs["rasa"], stderr=subprocess.STDOUT,
        ),
    }  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{ports['api']}/healthz", 60, procs)
        wait_for(f"http://127.0.0.1:{ports['actions']}/health", 180, procs)
        wait_for(f"http://127.0.0.1:{ports['rasa']}/", 600, procs)
        yield {"ports": ports, "api": f"http://127.0.0.1:{ports['api']}"}
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for name, f in logs.items():
            f.close()
            (ARTIFACTS / f"rasa-stack-{name}.log").write_bytes((tmp / f"{name}.log").read_bytes())


def say(stack: dict[str, Any], sender: str, text: str) -> list[str]:
    url = f"http://127.0.0.1:{stack['ports']['rasa']}/webhooks/rest/webhook"
    response = httpx.post(url, json={"sender": sender, "message": text, "metadata": {"utm": UTM}}, timeout=60)
    return [m.get("text") or "" for m in response.json()]


def test_lead_from_a_real_conversation_in_the_portal(stack: dict[str, Any], browser: Browser) -> None:  # noqa: F811
    cid = "portal-e2e-" + secrets.token_hex(4)
    assert "digitale assistent" in " ".join(say(stack, cid, "hoi"))
    for text in (
        "ja, dat is goed",
        "ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op",
        "ja",
        "bellen graag",
        "1",
        "Jan Jansen",
        "0612345678",
        "ja",
    ):
        say(stack, cid, text)

    base = stack["api"]
    page = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
    watcher = Watcher(page, base)
    page.goto(f"{base}/advisers/login")
    page.get_by_label("E-mailadres").fill(ADMIN[0])
    page.get_by_label("Wachtwoord").fill(ADMIN[1])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/advisers/agenda")
    page.goto(f"{base}/advisers/leads?campaign=ld-bouw")
    check_page(page, watcher, "20-leads-from-rasa")
    page.get_by_role("link", name="Jan Jansen").click()
    assert page.get_by_role("heading", name="Jan Jansen").is_visible()
    transcript = page.locator("ol.transcript")
    assert transcript.get_by_text("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op").is_visible()
    assert transcript.get_by_text("digitale assistent").first.is_visible()
    assert page.get_by_text("Delft").first.is_visible()
    check_page(page, watcher, "21-lead-from-rasa")
