from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from tests.api.conftest import SERVICE, book, consented_lead, first_slot, login, make_adviser

AMS = ZoneInfo("Europe/Amsterdam")


def put(client: TestClient, conversation_id: str, **body: object) -> dict:
    response = client.put(f"/api/leads/by-conversation/{conversation_id}", json=body, headers=SERVICE)
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_partial_leads_grow_step_by_step_and_the_api_computes_the_verdict(client: TestClient, adviser: Adviser) -> None:
    utm = {"source": "flyer", "medium": "print", "campaign": "moerwijk-2026", "content": "a5", "term": None}
    first = put(client, "wa-1", channel="whatsapp", language="nl", consent_at="2026-11-21T10:00:00+01:00", utm=utm)
    assert first["eligibility"] is None and first["status"] == "new" and first["utm"]["campaign"] == "moerwijk-2026"
    put(client, "wa-1", age=45, municipality="den haag")
    lead = put(client, "wa-1", work_situation="employed", pains=["physical_strain"], sector="construction")
    assert lead["municipality"] == "Den Haag"
    assert lead["eligibility"]["verdict"] == "eligible"
    assert [r["rule"] for r in lead["eligibility"]["reasons"]] == [
        "age",
        "municipality",
        "work_situation",
        "pains",
    ]
    assert lead["persona"] == "physical_work"
    # a verdict sent by a client is not trusted: the rules decide
    corrected = put(client, "wa-1", age=70, eligibility={"verdict": "eligible", "reasons": []})
    assert corrected["eligibility"]["verdict"] == "not_eligible"
    detail = client.get(f"/api/leads/{lead['id']}", headers=login(client, adviser.email)).json()
    assert detail["channel"] == "whatsapp" and detail["age"] == 70
    assert [e["action"] for e in detail["events"]] == ["created"]


def test_callback_request_flags_the_lead_and_is_audited(client: TestClient, adviser: Adviser) -> None:
    lead = put(
        client,
        "c",
        consent_at="2026-11-21T10:00:00+01:00",
        callback_requested=True,
        callback_note="na 17 uur",
    )
    assert lead["callback_requested"] is True
    detail = client.get(f"/api/leads/{lead['id']}", headers=login(client, adviser.email)).json()
    assert "callback_requested" in [e["action"] for e in detail["events"]]


def test_the_residents_own_words_are_kept_as_typed(client: TestClient, adviser: Adviser) -> None:
    words = "na een dienst kan ik bijna niet meer staan / wat ik ooit geleerd heb is niet meer van deze tijd"
    lead = put(client, "own-words", consent_at="2026-11-21T10:00:00+01:00", work_situation="other", work_text=words)
    detail = client.get(f"/api/leads/{lead['id']}", headers=login(client, adviser.email)).json()
    assert detail["work_text"] == words and detail["work_situation"] == "other"
    # an optional text that does not fit is cut to the vocabulary's limit, never refused
    long = put(client, "own-words", work_text="x" * 900)
    assert len(long["work_text"]) <= 500


def test_list_filters_search_pagination_and_counts(client: TestClient, adviser: Adviser) -> None:
    headers = login(client, adviser.email)
    for i in range(7):
        consented_lead(
            client,
            f"conv-{i}",
            age=30 + i,
            municipality="Delft" if i % 2 else "Rotterdam",
            work_situation="employed",
            pains=["low_income"],
            contact={"name": f"Resident {i}", "email": f"r{i}@example.org"},
            utm={"campaign": "spring" if i < 4 else "summer", "source": "facebook"},
            channel="whatsapp" if i < 2 else "socketio",
        )
    page = client.get("/api/leads", params={"limit": 3}, headers=headers).json()
    assert page["total"] == 7 and len(page["items"]) == 3
    assert page["items"][0]["conversation_id"] == "conv-6"  # newest first
    second = client.get("/api/leads", params={"limit": 3, "offset": 3}, headers=headers).json()
    assert {i["id"] for i in page["items"]}.isdisjoint({i["id"] for i in second["items"]})
    assert page["counts_by_status"]["new"] == 7

    def ids(**params: object) -> set[str]:
        items = client.get("/api/leads", params={**params, "limit": 200}, headers=headers).json()["items"]
        return {i["conversation_id"] for i in items}

    assert ids(verdict="eligible") == {"conv-1", "conv-3", "conv-5"}
    assert ids(utm_campaign="summer") == {"conv-4", "conv-5", "conv-6"}
    assert ids(channel="whatsapp") == {"conv-0", "conv-1"}
    assert ids(q="r3@EXAMPLE") == {"conv-3"}
    assert ids(q="resident 5") == {"conv-5"}
    assert ids(conversation_id="conv-2") == {"conv-2"}
    tomorrow = (datetime.now(AMS) + timedelta(days=1)).isoformat()
    assert ids(created_from=tomorrow) == set()
    assert len(ids(created_to=tomorrow)) == 7


def test_status_changes_with_notes_and_the_audit_trail(client: TestClient, adviser: Adviser) -> None:
    headers = login(client, adviser.email)
    lead_id = consented_lead(client, "conv")["id"]
    changed = client.post(
        f"/api/leads/{lead_id}/status",
        json={"status": "contacted", "note": "Gebeld, voicemail"},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    event = changed.json()["events"][-1]
    assert event == {
        **event,
        "actor": f"adviser:{adviser.id}",
        "action": "status_changed",
        "from_status": "new",
        "to_status": "contacted",
        "note": "Gebeld, voicemail",
    }
    backwards = client.post(f"/api/leads/{lead_id}/status", json={"status": "new"}, headers=headers)
    assert backwards.status_code == 409 and "contacted" in backwards.json()["detail"]
    for status in ("advice_done", "voucher_requested"):
        assert client.post(f"/api/leads/{lead_id}/status", json={"status": status}, headers=headers).status_code == 200
    note = client.post(
        f"/api/leads/{lead_id}/notes", json={"note": "Voucher aangevraagd voor MBO Zorg"}, headers=headers
    )
    assert note.status_code == 201
    assert [e["to_status"] for e in note.json()["events"] if e["action"] == "status_changed"] == [
        "contacted",
        "advice_done",
        "voucher_requested",
    ]
    assert client.post(f"/api/leads/{lead_id}/status", json={"status": "won"}, headers=headers).status_code == 422


def test_csv_export_has_the_filtered_leads_and_defuses_formulas(client: TestClient, adviser: Adviser) -> None:
    consented_lead(client, "a", contact={"name": '=HYPERLINK("http://evil")'}, utm={"campaign": "x"})
    consented_lead(client, "b", utm={"campaign": "y"})
    response = client.get("/api/leads/export.csv", params={"utm_campaign": "x"}, headers=login(client, adviser.email))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1 and rows[0]["utm_campaign"] == "x"
    assert rows[0]["name"].startswith("'=")


def test_funnel_per_campaign_and_source(client: TestClient, adviser: Adviser, session: Session) -> None:
    headers = login(client, adviser.email)
    admin_headers = login(client, make_adviser(session, email="admin@example.org", role="admin").email)
    for i in range(5):
        body = {
            "conversation_id": f"f{i}",
            "channel": "socketio",
            "utm": {"campaign": "flyer-laak", "source": "flyer"},
        }
        assert client.post("/api/conversations", json=body, headers=SERVICE).status_code == 202
    # the same conversation is counted once
    client.post(
        "/api/conversations",
        json={"conversation_id": "f0", "utm": {"campaign": "flyer-laak", "source": "flyer"}},
        headers=SERVICE,
    )
    client.post(
        "/api/conversations",
        json={"conversation_id": "g0", "utm": {"campaign": "ads", "source": "meta"}},
        headers=SERVICE,
    )
    utm = {"campaign": "flyer-laak", "source": "flyer"}
    answers = {"age": 40, "municipality": "Den Haag", "work_situation": "employed", "pains": ["low_income"]}
    consented_lead(client, "f0", utm=utm, **answers)
    consented_lead(client, "f1", utm=utm, **answers)
    consented_lead(client, "f2", utm=utm, **{**answers, "age": 80})
    booked = book(client, "f0", first_slot(client)).json()
    client.post(f"/api/bookings/{booked['id']}/outcome", json={"status": "attended"}, headers=headers)
    lead_f0 = client.get("/api/leads", params={"conversation_id": "f0"}, headers=headers).json()["items"][0]
    for status in ("contacted", "advice_done", "voucher_requested"):
        client.post(f"/api/leads/{lead_f0['id']}/status", json={"status": status}, headers=headers)

    assert client.get("/api/stats/funnel", headers=headers).status_code == 403  # campaign staff only
    funnel = client.get("/api/stats/funnel", headers=admin_headers).json()
    rows = {(r["utm_campaign"], r["utm_source"]): r for r in funnel["items"]}
    assert {k: v for k, v in rows[("flyer-laak", "flyer")].items() if k != "rates"} == {
        "utm_campaign": "flyer-laak",
        "utm_source": "flyer",
        "conversations": 5,
        "consented": 3,
        "eligible": 2,
        "booked": 1,
        "attended": 1,
        "voucher_requested": 1,
    }
    assert rows[("ads", "meta")]["conversations"] == 1
    assert funnel["totals"]["conversations"] == 6
    future = (datetime.now(AMS) + timedelta(days=2)).isoformat()
    later = client.get("/api/stats/funnel", params={"from": future}, headers=admin_headers)
    assert later.json()["items"] == []


def test_a_new_lead_with_null_language_still_gets_its_verdict(client: TestClient) -> None:
    lead = put(
        client,
        "nulls",
        language=None,
        channel=None,
        consent_at="2026-11-21T10:00:00+01:00",
        age=30,
        municipality="Delft",
        work_situation="employed",
        pains=["low_income"],
    )
    assert lead["language"] == "nl" and lead["channel"] == "rest"
    assert lead["eligibility"]["verdict"] == "eligible"
