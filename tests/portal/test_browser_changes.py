"""An adviser cancels one appointment from the agenda and moves another, in real headless
Chromium (Debian's chromium driven by Playwright), with axe-core on every page on the way.

The harness (browser, axe, the watcher for CSP errors and foreign requests) is test_browser.py's;
this module starts an API server of its own (uvicorn, a fresh SQLite database migrated with
Alembic), so its appointments do not mix with that test's.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from tests.portal.test_browser import (  # the module skips itself when chromium or axe is missing
    ARTIFACTS,
    Watcher,
    browser,  # noqa: F401 - a fixture, found by name
    check_page,
    login,
)
from tests.stack import ApiServer

SERVICE_TOKEN = "browser-changes-service-token-0123456789"
ADVISER = ("adviseur@example.org", "adviser password 1", "Sanne Adviseur")
COLLEAGUE = ("collega@example.org", "colleague password 1", "Kees Collega")


@pytest.fixture(scope="module")
def server() -> Iterator[ApiServer]:
    workdir = Path(tempfile.mkdtemp(prefix="portal-changes-"))
    api = ApiServer(
        workdir,
        {
            "API_SERVICE_TOKEN": SERVICE_TOKEN,
            "AUTH_SECRET_KEY": "browser-changes-auth-secret-0123456789abcdef",
            "MANAGE_TOKEN_PEPPER": "browser-changes-pepper",
            "RASA_URL": "http://127.0.0.1:9",  # no transcript: the lead page says so
            "ACTIONS_URL": "http://127.0.0.1:9",
        },
    )
    try:
        api.cli("migrate")
        for email, password, name in (ADVISER, COLLEAGUE):
            api.add_adviser(email, password, name, "adviser")
        api.serve()
        yield api
    finally:
        api.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "api-changes.log").write_text(api.log("api"))
        shutil.rmtree(workdir, ignore_errors=True)


def adviser_api(base: str, email: str, password: str) -> httpx.Client:
    token = httpx.post(f"{base}/api/auth/token", data={"username": email, "password": password}, timeout=10)
    assert token.status_code == 200, token.text
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token.json()['access_token']}"}, timeout=10)


def prepare(base: str) -> None:
    """Both advisers work weekday mornings; two residents book the adviser's first two times."""
    hours = [{"weekday": d, "start": "09:00", "end": "12:00"} for d in range(5)]
    for email, password, _ in (ADVISER, COLLEAGUE):
        with adviser_api(base, email, password) as api:
            saved = api.put(
                "/api/advisers/me/availability",
                json={"modes": ["phone", "video"], "slot_minutes": 45, "buffer_minutes": 15, "working_hours": hours},
            )
            assert saved.status_code == 200, saved.text
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}, timeout=10) as api:
        adviser_id = next(
            s["adviser_id"] for s in api.get("/api/slots").json()["items"] if s["adviser_name"] == ADVISER[2]
        )
        slots = api.get("/api/slots", params={"adviser_id": adviser_id, "mode": "phone"}).json()["items"]
        residents = [
            (
                "changes-karim",
                "socketio",
                {"name": "Karim Bouwman", "phone": "06 11122233", "email": "karim@example.org"},
            ),
            ("whatsapp:+31622233344", "whatsapp", {"name": "Fatima Verzet", "phone": "06 22233344"}),
        ]
        for (conversation, channel, contact), slot in zip(residents, slots, strict=False):
            lead = api.put(
                f"/api/leads/by-conversation/{conversation}",
                json={
                    "channel": channel,
                    "language": "nl",
                    "consent_at": "2026-11-21T10:00:00+01:00",
                    "contact": contact,
                },
            )
            assert lead.status_code == 201, lead.text
            booked = api.post(
                "/api/bookings",
                json={
                    "conversation_id": conversation,
                    "adviser_id": slot["adviser_id"],
                    "start": slot["start"],
                    "mode": "phone",
                    "contact": contact,
                },
            )
            assert booked.status_code == 201, booked.text


def test_an_adviser_cancels_one_appointment_and_moves_another(server: ApiServer, browser: Browser) -> None:  # noqa: F811
    base = server.url
    prepare(base)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watcher = Watcher(page, base)
    login(page, base, ADVISER[0], ADVISER[1])
    if not page.get_by_role("link", name="Karim Bouwman").count():
        page.get_by_role("link", name="Volgende week").click()
    check_page(page, watcher, "20-agenda-with-change-actions")

    # cancel: a confirm step that says who hears of it, with an optional reason
    page.get_by_role("link", name="Afspraak met Karim Bouwman afzeggen").first.click()
    assert page.get_by_role("heading", name="Afspraak afzeggen").is_visible()
    assert page.get_by_text("De inwoner krijgt hier een e-mail over.").is_visible()
    check_page(page, watcher, "21-cancel-confirm")
    page.get_by_label("Reden (mag leeg blijven)").fill("Ik ben ziek vandaag.")
    page.get_by_role("button", name="Ja, afspraak afzeggen").click()
    assert page.get_by_role("status").inner_text() == "De afspraak is afgezegd. De inwoner krijgt bericht."
    assert page.get_by_role("link", name="Karim Bouwman").count() == 0  # gone from the agenda
    check_page(page, watcher, "22-agenda-after-cancel")

    # move: choose one of the free times, with a colleague, by video
    page.get_by_role("link", name="Afspraak met Fatima Verzet verzetten").first.click()
    assert page.get_by_role("heading", name="Afspraak verzetten").is_visible()
    assert page.get_by_text("De inwoner krijgt hier een WhatsApp-bericht over.").is_visible()
    check_page(page, watcher, "23-move")
    page.get_by_label("Vorm", exact=True).select_option(label="Videobellen")
    page.get_by_label("Adviseur", exact=True).select_option(label=COLLEAGUE[2])
    page.get_by_role("button", name="Tijden tonen").click()
    assert page.get_by_role("group", name="Kies een nieuwe tijd (Videobellen)").is_visible()
    choice = page.locator('input[name="slot"]').nth(2)
    value = choice.get_attribute("value")
    assert value is not None and COLLEAGUE[2] in page.locator(f'label[for="{choice.get_attribute("id")}"]').inner_text()
    choice.check()
    check_page(page, watcher, "24-move-chosen")
    page.get_by_role("button", name="Afspraak verzetten naar deze tijd").click()
    assert page.get_by_role("status").inner_text() == "De afspraak is verzet. De inwoner krijgt bericht."
    check_page(page, watcher, "25-agenda-after-move")

    # the colleague has it now, at the chosen time and by video
    new_start = datetime.fromisoformat(value.split("|", 1)[1])
    with adviser_api(base, COLLEAGUE[0], COLLEAGUE[1]) as api:
        items = api.get(
            "/api/bookings", params={"from": "2026-01-01T00:00:00+01:00", "to": "2027-12-31T00:00:00+01:00"}
        ).json()["items"]
    [moved] = [b for b in items if b["resident_name"] == "Fatima Verzet"]
    assert datetime.fromisoformat(moved["start"]) == new_start and moved["mode"] == "video"

    # the cancelled appointment on the lead's timeline, with the adviser and the reason
    page.get_by_role("link", name="Leads").click()
    page.get_by_role("link", name="Karim Bouwman").click()
    timeline = page.locator("#timeline")
    assert timeline.get_by_text("Afspraak geannuleerd", exact=True).is_visible()
    assert timeline.get_by_text("Bericht: afspraak geannuleerd gepland via e-mail").is_visible()  # the resident's
    assert timeline.get_by_text("Ik ben ziek vandaag.").is_visible()
    assert timeline.get_by_text(ADVISER[2]).first.is_visible()
    check_page(page, watcher, "26-lead-after-cancel")
    context.close()
