"""The action server's lead upsert: nothing before consent, consent kept once given, optional
values that do not fit left out or cut (never the lead), and the verdict in the answer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.schemas import limits
from api.leads.models import ConversationStart, Lead
from tests.api.conftest import SERVICE, book, first_slot, login

CONSENT = "2026-11-21T10:00:00+01:00"
ANSWERS = {"age": 45, "municipality": "Den Haag", "work_situation": "employed", "pains": ["physical_strain"]}


def put(client: TestClient, conversation_id: str, **body: Any) -> Any:
    return client.put(f"/api/leads/by-conversation/{conversation_id}", json=body, headers=SERVICE)


def test_a_long_utm_value_is_cut_to_the_one_limit_and_the_lead_is_kept(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    limit = limits().utm_value
    campaign = "voorjaar-2026-moerwijk-flyer-" + "x" * 150  # the widget used to keep 200 characters
    started = client.post(
        "/api/conversations",
        json={"conversation_id": "web-1", "channel": "socketio", "utm": {"campaign": campaign, "source": " flyer "}},
        headers=SERVICE,
    )
    assert started.status_code == 202
    response = put(client, "web-1", consent_at=CONSENT, channel="socketio", utm={"campaign": campaign, "term": ""})
    assert response.status_code == 201, response.text
    lead = response.json()
    assert lead["utm"]["campaign"] == campaign[:limit] and lead["ignored"] == []
    assert lead["utm"]["term"] is None
    stored = client.get(f"/api/leads/{lead['id']}", headers=login(client, adviser.email)).json()
    assert stored["utm"]["campaign"] == campaign[:limit]
    assert session.scalar(select(ConversationStart.utm_campaign)) == campaign[:limit]
    assert session.scalar(select(ConversationStart.utm_source)) == "flyer"


def test_optional_values_that_do_not_fit_are_left_out_and_named(client: TestClient, session: Session) -> None:
    response = put(
        client,
        "wa-2",
        consent_at=CONSENT,
        channel="pigeon",
        language="fr",
        age=230,
        municipality="  Delft  ",
        work_situation="astronaut",
        pains=["low_income", "bad_knees", "no_diploma"],
        sector="space",
        contact={"name": "A" * 300, "email": "not-an-address", "phone": "12"},
        utm={"source": 42, "campaign": "spring", "gclid": "abc"},
        callback_note="bel me na vijf uur " * 50,
    )
    assert response.status_code == 201, response.text
    lead = response.json()
    assert lead["ignored"] == [
        "age",
        "channel",
        "contact.email",
        "contact.name",
        "contact.phone",
        "language",
        "pains.1",
        "sector",
        "utm.gclid",
        "utm.source",
        "work_situation",
    ]
    assert lead["channel"] == "rest" and lead["language"] == "nl"  # the defaults stand
    assert lead["municipality"] == "Delft" and lead["pains"] == ["low_income", "no_diploma"]
    assert lead["age"] is None and lead["work_situation"] is None and lead["sector"] is None
    assert lead["contact"] == {"name": None, "phone": None, "email": None}
    assert lead["utm"]["campaign"] == "spring" and lead["utm"]["source"] is None
    assert len(lead["callback_note"]) == limits().callback_note
    # what was stored before is not touched by a value that is left out
    again = put(client, "wa-2", sector="bakery", age=-4, language="en").json()
    assert again["ignored"] == ["age", "sector"] and again["language"] == "en" and again["pains"] == lead["pains"]
    assert session.scalar(select(func.count()).select_from(Lead)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"consent_at": "gisteren"}, "consent_at"),
        ({"consent_at": "2026-11-21T10:00:00"}, "consent_at"),  # no time zone
        ({"consent_at": "0001-01-01T00:00:00+14:00"}, "consent_at"),
        ({"consent_at": "9999-12-31T23:59:59-14:00"}, "consent_at"),
        ({"consent_at": "2099-01-01T00:00:00+00:00"}, "consent_at"),
        ({"consent_at": CONSENT, "eligible": True}, "eligible"),  # an unknown field: the caller's typo
    ],
)
def test_a_wrong_consent_or_an_unknown_field_is_refused_with_the_field_named(
    client: TestClient, session: Session, body: dict[str, Any], field: str
) -> None:
    response = put(client, "c-1", **body, age=30)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    assert session.scalar(select(func.count()).select_from(Lead)) == 0


def test_nothing_is_stored_before_consent(client: TestClient, session: Session) -> None:
    response = put(client, "wa-3", channel="whatsapp", **ANSWERS)
    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "consent_required"
    assert session.scalar(select(func.count()).select_from(Lead)) == 0


def test_consent_is_kept_once_given_and_the_booking_works(client: TestClient, adviser: Adviser) -> None:
    created = put(client, "wa-4", consent_at=CONSENT, channel="whatsapp").json()
    assert created["consent_at"] == "2026-11-21T09:00:00Z"
    # later upserts without consent, with null, or with another moment keep the first consent
    for body in ({**ANSWERS}, {"consent_at": None}, {"consent_at": "2026-11-22T12:00:00+01:00"}):
        lead = put(client, "wa-4", **body)
        assert lead.status_code == 200, lead.text
        assert lead.json()["consent_at"] == "2026-11-21T09:00:00Z"
    assert book(client, "wa-4", first_slot(client)).status_code == 201


def test_a_lead_stored_without_consent_earlier_gets_it_from_a_later_upsert(
    client: TestClient, adviser: Adviser, session: Session
) -> None:
    # as leads were stored before consent was required (the API was down at the consent step)
    session.add(Lead(conversation_id="wa-5", status="new", channel="whatsapp", language="nl", pains=None))
    session.commit()
    refused = book(client, "wa-5", first_slot(client))
    assert refused.status_code == 422 and refused.json()["detail"]["code"] == "no_consented_lead"
    assert put(client, "wa-5", consent_at=CONSENT, **ANSWERS).status_code == 200
    assert book(client, "wa-5", first_slot(client)).status_code == 201


def test_the_upsert_answers_with_the_verdict_as_the_eligibility_check_gives_it(client: TestClient) -> None:
    first = put(client, "wa-6", consent_at=CONSENT, language="en", age=45, municipality="Den Haag").json()
    assert first["check"] is None and first["eligibility"] is None  # the answers are not complete yet
    lead = put(client, "wa-6", work_situation="employed", pains=["physical_strain"], sector="construction").json()
    expected = client.post("/api/eligibility", json={**ANSWERS, "sector": "construction", "language": "en"}).json()
    assert lead["check"] == expected
    assert lead["check"]["verdict"] == "eligible" and lead["check"]["persona"] == "physical_work"
    reason = lead["check"]["reasons"][0]
    assert reason["rule"] == "age" and reason["explanation"] == reason["explanations"]["en"]
    assert set(reason["explanations"]) == {"nl", "en"} and "45" in reason["explanations"]["nl"]
    assert [s["kind"] for s in lead["check"]["next_steps"]] == ["book_advice"]
    # a correction is reflected at once, and the adviser's view agrees
    corrected = put(client, "wa-6", age=70).json()
    assert corrected["check"]["verdict"] == "not_eligible" == corrected["eligibility"]["verdict"]
    assert "leerwerkloket" in [s["kind"] for s in corrected["check"]["next_steps"]]


def test_taking_an_answer_back_takes_the_verdict_back(client: TestClient) -> None:
    assert put(client, "wa-7", consent_at=CONSENT, **ANSWERS).json()["check"]["verdict"] == "eligible"
    lead = put(client, "wa-7", age=None).json()
    assert lead["check"] is None and lead["eligibility"] is None and lead["persona"] is None
