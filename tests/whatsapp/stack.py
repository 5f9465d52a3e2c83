"""The real system for the end-to-end test: the API (temporary SQLite database, migrated and
seeded), the action server and the Rasa server with credentials.yml, WhatsApp configured to
send through a local Twilio stand-in. Processes run in their own sessions and are stopped by
their process group id."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOT_PY = ROOT / ".venv-bot" / "bin" / "python"
RASA = ROOT / ".venv-bot" / "bin" / "rasa"
API_PY = ROOT / ".venv-api" / "bin" / "python"
MODEL = ROOT / "models" / "intake.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except Exception:
            time.sleep(0.5)
    raise TimeoutError(url)


class Stack:
    def __init__(
        self, tmp: Path, twilio_url: str, account_sid: str, auth_token: str, whatsapp_from: str, public_url: str
    ) -> None:
        self.tmp = tmp
        self.api_port, self.actions_port, self.rasa_port = free_port(), free_port(), free_port()
        self.service_token = secrets.token_urlsafe(24)
        self.whatsapp_db = tmp / "whatsapp.db"
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TWILIO_", "WHATSAPP_", "RASA_", "API_", "DATABASE_"))
        }
        self.env_api = {
            **base,
            "DATABASE_URL": f"sqlite:///{tmp / 'api.sqlite3'}",
            "API_SERVICE_TOKEN": self.service_token,
            "AUTH_SECRET_KEY": secrets.token_urlsafe(24),
            "MANAGE_TOKEN_PEPPER": secrets.token_urlsafe(24),
            "API_PORT": str(self.api_port),
            "RASA_PORT": str(self.rasa_port),
            "ACTIONS_PORT": str(self.actions_port),
            "SMTP_HOST": "",
        }
        self.env_bot = {
            **base,
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "API_URL": f"http://127.0.0.1:{self.api_port}",
            "API_SERVICE_TOKEN": self.service_token,
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            "TRACKER_DB_DIALECT": "sqlite",
            "TRACKER_DB_URL": f"sqlite:///{tmp / 'tracker.db'}",
            "LOCK_STORE_TYPE": "in_memory",
            "REDIS_HOST": "localhost",
            "REDIS_PORT": "6379",
            "TWILIO_ACCOUNT_SID": account_sid,
            "TWILIO_AUTH_TOKEN": auth_token,
            "TWILIO_WHATSAPP_FROM": whatsapp_from,
            "WHATSAPP_PUBLIC_URL": public_url,
            "TWILIO_API_BASE_URL": twilio_url,
            "WHATSAPP_DB_PATH": str(self.whatsapp_db),
            "WHATSAPP_SEND_TIMEOUT": "5",
            "WHATSAPP_RETRY_BASE_SECONDS": "0.2",
        }
        self.procs: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, cmd: list[str], env: dict) -> subprocess.Popen:
        with open(self.tmp / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.procs[name] = proc
        return proc

    def api_cli(self, *args: str, env: dict | None = None) -> None:
        subprocess.run(
            [str(API_PY), "-m", "api.cli", *args],
            cwd=ROOT,
            env={**self.env_api, **(env or {})},
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self, rasa_timeout: float = 300) -> None:
        self.api_cli("migrate")
        self.api_cli("seed")
        api = self._start(
            "api",
            [
                str(API_PY),
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.api_port),
                "--no-access-log",
            ],
            self.env_api,
        )
        actions = self._start(
            "actions",
            [str(BOT_PY), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            self.env_bot,
        )
        rasa = self._start(
            "rasa",
            [
                str(RASA),
                "run",
                "--model",
                str(MODEL),
                "--port",
                str(self.rasa_port),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ],
            self.env_bot,
        )
        wait_http(f"http://127.0.0.1:{self.api_port}/healthz", 60, api)
        wait_http(f"http://127.0.0.1:{self.actions_port}/health", 120, actions)
        wait_http(f"http://127.0.0.1:{self.rasa_port}/webhooks/whatsapp/", rasa_timeout, rasa)

    def log(self, name: str) -> str:
        try:
            return (self.tmp / f"{name}.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
