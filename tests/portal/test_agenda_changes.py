"""Cancelling and moving an appointment from the portal: a confirm step with an optional reason,
free times to choose from, CSRF like every other form, and only for the appointment's adviser,
the lead's owner or an administrator."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking
from api.leads.models import LeadEvent
from tests.api.conftest import consented_lead, first_slot, started
from tests.portal.conftest import SERVICE, csrf_of, make_adviser, portal_login, post_form
from tests.portal.test_agenda import ANSWERS, agenda_with

SLOT = re.compile(r'name="slot" value="([^"]+)"')


def booked(
    client: TestClient, cid: str = "agenda-1", name: str = "Ahmed Test", email: str | None = "ahmed@example.org"
) -> dict[str, object]:
    """A booking by the action server; with an e-mail address the resident hears of changes."""
    consented_lead(client, cid, **ANSWERS, contact={"name": name, **({"email": email} if email else {})})
    slot = first_slot(client)
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


def fresh(session: Session, booking_id: object) -> Booking:
    session.rollback()  # a new read, not an earlier snapshot
    booking = session.get(Booking, booking_id)
    assert booking is not None
    return booking


def test_cancel_from_the_agenda_with_a_confirm_step_and_a_reason(
    adviser_client: TestClient, client: TestClient, adviser: Adviser, session: Session
) -> None:
    booking = booked(client)
    page = agenda_with(adviser_client, "Ahmed Test")
    row = page.split("Ahmed Test", 1)[1].split("</tr>")[0]
    assert 'aria-label="Afspraak met Ahmed Test afzeggen"' in row
    link = re.search(r'href="(/advisers/agenda/\d+/cancel\?back=[^"]+)"', row)
    assert link is not None
    confirm = adviser_client.get(link.group(1).replace("&amp;", "&"))
    assert confirm.status_code == 200
    assert "Ja, afspraak afzeggen" in confirm.text and "De inwoner krijgt hier een e-mail over." in confirm.text
    assert fresh(session, booking["id"]).status == "active"  # the link itself changes nothing
    # without the CSRF token: refused
    forged = adviser_client.post(f"/advisers/agenda/{booking['id']}/cancel", data={"reason": "x"})
    assert forged.status_code == 403 and fresh(session, booking["id"]).status == "active"
    done = adviser_client.post(
        f"/advisers/agenda/{booking['id']}/cancel",
        data={"csrf_token": csrf_of(confirm.text), "reason": "Ik ben ziek.", "back": "/advisers/agenda?week=1"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/advisers/agenda?week=1&done=change.cancelled"
    assert "De afspraak is afgezegd. De inwoner krijgt bericht." in adviser_client.get(done.headers["location"]).text
    assert fresh(session, booking["id"]).status == "cancelled"
    event = session.scalar(select(LeadEvent).where(LeadEvent.action == "booking_cancelled"))
    assert event is not None and event.actor == f"adviser:{adviser.id}" and event.note == "Ik ben ziek."
    # the confirm page of a cancelled appointment sends the adviser back with the reason
    again = adviser_client.get(f"/advisers/agenda/{booking['id']}/cancel", follow_redirects=False)
    assert again.headers["location"] == "/advisers/agenda?err=change.not_active"


def test_move_shows_free_times_and_moves_to_the_chosen_one(
    adviser_client: TestClient, client: TestClient, adviser: Adviser, session: Session
) -> None:
    booking = booked(client, email=None)
    move = adviser_client.get(f"/advisers/agenda/{booking['id']}/move?back=/advisers/agenda")
    assert move.status_code == 200
    assert "Bel de inwoner zelf." in move.text  # no e-mail and no WhatsApp: nobody is told
    offered = [o.replace("&#43;", "+") for o in SLOT.findall(move.text)]
    current = datetime.fromisoformat(str(booking["start"]))
    assert len(offered) > 3 and current not in [datetime.fromisoformat(o.split("|")[1]) for o in offered]
    choice = offered[3]
    # a value the page did not offer, and no choice at all: asked again, nothing moved
    for bad in ("", "x|y", f"{adviser.id}|0001-01-01T00:00:00+14:00", f"{adviser.id}|2020-01-06T10:00:00+01:00"):
        refused = post_form(
            adviser_client,
            f"/advisers/agenda/{booking['id']}/move",
            f"/advisers/agenda/{booking['id']}/move",
            {"slot": bad, "mode": "phone", "back": "/advisers/agenda"},
        )
        assert refused.status_code == 303 and "/move?" in refused.headers["location"], bad
        assert "err=change." in refused.headers["location"]
    assert fresh(session, booking["id"]).local_start.isoformat() == booking["start"]
    moved = post_form(
        adviser_client,
        f"/advisers/agenda/{booking['id']}/move",
        f"/advisers/agenda/{booking['id']}/move",
        {"slot": choice, "mode": "video", "back": "/advisers/agenda"},
    )
    assert moved.headers["location"] == "/advisers/agenda?done=change.moved_call"
    after = fresh(session, booking["id"])
    assert after.start_at == datetime.fromisoformat(choice.split("|", 1)[1]) and after.mode == "video"


def test_the_move_page_filters_by_mode_and_adviser(
    adviser_client: TestClient, client: TestClient, adviser: Adviser, session: Session
) -> None:
    colleague = make_adviser(session, "colleague@example.org", name="Colleague Video", modes=["video"])
    booking = booked(client)
    phone = adviser_client.get(f"/advisers/agenda/{booking['id']}/move").text
    assert "Colleague Video" not in phone.split("<fieldset>")[1]
    video = adviser_client.get(f"/advisers/agenda/{booking['id']}/move?mode=video&adviser={colleague.id}").text
    values = SLOT.findall(video)
    assert values and all(v.startswith(f"{colleague.id}|") for v in values)
    nobody = adviser_client.get(f"/advisers/agenda/{booking['id']}/move?mode=in_person&adviser={colleague.id}")
    assert "Er zijn geen vrije tijden voor deze keuze." in nobody.text
    odd = adviser_client.get(f"/advisers/agenda/{booking['id']}/move?mode=<b>&adviser=abc")
    assert odd.status_code == 200 and SLOT.findall(odd.text)  # unknown filters fall back


def test_only_the_appointments_adviser_the_leads_owner_or_an_admin(
    client: TestClient, adviser: Adviser, session: Session, admin: Adviser
) -> None:
    colleague = make_adviser(session, "colleague@example.org", name="Colleague")
    booking = booked(client)
    lead_id = fresh(session, booking["id"]).lead_id
    http = portal_login(client, colleague.email)
    assert http.get(f"/advisers/agenda/{booking['id']}/cancel").status_code == 403
    lead_page = http.get(f"/advisers/leads/{lead_id}").text
    assert "Afspraak afzeggen" not in lead_page and "Afspraak verzetten" not in lead_page
    refused = post_form(http, f"/advisers/leads/{lead_id}", f"/advisers/agenda/{booking['id']}/cancel", {})
    assert refused.status_code == 403 and "Alleen de adviseur van deze afspraak" in refused.text
    # once the colleague holds the lead, the lead page offers both
    post_form(http, f"/advisers/leads/{lead_id}", f"/advisers/leads/{lead_id}/take", {})
    lead_page = http.get(f"/advisers/leads/{lead_id}").text
    assert "Afspraak afzeggen" in lead_page and "Afspraak verzetten" in lead_page
    done = post_form(
        http,
        f"/advisers/agenda/{booking['id']}/cancel",
        f"/advisers/agenda/{booking['id']}/cancel",
        {"back": f"/advisers/leads/{lead_id}"},
    )
    assert done.headers["location"] == f"/advisers/leads/{lead_id}?done=change.cancelled"
    page = http.get(done.headers["location"]).text
    assert "Afspraak geannuleerd" in page and "Colleague" in page  # on the timeline, by name
    # an unknown appointment, and an open redirect in "back"
    assert http.get("/advisers/agenda/99999/cancel").status_code == 404
    other = booked(client, "agenda-2", "Other Person")
    gone = post_form(
        portal_login(client, admin.email),
        f"/advisers/agenda/{other['id']}/cancel",
        f"/advisers/agenda/{other['id']}/cancel",
        {"back": "https://evil.example/"},
    )
    assert gone.headers["location"] == "/advisers/agenda?done=change.cancelled"


def test_a_started_appointment_offers_no_cancel_or_move(
    adviser_client: TestClient, client: TestClient, session: Session
) -> None:
    booking = booked(client)
    started(booking["id"])
    today = adviser_client.get("/advisers/agenda").text.split('id="today-h"')[1].split("</section>")[0]
    assert "Gesprek gevoerd: Ahmed Test" in today and "afzeggen" not in today and "verzetten" not in today
    refused = post_form(
        adviser_client,
        "/advisers/agenda",
        f"/advisers/agenda/{booking['id']}/cancel",
        {"back": "/advisers/agenda"},
    )
    assert refused.headers["location"] == "/advisers/agenda?err=change.started"
    assert fresh(session, booking["id"]).status == "active"
