from __future__ import annotations

import re
from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.timeutil import utcnow
from tests.api.conftest import PASSWORD, SERVICE, consented_lead, login, make_adviser

PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("POST", "/api/eligibility"),
    ("GET", "/api/slots"),
    ("POST", "/api/auth/token"),
}
# The secret in the URL is the key: a resident's manage token, an adviser's calendar feed.
RESIDENT_TOKEN_ROUTES = re.compile(r"^/api/bookings/manage/\{token\}|^/api/calendar/\{token\}\.ics$")


def protected_routes() -> list[tuple[str, str]]:
    from api.main import app

    routes = []
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            if (method.upper(), path) not in PUBLIC and not RESIDENT_TOKEN_ROUTES.match(path):
                routes.append((method.upper(), path))
    assert len(routes) > 15
    return sorted(routes)


def concrete(path: str) -> str:
    return (
        path.replace("{lead_id}", "1")
        .replace("{booking_id}", "1")
        .replace("{day_off_id}", "1")
        .replace("{conversation_id}", "conv-1")
    )


@pytest.mark.parametrize(("method", "path"), protected_routes())
def test_every_protected_endpoint_answers_401_without_a_valid_token(client: TestClient, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic YTpi"}):
        response = client.request(method, concrete(path), headers=headers, json={})
        assert response.status_code == 401, (method, path, headers, response.text)
        assert response.headers.get("www-authenticate") == "Bearer"


def test_login_gives_a_short_lived_token(client: TestClient, adviser: Adviser) -> None:
    response = client.post("/api/auth/token", data={"username": "ADVISER@example.org ", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 30 * 60
    me = client.get("/api/advisers/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["email"] == "adviser@example.org"
    assert "password_hash" not in me.json()


def test_expired_or_forged_tokens_are_refused(client: TestClient, adviser: Adviser) -> None:
    expired = jwt.encode(
        {"sub": str(adviser.id), "role": "adviser", "exp": utcnow() - timedelta(seconds=1)},
        "test-auth-secret-0123456789abcdef",
        algorithm="HS256",
    )
    forged = jwt.encode(
        {"sub": str(adviser.id), "role": "admin", "exp": utcnow() + timedelta(hours=1)},
        "guessed-secret-that-is-long-enough",
        algorithm="HS256",
    )
    for token in (expired, forged):
        assert client.get("/api/leads", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_deactivated_adviser_loses_access(client: TestClient, adviser: Adviser, session: Session) -> None:
    headers = login(client, adviser.email)
    adviser.active = False
    session.commit()
    assert client.get("/api/leads", headers=headers).status_code == 401
    assert client.post("/api/auth/token", data={"username": adviser.email, "password": PASSWORD}).status_code == 401


def test_wrong_passwords_are_rate_limited(client: TestClient, adviser: Adviser) -> None:
    for _ in range(5):
        response = client.post("/api/auth/token", data={"username": adviser.email, "password": "wrong-password"})
        assert response.status_code == 401
        assert response.json()["detail"] == "Wrong e-mail or password."
    blocked = client.post("/api/auth/token", data={"username": adviser.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    # unknown e-mail addresses get the same answer as wrong passwords
    other = client.post("/api/auth/token", data={"username": "nobody@example.org", "password": "x"})
    assert other.status_code in (401, 429) and "nobody" not in other.text


def test_service_token_and_adviser_token_each_open_only_their_doors(client: TestClient, adviser: Adviser) -> None:
    headers = login(client, adviser.email)
    # advisers cannot write leads as if they were the action server
    assert client.put("/api/leads/by-conversation/x", json={}, headers=headers).status_code == 403
    # the service token is not an adviser login
    assert client.get("/api/leads", headers=SERVICE).status_code == 401
    assert client.get("/api/advisers/me", headers=SERVICE).status_code == 401


def test_missing_objects_are_404(client: TestClient, adviser: Adviser) -> None:
    headers = login(client, adviser.email)
    assert client.get("/api/leads/424242", headers=headers).status_code == 404
    assert client.post("/api/leads/424242/status", json={"status": "contacted"}, headers=headers).status_code == 404
    assert client.delete("/api/leads/424242", headers=headers).status_code == 404
    assert client.post("/api/bookings/424242/outcome", json={"status": "attended"}, headers=headers).status_code == 404
    assert client.delete("/api/advisers/me/days-off/424242", headers=headers).status_code == 404


def test_another_advisers_day_off_is_not_yours(client: TestClient, adviser: Adviser, session: Session) -> None:
    other = make_adviser(session, "other@example.org")
    created = client.post("/api/advisers/me/days-off", json={"day": "2030-01-07"}, headers=login(client, other.email))
    day_off_id = created.json()["id"]
    assert (
        client.delete(f"/api/advisers/me/days-off/{day_off_id}", headers=login(client, adviser.email)).status_code
        == 404
    )


def test_admin_only_actions(client: TestClient, adviser: Adviser, session: Session) -> None:
    admin = make_adviser(session, "admin@example.org", role="admin")
    consented_lead(client, "conv")
    assert client.post("/api/privacy/purge", headers=login(client, adviser.email)).status_code == 403
    assert client.post("/api/privacy/purge", headers=login(client, admin.email)).status_code == 200
    assert (
        client.get("/api/bookings", params={"all_advisers": True}, headers=login(client, adviser.email)).status_code
        == 403
    )
