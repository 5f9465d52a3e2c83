"""The adviser portal in real headless Chromium (Debian's chromium driven by Playwright).

A fixture starts the real API (uvicorn on a free port, a fresh SQLite database migrated with
Alembic) and a stand-in for Rasa's tracker API. A lead is made through the service API the way
the action server does. Every page is checked with axe-core (zero violations), for Content-
Security-Policy violations and for requests to any other origin; screenshots go to
test-artifacts/portal/.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts" / "portal"
SERVICE_TOKEN = "browser-test-service-token-0123456789"
ADVISER = ("adviseur@example.org", "adviser password 1", "Sanne Adviseur")
ADMIN = ("beheer@example.org", "admin password 12", "Bram Beheerder")
CONVERSATION = "browser-test-conversation-1"

if not Path(CHROMIUM).exists() or not AXE.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"browser tests need {CHROMIUM} (scripts/install-system-deps) and {AXE} (make web-build)")
    pytest.skip(
        "chromium or axe-core missing: run scripts/install-system-deps and make web-build", allow_module_level=True
    )

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from tests.clock import begun_moments_ago  # noqa: E402
from tests.stack import ApiServer, free_port  # noqa: E402


class FakeRasa(BaseHTTPRequestHandler):
    """Answers GET /conversations/{id}/tracker?token=... like Rasa's HTTP API does."""

    def do_GET(self) -> None:
        ok = self.path.startswith(f"/conversations/{CONVERSATION}/tracker") and "token=rasa-token" in self.path
        events = [
            {
                "event": "bot",
                "text": "Hoi! Ik ben de digitale assistent van Haaglanden Leert Door.",
                "timestamp": 1763712000,
            },
            {"event": "user", "text": "ik ben 45 en werk in de bouw, mijn rug speelt op", "timestamp": 1763712030},
            {"event": "bot", "text": "Dank je. Je komt waarschijnlijk in aanmerking.", "timestamp": 1763712040},
        ]
        body = json.dumps({"sender_id": CONVERSATION, "events": events}).encode()
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body if ok else b"{}")

    def log_message(self, *_: Any) -> None:
        return


@pytest.fixture(scope="module")
def server() -> Iterator[ApiServer]:
    workdir = Path(tempfile.mkdtemp(prefix="portal-browser-"))
    rasa = ThreadingHTTPServer(("127.0.0.1", free_port()), FakeRasa)
    threading.Thread(target=rasa.serve_forever, daemon=True).start()
    api = ApiServer(
        workdir,
        {
            "API_SERVICE_TOKEN": SERVICE_TOKEN,
            "AUTH_SECRET_KEY": "browser-test-auth-secret-0123456789abcdef",
            "MANAGE_TOKEN_PEPPER": "browser-test-pepper",
            "RASA_URL": f"http://127.0.0.1:{rasa.server_address[1]}",
            "RASA_AUTH_TOKEN": "rasa-token",
            "ACTIONS_URL": "http://127.0.0.1:9",
        },
    )
    try:
        api.cli("migrate")  # no demo advisers: the pages' empty states are part of the test
        for email, password, name, role in ((*ADVISER, "adviser"), (*ADMIN, "admin")):
            api.add_adviser(email, password, name, role)
        api.serve()
        yield api
    finally:
        api.stop()
        rasa.shutdown()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "api.log").write_text(api.log("api"))
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


class Watcher:
    """Collects what must not happen on a page: CSP violations, script errors, failing assets,
    requests to any other origin. (A page itself may answer 401/403 on purpose.)"""

    def __init__(self, page: Page, base: str) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "request",
            lambda r: None if r.url.startswith((base, "data:", "blob:")) else self._add(f"request to {r.url}"),
        )
        page.on(
            "response",
            lambda r: (
                self._add(f"{r.status} for {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )

    def _add(self, problem: str) -> None:
        self.problems.append(problem)

    def _console(self, message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")  # CSP violations land here


def check_page(page: Page, watcher: Watcher, name: str) -> None:
    """axe-core on the page (zero violations), no CSP or script errors, and a screenshot."""
    page.evaluate(AXE.read_text())  # through the DevTools protocol: the page's CSP stays strict
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert result == [], f"axe violations on {name}: {json.dumps(result, indent=1)}"
    assert watcher.problems == [], f"problems on {name}: {watcher.problems}"


def login(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/advisers/agenda")
    assert "/advisers/login" in page.url
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/advisers/agenda")


def service(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}, timeout=10)


def test_adviser_and_admin_flow(server: ApiServer, browser: Browser) -> None:
    base = server.url
    context = browser.new_context(accept_downloads=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watcher = Watcher(page, base)

    # login page, a wrong password first
    page.goto(f"{base}/advisers/login")
    check_page(page, watcher, "01-login")
    page.get_by_label("E-mailadres").fill(ADVISER[0])
    page.get_by_label("Wachtwoord").fill("not the password")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").inner_text() == "E-mailadres of wachtwoord klopt niet."
    check_page(page, watcher, "02-login-failed")
    login(page, base, ADVISER[0], ADVISER[1])
    check_page(page, watcher, "03-agenda-empty")
    assert page.get_by_text("Vandaag staan er geen gesprekken gepland.").is_visible()

    # availability: no hours yet, so the bot is offered no slots; set them and see slots appear
    with service(base) as api:
        assert api.get("/api/slots").json()["items"] == []
        page.get_by_role("link", name="Beschikbaarheid").click()
        check_page(page, watcher, "04-availability-empty")
        for mode in ("Videobellen", "Op locatie"):
            page.get_by_label(mode, exact=True).uncheck()
        page.get_by_label("Telefonisch", exact=True).check()
        page.get_by_label("Duur van een gesprek (minuten)").fill("30")
        page.get_by_label("Pauze tussen gesprekken (minuten)").fill("0")
        for day in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"):
            page.get_by_label(f"{day}, Blok 1, Van").fill("09:00")
            page.get_by_label(f"{day}, Blok 1, Tot").fill("11:00")
        page.get_by_role("button", name="Opslaan").click()
        assert "Je beschikbaarheid is opgeslagen" in page.get_by_role("status").inner_text()
        check_page(page, watcher, "05-availability-saved")
        slots = api.get("/api/slots", params={"limit": 500}).json()["items"]
        assert slots and {s["start"][11:16] for s in slots} == {"09:00", "09:30", "10:00", "10:30"}
        assert all(s["modes"] == ["phone"] for s in slots)
        assert page.locator("#next-slots li").count() > 0

        # a resident talks to the bot: the action server counts the conversation, stores the
        # consented answers and books the first slot
        utm = {"source": "flyer", "medium": "print", "campaign": "moerwijk-2026"}
        assert (
            api.post(
                "/api/conversations", json={"conversation_id": CONVERSATION, "channel": "whatsapp", "utm": utm}
            ).status_code
            == 202
        )
        lead = api.put(
            f"/api/leads/by-conversation/{CONVERSATION}",
            json={
                "channel": "whatsapp",
                "language": "nl",
                "consent_at": "2026-11-21T10:00:00+01:00",
                "age": 45,
                "municipality": "Den Haag",
                "work_situation": "employed",
                "pains": ["physical_strain"],
                "sector": "construction",
                "contact": {"name": "Karim Bouwman", "phone": "06 11122233"},
                "utm": utm,
            },
        )
        assert lead.status_code == 201, lead.text
        booked = api.post(
            "/api/bookings",
            json={
                "conversation_id": CONVERSATION,
                "adviser_id": slots[0]["adviser_id"],
                "start": slots[0]["start"],
                "mode": "phone",
                "contact": {"name": "Karim Bouwman", "phone": "06 11122233"},
            },
        )
        assert booked.status_code == 201, booked.text
        # another resident asked to be called back, in their own words
        callback = api.put(
            "/api/leads/by-conversation/browser-test-callback",
            json={
                "channel": "socketio",
                "language": "en",
                "consent_at": "2026-11-21T11:00:00+01:00",
                "callback_requested": True,
                "work_text": "I clean schools <b>every</b> morning and want to work with children",
                "contact": {"name": "Fatima Terugbel", "phone": "+31 6 2223 3344"},
            },
        )
        assert callback.status_code == 201, callback.text

    # the call list: the call-back first, then the appointment; take the call-back
    page.get_by_role("link", name="Bellijst").click()
    callbacks = page.locator("#callbacks")
    assert callbacks.get_by_role("link", name="+31 6 2223 3344").get_attribute("href") == "tel:+31622233344"
    assert callbacks.get_by_text("I clean schools <b>every</b> morning").is_visible()  # shown as text
    assert page.locator("#appointments").get_by_text("Karim Bouwman").is_visible()
    check_page(page, watcher, "05b-calls")
    page.get_by_role("button", name="Ik bel Fatima Terugbel").click()
    assert "de lead staat op jouw naam" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Van mij").click()
    page.wait_for_url("**/advisers/calls?filter=mine")
    assert page.locator("#callbacks").get_by_text("Fatima Terugbel").is_visible()
    assert page.locator("#callbacks").get_by_role("button", name="Fatima Terugbel vrijgeven").is_visible()
    check_page(page, watcher, "05c-calls-mine")

    # leads inbox: find the lead by searching
    page.get_by_role("link", name="Leads").click()
    assert page.get_by_text("2 leads gevonden").is_visible()
    check_page(page, watcher, "06-leads")
    page.get_by_label("Zoek op naam, telefoon of e-mail").fill("karim")
    page.get_by_label("UTM-campagne").select_option("moerwijk-2026")
    page.get_by_role("button", name="Filteren").click()
    assert page.get_by_text("1 leads gevonden").is_visible()
    page.get_by_label("Zoek op naam, telefoon of e-mail").fill("nobody")
    page.get_by_role("button", name="Filteren").click()
    assert page.get_by_text("Geen leads gevonden met deze filters.").is_visible()
    check_page(page, watcher, "07-leads-filtered-empty")
    page.get_by_role("link", name="Wissen").click()
    page.get_by_role("link", name="Karim Bouwman").click()

    # lead detail: answers, verdict per rule, transcript, status change with a note, audit
    assert page.get_by_role("heading", name="Karim Bouwman").is_visible()
    assert page.get_by_text("Zwaar werk (bouw, logistiek)").first.is_visible()
    assert page.get_by_text("ik ben 45 en werk in de bouw, mijn rug speelt op").is_visible()
    verdict = page.locator("#verdict li").filter(has_text="Woont in Den Haag (regio)")
    assert verdict.get_by_text("Voldoet").is_visible()  # the reason in the adviser's voice, with its outcome
    check_page(page, watcher, "08-lead")
    page.get_by_label("Nieuwe status").select_option("contacted")
    page.get_by_label("Notitie (optioneel)").fill("Gebeld, afspraak bevestigd")
    page.get_by_role("button", name="Status wijzigen").click()
    assert "De status is gewijzigd." in page.get_by_role("status").first.inner_text()
    audit = page.locator("#timeline")
    assert audit.get_by_text("Status: Nieuw → Contact gehad").is_visible()
    assert audit.get_by_text("Gebeld, afspraak bevestigd").is_visible()
    assert audit.get_by_text(ADVISER[2]).first.is_visible()
    check_page(page, watcher, "09-lead-status-changed")

    # CSV export of the inbox
    page.get_by_role("link", name="Terug naar de leads").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteer als CSV").click()
    csv_path = ARTIFACTS / "leads.csv"
    download_info.value.save_as(csv_path)
    rows = csv_path.read_text().splitlines()
    karim = next(row for row in rows if "Karim Bouwman" in row)
    assert rows[0].startswith("id,created_at,status") and len(rows) == 3 and ",contacted," in karim

    # agenda: the booking this week or next, with phone and verdict; no outcome before the start
    page.get_by_role("link", name="Agenda").click()
    if not page.get_by_role("link", name="Karim Bouwman").count():
        page.get_by_role("link", name="Volgende week").click()
    row = page.locator("table.agenda tr").filter(has_text="Karim Bouwman")
    assert row.get_by_role("link", name="06 11122233").get_attribute("href") == "tel:0611122233"
    assert row.get_by_text("Waarschijnlijk in aanmerking").is_visible() and row.get_by_text("Vanaf 09:00").is_visible()
    assert row.get_by_role("button").count() == 0
    check_page(page, watcher, "10-agenda")
    # once it has started (moved to a few minutes ago in the database): attended
    now = datetime.now(UTC).replace(tzinfo=None)
    begun = begun_moments_ago().replace(tzinfo=None)
    with sqlite3.connect(server.workdir / "api.sqlite3") as db:
        db.execute(
            "UPDATE bookings SET start_at = ?, end_at = ?",
            (begun.isoformat(" "), (now + timedelta(minutes=25)).isoformat(" ")),
        )
    page.goto(f"{base}/advisers/agenda")
    today = page.locator("section").filter(has=page.get_by_role("heading", name="Vandaag"))
    today.get_by_role("button", name="Gesprek gevoerd: Karim Bouwman").click()
    assert "De uitkomst is opgeslagen." in page.get_by_role("status").inner_text()
    # a calendar subscription, shown once
    page.get_by_role("button", name="Agenda-link maken").click()
    feed_url = page.get_by_label("Agenda-link").input_value()
    check_page(page, watcher, "10b-agenda-feed")
    feed = httpx.get(feed_url, timeout=10)
    assert feed.status_code == 200 and "SUMMARY:Adviesgesprek Karim (telefonisch)" in feed.text
    assert "Bouwman" not in feed.text

    # English, and the adviser cannot open the funnel
    page.get_by_role("link", name="EN", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Agenda", exact=True).is_visible()
    check_page(page, watcher, "11-agenda-en")
    page.goto(f"{base}/advisers/funnel")
    assert page.get_by_text("It is for administrators only").is_visible()
    check_page(page, watcher, "12-funnel-forbidden")
    page.get_by_role("link", name="NL", exact=True).click()
    page.get_by_role("button", name="Uitloggen").click()
    assert page.get_by_text("Je bent uitgelogd.").is_visible()

    # the admin: funnel with chart, table and CSV; advisers
    login(page, base, ADMIN[0], ADMIN[1])
    # the admin's agenda shows everyone's day
    if not page.get_by_role("link", name="Karim Bouwman").count():
        page.get_by_role("link", name="Volgende week").click()
    row = page.locator("table.agenda tr").filter(has_text="Karim Bouwman").first
    assert row.get_by_text(ADVISER[2]).is_visible()
    check_page(page, watcher, "12b-agenda-everyone")
    page.get_by_role("link", name="Funnel").click()
    row = page.locator("table.funnel tbody tr").filter(has_text="moerwijk-2026")
    assert row.locator("td").first.inner_text() == "moerwijk-2026"
    assert [c.strip() for c in row.locator(".n").all_inner_texts()] == ["1", "1", "1", "1", "1", "0"]
    assert [c.strip() for c in row.locator(".rate").all_inner_texts()] == ["100,0%"] * 4 + ["0,0%"]
    page.wait_for_function(
        "() => { const c = document.getElementById('funnel-chart');"
        " return c && window.Chart && Chart.getChart(c) !== undefined; }"
    )
    check_page(page, watcher, "13-funnel")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteer als CSV").click()
    funnel_csv = ARTIFACTS / "funnel.csv"
    download_info.value.save_as(funnel_csv)
    assert "moerwijk-2026,flyer,1,1,1,1,1,0,100.0,100.0,100.0,100.0,0.0" in funnel_csv.read_text()
    page.get_by_role("link", name="Adviseurs", exact=True).click()
    check_page(page, watcher, "14-advisers")
    assert page.get_by_role("cell", name=ADVISER[0]).is_visible()
    # the admin edits the adviser's availability: the same form, the same checks
    page.get_by_role("link", name=f"Beschikbaarheid: {ADVISER[2]}").click()
    assert page.get_by_role("heading", name=f"Beschikbaarheid van {ADVISER[2]}").is_visible()
    page.get_by_label("vrijdag, Blok 1, Van").fill("14:00")
    page.get_by_label("vrijdag, Blok 1, Tot").fill("13:00")
    page.get_by_role("button", name="Opslaan").click()
    assert "niet opgeslagen" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("vrijdag, Blok 1, Van").fill("13:00")
    page.get_by_label("vrijdag, Blok 1, Tot").fill("14:00")
    page.get_by_role("button", name="Opslaan").click()
    assert "De beschikbaarheid is opgeslagen" in page.get_by_role("status").inner_text()
    check_page(page, watcher, "14b-availability-of-adviser")
    context.close()
