"""A lead made by a real conversation: the API, the action server and Rasa (REST channel, the
trained model, token-protected HTTP API) run as processes; a resident talks to the bot through
the REST webhook; an administrator finds the lead in the portal in headless Chromium and reads
the transcript that the portal fetched from Rasa's tracker. Skipped when the bot's environment
or trained model is missing (make bot-model); the flow without Rasa is test_browser.py."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.portal.test_browser import ARTIFACTS, Watcher, browser, check_page  # noqa: F401
from tests.stack import ADMIN, BOT_READY, Stack

UTM = {"source": "facebook", "medium": "cpc", "campaign": "ld-bouw"}

pytestmark = pytest.mark.skipif(not BOT_READY, reason="the Rasa bot is not built (make bot-model)")

from playwright.sync_api import Browser  # noqa: E402


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = Stack(tmp_path_factory.mktemp("portal-rasa"))
    try:
        s.start()
        yield s
    finally:
        s.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for name in ("api", "actions", "rasa"):
            (ARTIFACTS / f"rasa-stack-{name}.log").write_text(s.log(name))


def say(stack: Stack, sender: str, text: str) -> list[str]:
    return [m.get("text") or "" for m in stack.say(sender, text, {"utm": UTM})]


def test_lead_from_a_real_conversation_in_the_portal(stack: Stack, browser: Browser) -> None:  # noqa: F811
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

    base = stack.url
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
