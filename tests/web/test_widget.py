"""The landing page and the widget in real headless chromium, against a fake socket.io server:
languages, CSP and no third-party requests, keyboard use, announcements, safe rendering,
persistence across reload and tabs, UTM and language in the metadata, reflow, reduced motion,
axe-core."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import ARTIFACTS, ApiServer, run_axe
from tests.web.fake_rasa import FakeRasa

UTM = "utm_source=flyer&utm_medium=print&utm_campaign=voorjaar&utm_content=moerwijk&utm_term=bouw"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def open_chat(page: Page) -> None:
    page.get_by_role("button", name="Doe de check in de chat").first.click()
    expect(page.get_by_role("dialog")).to_be_visible()


def greeting(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".ld-msg.ld-bot").first


def test_landing_page_dutch_and_english(page: Page, api_fake: ApiServer) -> None:
    resp = page.goto(f"{api_fake.url}/?{UTM}")
    assert resp is not None and resp.status == 200
    csp = resp.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", level=1)).to_contain_text("€ 3.500")
    for town in ("Den Haag", "Delft", "Midden-Delfland", "Rijswijk", "Westland"):
        expect(page.locator("main")).to_contain_text(town)
    expect(page.locator("main")).to_contain_text("18 tot en met 67")
    wa = page.get_by_role("link", name=re.compile("Chat via WhatsApp"))
    href = wa.get_attribute("href") or ""
    assert href.startswith("https://wa.me/31612345678?text=")
    # The language switch keeps the campaign parameters.
    switch = page.get_by_role("link", name="English")
    assert switch.get_attribute("href") == f"/en?{UTM}"
    switch.click()
    page.wait_for_url(re.compile(r"/en\?"))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("button", name="Take the check in the chat").first).to_be_visible()
    page.goto(f"{api_fake.url}/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_no_whatsapp_link_without_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from api.core.config import get_settings
    from api.main import create_app

    monkeypatch.setenv("WHATSAPP_NUMBER", "")
    get_settings.cache_clear()
    try:
        html = TestClient(create_app()).get("/").text
    finally:
        get_settings.cache_clear()
    assert "wa.me" not in html
    assert 'lang="nl"' in html


def test_no_request_leaves_localhost(page: Page, api_fake: ApiServer, fake_rasa: FakeRasa) -> None:
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url))
    page.on("websocket", lambda ws: hosts.add(urlsplit(ws.url).hostname or ws.url))
    page.goto(f"{api_fake.url}/?{UTM}")
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    page.get_by_label("Typ je bericht").fill("hallo")
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: hallo")
    page.goto(f"{api_fake.url}/en")
    page.wait_for_load_state("networkidle")
    assert hosts, "no requests were recorded"
    assert hosts <= LOCAL_HOSTS | {"data"}, f"requests left localhost: {hosts - LOCAL_HOSTS}"


def test_keyboard_only(page: Page, api_fake: ApiServer, fake_rasa: FakeRasa) -> None:
    page.goto(f"{api_fake.url}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    # Tab to the first "open the chat" button and open it with the keyboard.
    opener = page.get_by_role("button", name="Doe de check in de chat").first
    for _ in range(6):
        page.keyboard.press("Tab")
        if opener.evaluate("el => el === document.activeElement"):
            break
    expect(opener).to_be_focused()
    # Focus is visible: the focus style draws an outline.
    assert opener.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Leert Door-assistent")
    expect(dialog).to_be_visible()
    expect(page.get_by_label("Typ je bericht")).to_be_focused()
    expect(greeting(page)).to_contain_text("digitale assistent")
    # Focus stays inside the dialog.
    for _ in range(12):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => document.querySelector('dialog').contains(document.activeElement)"
            " || document.activeElement === document.body"
        )
        assert inside
    # A quick reply is a real button, reachable and usable with the keyboard.
    reply = page.get_by_role("button", name="Ja, prima")
    reply.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-user").last).to_have_text(re.compile("Ja, prima"))
    expect(page.get_by_label("Typ je bericht")).to_be_focused()
    expect(page.get_by_role("button", name="Ja, prima")).to_have_count(0)
    sent = [m for m in fake_rasa.received if m["message"] == "/affirm"]
    assert sent, "the payload, not the title, goes to the bot"
    # Typing and Enter sends.
    page.keyboard.type("ik ben 45")
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: ik ben 45")
    # Escape closes and focus returns to the button that opened the chat.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    # The close button does the same.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.get_by_role("button", name="Sluit de chat").click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()


def test_new_bot_messages_are_announced(page: Page, api_fake: ApiServer) -> None:
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    live = page.locator("[aria-live=polite]")
    expect(live).to_have_count(1)
    expect(live).to_contain_text("digitale assistent")
    page.get_by_label("Typ je bericht").fill("test")
    page.get_by_role("button", name="Verstuur").click()
    # The typing indicator shows while the bot is busy.
    expect(page.locator(".ld-typing")).to_be_visible()
    expect(live).to_contain_text("Je zei: test")
    # The resident's own words are not read back.
    assert "Assistent: test" not in live.inner_text()
    # After a reload the restored history is shown, not announced again.
    page.reload()
    open_chat(page)
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: test")
    assert page.locator("[aria-live=polite]").inner_text().strip() == ""


def test_html_in_a_bot_message_is_text(page: Page, api_fake: ApiServer) -> None:
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    page.get_by_label("Typ je bericht").fill("laat html zien")
    page.keyboard.press("Enter")
    last = page.locator(".ld-msg.ld-bot").last
    expect(last).to_contain_text('<img src=x onerror="window.__pwned=1"><b>vet</b>')
    expect(last).to_contain_text("<script>")
    assert last.locator("img, b, script").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def test_simple_formatting_and_links(page: Page, api_fake: ApiServer) -> None:
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    first = greeting(page)
    expect(first.locator("strong")).to_have_text("digitale assistent")
    expect(first.locator("ul > li")).to_have_count(2)
    expect(first.locator("br")).to_have_count(1)
    link = first.get_by_role("link", name=re.compile("example.org"))
    assert link.get_attribute("href") == "https://example.org/leertdoor"
    assert link.get_attribute("rel") == "noopener noreferrer"


def utm_sent(page: Page, api_fake: ApiServer, fake_rasa: FakeRasa, query: str) -> dict[str, object]:
    page.goto(f"{api_fake.url}/?{query}")
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    page.get_by_label("Typ je bericht").fill("hallo")
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: hallo")
    session_id = page.evaluate("() => window.leertdoorChat.session.id")
    return dict([m for m in fake_rasa.received if m["session_id"] == session_id][-1]["metadata"]["utm"])


def test_utm_values_are_cut_to_the_limit_the_page_gives(page: Page, api_fake: ApiServer, fake_rasa: FakeRasa) -> None:
    page.goto(f"{api_fake.url}/")
    limit = int(page.locator("#leertdoor-chat").get_attribute("data-utm-max-length") or "0")
    assert limit > 0  # the vocabulary's limit (tests/api/test_limits.py checks the value)
    campaign = "voorjaar-moerwijk-" + "x" * (limit + 50)
    utm = utm_sent(page, api_fake, fake_rasa, f"utm_campaign={campaign}&utm_source=flyer")
    assert utm["campaign"] == campaign[:limit] and utm["source"] == "flyer"


@pytest.mark.parametrize(
    ("attribute", "kept"),
    [
        ("12", 12),  # whatever the page says
        (None, 100),  # no attribute (the widget on another page): the fallback, the vocabulary's default
        ("veel", 100),
        ("-5", 100),
    ],
)
def test_utm_limit_from_the_page_with_a_fallback(
    page: Page, api_fake: ApiServer, fake_rasa: FakeRasa, attribute: str | None, kept: int
) -> None:
    # The page as another site could render it: the attribute changed before the widget starts (a
    # rewritten response would lose the page's local-network permission to reach the chat server).
    page.add_init_script(
        "document.addEventListener('readystatechange', () => {"
        "  const root = document.getElementById('leertdoor-chat');"
        "  if (document.readyState !== 'interactive' || !root) return;"
        f"  const value = {json.dumps(attribute)};"
        "  if (value === null) root.removeAttribute('data-utm-max-length');"
        "  else root.setAttribute('data-utm-max-length', value);"
        "});"
    )
    campaign = "c" * 150
    assert utm_sent(page, api_fake, fake_rasa, f"utm_campaign={campaign}")["campaign"] == campaign[:kept]
    assert page.evaluate("() => window.leertdoorChat.utmMaxLength") == kept


def test_conversation_survives_reload_and_new_tab(page: Page, api_fake: ApiServer, fake_rasa: FakeRasa) -> None:
    page.goto(f"{api_fake.url}/?{UTM}")
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    page.get_by_label("Typ je bericht").fill("eerste bericht")
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: eerste bericht")
    session_id = page.evaluate("() => window.leertdoorChat.session.id")
    sent = [m for m in fake_rasa.received if m["session_id"] == session_id]
    assert sent[0]["message"] == "/greet"
    assert sent[-1]["metadata"] == {
        "language": "nl",
        "utm": {"source": "flyer", "medium": "print", "campaign": "voorjaar", "content": "moerwijk", "term": "bouw"},
        "channel": "socketio",
    }
    # Reload without the UTM parameters: same session, same transcript, UTM kept.
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    expect(page.locator(".ld-msg.ld-user")).to_have_text([re.compile("eerste bericht")])
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: eerste bericht")
    page.get_by_label("Typ je bericht").fill("na herladen")
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: na herladen")
    after = [m for m in fake_rasa.received if m["session_id"] == session_id]
    assert after[-1]["metadata"]["utm"]["campaign"] == "voorjaar"
    # the reload presented the key the server issued (never the id), and got the same session
    key = page.evaluate("() => window.leertdoorChat.session.key")
    assert key and {"session_key": key} in fake_rasa.session_requests
    assert fake_rasa.keys[key] == session_id
    assert sum(1 for m in after if m["message"] == "/greet") == 1, "no second greeting after a reload"
    # A new tab continues the same conversation.
    tab = page.context.new_page()
    tab.goto(f"{api_fake.url}/en")
    tab.get_by_role("button", name="Take the check in the chat").first.click()
    expect(tab.locator(".ld-msg.ld-user")).to_have_count(2)
    tab.get_by_label("Type your message").fill("from the other tab")
    tab.keyboard.press("Enter")
    expect(tab.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: from the other tab")
    assert [m for m in fake_rasa.received if m["session_id"] == session_id][-1]["metadata"]["language"] == "en"
    # ... and the first tab follows without storing anything twice.
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: from the other tab")
    expect(page.locator(".ld-msg")).to_have_count(tab.locator(".ld-msg").count())
    tab.close()
    # Start over: the copy in the browser is removed.
    page.get_by_role("button", name="Opnieuw beginnen").click()
    expect(page.locator(".ld-msg.ld-user")).to_have_count(0)
    expect(greeting(page)).to_contain_text("digitale assistent")
    keys = page.evaluate("() => Object.keys(localStorage)")
    stored = page.evaluate(f"() => localStorage.getItem('leertdoor-chat:transcript:{session_id}')")
    assert "eerste bericht" not in (stored or ""), keys


def test_the_server_issues_the_session_and_a_session_it_does_not_know_starts_anew(
    page: Page, api_fake: ApiServer, fake_rasa: FakeRasa
) -> None:
    # A conversation the browser claims (an old widget's id, or another resident's id copied in)
    # is not adopted: the server issues a new session and the claimed transcript is dropped.
    page.goto(f"{api_fake.url}/")
    page.evaluate(
        """() => {
            localStorage.setItem('leertdoor-chat:session',
                JSON.stringify({id: 'web-0123456789abcdef0123456789abcdef', key: 'guessed.key', utm: null,
                                updated: Date.now()}));
            localStorage.setItem('leertdoor-chat:transcript:web-0123456789abcdef0123456789abcdef',
                JSON.stringify({owner: null, greeted: true, items: [{who: 'user', text: 'iemand anders'}]}));
        }"""
    )
    page.reload()
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    expect(page.locator(".ld-msg", has_text="iemand anders")).to_have_count(0)
    session = page.evaluate("() => window.leertdoorChat.session")
    assert session["id"] != "web-0123456789abcdef0123456789abcdef"
    assert fake_rasa.keys[session["key"]] == session["id"]
    assert {"session_key": "guessed.key"} in fake_rasa.session_requests
    assert not any("session_id" in (r or {}) for r in fake_rasa.session_requests), "the id is never offered as proof"
    stored = page.evaluate("() => Object.keys(localStorage).join(' ')")
    assert "web-0123456789abcdef0123456789abcdef" not in stored


def age_session(page: Page, days: float) -> None:
    """As if the resident last used the chat `days` ago."""
    page.evaluate(
        """(days) => {
            const s = JSON.parse(localStorage.getItem('leertdoor-chat:session'));
            s.updated = Date.now() - days * 24 * 3600 * 1000;
            localStorage.setItem('leertdoor-chat:session', JSON.stringify(s));
        }""",
        days,
    )


def test_a_resident_who_comes_back_days_later_continues_the_conversation_on_an_empty_screen(
    page: Page, api_fake: ApiServer, fake_rasa: FakeRasa
) -> None:
    # Days later the copy of the conversation is gone (a shared computer), but the session is the
    # same: the widget greets again in the same conversation, so the assistant can show the
    # resident's appointment (actions/appointment.py).
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    page.get_by_label("Typ je bericht").fill("mijn gegevens")
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: mijn gegevens")
    session = page.evaluate("() => window.leertdoorChat.session")
    age_session(page, 3)
    page.reload()
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    expect(page.locator(".ld-msg", has_text="mijn gegevens")).to_have_count(0)
    assert page.evaluate("() => window.leertdoorChat.session.id") == session["id"]
    greets = [m for m in fake_rasa.received if m["session_id"] == session["id"] and m["message"] == "/greet"]
    assert len(greets) == 2, "greeted again, in the same conversation"
    # After SESSION_DAYS the conversation itself starts anew.
    age_session(page, 50)
    page.reload()
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    assert page.evaluate("() => window.leertdoorChat.session.id") != session["id"]


def test_erase_asks_first_then_clears_the_screen_and_the_stored_copy(
    page: Page, api_fake: ApiServer, fake_rasa: FakeRasa
) -> None:
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    page.get_by_label("Typ je bericht").fill("iets persoonlijks")
    page.keyboard.press("Enter")
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Je zei: iets persoonlijks")
    page.get_by_role("button", name="Wis mijn gegevens").click()
    # the bot asks first: nothing is cleared yet
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("Weet je het zeker?")
    expect(page.locator(".ld-msg.ld-user", has_text="iets persoonlijks")).to_have_count(1)
    session_id = page.evaluate("() => window.leertdoorChat.session.id")
    assert any(m["message"] == "/delete_data" and m["session_id"] == session_id for m in fake_rasa.received)
    page.locator(".ld-replies").get_by_role("button", name="Ja, wis alles").click()
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("gewist")
    expect(page.locator(".ld-msg", has_text="iets persoonlijks")).to_have_count(0)
    expect(page.locator(".ld-msg", has_text="Weet je het zeker?")).to_have_count(0)
    stored = page.evaluate(f"() => localStorage.getItem('leertdoor-chat:transcript:{session_id}') || ''")
    assert "iets persoonlijks" not in stored
    page.reload()
    open_chat(page)
    expect(page.locator(".ld-msg.ld-bot").last).to_contain_text("gewist")
    expect(page.locator(".ld-msg", has_text="iets persoonlijks")).to_have_count(0)


def test_the_verdict_is_a_card_with_a_heading_and_the_outcome_in_words(
    page: Page, api_fake: ApiServer, fake_rasa: FakeRasa
) -> None:
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    page.get_by_label("Typ je bericht").fill("mijn uitslag graag")
    page.keyboard.press("Enter")
    card = page.locator(".ld-card")
    expect(card).to_have_count(1)
    heading = card.get_by_role("heading", level=3)
    expect(heading).to_contain_text("Goed nieuws")
    expect(card).to_have_attribute("aria-labelledby", heading.get_attribute("id") or "?")
    reasons = card.locator(".ld-card-reasons > li")
    expect(reasons).to_have_count(3)
    # the outcome of each reason is in words for a screen reader, not only a sign or a colour
    expect(reasons.nth(0)).to_contain_text("Klopt:")
    expect(reasons.nth(1)).to_contain_text("Nakijken:")
    expect(reasons.nth(2)).to_contain_text("<b>niet vet</b>")  # text, never markup
    assert page.evaluate("() => window.__pwned") is None
    link = card.get_by_role("link", name=re.compile("example.org"))
    assert link.get_attribute("href") == "https://example.org/leerwerkloket"
    # on a phone the outcome is in view, its heading not scrolled away
    page.wait_for_timeout(800)
    log = page.locator(".ld-log").bounding_box()
    box = heading.bounding_box()
    assert log is not None and box is not None and box["y"] >= log["y"], (box, log)
    violations = run_axe(page)
    assert violations == [], violations


def test_reflow_and_zoom(browser, api_fake: ApiServer) -> None:  # type: ignore[no-untyped-def]
    # 320 CSS pixels wide is a 1280-pixel screen at 400%; 640 is the same screen at 200%.
    for width, height in ((320, 640), (640, 400)):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        page = ctx.new_page()
        page.goto(f"{api_fake.url}/")
        no_hscroll = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        assert page.evaluate(no_hscroll), f"horizontal scrolling at {width}px"
        open_chat(page)
        expect(greeting(page)).to_contain_text("digitale assistent")
        box = page.get_by_role("dialog").bounding_box()
        assert box is not None and box["width"] <= width
        for name in ("Verstuur", "Sluit de chat", "Ja, prima"):
            b = page.get_by_role("button", name=name).bounding_box()
            assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width + 0.5, name
        ctx.close()


def test_reduced_motion(browser, api_fake: ApiServer) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = ctx.new_page()
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    names = page.evaluate(
        "() => [...document.querySelectorAll('.ld-dots span')].map(s => getComputedStyle(s).animationName)"
    )
    assert names and set(names) == {"none"}
    ctx.close()


def test_axe_no_violations(page: Page, api_fake: ApiServer) -> None:
    page.goto(f"{api_fake.url}/?{UTM}")
    assert run_axe(page) == []
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    violations = run_axe(page)
    assert violations == [], violations
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-chat-fake-phone.png"))
    page.goto(f"{api_fake.url}/en")
    assert run_axe(page) == []
    page.screenshot(path=str(ARTIFACTS / "web-landing-en-phone.png"), full_page=True)


def test_long_conversation_keeps_header_and_input_in_view(page: Page, api_fake: ApiServer) -> None:
    page.goto(f"{api_fake.url}/")
    open_chat(page)
    expect(greeting(page)).to_contain_text("digitale assistent")
    for i in range(8):
        page.get_by_label("Typ je bericht").fill(f"bericht nummer {i} met wat meer tekst om de regel te vullen")
        page.keyboard.press("Enter")
        expect(page.locator(".ld-msg.ld-bot").last).to_contain_text(f"Je zei: bericht nummer {i}")
    dialog = page.get_by_role("dialog")
    assert dialog.evaluate("d => d.scrollHeight <= d.clientHeight + 1"), "the dialog itself scrolls"
    log = page.locator(".ld-log")
    assert log.evaluate("l => l.scrollHeight > l.clientHeight"), "the conversation scrolls inside its region"
    # the log scrolls smoothly (without reduced motion): wait for the scroll to end, not for a moment
    page.wait_for_function(
        "() => { const l = document.querySelector('.ld-log');"
        " return l.scrollTop + l.clientHeight >= l.scrollHeight - 2 }",
        timeout=5000,
    )  # the newest message is in view
    header = page.get_by_role("heading", name="Leert Door-assistent").bounding_box()
    send = page.get_by_role("button", name="Verstuur").bounding_box()
    assert header is not None and header["y"] >= 0
    assert send is not None and send["y"] + send["height"] <= 844
