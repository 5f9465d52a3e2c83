"""Bad input gets a 4xx with a reason, never a 500; schemathesis fuzzes the whole OpenAPI schema."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.advisers.models import Adviser
from api.main import app
from tests.api.conftest import SERVICE, consented_lead, first_slot, login

ELIGIBLE = {"age": 45, "municipality": "Delft", "work_situation": "employed", "pains": []}


def test_a_long_place_name_is_cut_not_refused(client: TestClient) -> None:
    response = client.post("/api/eligibility", json={**ELIGIBLE, "municipality": "Delft" + "x" * 10_000})
    assert response.status_code == 200
    assert response.json()["verdict"] == "needs_review"  # a place the vocabulary does not know


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"age": -1}, "age"),
        ({"age": 200}, "age"),
        ({"age": "abc"}, "age"),
        ({"age": 4.5}, "age"),
        ({"work_situation": "astronaut"}, "work_situation"),
        ({"pains": ["boredom"]}, "pains"),
        ({"language": "de"}, "language"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_eligibility_rejects_bad_answers_with_the_field_named(client: TestClient, override: dict, field: str) -> None:
    response = client.post("/api/eligibility", json={**ELIGIBLE, **override})
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(field in e["loc"] for e in errors)
    assert "x" * 200 not in response.text  # the input is not echoed back


def test_not_json_at_all(client: TestClient) -> None:
    response = client.post("/api/eligibility", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    "params",
    [
        {"from": "yesterday"},
        {"from": "2026-13-45T00:00:00+01:00"},
        {"from": "2026-12-01T10:00:00"},
        {"from": "2026-12-02T00:00:00+01:00", "to": "2026-12-01T00:00:00+01:00"},
        {"mode": "carrier-pigeon"},
        {"limit": 0},
        {"adviser_id": 99999999999},
    ],
)
def test_slots_reject_malformed_queries(client: TestClient, params: dict) -> None:
    assert client.get("/api/slots", params=params).status_code == 422


def test_bookings_reject_bad_bodies(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "conv")
    slot = first_slot(client)
    good = {
        "conversation_id": "conv",
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {},
    }
    bad = [
        {**good, "start": "not a date"},
        {**good, "mode": "fax"},
        {**good, "adviser_id": -3},
        {**good, "conversation_id": "c" * 10_000},
        {**good, "contact": {"email": "not-an-email"}},
        {**good, "contact": {"phone": "call me maybe"}},
        {**good, "contact": {"name": "n" * 10_000}},
    ]
    for body in bad:
        response = client.post("/api/bookings", json=body, headers=SERVICE)
        assert response.status_code == 422, body
    too_long_key = client.post("/api/bookings", json=good, headers={**SERVICE, "Idempotency-Key": "k" * 500})
    assert too_long_key.status_code == 422


def test_lead_upsert_refuses_what_is_not_a_lead(client: TestClient) -> None:
    # (optional values that do not fit are left out instead: tests/api/test_lead_upsert.py)
    for body in (
        {"consent_at": "gisteren"},
        {"consent_at": "2026-11-21T10:00:00+01:00", "unknown_field": 1},
        ["not", "an", "object"],
        "text",
    ):
        assert client.put("/api/leads/by-conversation/c", json=body, headers=SERVICE).status_code == 422


def test_adviser_queries_reject_bad_filters(client: TestClient, adviser: Adviser) -> None:
    headers = login(client, adviser.email)
    for params in (
        {"status": "lost"},
        {"limit": 1000},
        {"created_from": "soon"},
        {"offset": -1},
        {"q": "q" * 500},
    ):
        assert client.get("/api/leads", params=params, headers=headers).status_code == 422


schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture
def auth_headers(client: TestClient, adviser: Adviser) -> dict[str, dict[str, str]]:
    consented_lead(client, "conv-1")
    return {"adviser": login(client, adviser.email), "service": SERVICE}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case: schemathesis.Case, auth_headers: dict[str, dict[str, str]]) -> None:
    # Each operation is fuzzed as an adviser and as the action server; neither may cause a 5xx.
    if case.path == "/readyz":
        return  # 503 is its documented answer while Rasa is down
    for headers in auth_headers.values():
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
