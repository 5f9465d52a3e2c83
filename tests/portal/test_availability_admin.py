"""Administrators edit any adviser's availability, in the portal and the API, with the same checks
as an adviser's own; advisers cannot touch anyone else's."""

from __future__ import annotations

from datetime import time

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from tests.api.conftest import login
from tests.portal.conftest import make_adviser, portal_login, post_form

WEDNESDAY_AFTERNOON = {
    "modes": ["video"],
    "slot_minutes": "30",
    "buffer_minutes": "0",
    "locations": "",
    "h2_0_start": "13:00",
    "h2_0_end": "14:00",
}


def slots_of(client: TestClient, adviser_id: int) -> list[dict[str, object]]:
    return list(client.get("/api/slots", params={"adviser_id": adviser_id, "limit": 500}).json()["items"])


def test_admin_edits_another_advisers_availability(client: TestClient, admin: Adviser, session: Session) -> None:
    other = make_adviser(session, email="other@example.org", name="Other Olga", hours=[(0, time(9), time(10))])
    admin_client = portal_login(TestClient(client.app), admin.email)
    page_url = f"/advisers/admin/advisers/{other.id}/availability"
    assert f'href="{page_url}"' in admin_client.get("/advisers/admin/advisers").text
    page = admin_client.get(page_url)
    assert page.status_code == 200 and "Beschikbaarheid van Other Olga" in page.text
    assert f'action="{page_url}"' in page.text

    saved = post_form(admin_client, page_url, page_url, WEDNESDAY_AFTERNOON)
    assert saved.headers["location"] == f"{page_url}?done=availability.saved_of"
    after = slots_of(client, other.id)
    assert after and {s["start"][11:16] for s in after} == {"13:00", "13:30"}
    assert all(s["modes"] == ["video"] for s in after)
    # the admin's own hours did not change
    assert "Beschikbaarheid van" not in admin_client.get("/advisers/availability").text

    # the same checks as one's own: overlapping periods are refused with the reason, nothing saved
    overlap = {**WEDNESDAY_AFTERNOON, "h2_1_start": "13:30", "h2_1_end": "15:00"}
    refused = post_form(admin_client, page_url, page_url, overlap)
    assert refused.status_code == 422 and "overlap" in refused.text
    assert slots_of(client, other.id) == after

    # days off too
    day = str(after[0]["start"])[:10]
    added = post_form(admin_client, page_url, f"{page_url}/days-off", {"day": day, "reason": "cursus"})
    assert "done=availability.day_off_added" in added.headers["location"]
    assert all(str(s["start"])[:10] != day for s in slots_of(client, other.id))


def test_admin_api_for_another_advisers_availability(client: TestClient, admin: Adviser, session: Session) -> None:
    other = make_adviser(session, email="other@example.org", hours=[])
    headers = login(client, admin.email)
    body = {
        "modes": ["phone"],
        "slot_minutes": 30,
        "buffer_minutes": 0,
        "locations": [],
        "working_hours": [{"weekday": 1, "start": "10:00", "end": "11:00"}],
    }
    saved = client.put(f"/api/advisers/{other.id}/availability", json=body, headers=headers)
    assert saved.status_code == 200 and saved.json()["working_hours"][0]["start"] == "10:00:00"
    bad = {**body, "working_hours": [{"weekday": 1, "start": "11:00", "end": "10:00"}]}
    assert client.put(f"/api/advisers/{other.id}/availability", json=bad, headers=headers).status_code == 422
    assert client.get("/api/advisers/999999/availability", headers=headers).status_code == 404
    day_off = client.post(f"/api/advisers/{other.id}/days-off", json={"day": "2031-01-02"}, headers=headers)
    assert day_off.status_code == 201
    removed = client.delete(f"/api/advisers/{other.id}/days-off/{day_off.json()['id']}", headers=headers)
    assert removed.status_code == 204


def test_an_adviser_cannot_change_anyone_elses(client: TestClient, adviser: Adviser, session: Session) -> None:
    other = make_adviser(session, email="other@example.org", hours=[(0, time(9), time(10))])
    before = slots_of(client, other.id)
    adviser_client = portal_login(TestClient(client.app), adviser.email)
    page_url = f"/advisers/admin/advisers/{other.id}/availability"
    assert adviser_client.get(page_url).status_code == 403
    for action in (page_url, f"{page_url}/days-off", f"{page_url}/days-off/1/delete"):
        response = post_form(adviser_client, "/advisers/availability", action, WEDNESDAY_AFTERNOON)
        assert response.status_code == 403, action
    headers = login(client, adviser.email)
    body = {"modes": ["phone"], "slot_minutes": 30, "buffer_minutes": 0, "locations": [], "working_hours": []}
    assert client.put(f"/api/advisers/{other.id}/availability", json=body, headers=headers).status_code == 403
    assert client.get(f"/api/advisers/{other.id}/availability", headers=headers).status_code == 403
    assert (
        client.post(f"/api/advisers/{other.id}/days-off", json={"day": "2031-01-02"}, headers=headers).status_code
        == 403
    )
    assert slots_of(client, other.id) == before
    # their own through the same path is fine
    assert client.get(f"/api/advisers/{adviser.id}/availability", headers=headers).status_code == 200


def test_admin_availability_forms_need_the_csrf_token(client: TestClient, admin: Adviser, session: Session) -> None:
    other = make_adviser(session, email="other@example.org", hours=[(0, time(9), time(10))])
    before = slots_of(client, other.id)
    admin_client = portal_login(TestClient(client.app), admin.email)
    page_url = f"/advisers/admin/advisers/{other.id}/availability"
    for action in (page_url, f"{page_url}/days-off"):
        response = admin_client.post(action, data={**WEDNESDAY_AFTERNOON, "csrf_token": "forged", "day": "2031-01-02"})
        assert response.status_code == 403, action
    assert slots_of(client, other.id) == before
