"""A whole conversation in the browser against the real stack: the landing page with UTM
parameters, the widget, Rasa (trained model), the action server and the API. The verdict comes
as a card, consent is asked at the booking, the conversation ends with the booking confirmation,
survives a reload, and the lead carries the UTM in the adviser API."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.stack import Stack, http
from tests.web.conftest import ARTIFACTS, run_axe

pytestmark = pytest.mark.stack

UTM = {"source": "flyer", "medium": "print", "campaign": "voorjaar2027", "content": "moerwijk", "term": "bouw"}
QUERY = "&".join(f"utm_{k}={v}" for k, v in UTM.items())
BOT_WAIT = 120_000  # ms: Rasa on a busy two-core machine can be slow
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "data"}


def last_bot(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".ld-msg.ld-bot").last


def reply(page: Page, name: str | re.Pattern[str]) -> None:
    button = page.locator(".ld-replies").get_by_role("button", name=name).first
    expect(button).to_be_visible(timeout=BOT_WAIT)
    button.click()


def say(page: Page, text: str) -> None:
    box = page.get_by_label("Typ je bericht")
    box.fill(text)
    box.press("Enter")


def wait_bot(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.locator(".ld-msg.ld-bot", has_text=text).last).to_be_visible(timeout=BOT_WAIT)


def wait_greeting(page: Page) -> None:
    """The greeting arrives only when the socket joined its session's room: Rasa 3.6's own
    socket.io channel forgets to await that (bot/channels/socketio.py fixes it)."""
    expect(page.locator(".ld-msg.ld-bot", has_text="digitale assistent")).to_be_visible(timeout=BOT_WAIT)


def test_whole_conversation_ends_in_a_booking_with_utm(page: Page, stack: Stack) -> None:
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url))
    page.on("websocket", lambda ws: hosts.add(urlsplit(ws.url).hostname or ws.url))

    page.goto(f"{stack.url}/?{QUERY}")
    page.get_by_role("button", name="Doe de check in de chat").first.click()
    wait_greeting(page)
    wait_bot(page, "Hoe oud ben je?")
    say(page, "45")
    reply(page, "Delft")
    reply(page, re.compile("^In loondienst"))
    wait_bot(page, "Wat wil je veranderen")
    say(page, "mijn werk is lichamelijk zwaar")
    card = page.locator(".ld-card")
    expect(card.get_by_role("heading", level=3)).to_contain_text("Goed nieuws", timeout=BOT_WAIT)
    expect(card.locator(".ld-card-reasons > li")).to_have_count(4)
    reply(page, "Ja, graag")
    wait_bot(page, "bewaar ik je antwoorden")
    reply(page, "Ja, dat is goed")
    reply(page, "Telefonisch")
    wait_bot(page, "Welke past jou?")
    slot_title = page.locator(".ld-replies .ld-reply").first.inner_text()
    page.locator(".ld-replies .ld-reply").first.click()
    wait_bot(page, "Wat is je naam?")
    say(page, "Jan Jansen")
    wait_bot(page, re.compile("telefoonnummer of e-mailadres"))
    say(page, "0612345678")
    wait_bot(page, "Klopt dat?")
    reply(page, "Ja, plan maar")
    wait_bot(page, "Je afspraak staat!")
    confirmation = page.locator(".ld-msg.ld-bot", has_text="Je afspraak staat!").last
    manage = confirmation.locator("a[href*='/a/']")  # the short manage link, not a 90-character token
    expect(manage).to_have_count(1)
    href = manage.get_attribute("href") or ""
    assert href.startswith(f"{stack.url}/a/") and len(href) - len(stack.url) < 20, href
    session_id = page.evaluate("() => window.leertdoorChat.session.id")

    expect(page.locator(".ld-typing")).to_be_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-conversation-phone.png"))
    violations = run_axe(page)
    assert violations == [], violations

    # Reload: the conversation is still there, in the same session.
    page.reload()
    page.get_by_role("button", name="Doe de check in de chat").first.click()
    expect(page.locator(".ld-msg.ld-bot", has_text="Je afspraak staat!")).to_have_count(1)
    expect(page.locator(".ld-msg.ld-user", has_text="Jan Jansen")).to_have_count(1)
    assert page.evaluate("() => window.leertdoorChat.session.id") == session_id
    assert hosts <= LOCAL_HOSTS, f"requests left localhost: {hosts - LOCAL_HOSTS}"

    # The lead, with its UTM, through the adviser API.
    query = urlencode({"conversation_id": session_id})
    items = http("GET", f"{stack.url}/api/leads?{query}", headers=stack.admin_headers())["items"]
    assert len(items) == 1, items
    lead = items[0]
    assert lead["conversation_id"] == session_id
    assert lead["channel"] == "socketio"
    assert lead["language"] == "nl"
    assert lead["utm"] == UTM
    assert lead["age"] == 45
    assert lead["municipality"] == "Delft"
    assert lead["work_situation"] == "employed"
    assert "physical_strain" in lead["pains"]
    assert lead["eligibility"]["verdict"] == "eligible"
    assert lead["booking"] is not None and lead["booking"]["mode"] == "phone"
    assert lead["contact"]["name"] == "Jan Jansen"
    assert slot_title.split(" om ")[1][:5] in lead["booking"]["start"]
