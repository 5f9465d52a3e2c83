"""Browser tests of the landing page and the chat widget: Debian's chromium driven by
Playwright (never `playwright install`). The API runs as a real uvicorn subprocess; the
widget talks to a fake socket.io server (fast tests) or to the real Rasa and action server
(`stack` tests, tests/web/test_conversation.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stack import BOT_READY, ApiServer, Stack
from tests.web.fake_rasa import FakeRasa

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
    server = ApiServer(sub, {"RASA_PUBLIC_URL": fake_rasa.url, "WHATSAPP_NUMBER": WHATSAPP_NUMBER})
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


__all__ = ["ARTIFACTS", "REPO", "ApiServer", "Stack", "run_axe"]


@pytest.fixture(scope="session")
def stack(workdir: Path) -> Iterator[Stack]:
    if not BOT_READY:
        pytest.skip("no trained bot: run `make bot-model` (make test-web does)")
    s = Stack(workdir / "stack", {"WHATSAPP_NUMBER": WHATSAPP_NUMBER})
    try:
        s.start()
    except Exception:
        s.stop()
        raise
    yield s
    s.stop()
