"""A lead made by a real conversation: the API, the action server and Rasa (REST channel, the
trained model, token-protected HTTP API) run as processes; a resident talks to the bot through
the REST webhook, tapping a button (its payload) once; an administrator finds the lead in the
portal in headless Chromium and reads the transcript that the portal fetched from Rasa's
tracker: the button's title, not its payload. A conversation stored under a WhatsApp id
(`whatsapp:+316...`) is fetched from the real Rasa too (Sanic does not decode `%3A%2B` in the
path). Skipped when the bot's environment or trained model is missing (make bot-model); the flow
without Rasa is test_browser.py."""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.portal.test_browser import ARTIFACTS, Watcher, browser, check_page  # noqa: F401
from tests.stack import ADMIN, BOT_READY, Stack, http

UTM = {"source": "facebook", "medium": "cpc", "campaign": "ld-bouw"}

pytestmark = pytest.mark.skipif(not BOT_READY, reason="the Rasa bot is not built (make bot-model)")

from playwright.sync_api import Browser, Page  # noqa: E402


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


def login(page: Page, base: str) -> None:
    page.goto(f"{base}/advisers/login")
    page.get_by_label("E-mailadres").fill(ADMIN[0])
    page.get_by_label("Wachtwoord").fill(ADMIN[1])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/advisers/calls")


def test_lead_from_a_real_conversation_in_the_portal(stack: Stack, browser: Browser) -> None:  # noqa: F811
    cid = "portal-e2e-" + secrets.token_hex(4)
    greeting = stack.say(cid, "hoi", {"utm": UTM})
    assert "digitale assistent" in " ".join(m.get("text") or "" for m in greeting)
    more = stack.say(cid, "ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op", {"utm": UTM})
    # "anything else to change?": the resident taps "no"
    no_more = next(b for m in more for b in m.get("buttons") or [] if b["payload"] == "/deny")
    verdict = stack.say(cid, no_more["payload"], {"utm": UTM})
    offer = next(b for m in verdict for b in m.get("buttons") or [] if b["payload"] == "/affirm")
    say(stack, cid, offer["payload"])  # what the widget sends when the button is tapped
    for text in (
        "ja, dat is goed",  # consent, asked at the booking
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
    login(page, base)
    page.goto(f"{base}/advisers/leads?campaign=ld-bouw")
    check_page(page, watcher, "20-leads-from-rasa")
    page.get_by_role("link", name="Jan Jansen").click()
    assert page.get_by_role("heading", name="Jan Jansen").is_visible()
    transcript = page.locator("ol.transcript")
    assert transcript.get_by_text("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op").is_visible()
    assert transcript.get_by_text("digitale assistent").first.is_visible()
    tapped = transcript.locator("li.tapped")
    assert [tapped.nth(i).locator(".text").inner_text() for i in range(2)] == [no_more["title"], offer["title"]]
    assert "tikte op" in tapped.first.inner_text()
    assert "/affirm" not in transcript.inner_text() and "/inform" not in transcript.inner_text()
    assert re.search(r"/a/\w{10}|/afspraak/\w{16}", transcript.inner_text()) is None  # no manage link
    assert "45 jaar · Delft" in page.locator("#transcript .summary").inner_text()
    assert page.get_by_text("Delft").first.is_visible()
    check_page(page, watcher, "21-lead-from-rasa")


def test_a_whatsapp_transcript_from_the_real_rasa(stack: Stack, browser: Browser) -> None:  # noqa: F811
    """Rasa keeps the conversation under `whatsapp:+31...`; the portal must ask for exactly that id."""
    source = "portal-wa-" + secrets.token_hex(4)
    say(stack, source, "hoi")
    say(stack, source, "ik ben 38 en woon in Rijswijk")
    whatsapp_id = "whatsapp:+3161" + str(secrets.randbelow(10**7)).zfill(7)
    # The conversation as the WhatsApp channel stores it: the same events under the WhatsApp id,
    # written into Rasa's tracker store (the REST channel may not use WhatsApp ids).
    with sqlite3.connect(stack.workdir / "tracker.db") as db:
        columns = [c[1] for c in db.execute("PRAGMA table_info(events)") if c[1] != "id"]
        rows = db.execute(f"SELECT {', '.join(columns)} FROM events WHERE sender_id = ? ORDER BY id", (source,))
        at = columns.index("sender_id")
        copied = [(*r[:at], whatsapp_id, *r[at + 1 :]) for r in rows.fetchall()]
        assert copied
        db.executemany(f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", copied)
    # What the portal asked before: the percent-encoded id, which Rasa takes literally: another,
    # empty conversation
    encoded = stack.tracker(quote(whatsapp_id, safe=""))
    assert encoded["sender_id"] == quote(whatsapp_id, safe="")
    assert not [e for e in encoded["events"] if e["event"] == "user"]
    lead = {
        "channel": "whatsapp",
        "language": "nl",
        "consent_at": "2026-11-21T10:00:00+01:00",
        "age": 38,
        "municipality": "Rijswijk",
        "contact": {"name": "Wil Whatsapp"},
    }
    headers = {"Authorization": f"Bearer {stack.env['API_SERVICE_TOKEN']}"}
    created = http("PUT", f"{stack.url}/api/leads/by-conversation/{whatsapp_id}", lead, headers=headers)

    page = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}).new_page()
    watcher = Watcher(page, stack.url)
    login(page, stack.url)
    page.goto(f"{stack.url}/advisers/leads/{created['id']}")
    transcript = page.locator("ol.transcript")
    assert transcript.get_by_text("ik ben 38 en woon in Rijswijk").is_visible()
    assert transcript.get_by_text("digitale assistent").first.is_visible()
    check_page(page, watcher, "22-whatsapp-transcript-from-rasa")
