"""Configuration: the status line `make run` prints, the credentials file entry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.channels.whatsapp_config import WhatsAppConfig
from tests.whatsapp.conftest import AUTH_TOKEN, PUBLIC, WEBHOOK_URL

ROOT = Path(__file__).resolve().parents[2]


def test_public_url_forms():
    for public in [
        "https://h.nl",
        "https://h.nl/",
        "https://h.nl/webhooks/whatsapp",
        "https://h.nl/webhooks/whatsapp/webhook",
    ]:
        c = WhatsAppConfig(public_url=public)
        assert c.webhook_url == "https://h.nl/webhooks/whatsapp/webhook"
        assert c.status_url == "https://h.nl/webhooks/whatsapp/status"
    c = WhatsAppConfig.from_env(
        {"PUBLIC_WEBHOOK_BASE_URL": "https://p.nl/bot", "TWILIO_WHATSAPP_NUMBER": "+14155238886"}
    )
    assert c.webhook_url == "https://p.nl/bot/webhooks/whatsapp/webhook"
    assert c.whatsapp_from == "whatsapp:+14155238886"
    assert c.missing() == ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"]


def test_status_script_says_off_and_on(tmp_path):
    script = ROOT / "bot" / "channels" / "whatsapp_status.py"
    empty = tmp_path / "empty.env"
    empty.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "WHATSAPP_", "PUBLIC_WEBHOOK", "API_"))}
    off = subprocess.run(
        [sys.executable, str(script), str(empty)], env=env, text=True, capture_output=True, check=True
    ).stdout
    assert off.startswith(
        "WhatsApp: off (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM, WHATSAPP_PUBLIC_URL)"
    )
    dotenv = tmp_path / "on.env"
    dotenv.write_text(
        f"TWILIO_ACCOUNT_SID=AC1\nTWILIO_AUTH_TOKEN='{AUTH_TOKEN}'\n"
        f"TWILIO_WHATSAPP_FROM=+14155238886\nWHATSAPP_PUBLIC_URL={PUBLIC}\n"
    )
    on = subprocess.run(
        [sys.executable, str(script), str(dotenv)], env=env, text=True, capture_output=True, check=True
    ).stdout
    assert on.strip() == (
        "WhatsApp: on (from whatsapp:+14155238886, webhook "
        + WEBHOOK_URL
        + "); leads not told of messages (set API_SERVICE_TOKEN)"
    )
    assert AUTH_TOKEN not in on
    # with the API's service token the leads hear of each message (the token is not shown)
    dotenv.write_text(dotenv.read_text() + "API_SERVICE_TOKEN=service-token-for-the-channel\n")
    told = subprocess.run(
        [sys.executable, str(script), str(dotenv)], env=env, text=True, capture_output=True, check=True
    ).stdout
    assert told.strip() == ("WhatsApp: on (from whatsapp:+14155238886, webhook " + WEBHOOK_URL + ")")
    assert "service-token-for-the-channel" not in told


def test_credentials_file_registers_the_channel(monkeypatch):
    """As rasa.core.run.create_http_input_channels reads it (env substitution, module path)."""
    from rasa.shared.utils.common import class_from_module_path
    from rasa.shared.utils.io import read_config_file

    from bot.channels.whatsapp import WhatsAppInput

    for key in list(os.environ):
        if key.startswith(("TWILIO_", "WHATSAPP_")):
            monkeypatch.delenv(key)
    entries = read_config_file(str(ROOT / "credentials.yml"))
    assert "twilio" not in entries  # Rasa's own connector accepts unsigned requests
    [name] = [k for k in entries if k.endswith("WhatsAppInput")]
    cls = class_from_module_path(name)
    assert cls is WhatsAppInput
    channel = cls.from_credentials(entries[name])
    assert channel.name() == "whatsapp" and not channel.config.enabled
