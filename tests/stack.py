"""The real system for end-to-end tests: the API (a temporary SQLite database, migrated and
seeded, plus an administrator), the action server and the Rasa server with the trained model,
each on a free port and started the way `make run` starts them (bot/run_actions.sh,
bot/run_rasa.sh). Standard library only: the bot's tests (Python 3.10) and the API's browser
tests (Python 3.11+) share it.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
API_PY = ROOT / ".venv-api" / "bin" / "python"
RASA = ROOT / ".venv-bot" / "bin" / "rasa"
MODEL = ROOT / "models" / "intake.tar.gz"
BOT_READY = RASA.exists() and MODEL.exists()
ADMIN = ("e2e-admin@example.org", "e2e admin password")
# Settings of the developer's shell or of CI that must not leak into the processes under test.
FOREIGN = ("TEST_", "SMTP_", "NOTIFY_", "TWILIO_", "WHATSAPP_", "RASA_", "API_", "ACTIONS_", "DATABASE_", "TRACKER_")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None,
         form: dict[str, str] | None = None, timeout: float = 60.0) -> Any:  # fmt: skip
    """JSON in and out (or a form in); raises urllib.error.HTTPError on 4xx/5xx."""
    data, hdrs = None, dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


class Processes:
    """Child processes in their own process groups, with their output in log files."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir, self.env = workdir, env
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def spawn(self, name: str, *cmd: str) -> None:
        with (self.workdir / f"{name}.log").open("ab") as log:
            self.procs[name] = subprocess.Popen(
                list(cmd), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_http(self, url: str, timeout: float) -> None:
        """Until the URL answers below 500; fails early, with the logs, when a process died."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}\n{self.log(name)[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status < 500:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self, name: str | None = None) -> None:
        procs = [self.procs[name]] if name else list(self.procs.values())
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


class ApiServer(Processes):
    """The API alone, as `make run` starts it, with its own SQLite database."""

    def __init__(self, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        base = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN)}
        super().__init__(
            workdir,
            {
                **base,
                "DATABASE_URL": f"sqlite:///{workdir / 'api.sqlite3'}",
                "API_PORT": str(self.port),
                "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
                "API_SERVICE_TOKEN": secrets.token_urlsafe(24),
                "AUTH_SECRET_KEY": secrets.token_urlsafe(32),
                "MANAGE_TOKEN_PEPPER": secrets.token_urlsafe(16),
                "SMTP_HOST": "",
                **(env or {}),
            },
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str, env: dict[str, str] | None = None) -> None:
        subprocess.run(
            [str(API_PY), "-m", "api.cli", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            check=True,
            capture_output=True,
            timeout=120,
        )

    def add_adviser(self, email: str, password: str, name: str, role: str = "adviser") -> None:
        self.cli("adviser", "--email", email, "--name", name, "--role", role, env={"ADVISER_PASSWORD": password})

    def serve(self) -> None:
        """Starts uvicorn on the database as it is."""
        self.spawn("api", str(API_PY), "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(self.port))
        self.wait_http(f"{self.url}/healthz", 60)

    def start(self) -> None:
        """A migrated database with the demo advisers, then the server."""
        self.cli("migrate")
        self.cli("seed")
        self.serve()


class Stack(ApiServer):
    """The API, the action server and Rasa; `env` adds settings for all three."""

    def __init__(self, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.actions_port, self.rasa_port = free_port(), free_port()
        self.rasa_token = secrets.token_urlsafe(16)
        super().__init__(
            workdir,
            {
                "RASA_PORT": str(self.rasa_port),
                "RASA_URL": f"http://127.0.0.1:{self.rasa_port}",
                "RASA_PUBLIC_URL": f"http://127.0.0.1:{self.rasa_port}",
                "RASA_AUTH_TOKEN": self.rasa_token,
                "ACTIONS_PORT": str(self.actions_port),
                "ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
                "TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.db'}",
                **(env or {}),
            },
        )
        self.env["API_URL"] = self.url
        self._admin_token: str | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self, rasa_timeout: float = 600) -> None:
        """Also an administrator (ADMIN) for the adviser API."""
        self.cli("migrate")
        self.cli("seed")
        self.add_adviser(*ADMIN, name="E2E Beheer", role="admin")
        self.serve()
        self.start_actions()
        self.spawn("rasa", "bot/run_rasa.sh", str(self.rasa_port), str(self.actions_port))
        self.wait_http(f"{self.rasa_url}/status?token={self.rasa_token}", rasa_timeout)

    def start_actions(self) -> None:
        self.spawn("actions", "bot/run_actions.sh", str(self.actions_port))
        self.wait_http(f"http://127.0.0.1:{self.actions_port}/health", 120)

    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """One turn through Rasa's REST channel; the bot's messages."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        return list(http("POST", f"{self.rasa_url}/webhooks/rest/webhook", body) or [])

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        return dict(http("GET", f"{self.rasa_url}/conversations/{conversation_id}/tracker?token={self.rasa_token}"))

    def admin_headers(self) -> dict[str, str]:
        if self._admin_token is None:
            form = {"username": ADMIN[0], "password": ADMIN[1]}
            self._admin_token = http("POST", f"{self.url}/api/auth/token", form=form)["access_token"]
        return {"Authorization": f"Bearer {self._admin_token}"}

    def lead(self, conversation_id: str) -> dict[str, Any] | None:
        """The lead as the adviser API shows it, or None."""
        query = urllib.parse.urlencode({"conversation_id": conversation_id})
        items = http("GET", f"{self.url}/api/leads?{query}", headers=self.admin_headers())["items"]
        return items[0] if items else None
