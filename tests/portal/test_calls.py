"""The call list (the portal's home, and GET /api/calls), and who holds a lead: take, release,
assign; roles, IDOR and CSRF on every new route; logging out ends the session server-side."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.db import get_sessionmaker
from api.core.errors import Conflict
from api.leads import access
from api.leads.models import Lead
from api.portal.session import COOKIE
from tests.api.conftest import login
from tests.portal.conftest import SERVICE, consented_lead, csrf_of, first_slot, make_adviser, portal_login, post_form

ELIGIBLE = {"age": 45, "municipality": "Den Haag", "work_situation": "employed", "pains": ["physical_strain"]}
REVIEW = {**ELIGIBLE, "work_situation": "on_benefits"}
NOT_ELIGIBLE = {**ELIGIBLE, "age": 80}


def lead(client: TestClient, cid: str, name: str, answers: dict[str, object], **extra: object) -> int:
    body = {**answers, "contact": {"name": name, "phone": "06 1234 5678"}, **extra}
    return int(consented_lead(client, cid, **body)["id"])  # type: ignore[call-overload]


def book(client: TestClient, cid: str) -> dict[str, object]:
    slot = first_slot(client)
    body = {
        "conversation_id": cid,
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {"name": "Booked Person"},
    }
    response = client.post("/api/bookings", json=body, headers=SERVICE)
    assert response.status_code == 201, response.text
    return dict(response.json())


def names(section: list[dict[str, object]]) -> list[object]:
    return [row["name"] for row in section]


def seed(client: TestClient) -> dict[str, int]:
    """One lead of each kind, oldest first."""
    ids = {
        "callback": lead(
            client,
            "c-callback",
            "Callback Caller",
            NOT_ELIGIBLE,
            callback_requested=True,
            callback_note="liefst na 17 uur",
        ),
        "eligible": lead(client, "c-eligible", "Eligible Eva", ELIGIBLE),
        "review": lead(client, "c-review", "Review Rik", REVIEW),
        "rejected": lead(client, "c-rejected", "Rejected Rob", NOT_ELIGIBLE),
        "booked": lead(client, "c-booked", "Booked Person", ELIGIBLE),
        "contacted": lead(client, "c-contacted", "Contacted Carla", ELIGIBLE),
    }
    book(client, "c-booked")
    return ids


def test_call_list_sections_order_and_counts(client: TestClient, adviser: Adviser, adviser_client: TestClient) -> None:
    ids = seed(client)
    headers = login(client, adviser.email)
    client.post(f"/api/leads/{ids['contacted']}/status", json={"status": "contacted"}, headers=headers)

    calls = client.get("/api/calls", headers=headers).json()
    assert names(calls["callbacks"]) == ["Callback Caller"]  # asked for a person, whatever the verdict
    assert names(calls["to_call"]) == ["Eligible Eva", "Review Rik"]  # waiting longest first
    assert names(calls["appointments"]) == ["Booked Person"]
    assert calls["counts"] == {"callbacks": 1, "to_call": 2, "appointments": 1}
    assert calls["filter_counts"] == {"all": 4, "mine": 1, "unassigned": 3}  # the appointment is mine
    eva = calls["to_call"][0]
    assert eva["phone"] == "06 1234 5678" and eva["verdict"] == "eligible" and eva["owner"] is None
    assert calls["appointments"][0]["booking"]["adviser"] == "Test Adviser"

    page = adviser_client.get("/advisers/calls").text
    assert page.index("Callback Caller") < page.index("Eligible Eva") < page.index("Review Rik")
    assert page.index("Review Rik") < page.index("Booked Person")
    assert "Rejected Rob" not in page and "Contacted Carla" not in page
    assert 'href="tel:0612345678"' in page  # click to call
    assert "liefst na 17 uur" in page
    assert "Afspraak bij Test Adviser" in page


def test_empty_call_list_says_so(adviser_client: TestClient) -> None:
    page = adviser_client.get("/advisers/calls")
    assert page.status_code == 200
    for text in ("Geen open terugbelverzoeken.", "Geen kansrijke leads zonder afspraak.", "Geen afspraken"):
        assert text in page.text


def test_own_words_are_kept_cut_to_the_limit_and_shown_escaped(client: TestClient, adviser_client: TestClient) -> None:
    words = "Ik werk <script>alert(1)</script> al twintig jaar in de bouw. " + "x" * 600
    lead_id = lead(client, "own-words", "Woorden Willem", ELIGIBLE, work_text=words)
    stored = client.get("/api/calls", headers=SERVICE)
    assert stored.status_code == 401  # the call list is for advisers, not for the action server
    detail = adviser_client.get(f"/advisers/leads/{lead_id}").text
    assert "Ik werk &lt;script&gt;alert(1)&lt;/script&gt; al twintig jaar" in detail
    assert "<script>alert(1)" not in detail
    calls = adviser_client.get("/advisers/calls").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in calls
    lead_json = consented_lead(client, "own-words")
    assert len(str(lead_json["work_text"])) == 500  # cut, never refused: the lead must not fail


def test_take_release_and_who_holds_which(
    client: TestClient, adviser: Adviser, adviser_client: TestClient, session: Session
) -> None:
    ids = seed(client)
    other = make_adviser(session, email="other@example.org", name="Other Olga", hours=[])
    other_client = portal_login(TestClient(client.app), other.email)

    taken = post_form(
        adviser_client,
        "/advisers/calls",
        f"/advisers/leads/{ids['eligible']}/take",
        {"back": "/advisers/calls?filter=all"},
    )
    assert taken.headers["location"] == "/advisers/calls?filter=all&done=calls.taken"
    mine = adviser_client.get("/advisers/calls?filter=mine").text
    assert "Eligible Eva" in mine and "Review Rik" not in mine
    # the colleague sees who holds it, cannot take it over and cannot release it
    seen = other_client.get("/advisers/calls").text
    assert "Test Adviser" in seen.split("Eligible Eva")[1].split("</tr>")[0]
    assert "Eligible Eva" not in other_client.get("/advisers/calls?filter=unassigned").text
    again = post_form(other_client, "/advisers/calls", f"/advisers/leads/{ids['eligible']}/take", {})
    assert again.headers["location"].endswith("err=calls.held_by_other")
    refused = post_form(other_client, "/advisers/calls", f"/advisers/leads/{ids['eligible']}/release", {})
    assert refused.status_code == 403 and "Alleen wie deze lead heeft" in refused.text
    other_headers = login(client, other.email)
    assert client.post(f"/api/leads/{ids['eligible']}/take", headers=other_headers).status_code == 409
    assert client.post(f"/api/leads/{ids['eligible']}/release", headers=other_headers).status_code == 403
    assert client.get(f"/api/leads/{ids['eligible']}", headers=other_headers).json()["owner"]["name"] == "Test Adviser"

    released = post_form(adviser_client, "/advisers/calls", f"/advisers/leads/{ids['eligible']}/release", {})
    assert "done=calls.released" in released.headers["location"]
    timeline = adviser_client.get(f"/advisers/leads/{ids['eligible']}").text
    assert "Lead overgenomen" in timeline and "Lead vrijgegeven" in timeline
    assert client.post(f"/api/leads/{ids['eligible']}/take", headers=other_headers).json()["owner"]["name"] == (
        "Other Olga"
    )


def test_a_race_for_a_lead_has_one_winner(client: TestClient, adviser: Adviser, session: Session) -> None:
    lead_id = lead(client, "race", "Race Ria", ELIGIBLE)
    other = make_adviser(session, email="other@example.org", hours=[])
    stale = session.get(Lead, lead_id)  # what the other adviser's request loaded, before the take
    assert stale is not None and stale.owner_id is None
    session.expunge(stale)
    session.rollback()
    won = client.post(f"/api/leads/{lead_id}/take", headers=login(client, adviser.email))
    assert won.status_code == 200 and won.json()["owner"], won.text
    with get_sessionmaker()() as writer:
        try:
            access.take(writer, stale, other)
        except Conflict:
            pass
        else:
            raise AssertionError("the second adviser took a lead that was already taken")
    session.rollback()  # a fresh read snapshot
    assert session.get(Lead, lead_id).owner_id == adviser.id  # type: ignore[union-attr]


def test_only_an_admin_assigns_leads(
    client: TestClient, adviser: Adviser, admin: Adviser, adviser_client: TestClient, session: Session
) -> None:
    lead_id = lead(client, "assign", "Assign Anna", ELIGIBLE)
    other = make_adviser(session, email="other@example.org", name="Other Olga", hours=[])
    # an adviser cannot give a lead to someone else, in the page or the API
    refused = post_form(
        adviser_client, f"/advisers/leads/{lead_id}", f"/advisers/leads/{lead_id}/owner", {"adviser_id": str(other.id)}
    )
    assert refused.status_code == 403
    body = {"adviser_id": other.id}
    assert client.put(f"/api/leads/{lead_id}/owner", json=body, headers=login(client, adviser.email)).status_code == 403
    assert 'id="assign-to"' not in adviser_client.get(f"/advisers/leads/{lead_id}").text

    admin_client = portal_login(TestClient(client.app), admin.email)
    assigned = post_form(
        admin_client, f"/advisers/leads/{lead_id}", f"/advisers/leads/{lead_id}/owner", {"adviser_id": str(other.id)}
    )
    assert "done=calls.assigned" in assigned.headers["location"]
    page = admin_client.get(f"/advisers/leads/{lead_id}").text
    assert "Toegewezen aan Other Olga" in page
    admin_headers = login(client, admin.email)
    unknown = client.put(f"/api/leads/{lead_id}/owner", json={"adviser_id": 999999}, headers=admin_headers)
    assert unknown.status_code == 422 and unknown.json()["detail"]["code"] == "unknown_adviser"
    nobody = client.put(f"/api/leads/{lead_id}/owner", json={"adviser_id": None}, headers=admin_headers)
    assert nobody.status_code == 200 and nobody.json()["owner"] is None


def test_deactivating_an_adviser_puts_their_leads_back(client: TestClient, admin: Adviser, session: Session) -> None:
    lead_id = lead(client, "leaving", "Leaving Lotte", ELIGIBLE)
    other = make_adviser(session, email="other@example.org", hours=[])
    client.post(f"/api/leads/{lead_id}/take", headers=login(client, other.email))
    admin_client = portal_login(TestClient(client.app), admin.email)
    post_form(admin_client, "/advisers/admin/advisers", f"/advisers/admin/advisers/{other.id}/active", {"active": "0"})
    calls = client.get("/api/calls", params={"filter": "unassigned"}, headers=login(client, admin.email)).json()
    assert names(calls["to_call"]) == ["Leaving Lotte"]


def test_ownership_forms_need_the_csrf_token(client: TestClient, adviser_client: TestClient) -> None:
    lead_id = lead(client, "csrf", "Csrf Cees", ELIGIBLE)
    for action in ("take", "release", "owner"):
        for data in ({}, {"csrf_token": "forged"}):
            response = adviser_client.post(f"/advisers/leads/{lead_id}/{action}", data=data)
            assert response.status_code == 403 and "verlopen" in response.text, action
    assert consented_lead(client, "csrf")["owner"] is None


def test_anonymous_callers_get_nothing(client: TestClient) -> None:
    lead_id = lead(client, "anon", "Anon Anja", ELIGIBLE)
    assert client.get("/advisers/calls", follow_redirects=False).headers["location"].startswith("/advisers/login")
    token = csrf_of(client.get("/advisers/login").text)
    taken = client.post(f"/advisers/leads/{lead_id}/take", data={"csrf_token": token}, follow_redirects=False)
    assert taken.headers["location"].startswith("/advisers/login")
    for method, path in (
        ("GET", "/api/calls"),
        ("POST", f"/api/leads/{lead_id}/take"),
        ("POST", f"/api/leads/{lead_id}/release"),
        ("PUT", f"/api/leads/{lead_id}/owner"),
    ):
        assert client.request(method, path, json={"adviser_id": None}).status_code == 401, path
    assert consented_lead(client, "anon")["owner"] is None


def test_bad_filter_shows_everything(adviser_client: TestClient, client: TestClient, adviser: Adviser) -> None:
    assert adviser_client.get("/advisers/calls?filter=<x>").status_code == 200
    assert (
        client.get("/api/calls", params={"filter": "nobody"}, headers=login(client, adviser.email)).status_code == 422
    )


def test_logging_out_ends_the_session_on_the_server(client: TestClient, adviser: Adviser) -> None:
    browser = portal_login(TestClient(client.app), adviser.email)
    stolen = browser.cookies.get(COOKIE)
    assert stolen and browser.get("/advisers/calls", follow_redirects=False).status_code == 200
    post_form(browser, "/advisers/calls", "/advisers/logout", {})
    # the old cookie, replayed by anyone who copied it, opens nothing any more
    replay = TestClient(client.app)
    replay.cookies.set(COOKIE, stolen, path="/advisers")
    response = replay.get("/advisers/calls", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/advisers/login")
    # while a session that did not log out goes on
    second = portal_login(TestClient(client.app), adviser.email)
    post_form(portal_login(TestClient(client.app), adviser.email), "/advisers/calls", "/advisers/logout", {})
    assert second.get("/advisers/calls", follow_redirects=False).status_code == 200
