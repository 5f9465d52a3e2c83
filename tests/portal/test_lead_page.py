"""A lead's page written for advisers: the reasons as short facts in the adviser's voice, and one
chronological timeline of notes, status changes, bookings and messages (also in the JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.db import get_sessionmaker
from api.core.timeutil import utcnow
from api.leads import timeline
from api.leads.models import Lead
from api.leads.timeline import TimelineEntry
from api.outbox.models import OutboxMessage
from tests.api.conftest import login
from tests.portal.conftest import SERVICE, consented_lead, first_slot, post_form


def section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def test_reasons_are_facts_in_the_advisers_voice(adviser_client: TestClient, client: TestClient) -> None:
    body = {
        "age": 45,
        "municipality": "delft",
        "work_situation": "employed",
        "pains": ["physical_strain", "low_income"],
    }
    lead_id = consented_lead(client, "voice", **body)["id"]
    page = adviser_client.get(f"/advisers/leads/{lead_id}").text
    verdict = section(page, "verdict")
    reasons = verdict.split("<details")[0]
    for fact in (
        "45 jaar",
        "Woont in Delft (regio)",
        "In loondienst",
        "Wil verandering: laag inkomen, lichamelijk zwaar werk",
    ):
        assert fact in reasons, fact
    assert "Je bent" not in reasons and "Je woont" not in reasons
    assert "Je bent 45 jaar" in verdict.split("<details")[1]  # what the resident read, folded away

    review = consented_lead(
        client, "review", **{**body, "municipality": "weet ik niet", "work_situation": "on_benefits"}
    )
    page = adviser_client.get(f"/advisers/leads/{review['id']}").text
    reasons = section(page, "verdict").split("<details")[0]
    assert "Woonplaats onbekend: navragen" in reasons
    assert "Met uitkering: nagaan of UWV of de gemeente de opleiding betaalt" in reasons

    adviser_client.get("/advisers/language/en?next=/advisers/calls")
    english = section(adviser_client.get(f"/advisers/leads/{lead_id}").text, "verdict").split("<details")[0]
    assert "45 years old" in english and "Lives in Delft (region)" in english and "You are" not in english


def test_one_timeline_in_time_order(
    adviser_client: TestClient, client: TestClient, adviser: Adviser, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead_id = consented_lead(
        client,
        "timeline",
        age=45,
        municipality="Den Haag",
        work_situation="employed",
        pains=["low_income"],
        callback_requested=True,
    )["id"]
    url = f"/advisers/leads/{lead_id}"
    post_form(adviser_client, url, f"{url}/take", {})
    post_form(adviser_client, url, f"{url}/notes", {"note": "Voicemail ingesproken"})
    post_form(adviser_client, url, f"{url}/status", {"status": "contacted", "note": "Teruggebeld"})
    slot = first_slot(client)
    booking = {
        "conversation_id": "timeline",
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {},
    }
    assert client.post("/api/bookings", json=booking, headers=SERVICE).status_code == 201

    # a domain that sends messages to residents adds them through a timeline source
    def sent_messages(_: Session, lead: Lead) -> Iterable[TimelineEntry]:
        asked = next(e.created_at for e in lead.events if e.action == "callback_requested")
        yield TimelineEntry(asked + timedelta(milliseconds=1), "message", "confirmation_sent", "service")

    monkeypatch.setattr(timeline, "_SOURCES", [*timeline._SOURCES, sent_messages])

    page = section(adviser_client.get(url).text, "timeline")
    order = [
        "Lead aangemaakt",
        "Terugbelverzoek",
        "confirmation_sent",
        "Lead overgenomen",
        "Voicemail ingesproken",
        "Status: Nieuw → Contact gehad",
        "Teruggebeld",
        "Afspraak gemaakt",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions), page
    assert page.count('class="entry message') == 1

    detail = client.get(f"/api/leads/{lead_id}", headers=login(client, adviser.email)).json()
    actions = [item["action"] for item in detail["timeline"]]
    assert actions == [
        "created",
        "callback_requested",
        "confirmation_sent",
        "taken",
        "note",
        "status_changed",
        "booked",
    ]
    assert (
        detail["timeline"][5]["detail"]["to"] == "contacted"
        and detail["timeline"][4]["note"] == "Voicemail ingesproken"
    )
    times = [item["at"] for item in detail["timeline"]]
    assert times == sorted(times)


def test_messages_to_the_resident_join_the_timeline(adviser_client: TestClient, client: TestClient) -> None:
    lead_id = consented_lead(
        client,
        "mailed",
        age=45,
        municipality="Den Haag",
        work_situation="employed",
        pains=["low_income"],
        contact={"name": "Mia Mail", "email": "mia@example.org"},
    )["id"]
    slot = first_slot(client)
    booking = {
        "conversation_id": "mailed",
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {"email": "mia@example.org"},
    }
    assert client.post("/api/bookings", json=booking, headers=SERVICE).status_code == 201
    page = section(adviser_client.get(f"/advisers/leads/{lead_id}").text, "timeline")
    assert "Bevestiging gepland via e-mail" in page
    assert page.index("Afspraak gemaakt") < page.index("Bevestiging gepland via e-mail")
    with get_sessionmaker()() as writer:  # the scheduler sent it
        writer.execute(
            update(OutboxMessage).where(OutboxMessage.kind == "confirmation").values(status="sent", sent_at=utcnow())
        )
        writer.commit()
    page = section(adviser_client.get(f"/advisers/leads/{lead_id}").text, "timeline")
    assert "Bevestiging verstuurd via e-mail" in page and "Bevestiging gepland" not in page


def test_the_lead_page_shows_a_whatsapp_opt_out_and_where_reminders_go(
    adviser_client: TestClient, client: TestClient
) -> None:
    wa = "whatsapp:+31611122233"
    lead_id = consented_lead(client, wa, channel="whatsapp")["id"]
    page = adviser_client.get(f"/advisers/leads/{lead_id}").text
    assert "Krijgt herinneringen via WhatsApp" in section(page, "contact-h")
    assert "Afgemeld voor WhatsApp" not in page
    report = client.post(
        f"/api/leads/by-conversation/{wa}/whatsapp-inbound",
        json={"received_at": utcnow().isoformat(), "opted_out": True},
        headers=SERVICE,
    )
    assert report.status_code == 200, report.text
    page = adviser_client.get(f"/advisers/leads/{lead_id}").text
    assert 'class="badge b-optout">Afgemeld voor WhatsApp (STOP)' in page
    contact = section(page, "contact-h")
    assert "geen herinneringen (geen e-mailadres)" in contact and "Laatste bericht van de inwoner" in contact
    assert "Afgemeld voor WhatsApp (STOP)" in section(page, "timeline")
    # with an e-mail address the reminders go there
    client.put(f"/api/leads/by-conversation/{wa}", json={"contact": {"email": "wa@example.org"}}, headers=SERVICE)
    page = adviser_client.get(f"/advisers/leads/{lead_id}").text
    assert "herinneringen gaan per e-mail" in section(page, "contact-h")
