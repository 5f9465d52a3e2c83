"""The agenda (phone, verdict and mode on each row; attended / no show only once the appointment
has started; an administrator sees everyone's day), the adviser's calendar feed, and the headers
of the JSON manage endpoints."""

from __future__ import annotations

from datetime import time

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import CalendarFeed
from tests.api.conftest import consented_lead, first_slot, login, started
from tests.portal.conftest import SERVICE, make_adviser, portal_login, post_form

ANSWERS = {"age": 45, "municipality": "Den Haag", "work_situation": "employed", "pains": ["physical_strain"]}


def booked(client: TestClient, cid: str = "agenda-1", name: str = "Ahmed Test", **slot: object) -> dict[str, object]:
    consented_lead(client, cid, **ANSWERS, contact={"name": name, "email": "ahmed@example.org"})
    slot = slot or first_slot(client)
    body = {
        "conversation_id": cid,
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {"name": name, "phone": "06 12345678"},
    }
    response = client.post("/api/bookings", json=body, headers=SERVICE)
    assert response.status_code == 201, response.text
    return dict(response.json())


def agenda_with(http: TestClient, text: str, who: str = "") -> str:
    """This week's or next week's agenda (bookings start from the next working day)."""
    for week in (0, 1, 2):
        page = http.get(f"/advisers/agenda?week={week}{who}").text
        if text in page:
            return page
    raise AssertionError(f"{text!r} is not in the agenda")


def test_rows_show_phone_verdict_and_mode(adviser_client: TestClient, client: TestClient) -> None:
    booked(client)
    row = agenda_with(adviser_client, "Ahmed Test").split("Ahmed Test")[1].split("</tr>")[0]
    assert 'href="tel:0612345678"' in row and "Waarschijnlijk in aanmerking" in row and "Telefonisch" in row


def test_outcome_only_after_the_start(adviser_client: TestClient, client: TestClient) -> None:
    booking = booked(client)
    page = agenda_with(adviser_client, "Ahmed Test")
    row = page.split("Ahmed Test")[1].split("</tr>")[0]
    assert "Gesprek gevoerd" not in row and "Vanaf " in row  # not offered before the start
    # and refused when posted anyway
    refused = post_form(
        adviser_client,
        "/advisers/agenda",
        f"/advisers/agenda/{booking['id']}/outcome",
        {"outcome": "attended", "back": "/advisers/agenda"},
    )
    assert refused.headers["location"] == "/advisers/agenda?err=agenda.not_started"
    assert "Dat kan pas als het gesprek begonnen is." in adviser_client.get(refused.headers["location"]).text

    started(booking["id"])
    today = adviser_client.get("/advisers/agenda").text.split('id="today-h"')[1].split("</section>")[0]
    assert "Gesprek gevoerd: Ahmed Test" in today  # the buttons, named for a screen reader
    saved = post_form(
        adviser_client,
        "/advisers/agenda",
        f"/advisers/agenda/{booking['id']}/outcome",
        {"outcome": "no_show", "back": "/advisers/agenda"},
    )
    assert saved.headers["location"] == "/advisers/agenda?done=agenda.outcome_saved"
    assert "Niet verschenen" in adviser_client.get("/advisers/agenda").text


def test_an_admins_agenda_shows_everyones_day(client: TestClient, adviser: Adviser, session: Session) -> None:
    admin = make_adviser(session, email="admin@example.org", role="admin", name="Admin Anna", hours=[])
    other = make_adviser(
        session, email="other@example.org", name="Other Olga", hours=[(d, time(9), time(17)) for d in range(5)]
    )
    first = first_slot(client)
    booked(client, "mine", "Mijn Inwoner", **first)
    others = next(
        s for s in client.get("/api/slots", params={"limit": 50}).json()["items"] if s["adviser_id"] == other.id
    )
    booked(client, "theirs", "Hun Inwoner", **others)

    admin_client = portal_login(TestClient(client.app), admin.email)
    page = agenda_with(admin_client, "Mijn Inwoner")
    assert "Hun Inwoner" in page and "Other Olga" in page and "Test Adviser" in page  # the default: everyone
    own = (
        admin_client.get("/advisers/agenda?week=0&who=mine").text
        + admin_client.get("/advisers/agenda?week=1&who=mine").text
    )
    assert "Mijn Inwoner" not in own and "Hun Inwoner" not in own
    # an adviser sees only their own, whatever they ask for
    adviser_client = portal_login(TestClient(client.app), adviser.email)
    mine = agenda_with(adviser_client, "Mijn Inwoner", "&who=all")
    assert "Hun Inwoner" not in mine
    # and cannot record another adviser's outcome (it does not exist for them)
    theirs = client.get("/api/bookings", params={"all_advisers": True}, headers=login(client, admin.email)).json()
    their_id = next(b["id"] for b in theirs["items"] if b["adviser"]["id"] == other.id)
    started(their_id)
    response = post_form(
        adviser_client, "/advisers/agenda", f"/advisers/agenda/{their_id}/outcome", {"outcome": "attended"}
    )
    assert response.status_code == 404
    assert (
        client.post(
            f"/api/bookings/{their_id}/outcome", json={"status": "attended"}, headers=login(client, adviser.email)
        ).status_code
        == 404
    )


def test_the_calendar_feed(client: TestClient, adviser: Adviser, adviser_client: TestClient, session: Session) -> None:
    booking = booked(client, name="Ahmed van der Test")
    assert "Je hebt nog geen agenda-link." in adviser_client.get("/advisers/agenda").text
    made = post_form(adviser_client, "/advisers/agenda", "/advisers/agenda/feed", {})
    assert made.status_code == 200 and "we laten hem maar één keer zien" in made.text
    url = made.text.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert url.startswith("http://testserver/api/calendar/") and url.endswith(".ics")
    path = url.removeprefix("http://testserver")
    token = path.removeprefix("/api/calendar/").removesuffix(".ics")
    # only a hash of the token is kept, and the page does not show the URL again
    stored = session.scalars(select(CalendarFeed)).all()
    assert len(stored) == 1 and token not in stored[0].token_hash
    assert url not in adviser_client.get("/advisers/agenda").text

    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "no-store" and response.headers["referrer-policy"] == "no-referrer"
    events = [e for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    uid = str(event["UID"])
    assert uid.startswith("adviser-") and str(event["SUMMARY"]) == "Adviesgesprek Ahmed (telefonisch)"
    description = str(event["DESCRIPTION"])
    assert "06 12345678" in description and "/advisers/leads/" in description
    assert "van der Test" not in response.text and "ahmed@example.org" not in response.text  # first name only

    # moved: the same UID, a higher SEQUENCE; another adviser's appointments are not in it
    manage = client.get(f"/api/bookings/manage/{booking['manage_token']}").json()
    later = next(
        s for s in client.get("/api/slots", params={"limit": 20}).json()["items"] if s["start"] != manage["start"]
    )
    moved = client.post(f"/api/bookings/manage/{booking['manage_token']}/reschedule", json={"start": later["start"]})
    assert moved.status_code == 200, moved.text
    event = next(iter(Calendar.from_ical(client.get(path).content).walk("VEVENT")))
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1

    # a new link ends the old one; stopping ends it too
    renewed = client.post("/api/advisers/me/calendar-feed", headers=login(client, adviser.email))
    assert renewed.status_code == 201 and renewed.json()["url"] != url
    assert client.get(path).status_code == 404
    new_path = renewed.json()["url"].removeprefix("http://testserver")
    assert client.get(new_path).status_code == 200
    state = client.get("/api/advisers/me/calendar-feed", headers=login(client, adviser.email)).json()
    assert state["active"] is True and state["url"] is None
    stopped = post_form(adviser_client, "/advisers/agenda", "/advisers/agenda/feed/stop", {})
    assert "done=agenda.feed_stopped" in stopped.headers["location"]
    assert client.get(new_path).status_code == 404


def test_feed_forms_need_a_login_and_the_csrf_token(client: TestClient, adviser_client: TestClient) -> None:
    for action in ("/advisers/agenda/feed", "/advisers/agenda/feed/stop"):
        assert adviser_client.post(action, data={"csrf_token": "forged"}).status_code == 403
        anonymous = TestClient(client.app).post(action, data={}, follow_redirects=False)
        assert anonymous.headers["location"].startswith("/advisers/login")
    assert client.post("/api/advisers/me/calendar-feed").status_code == 401
    assert client.post("/api/advisers/me/calendar-feed", headers=SERVICE).status_code == 401
    assert client.get("/api/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert client.get("/api/calendar/short.ics").status_code == 422


def test_a_deactivated_advisers_feed_stops(client: TestClient, admin: Adviser, session: Session) -> None:
    other = make_adviser(session, email="other@example.org", hours=[])
    url = client.post("/api/advisers/me/calendar-feed", headers=login(client, other.email)).json()["url"]
    path = url.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    admin_client = portal_login(TestClient(client.app), admin.email)
    post_form(admin_client, "/advisers/admin/advisers", f"/advisers/admin/advisers/{other.id}/active", {"active": "0"})
    assert client.get(path).status_code == 404


def test_manage_endpoints_are_not_stored_and_leak_no_referrer(client: TestClient, adviser: Adviser) -> None:
    booking = booked(client)
    token = booking["manage_token"]
    for response in (
        client.get(f"/api/bookings/manage/{token}"),
        client.get(f"/api/bookings/manage/{token}/ics"),
        client.post(f"/api/bookings/manage/{token}/reschedule", json={"start": "0001-01-01T00:00:00+14:00"}),
        client.get("/api/bookings/manage/" + "x" * 43),  # unknown
        client.get("/api/bookings/manage/short"),  # malformed
    ):
        assert response.headers["cache-control"] == "no-store", response.request.url
        assert response.headers["referrer-policy"] == "no-referrer", response.request.url
    assert (
        client.post(f"/api/bookings/manage/{token}/reschedule", json={"start": "9999-12-31T23:59:59-12:00"}).status_code
        == 422
    )
