"""The adviser portal through FastAPI's TestClient: sessions, CSRF, roles, rate limit, pages."""

from __future__ import annotations

import csv
import io
from datetime import time

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.leads import transcript as rasa
from api.leads.models import Lead
from api.portal.i18n import texts
from tests.api.conftest import started
from tests.portal.conftest import (
    PASSWORD,
    SERVICE,
    consented_lead,
    csrf_of,
    first_slot,
    make_adviser,
    portal_login,
    post_form,
)

ANSWERS = {"age": 45, "municipality": "Den Haag", "work_situation": "employed", "pains": ["physical_strain"]}

ADVISER_PAGES = [
    "/advisers/calls",
    "/advisers/agenda",
    "/advisers/leads",
    "/advisers/availability",
    "/advisers/leads/export.csv",
]
ADMIN_PAGES = ["/advisers/funnel", "/advisers/funnel.csv", "/advisers/admin/advisers"]
POSTS = [
    "/advisers/logout",
    "/advisers/agenda/1/outcome",
    "/advisers/leads/1/status",
    "/advisers/leads/1/notes",
    "/advisers/leads/1/erase",
    "/advisers/leads/1/take",
    "/advisers/leads/1/release",
    "/advisers/leads/1/owner",
    "/advisers/availability",
    "/advisers/availability/days-off",
    "/advisers/availability/days-off/1/delete",
]
ADMIN_POSTS = [
    "/advisers/admin/advisers",
    "/advisers/admin/advisers/1/active",
    "/advisers/admin/advisers/1/password",
    "/advisers/admin/advisers/1/availability",
    "/advisers/admin/advisers/1/availability/days-off",
    "/advisers/admin/advisers/1/availability/days-off/1/delete",
]


def make_lead(client: TestClient, conversation_id: str = "conv-1", **fields: object) -> int:
    body = {**ANSWERS, "contact": {"name": "Ahmed Test", "phone": "06 12345678", "email": "ahmed@example.org"}}
    return int(consented_lead(client, conversation_id, **{**body, **fields})["id"])  # type: ignore[call-overload]


def book(client: TestClient, conversation_id: str) -> dict[str, object]:
    slot = first_slot(client)
    body = {
        "conversation_id": conversation_id,
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {"name": "Ahmed Test"},
    }
    response = client.post("/api/bookings", json=body, headers=SERVICE)
    assert response.status_code == 201, response.text
    return dict(response.json())


# --- texts ---------------------------------------------------------------------------------


def test_both_languages_have_the_same_texts() -> None:
    loaded = texts()
    assert set(loaded["nl"]) == set(loaded["en"])
    assert all(isinstance(v, str) and v for table in loaded.values() for v in table.values())


# --- anonymous, adviser, admin on every page --------------------------------------------------


@pytest.mark.parametrize("path", ADVISER_PAGES + ADMIN_PAGES + ["/advisers/leads/1", "/advisers/leads/1/erase"])
def test_anonymous_is_sent_to_the_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/advisers/login?next=")


@pytest.mark.parametrize("path", POSTS + ADMIN_POSTS)
def test_anonymous_posts_are_refused(client: TestClient, path: str) -> None:
    token = csrf_of(client.get("/advisers/login").text)
    response = client.post(path, data={"csrf_token": token}, follow_redirects=False)
    # logout of nobody is harmless; everything else wants a login first
    assert response.status_code == 303
    assert response.headers["location"].startswith("/advisers/login")


def test_adviser_sees_adviser_pages_but_not_admin_pages(adviser_client: TestClient) -> None:
    for path in ADVISER_PAGES:
        assert adviser_client.get(path).status_code == 200, path
    for path in ADMIN_PAGES:
        response = adviser_client.get(path)
        assert response.status_code == 403, path
    token = csrf_of(adviser_client.get("/advisers/agenda").text)
    for path in ADMIN_POSTS:
        assert adviser_client.post(path, data={"csrf_token": token}).status_code == 403, path
    nav = adviser_client.get("/advisers/agenda").text
    assert "/advisers/funnel" not in nav and "/advisers/admin/advisers" not in nav


def test_admin_sees_every_page(admin_client: TestClient) -> None:
    for path in ADVISER_PAGES + ADMIN_PAGES:
        assert admin_client.get(path).status_code == 200, path


def test_funnel_api_is_for_admins_only(client: TestClient, adviser: Adviser, admin: Adviser) -> None:
    def token(email: str) -> dict[str, str]:
        r = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    assert client.get("/api/stats/funnel").status_code == 401
    assert client.get("/api/stats/funnel", headers=token(adviser.email)).status_code == 403
    assert client.get("/api/stats/funnel", headers=token(admin.email)).status_code == 200


# --- session cookie, CSRF, login limit ---------------------------------------------------------


def test_session_cookie_is_httponly_strict_and_scoped(client: TestClient, adviser: Adviser) -> None:
    page = client.get("/advisers/login")
    response = client.post(
        "/advisers/login",
        data={"email": adviser.email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/advisers" in cookie
    assert "Max-Age=" in cookie
    assert "Secure" not in cookie  # PUBLIC_BASE_URL is http in tests; https turns it on
    assert response.headers["location"] == "/advisers/calls"  # the call list is the home page


def test_portal_pages_send_a_strict_csp(adviser_client: TestClient) -> None:
    response = adviser_client.get("/advisers/leads")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["cache-control"] == "no-store"
    assert "<script>" not in response.text  # no inline scripts


def test_forged_or_missing_csrf_token_is_refused(adviser_client: TestClient, client: TestClient) -> None:
    lead_id = make_lead(client)
    for data in ({"status": "contacted"}, {"status": "contacted", "csrf_token": "forged"}):
        response = adviser_client.post(f"/advisers/leads/{lead_id}/status", data=data)
        assert response.status_code == 403
        assert "verlopen" in response.text  # "this form has expired"
    session_lead = adviser_client.get(f"/advisers/leads/{lead_id}").text
    assert "Contact gehad" not in session_lead.split('id="timeline"')[1].split('id="status"')[0]


def test_login_token_from_another_session_is_refused(client: TestClient, adviser: Adviser) -> None:
    other = TestClient(client.app)
    token = csrf_of(other.get("/advisers/login").text)
    client.get("/advisers/login")
    response = client.post("/advisers/login", data={"email": adviser.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 403


def test_wrong_password_then_rate_limited(client: TestClient, adviser: Adviser) -> None:
    token = csrf_of(client.get("/advisers/login").text)
    for _ in range(5):
        response = client.post(
            "/advisers/login", data={"email": adviser.email, "password": "wrong password", "csrf_token": token}
        )
        assert response.status_code == 401
        assert "klopt niet" in response.text
    response = client.post("/advisers/login", data={"email": adviser.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
    # the JSON login shares the limiter
    api = client.post("/api/auth/token", data={"username": adviser.email, "password": PASSWORD})
    assert api.status_code == 429


def test_logout_ends_the_session(adviser_client: TestClient) -> None:
    response = post_form(adviser_client, "/advisers/agenda", "/advisers/logout", {})
    assert response.status_code == 303
    assert adviser_client.get("/advisers/agenda", follow_redirects=False).status_code == 303


def test_password_reset_and_deactivation_end_open_sessions(
    client: TestClient, admin_client: TestClient, session: Session
) -> None:
    other = make_adviser(session, email="other@example.org", name="Other Adviser")
    other_client = portal_login(TestClient(client.app), other.email)
    assert other_client.get("/advisers/agenda").status_code == 200
    response = post_form(
        admin_client,
        "/advisers/admin/advisers",
        f"/advisers/admin/advisers/{other.id}/password",
        {"password": "a new password 123"},
    )
    assert response.headers["location"].endswith("done=advisers.password_reset")
    assert other_client.get("/advisers/agenda", follow_redirects=False).status_code == 303
    portal_login(other_client, other.email, "a new password 123")
    post_form(admin_client, "/advisers/admin/advisers", f"/advisers/admin/advisers/{other.id}/active", {"active": "0"})
    assert other_client.get("/advisers/agenda", follow_redirects=False).status_code == 303
    token = csrf_of(other_client.get("/advisers/login").text)
    failed = other_client.post(
        "/advisers/login", data={"email": other.email, "password": "a new password 123", "csrf_token": token}
    )
    assert failed.status_code == 401


def test_admin_creates_an_adviser_who_can_log_in(client: TestClient, admin_client: TestClient) -> None:
    data = {"name": "New Adviser", "email": "new@example.org", "role": "adviser", "password": "long enough pw"}
    response = post_form(admin_client, "/advisers/admin/advisers", "/advisers/admin/advisers", data)
    assert response.status_code == 303
    again = post_form(admin_client, "/advisers/admin/advisers", "/advisers/admin/advisers", data)
    assert again.status_code == 422 and "bestaat al" in again.text
    short = post_form(
        admin_client,
        "/advisers/admin/advisers",
        "/advisers/admin/advisers",
        {**data, "email": "x@example.org", "password": "short"},
    )
    assert short.status_code == 422
    portal_login(TestClient(client.app), "new@example.org", "long enough pw")


def test_admin_cannot_deactivate_themselves(admin_client: TestClient, admin: Adviser) -> None:
    response = post_form(
        admin_client, "/advisers/admin/advisers", f"/advisers/admin/advisers/{admin.id}/active", {"active": "0"}
    )
    assert response.headers["location"].endswith("err=advisers.not_self")


def test_next_parameter_never_leaves_the_portal(client: TestClient, adviser: Adviser) -> None:
    token = csrf_of(client.get("/advisers/login").text)
    response = client.post(
        "/advisers/login",
        data={"email": adviser.email, "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/advisers/calls"
    assert (
        client.get("/advisers/language/en?next=https://evil.example", follow_redirects=False).headers["location"]
        == "/advisers/calls"
    )


# --- language ---------------------------------------------------------------------------------


def test_dutch_by_default_english_on_request(adviser_client: TestClient) -> None:
    page = adviser_client.get("/advisers/leads")
    assert '<html lang="nl">' in page.text and "Er zijn nog geen leads" in page.text
    adviser_client.get("/advisers/language/en?next=/advisers/leads")
    page = adviser_client.get("/advisers/leads")
    assert '<html lang="en">' in page.text and "There are no leads yet" in page.text


# --- empty and error states ---------------------------------------------------------------------


def test_empty_states(adviser_client: TestClient, session: Session, adviser: Adviser) -> None:
    assert "Vandaag staan er geen gesprekken gepland" in adviser_client.get("/advisers/agenda").text
    assert "Er zijn nog geen leads" in adviser_client.get("/advisers/leads").text
    assert "Geen leads gevonden met deze filters" in adviser_client.get("/advisers/leads?status=closed").text
    assert "Je hebt geen vrije dagen ingepland" in adviser_client.get("/advisers/availability").text
    missing = adviser_client.get("/advisers/leads/999")
    assert missing.status_code == 404 and "bestaat niet" in missing.text
    assert adviser_client.get("/advisers/does-not-exist").status_code == 404


def test_admin_empty_funnel_and_bad_period(admin_client: TestClient) -> None:
    page = admin_client.get("/advisers/funnel")
    assert "Geen gesprekken in deze periode" in page.text
    bad = admin_client.get("/advisers/funnel?from=2026-13-45&to=2026-01-01")
    assert bad.status_code == 200 and "De periode is ongeldig" in bad.text


def test_bad_filters_are_ignored_with_a_notice(adviser_client: TestClient) -> None:
    page = adviser_client.get("/advisers/leads?status=won&from=yesterday&page=abc")
    assert page.status_code == 200 and "ongeldige waarde" in page.text


# --- leads ------------------------------------------------------------------------------------


def test_inbox_filters_search_counts_and_pages(adviser_client: TestClient, client: TestClient) -> None:
    for i in range(27):
        consented_lead(client, f"p{i}", **ANSWERS, contact={"name": f"Person {i:02d}"}, utm={"campaign": "flyer"})
    make_lead(client, "other", utm={"campaign": "ads"}, age=80)
    page = adviser_client.get("/advisers/leads")
    assert "28 leads gevonden" in page.text and "Pagina 1 van 2" in page.text
    assert page.text.index("Ahmed Test") < page.text.index("Person 26")  # newest first
    second = adviser_client.get("/advisers/leads?page=2")
    assert "Person 00" in second.text
    searched = adviser_client.get("/advisers/leads?q=ahmed@EXAMPLE")
    assert "1 leads gevonden" in searched.text
    assert (
        "1 leads gevonden" in adviser_client.get("/advisers/leads?q=0612345678".replace("0612345678", "06 1234")).text
    )
    by_campaign = adviser_client.get("/advisers/leads?campaign=flyer&verdict=eligible")
    assert "27 leads gevonden" in by_campaign.text
    assert "0 leads gevonden" in adviser_client.get("/advisers/leads?verdict=not_eligible&campaign=flyer").text
    assert '<span class="count">28</span>' in page.text  # all are new


def test_lead_detail_status_note_audit_and_csv(adviser_client: TestClient, client: TestClient) -> None:
    lead_id = make_lead(client)
    page = adviser_client.get(f"/advisers/leads/{lead_id}")
    assert page.status_code == 200
    for text in ("Ahmed Test", "06 12345678", "Den Haag", "Lichamelijk zwaar werk", "Zwaar werk (bouw, logistiek)"):
        assert text in page.text
    assert "Leeftijd" in page.text and "Voldoet" in page.text  # rule by rule
    response = post_form(
        adviser_client,
        f"/advisers/leads/{lead_id}",
        f"/advisers/leads/{lead_id}/status",
        {"status": "contacted", "note": "Gebeld, <b>voicemail</b>"},
    )
    assert response.headers["location"].startswith(f"/advisers/leads/{lead_id}?done=lead.status_changed")
    page = adviser_client.get(response.headers["location"])
    audit = page.text.split('id="timeline"')[1].split('id="status"')[0]
    assert "Status: Nieuw → Contact gehad" in audit and "Test Adviser" in audit
    assert "Gebeld, &lt;b&gt;voicemail&lt;/b&gt;" in audit  # escaped
    bad = post_form(
        adviser_client, f"/advisers/leads/{lead_id}", f"/advisers/leads/{lead_id}/status", {"status": "new"}
    )
    assert bad.headers["location"].startswith(f"/advisers/leads/{lead_id}?err=lead.status_not_allowed")
    post_form(
        adviser_client, f"/advisers/leads/{lead_id}", f"/advisers/leads/{lead_id}/notes", {"note": "Mail gestuurd"}
    )
    assert "Mail gestuurd" in adviser_client.get(f"/advisers/leads/{lead_id}").text
    csv_text = adviser_client.get("/advisers/leads/export.csv?status=contacted").text
    assert csv_text.splitlines()[0].startswith("id,created_at,status") and "Ahmed Test" in csv_text
    assert "Ahmed" not in adviser_client.get("/advisers/leads/export.csv?status=closed").text


def test_erase_needs_confirmation(adviser_client: TestClient, client: TestClient, session: Session) -> None:
    lead_id = make_lead(client)
    book(client, "conv-1")
    confirm = adviser_client.get(f"/advisers/leads/{lead_id}/erase")
    assert "Definitief wissen" in confirm.text
    unconfirmed = post_form(adviser_client, f"/advisers/leads/{lead_id}/erase", f"/advisers/leads/{lead_id}/erase", {})
    assert unconfirmed.headers["location"].endswith("err=erase.must_confirm")
    assert session.get(Lead, lead_id) is not None
    done = post_form(
        adviser_client, f"/advisers/leads/{lead_id}/erase", f"/advisers/leads/{lead_id}/erase", {"confirm": "yes"}
    )
    assert done.headers["location"] == "/advisers/leads?done=erase.done"
    session.rollback()  # end the test's read snapshot
    assert session.scalar(select(Lead).where(Lead.id == lead_id)) is None
    assert adviser_client.get(f"/advisers/leads/{lead_id}").status_code == 404


# --- transcript ---------------------------------------------------------------------------------


def test_transcript_when_rasa_is_unreachable(adviser_client: TestClient, client: TestClient) -> None:
    lead_id = make_lead(client)
    page = adviser_client.get(f"/advisers/leads/{lead_id}")
    assert page.status_code == 200 and "niet bereikbaar" in page.text


def test_transcript_from_rasas_tracker(
    adviser_client: TestClient, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[httpx.Request] = []

    def tracker(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "missing" in request.url.path:
            return httpx.Response(404)
        return httpx.Response(
            200,
            json={
                "sender_id": "whatsapp:+31612345678",
                "events": [
                    {"event": "action", "name": "action_listen"},
                    {
                        "event": "bot",
                        "text": "Hoi! Ik ben de digitale assistent.",
                        "timestamp": 1763712000,
                        "data": {"buttons": [{"title": "Ja, prima", "payload": "/affirm"}]},
                    },
                    {"event": "user", "text": "/affirm", "timestamp": 1763712005},
                    {"event": "user", "text": "ik ben 45 <script>x</script>", "timestamp": 1763712010},
                    {"event": "slot", "name": "age", "value": 45},
                    {
                        "event": "bot",
                        "text": "Wat is je werksituatie?",
                        "data": {
                            "buttons": [
                                {"title": "Ik werk in loondienst", "payload": '/inform{"work_situation": "employed"}'},
                                {
                                    "title": "Ik heb een uitkering",
                                    "payload": '/inform{"work_situation": "on_benefits"}',
                                },
                            ]
                        },
                    },
                    {"event": "user", "text": '/inform{"work_situation": "employed"}'},
                    # a payload the bot did not offer just before: the vocabulary's label
                    {"event": "user", "text": '/inform{"pain": "low_income"}'},
                    {"event": "bot", "text": "Afzeggen kan via http://x/afspraak/abcdefghijklmnopqrstuvwxyz0123"},
                    {"event": "bot", "text": "Of kort: http://x/a/EN3ahfuxUP."},
                ],
            },
        )

    monkeypatch.setattr(rasa, "transport", httpx.MockTransport(tracker))
    from api.core.config import get_settings

    monkeypatch.setattr(get_settings(), "rasa_auth_token", __import__("pydantic").SecretStr("rasa-secret"))
    lead_id = make_lead(client, "whatsapp:+31612345678")
    page = adviser_client.get(f"/advisers/leads/{lead_id}").text
    transcript = page.split('id="transcript"')[1]
    assert "Hoi! Ik ben de digitale assistent." in transcript and "Ja, prima" in transcript
    assert "/affirm" not in transcript and "/inform" not in transcript  # what was tapped, not payloads
    assert transcript.count("tikte op") == 3
    assert "Ik werk in loondienst" in transcript.split("Wat is je werksituatie?")[1].split("</ol>")[0]
    assert "Laag inkomen" in transcript  # the label of a payload without its button
    assert "ik ben 45 &lt;script&gt;" in transcript
    assert "http://x/afspraak/…" in transcript and "abcdefghijklmnop" not in transcript  # no manage token
    assert "http://x/a/…." in transcript and "EN3ahfuxUP" not in transcript  # nor its short link
    # the answers in short at the top
    assert "45 jaar · Den Haag · In loondienst · Lichamelijk zwaar werk" in transcript
    assert seen[0].url.params["token"] == "rasa-secret"
    # Rasa (Sanic) does not decode the path: the WhatsApp id goes in as it is, not as whatsapp%3A%2B...
    assert seen[0].url.raw_path.startswith(b"/conversations/whatsapp:+31612345678/tracker?")
    empty_id = make_lead(client, "missing")
    assert "geen gesprek (meer) bewaard" in adviser_client.get(f"/advisers/leads/{empty_id}").text
    # a tracker for another id than asked for is never shown
    other_id = make_lead(client, "whatsapp:+31600000000")
    page = adviser_client.get(f"/advisers/leads/{other_id}").text
    assert "Hoi! Ik ben de digitale assistent." not in page and "niet bereikbaar" in page


# --- agenda -----------------------------------------------------------------------------------


def test_agenda_shows_the_booking_and_records_the_outcome(
    adviser_client: TestClient, client: TestClient, session: Session
) -> None:
    make_lead(client)
    booking = book(client, "conv-1")
    # bookings are from the next working day on: look in this week and the next
    pages = [adviser_client.get("/advisers/agenda").text, adviser_client.get("/advisers/agenda?week=1").text]
    page = next(p for p in pages if "Ahmed Test" in p)
    assert "Telefonisch" in page
    started(booking["id"])  # the outcome can be recorded once the appointment has begun
    response = post_form(
        adviser_client,
        "/advisers/agenda",
        f"/advisers/agenda/{booking['id']}/outcome",
        {"outcome": "attended", "back": "/advisers/agenda?week=0"},
    )
    assert response.headers["location"] == "/advisers/agenda?week=0&done=agenda.outcome_saved"
    assert "Gevoerd" in adviser_client.get(response.headers["location"]).text


def test_advisers_only_record_outcomes_of_their_own_bookings(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    make_lead(client)
    booking = book(client, "conv-1")
    other = make_adviser(session, email="other@example.org", hours=[(0, time(9), time(10))])
    other_client = portal_login(TestClient(client.app), other.email)
    response = post_form(
        other_client, "/advisers/agenda", f"/advisers/agenda/{booking['id']}/outcome", {"outcome": "attended"}
    )
    assert response.status_code == 404


# --- availability --------------------------------------------------------------------------------


def test_availability_edit_changes_the_offered_slots(adviser_client: TestClient, client: TestClient) -> None:
    before = client.get("/api/slots", params={"limit": 500}).json()["items"]
    assert before and {s["modes"][0] for s in before} >= {"phone"}
    data = {
        "modes": ["video"],
        "slot_minutes": "30",
        "buffer_minutes": "0",
        "locations": "",
        "h2_0_start": "13:00",
        "h2_0_end": "14:00",
    }
    response = post_form(adviser_client, "/advisers/availability", "/advisers/availability", data)
    assert response.headers["location"] == "/advisers/availability?done=availability.saved"
    after = client.get("/api/slots", params={"limit": 500}).json()["items"]
    assert after and all(s["modes"] == ["video"] for s in after)
    assert {s["start"][11:16] for s in after} == {"13:00", "13:30"}
    assert client.get("/api/slots", params={"mode": "phone"}).json()["items"] == []
    page = adviser_client.get("/advisers/availability").text
    assert 'value="13:00"' in page and "Video" in page.split('id="next-slots"')[1]


def test_availability_mistakes_are_shown_and_nothing_changes(adviser_client: TestClient, client: TestClient) -> None:
    before = client.get("/api/slots", params={"limit": 5}).json()["items"]
    data = {
        "modes": ["phone"],
        "slot_minutes": "45",
        "buffer_minutes": "15",
        "h0_0_start": "12:00",
        "h0_0_end": "09:00",
    }
    response = post_form(adviser_client, "/advisers/availability", "/advisers/availability", data)
    assert response.status_code == 422 and "niet opgeslagen" in response.text
    assert 'value="12:00"' in response.text  # what was typed stays
    assert client.get("/api/slots", params={"limit": 5}).json()["items"] == before
    no_mode = post_form(
        adviser_client, "/advisers/availability", "/advisers/availability", {**data, "modes": [], "h0_0_end": "13:00"}
    )
    assert no_mode.status_code == 422


def test_days_off_remove_slots(adviser_client: TestClient, client: TestClient, session: Session) -> None:
    first = client.get("/api/slots", params={"limit": 1}).json()["items"][0]
    day = first["start"][:10]
    response = post_form(
        adviser_client, "/advisers/availability", "/advisers/availability/days-off", {"day": day, "reason": "vrij"}
    )
    assert response.headers["location"].startswith("/advisers/availability?done=availability.day_off_added")
    assert all(s["start"][:10] != day for s in client.get("/api/slots", params={"limit": 50}).json()["items"])
    again = post_form(adviser_client, "/advisers/availability", "/advisers/availability/days-off", {"day": day})
    assert "day_off_exists" in again.headers["location"]
    page = adviser_client.get("/advisers/availability").text
    day_off_id = page.split("/advisers/availability/days-off/")[1].split("/delete")[0]
    removed = post_form(
        adviser_client, "/advisers/availability", f"/advisers/availability/days-off/{day_off_id}/delete", {}
    )
    assert "day_off_removed" in removed.headers["location"]
    assert client.get("/api/slots", params={"limit": 1}).json()["items"][0]["start"][:10] == day


# --- funnel -----------------------------------------------------------------------------------


def test_funnel_page_table_chart_data_and_csv(admin_client: TestClient, client: TestClient) -> None:
    utm = {"campaign": "flyer-laak", "source": '=HYPERLINK("http://evil")'}
    for i in range(3):
        body = {"conversation_id": f"f{i}", "channel": "socketio", "utm": utm}
        assert client.post("/api/conversations", json=body, headers=SERVICE).status_code == 202
    consented_lead(client, "f0", **ANSWERS, utm=utm)
    page = admin_client.get("/advisers/funnel")
    assert "flyer-laak" in page.text and 'id="funnel-data"' in page.text
    assert '<script src="/static/vendor/chart.umd.min.js"></script>' in page.text
    assert "33,3%" in page.text  # 1 of 3 conversations gave consent
    rows = list(csv.DictReader(io.StringIO(admin_client.get("/advisers/funnel.csv").text)))
    assert [
        (r["utm_campaign"], r["conversations"], r["consented"], r["eligible"], r["consented_pct"]) for r in rows
    ] == [
        ("flyer-laak", "3", "1", "1", "33.3"),
        ("TOTAL", "3", "1", "1", "33.3"),
    ]
    # a UTM value that a spreadsheet would run as a formula is written as text
    assert rows[0]["utm_source"] == '\'=HYPERLINK("http://evil")'


def test_chart_library_is_served_from_here(client: TestClient) -> None:
    response = client.get("/static/vendor/chart.umd.min.js")
    assert response.status_code == 200 and "Chart" in response.text


def test_first_admin_sees_its_name(admin_client: TestClient, session: Session) -> None:
    assert session.scalar(select(Adviser).where(Adviser.role == "admin")) is not None
    assert "Ingelogd als Admin Person" in admin_client.get("/advisers/agenda").text


def test_session_cookie_is_secure_behind_https(
    client: TestClient, adviser: Adviser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.core.config import get_settings

    monkeypatch.setattr(get_settings(), "public_base_url", "https://leertdoor.example")
    response = client.get("/advisers/login")
    assert "Secure" in response.headers["set-cookie"] and "HttpOnly" in response.headers["set-cookie"]


def test_an_expired_or_tampered_cookie_means_logging_in_again(adviser_client: TestClient) -> None:
    from api.portal.session import COOKIE

    value = adviser_client.cookies.get(COOKIE)
    assert value
    adviser_client.cookies.set(COOKIE, value[:-2] + ("A" if value[-1] != "A" else "B"), path="/advisers")
    response = adviser_client.get("/advisers/agenda", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/advisers/login")
