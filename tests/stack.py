"""The real system for end-to-end tests: the API (a temporary SQLite database, migrated and
seeded, plus an administrator), the action server and the Rasa server with the trained model,
each on a free port and started the way `make run` starts them (bot/run_actions.sh,
bot/run_rasa.sh). Standard library only: the bot's tests (Python 3.10) and the API's browser
tests (Python 3.11+) share it.

`Scale` runs it the way production scales out (README "Scaling"): several Rasa instances on one
Redis lock store and one PostgreSQL tracker store, several action-server and API workers, the
API on PostgreSQL too.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
API_PY = ROOT / ".venv-api" / "bin" / "python"
RASA = ROOT / ".venv-bot" / "bin" / "rasa"
MODEL = ROOT / "models" / "intake.tar.gz"
BOT_READY = RASA.exists() and MODEL.exists()
ADMIN = ("e2e-admin@example.org", "e2e admin password")
# Settings of the developer's shell or of CI that must not leak into the processes under test.
FOREIGN = ("TEST_", "SMTP_", "NOTIFY_", "TWILIO_", "WHATSAPP_", "RASA_", "API_", "ACTIONS_", "DATABASE_", "TRACKER_",
           "ACTION_", "CHAT_", "LOCK_", "REDIS_", "SANIC_", "MESSAGE_")  # fmt: skip
POSTGRES = os.environ.get("PG_TEST_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/leertdoor_test")


# Scripted residents and visits days apart answer within milliseconds, faster than anyone types:
# the burst limit is raised for them (tests/channels checks the limit itself).
SCRIPTED_ENV = {"MESSAGE_RATE_LIMIT": "100"}


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
    """The API alone, as `make run` starts it, with its own SQLite database (or `DATABASE_URL`
    in `env`) and `workers` uvicorn workers."""

    def __init__(self, workdir: Path, env: dict[str, str] | None = None, workers: int = 1) -> None:
        self.port, self.workers = free_port(), workers
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
        """Starts the API (`python -m api.serve`, as `make run` does) on the database as it is."""
        workers = ["--workers", str(self.workers)] if self.workers > 1 else []
        host = ["--host", "127.0.0.1", "--port", str(self.port)]
        self.spawn("api", str(API_PY), "-m", "api.serve", *host, *workers)
        self.wait_http(f"{self.url}/healthz", 60)

    def start(self) -> None:
        """A migrated database with the demo advisers, then the server."""
        self.cli("migrate")
        self.cli("seed")
        self.serve()


@dataclass
class Scale:
    """Production's shape on this machine: `rasa` Rasa instances sharing the Redis lock store (in
    database `redis_db`, under a key prefix of their own) and the SQL tracker store on PostgreSQL
    (database `postgres_db`, made afresh), `actions` action-server workers and `api` API workers
    with the API on PostgreSQL (database `postgres_db` + "_api")."""

    postgres_db: str
    redis_db: int
    rasa: int = 2
    actions: int = 2
    api: int = 2

    def postgres_url(self, suffix: str = "") -> str:
        return POSTGRES.rsplit("/", 1)[0] + "/" + self.postgres_db + suffix

    def env(self) -> dict[str, str]:
        plain = self.postgres_url().replace("postgresql+psycopg://", "postgresql://")
        return {
            "DATABASE_URL": self.postgres_url("_api"),
            "TRACKER_DB_DIALECT": "postgresql",
            "TRACKER_DB_URL": plain,
            "LOCK_STORE_TYPE": "redis",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": "6379",
            "REDIS_DB": str(self.redis_db),
            "REDIS_KEY_PREFIX": "channels" + secrets.token_hex(4),
            "ACTION_SERVER_SANIC_WORKERS": str(self.actions),
        }


class Stack(ApiServer):
    """The API, the action server and Rasa; `env` adds settings for all three; `scale` runs
    several of each on Redis and PostgreSQL."""

    def __init__(self, workdir: Path, env: dict[str, str] | None = None, scale: Scale | None = None) -> None:
        self.scale = scale
        self.actions_port = free_port()
        self.rasa_ports = [free_port() for _ in range(scale.rasa if scale else 1)]
        self.rasa_port = self.rasa_ports[0]
        self.rasa_token = secrets.token_urlsafe(16)
        self.action_server_token = secrets.token_urlsafe(24)
        super().__init__(
            workdir,
            {
                "RASA_PORT": str(self.rasa_port),
                "RASA_URL": f"http://127.0.0.1:{self.rasa_port}",
                "RASA_PUBLIC_URL": f"http://127.0.0.1:{self.rasa_port}",
                "RASA_AUTH_TOKEN": self.rasa_token,
                "ACTIONS_PORT": str(self.actions_port),
                "ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
                "ACTION_SERVER_TOKEN": self.action_server_token,
                "CHAT_SESSION_SECRET": secrets.token_urlsafe(32),
                "TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.db'}",
                "WHATSAPP_DB_PATH": str(workdir / "whatsapp.db"),
                **(scale.env() if scale else {}),
                **(env or {}),
            },
            workers=scale.api if scale else 1,
        )
        self.env["API_URL"] = self.url
        self._admin_token: str | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    def _fresh_postgres(self) -> None:
        assert self.scale is not None
        for url in (self.scale.postgres_url(), self.scale.postgres_url("_api")):
            code = "import sys; from api.testing.postgres import recreate_database; recreate_database(sys.argv[1])"
            subprocess.run([str(API_PY), "-c", code, url], cwd=ROOT, check=True, capture_output=True, timeout=60)

    def _wait_tracker_tables(self, timeout: float) -> None:
        assert self.scale is not None
        code = (
            "import sys, time, psycopg\n"
            "deadline = time.monotonic() + float(sys.argv[2])\n"
            "while time.monotonic() < deadline:\n"
            "    with psycopg.connect(sys.argv[1]) as c:\n"
            "        if c.execute(\"select to_regclass('public.events')\").fetchone()[0]: sys.exit(0)\n"
            "    time.sleep(1)\n"
            "sys.exit(1)\n"
        )
        url = self.scale.postgres_url().replace("postgresql+psycopg://", "postgresql://")
        done = subprocess.run([str(API_PY), "-c", code, url, str(timeout)], cwd=ROOT, timeout=timeout + 30)
        if done.returncode != 0:
            raise TimeoutError(f"Rasa made no tracker tables within {timeout:.0f}s\n{self.log('rasa')[-3000:]}")

    def start(self, rasa_timeout: float = 600) -> None:
        """Also an administrator (ADMIN) for the adviser API."""
        if self.scale:
            self._fresh_postgres()
        self.cli("migrate")
        self.cli("seed")
        self.add_adviser(*ADMIN, name="E2E Beheer", role="admin")
        self.serve()
        self.start_actions()
        # The first instance makes the tracker store's tables (at the start of its loading); the
        # others start once they exist, instead of racing it to create them.
        for i, port in enumerate(self.rasa_ports):
            self.spawn("rasa" if i == 0 else f"rasa{i + 1}", "bot/run_rasa.sh", str(port), str(self.actions_port))
            if i == 0 and self.scale:
                self._wait_tracker_tables(rasa_timeout)
        for port in self.rasa_ports:
            self.wait_http(f"http://127.0.0.1:{port}/status?token={self.rasa_token}", rasa_timeout)

    def start_actions(self) -> None:
        self.spawn("actions", "bot/run_actions.sh", str(self.actions_port))
        self.wait_http(f"http://127.0.0.1:{self.actions_port}/health", 120)

    def say(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None, instance: int = 0
    ) -> list[dict[str, Any]]:
        """One turn through Rasa's REST channel (of Rasa instance `instance`); the bot's messages."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        url = f"http://127.0.0.1:{self.rasa_ports[instance]}/webhooks/rest/webhook"
        return list(http("POST", url, body) or [])

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        return dict(http("GET", f"{self.rasa_url}/conversations/{conversation_id}/tracker?token={self.rasa_token}"))

    def user_texts(self, conversation_id: str) -> list[str]:
        """What the resident said, in the order the tracker stored it."""
        return [e.get("text") or "" for e in self.tracker(conversation_id)["events"] if e["event"] == "user"]

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

    def logs(self) -> dict[str, str]:
        """Every process's log (the API, the action server, each Rasa instance)."""
        return {name: self.log(name) for name in self.procs}

    def pids(self) -> dict[str, int]:
        return {name: proc.pid for name, proc in self.procs.items()}


def command_lines() -> list[str]:
    """The command lines of every process on this machine, as `ps` shows them."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return lines


__all__ = ["ADMIN", "BOT_READY", "ApiServer", "Scale", "Stack", "command_lines", "free_port", "http"]
