"""The funnel's arithmetic (GET /api/stats/funnel): every step counts a subset of the step before,
the percentages are those of the step before, the totals are the sums of the rows, whether the
conversation was counted at its first message or not, and also after an erasure."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from tests.api.conftest import SERVICE, book, consented_lead, first_slot, login, make_adviser

STEPS = ("conversations", "consented", "eligible", "booked", "attended", "voucher_requested")
ELIGIBLE = {"age": 40, "municipality": "Den Haag", "work_situation": "employed", "pains": ["low_income"]}
REVIEW = {**ELIGIBLE, "municipality": "weet ik niet"}
REJECTED = {**ELIGIBLE, "age": 80}
AMS = ZoneInfo("Europe/Amsterdam")


def start(client: TestClient, cid: str, campaign: str | None, source: str | None) -> None:
    utm = {"campaign": campaign, "source": source}
    response = client.post("/api/conversations", json={"conversation_id": cid, "utm": utm}, headers=SERVICE)
    assert response.status_code == 202


def funnel(client: TestClient, headers: dict[str, str], **params: str) -> dict[str, object]:
    response = client.get("/api/stats/funnel", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def counts(row: dict[str, object]) -> tuple[int, ...]:
    return tuple(int(row[s]) for s in STEPS)  # type: ignore[call-overload]


def assert_adds_up(result: dict[str, object]) -> None:
    rows = list(result["items"])  # type: ignore[call-overload]
    for row in [*rows, result["totals"]]:
        numbers = counts(row)
        assert all(a >= b for a, b in itertools.pairwise(numbers)), row  # each a subset
        for prev, step in itertools.pairwise(STEPS):
            expected = round(100 * row[step] / row[prev], 1) if row[prev] else None
            assert row["rates"][step] == expected, (step, row)
    sums = tuple(sum(counts(r)[i] for r in rows) for i in range(len(STEPS)))
    assert counts(result["totals"]) == sums  # type: ignore[arg-type]


def scenario(client: TestClient, adviser: Adviser, session: Session) -> dict[str, int]:
    """Campaign "bouw" from facebook: 6 conversations, each getting a step further; "zorg" from a
    flyer: the first message was never counted (the API was down), UTM only on the lead."""
    headers = login(client, adviser.email)
    for i in range(6):
        start(client, f"bouw-{i}", "bouw", "facebook")
    start(client, "bouw-dup", "bouw", "facebook")
    start(client, "bouw-dup", "bouw", "facebook")  # counted once
    consented_lead(client, "bouw-1", **REJECTED)  # consented, not promising
    consented_lead(client, "bouw-2", **REVIEW)  # promising: an adviser reviews it
    consented_lead(client, "bouw-3", **ELIGIBLE)
    consented_lead(client, "bouw-4", **ELIGIBLE)
    consented_lead(client, "bouw-5", **ELIGIBLE)
    ids = {}
    for i, cid in enumerate(("bouw-3", "bouw-4", "bouw-5")):
        booking = book(client, cid, first_slot(client, index=i)).json()  # type: ignore[attr-defined]
        ids[cid] = booking["id"]
    lead_5 = client.get("/api/leads", params={"conversation_id": "bouw-5"}, headers=headers).json()["items"][0]
    for status in ("contacted", "advice_done", "voucher_requested"):
        assert client.post(f"/api/leads/{lead_5['id']}/status", json={"status": status}, headers=headers).is_success
    lead_4 = client.get("/api/leads", params={"conversation_id": "bouw-4"}, headers=headers).json()["items"][0]
    for status in ("contacted", "advice_done"):
        assert client.post(f"/api/leads/{lead_4['id']}/status", json={"status": status}, headers=headers).is_success

    # "zorg": leads whose conversations were never counted (a lead is only stored with consent)
    consented_lead(client, "zorg-1", utm={"campaign": "zorg", "source": "flyer"}, **ELIGIBLE)
    consented_lead(client, "zorg-2", utm={"campaign": "zorg", "source": "flyer"}, **REVIEW)
    return ids


def test_each_step_is_a_subset_and_the_rows_add_up(client: TestClient, adviser: Adviser, session: Session) -> None:
    scenario(client, adviser, session)
    admin = login(client, make_adviser(session, email="admin@example.org", role="admin").email)
    result = funnel(client, admin)
    assert_adds_up(result)
    rows = {(r["utm_campaign"], r["utm_source"]): r for r in result["items"]}  # type: ignore[attr-defined]
    # 7 conversations (one counted twice by the bot), 5 consented, 4 promising (3 eligible and one
    # to review), 3 booked, 2 attended (advice done), 1 voucher
    assert counts(rows[("bouw", "facebook")]) == (7, 5, 4, 3, 2, 1)
    assert rows[("bouw", "facebook")]["rates"] == {
        "consented": 71.4,
        "eligible": 80.0,
        "booked": 75.0,
        "attended": 66.7,
        "voucher_requested": 50.0,
    }
    # never counted at the first message, yet every lead is a conversation
    assert counts(rows[("zorg", "flyer")]) == (2, 2, 2, 0, 0, 0)
    assert counts(result["totals"]) == (9, 7, 6, 3, 2, 1)  # type: ignore[arg-type]

    # the same conversations per campaign and per source: the same totals
    for group in ("campaign", "source"):
        grouped = funnel(client, admin, group=group)
        assert_adds_up(grouped)
        assert grouped["totals"] == result["totals"]
    by_source = {r["utm_source"]: counts(r) for r in funnel(client, admin, group="source")["items"]}  # type: ignore[attr-defined]
    assert by_source == {"facebook": (7, 5, 4, 3, 2, 1), "flyer": (2, 2, 2, 0, 0, 0)}


def test_a_conversation_counted_without_utm_takes_the_leads(client: TestClient, session: Session) -> None:
    # the widget sent the UTM only with a later message: the lead has it, the start had none
    start(client, "late-utm", None, None)
    consented_lead(client, "late-utm", utm={"campaign": "pers", "source": "krant"}, **ELIGIBLE)
    admin = login(client, make_adviser(session, email="admin@example.org", role="admin").email)
    result = funnel(client, admin)
    assert [(r["utm_campaign"], r["utm_source"], counts(r)) for r in result["items"]] == [  # type: ignore[attr-defined]
        ("pers", "krant", (1, 1, 1, 0, 0, 0))
    ]


def test_erasure_keeps_the_step_reached_and_the_sums(client: TestClient, adviser: Adviser, session: Session) -> None:
    scenario(client, adviser, session)
    admin = login(client, make_adviser(session, email="admin@example.org", role="admin").email)
    before = funnel(client, admin)
    for cid in ("bouw-5", "zorg-1"):  # the voucher and a lead that was never counted at the start
        erased = client.delete(f"/api/privacy/conversations/{cid}", headers=SERVICE)
        assert erased.json()["erased"] is True
    after = funnel(client, admin)
    assert_adds_up(after)
    assert after["items"] == before["items"] and after["totals"] == before["totals"]
    # and nothing links the counts to the residents: a new conversation from the same id is new
    start(client, "bouw-5", "bouw", "facebook")
    again = {(r["utm_campaign"], r["utm_source"]): r for r in funnel(client, admin)["items"]}  # type: ignore[attr-defined]
    assert again[("bouw", "facebook")]["conversations"] == 8


def test_the_period_is_when_the_conversation_started(client: TestClient, session: Session) -> None:
    start(client, "early", "bouw", "facebook")
    consented_lead(client, "early", **ELIGIBLE)
    admin = login(client, make_adviser(session, email="admin@example.org", role="admin").email)
    now = datetime.now(AMS)
    today = funnel(client, admin, **{"from": (now - timedelta(hours=1)).isoformat()})
    assert counts(today["totals"]) == (1, 1, 1, 0, 0, 0)  # type: ignore[arg-type]
    tomorrow = funnel(client, admin, **{"from": (now + timedelta(days=1)).isoformat()})
    assert tomorrow["items"] == [] and counts(tomorrow["totals"]) == (0,) * 6  # type: ignore[arg-type]
    assert all(v is None for v in tomorrow["totals"]["rates"].values())  # type: ignore[index]


def test_funnel_refuses_bad_periods_and_groups_politely(client: TestClient, session: Session) -> None:
    admin = login(client, make_adviser(session, email="admin@example.org", role="admin").email)
    for params in (
        {"from": "0001-01-01T00:00:00+14:00"},
        {"to": "9999-12-31T23:59:59-12:00"},
        {"from": "yesterday"},
        {"group": "persona"},
    ):
        response = client.get("/api/stats/funnel", params=params, headers=admin)
        assert response.status_code == 422, params
    years = client.get("/api/stats/funnel", params={"from": "0001-01-01T00:00:00+14:00"}, headers=admin)
    assert "1900" in years.text and "2999" in years.text  # the reason
