"""End to end: the real API, the action server and the Rasa server, whole conversations through
the REST webhook (with UTM metadata), checked through the adviser API and Rasa's tracker.

Slow (Rasa needs about a minute to load), so it runs only with BOT_E2E=1 (`make test-bot-e2e`).
Every process gets its own ports and SQLite files under a temporary folder (tests/stack.py); the
system is shared with tests/conversations/test_residents.py when both run in one process.
"""

from __future__ import annotations

import os
import secrets

import pytest

from tests.stack import Stack, http

pytestmark = pytest.mark.skipif(os.environ.get("BOT_E2E") != "1", reason="set BOT_E2E=1")
UTM = {"source": "facebook", "medium": "cpc", "campaign": "ld-bouw", "content": "rug", "term": None}


@pytest.fixture(scope="module")
def stack(real_stack):
    return real_stack  # shared with the residents' suite (tests/conftest.py)


def say(stack: Stack, sender: str, text: str, metadata=None) -> list[str]:
    return [m.get("text") or "" for m in stack.say(sender, text, metadata or {"utm": UTM})]


def test_whole_conversation_stores_nothing_until_the_booking(stack):
    cid = "e2e-nl-" + secrets.token_hex(4)
    out = " ".join(say(stack, cid, "hoi"))
    assert "digitale assistent" in out and "Hoe oud ben je?" in out
    out = " ".join(say(stack, cid, "ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op"))
    # the whole story at once: only whether there is more to change, then the verdict
    assert "Is er nog iets anders?" in out and "Goed nieuws" not in out
    out = " ".join(say(stack, cid, "nee, dat was het"))
    assert "Goed nieuws" in out and "adviesgesprek" in out
    assert stack.lead(cid) is None  # the check itself stores nothing
    out = " ".join(say(stack, cid, "ja"))
    assert "bewaar ik je antwoorden" in out
    out = say(stack, cid, "ja, dat is goed")
    assert stack.lead(cid)["consent_at"]
    out = say(stack, cid, "bellen graag")
    assert any("vrij" in m for m in out)
    say(stack, cid, "doe maar de eerste")
    say(stack, cid, "Jan Jansen")
    out = " ".join(say(stack, cid, "0612345678"))
    assert "Klopt dat?" in out
    out = " ".join(say(stack, cid, "ja"))
    assert "Je afspraak staat" in out
    lead = stack.lead(cid)
    assert lead["age"] == 45 and lead["municipality"] == "Delft"
    assert lead["work_situation"] == "employed"
    assert "physical_strain" in lead["pains"]
    assert lead["utm"]["source"] == "facebook" and lead["utm"]["campaign"] == "ld-bouw"
    assert lead["channel"] == "rest" and lead["language"] == "nl"
    assert lead["eligibility"]["verdict"] == "eligible"
    assert lead["contact"]["name"] == "Jan Jansen"
    assert lead["booking"] and lead["booking"]["mode"] == "phone"


def test_english_not_eligible_then_the_answers_saved_on_request(stack):
    cid = "e2e-en-" + secrets.token_hex(4)
    say(stack, cid, "Hello, I would like to know more about this voucher please")
    out = " ".join(say(stack, cid, "I'm 70, I live in Delft and I am self-employed"))
    assert "What would you like to change" in out
    out = " ".join(say(stack, cid, "I barely make ends meet"))
    assert "not eligible" in out and "Shall I store your answers?" in out
    assert stack.lead(cid) is None
    out = " ".join(say(stack, cid, "yes"))
    assert "I have stored your answers" in out
    lead = stack.lead(cid)
    assert lead["age"] == 70 and lead["language"] == "en" and lead["consent_at"]
    assert lead["eligibility"]["verdict"] == "not_eligible"


def test_no_dead_end_and_a_correction_after_the_verdict(stack):
    cid = "e2e-fix-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ik ben 50")
    say(stack, cid, "Delft")
    say(stack, cid, "in loondienst")
    first = " ".join(say(stack, cid, "qwerty asdf"))
    second = " ".join(say(stack, cid, "zxcv uiop"))
    assert first != second  # the second unreadable answer is kept as typed; the check goes on
    assert "Je komt misschien in aanmerking" in second
    out = " ".join(say(stack, cid, "ik ben eigenlijk 51, niet 50"))
    assert "Ik heb je leeftijd aangepast: 51." in out
    assert stack.tracker(cid)["slots"]["age"] == 51


def test_erasure_asks_first_then_removes_lead_and_conversation(stack):
    cid = "e2e-del-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ik ben 33, woon in Rijswijk, werk in de zorg en mijn werk is zwaar")
    say(stack, cid, "nee")
    say(stack, cid, "nee, nu niet")
    say(stack, cid, "ja, bewaar ze maar")
    assert stack.lead(cid) is not None
    out = " ".join(say(stack, cid, "verwijder mijn gegevens"))
    assert "Weet je het zeker?" in out and stack.lead(cid) is not None
    assert "gewist" in " ".join(say(stack, cid, "ja"))
    assert stack.lead(cid) is None
    tracker = stack.tracker(cid)
    texts = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
    assert "ik ben 33, woon in Rijswijk, werk in de zorg en mijn werk is zwaar" not in texts


def test_a_question_is_not_taken_as_an_answer(stack):
    cid = "e2e-q-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ik ben 30 en woon in Den Haag")
    answer = " ".join(say(stack, cid, "kan ik dit ook krijgen als ik student ben?"))
    assert answer  # the question is answered, and the form asks on
    assert stack.tracker(cid)["slots"]["work_situation"] is None


def test_action_server_down_apologises_and_continues(stack):
    cid = "e2e-down-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ik ben 40")
    stack.stop("actions")
    try:
        out = " ".join(say(stack, cid, "ik woon in Delft"))
        assert "Je antwoorden zijn bewaard" in out
        assert "Traceback" not in out
    finally:
        stack.start_actions()
    tracker = stack.tracker(cid)
    assert tracker["slots"]["age"] == 40
    out = " ".join(say(stack, cid, "Delft"))
    assert "Je antwoorden zijn bewaard" not in out and "Wat past het best bij jou" in out
    assert stack.tracker(cid)["slots"]["municipality"] == "Delft"


def test_a_returning_resident_moves_and_then_cancels_the_appointment_in_the_chat(stack):
    """Books; comes back later in the same conversation (the same browser's session, the same
    WhatsApp number), sees the appointment, moves it, and in a later visit cancels it."""
    cid = "e2e-back-" + secrets.token_hex(4)
    say(stack, cid, "hoi")
    say(stack, cid, "ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op")
    say(stack, cid, "nee, dat was het")
    say(stack, cid, "ja")
    say(stack, cid, "ja, dat is goed")
    say(stack, cid, "bellen graag")
    say(stack, cid, "doe maar de eerste")
    say(stack, cid, "Jan Jansen")
    say(stack, cid, "0612345678")
    assert "Je afspraak staat" in " ".join(say(stack, cid, "ja"))
    first = stack.lead(cid)["booking"]
    assert first["mode"] == "phone"

    # a later visit: the greeting shows the appointment and what can be done with it
    out = " ".join(say(stack, cid, "hoi"))
    assert "Welkom terug! Je hebt een afspraak" in out and "Wat wil je doen met je afspraak?" in out
    assert first["adviser"] in out
    out = " ".join(say(stack, cid, "verzetten"))
    assert "vrij" in out
    out = " ".join(say(stack, cid, "doe maar de eerste"))
    assert "Ik verzet je afspraak naar" in out and "Is dat goed?" in out
    out = " ".join(say(stack, cid, "ja"))
    assert "Je afspraak is verzet" in out
    moved = stack.lead(cid)["booking"]
    assert moved["id"] == first["id"] and moved["start"] != first["start"] and moved["mode"] == "phone"

    # another visit: straight to cancelling, asked first
    out = " ".join(say(stack, cid, "ik wil mijn afspraak afzeggen"))
    assert "Welkom terug! Je hebt een afspraak" in out and "wilt afzeggen?" in out
    assert stack.lead(cid)["booking"] is not None  # not before the yes
    out = " ".join(say(stack, cid, "ja"))
    assert "is afgezegd" in out
    lead = stack.lead(cid)
    assert lead["booking"] is None
    detail = http("GET", f"{stack.url}/api/leads/{lead['id']}", headers=stack.admin_headers())
    actions = [(e["actor"], e["action"]) for e in detail["events"]]
    assert ("service", "booking_rescheduled") in actions and ("service", "booking_cancelled") in actions
    # nothing to come any more: a greeting is just welcomed back
    assert "Welkom terug! Waarmee kan ik je helpen?" in " ".join(say(stack, cid, "hallo"))
