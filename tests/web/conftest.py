"""Browser tests of the landing page and the chat widget: Debian's chromium driven by
Playwright (never `playwright install`). The API runs as a real uvicorn subprocess; the
widget talks to a fake socket.io server (fast tests) or to the real Rasa and action server
(`stack` tests, tests/web/test_conversation.py)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.fake_rasa import FakeRasa, free_port

REPO = Path(__file__).resolve().parents[2]
API_PY = REPO / ".venv-api" / "bin" / "python"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / "widget" / "node_modules" / "axe-core" / "axe.min.js"
WIDGET_JS = REPO / "api" / "static" / "widget" / "widget.js"
ARTIFACTS = REPO / "test-artifacts"
WHATSAPP_NUMBER = "+31 6 1234 5678"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "stack: needs the trained bot, the action server and Rasa")


def wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{url}: the process exited with {proc.returncode}\n{tail}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-3000:] if log else ""
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s\n{tail}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


class ApiServer:
    """The API as `make run` starts it, on a free port with its own SQLite database."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.log = workdir / f"api-{self.port}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir / 'api.sqlite3'}",
            "API_PORT": str(self.port),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
            "SMTP_HOST": "",
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str, extra_env: dict[str, str] | None = None) -> None:
        subprocess.run(
            [str(API_PY), "-m", "api.cli", *args],
            cwd=REPO,
            env={**self.env, **(extra_env or {})},
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        self.cli("migrate")
        self.cli("seed")
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [str(API_PY), "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_http(f"{self.url}/healthz", 60, self.proc, self.log)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)


class Stack:
    """API, action server and Rasa (the trained model in models/) on free ports, each with its
    own database, started the way `make run` starts them (bot/run_actions.sh, bot/run_rasa.sh)."""

    MODEL = REPO / "models" / "intake.tar.gz"

    def __init__(self, workdir: Path) -> None:
        workdir.mkdir(exist_ok=True)
        self.workdir = workdir
        self.rasa_port = free_port()
        self.actions_port = free_port()
        self.token = secrets.token_urlsafe(24)
        self.rasa_token = secrets.token_urlsafe(16)
        self.api = ApiServer(
            workdir,
            {
                "API_SERVICE_TOKEN": self.token,
                "AUTH_SECRET_KEY": secrets.token_urlsafe(32),
                "MANAGE_TOKEN_PEPPER": secrets.token_urlsafe(16),
                "RASA_PORT": str(self.rasa_port),
                "RASA_URL": f"http://127.0.0.1:{self.rasa_port}",
                "RASA_PUBLIC_URL": f"http://127.0.0.1:{self.rasa_port}",
                "ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
                "RASA_AUTH_TOKEN": self.rasa_token,
                "WHATSAPP_NUMBER": WHATSAPP_NUMBER,
            },
        )
        self.bot_env = {
            **os.environ,
            "API_URL": self.api.url,
            "API_PORT": str(self.api.port),
            "API_SERVICE_TOKEN": self.token,
            "RASA_AUTH_TOKEN": self.rasa_token,
            "TRACKER_DB_DIALECT": "sqlite",
            "TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.sqlite3'}",
            "LOCK_STORE_TYPE": "in_memory",
        }
        self.procs: list[subprocess.Popen[bytes]] = []

    def _spawn(self, name: str, *cmd: str) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.workdir / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(list(cmd), cwd=REPO, env=self.bot_env, stdout=out, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc, log

    def start(self) -> None:
        self.api.start()
        actions, actions_log = self._spawn("actions", "bot/run_actions.sh", str(self.actions_port))
        rasa, rasa_log = self._spawn("rasa", "bot/run_rasa.sh", str(self.rasa_port), str(self.actions_port))
        wait_http(f"http://127.0.0.1:{self.actions_port}/health", 120, actions, actions_log)
        wait_http(f"http://127.0.0.1:{self.rasa_port}/status?token={self.rasa_token}", 600, rasa, rasa_log)

    def log_text(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        for proc in reversed(self.procs):
            stop(proc)
        self.api.stop()


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="leertdoor-web-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def fake_rasa() -> Iterator[FakeRasa]:
    server = FakeRasa()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def api_fake(workdir: Path, fake_rasa: FakeRasa) -> Iterator[ApiServer]:
    """The API whose landing page points the widget at the fake socket.io server."""
    if not WIDGET_JS.exists():
        pytest.fail("the widget is not built: run `make widget-build` (make test-web does)")
    sub = workdir / "fake"
    sub.mkdir()
    server = ApiServer(
        sub,
        {
            "RASA_PUBLIC_URL": fake_rasa.url,
            "WHATSAPP_NUMBER": WHATSAPP_NUMBER,
            "API_SERVICE_TOKEN": secrets.token_urlsafe(24),
            "AUTH_SECRET_KEY": secrets.token_urlsafe(32),
            "MANAGE_TOKEN_PEPPER": secrets.token_urlsafe(16),
        },
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: run scripts/install-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    p = context.new_page()
    yield p
    p.close()


def run_axe(page) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """axe-core from the local npm package, evaluated in the page (not a <script>: the page's
    CSP rightly refuses inline scripts). WCAG 2.0/2.1 A and AA rules."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    return list(result)


__all__ = ["ARTIFACTS", "REPO", "ApiServer", "Stack", "run_axe", "stop", "wait_http"]


@pytest.fixture(scope="session")
def stack(workdir: Path) -> Iterator[Stack]:
    if not Stack.MODEL.exists():
        pytest.skip("no trained model: run `make bot-model` (make test-web does)")
    if not (REPO / ".venv-bot" / "bin" / "rasa").exists():
        pytest.skip("no bot environment: run `make bot-env` (make test-web does)")
    s = Stack(workdir / "stack")
    try:
        s.start()
    except Exception:
        s.stop()
        raise
    yield s
    s.stop()
