"""A returning resident sees their appointment and moves or cancels it from the chat: trackers in,
events, messages and API calls asserted (against the fake API's by-conversation routes)."""

import pytest

from actions.appointment import (
    ActionAppointmentDone,
    ActionAskAppointmentAction,
    ActionAskCancelConfirmed,
    ActionAskMoveConfirmed,
    ActionShowAppointment,
)
from actions.booking import ActionAskSlotChoice
from actions.observe import ActionObserveMessage
from actions.validation.appointment import ValidateAppointmentForm
from bot import texts
from bot.nlu.appointment import appointment_wish, asks_about_appointment
from tests.bot.fake_api import SLOTS, FakeApi
from tests.bot.helpers import make_tracker, responses_of, run, slots_of

WA = "whatsapp:+31612345678"
STARTED = [{"event": "action", "name": "utter_welcome"}]
# what the conversation kept from the booking, weeks ago
BOOKED = {
    "age": 45, "municipality": "Delft", "work_situation": "employed", "pains": ["low_income"],
    "verdict": "eligible", "consent": True, "consent_at": "2026-11-20T10:00:00+00:00", "wants_booking": True,
    "mode": "in_person", "contact_name": "Sanne", "contact": "0612345678", "contact_phone": "0612345678",
    "offered_slots": SLOTS[:4], "slot_choice": f"adv-1|{SLOTS[0]['start']}", "booking_confirmed": True,
    "next_step": "done", "conversation_registered": True, "language": "nl",
}  # fmt: skip


@pytest.fixture()
def api(monkeypatch):
    fake = FakeApi().start()
    monkeypatch.setenv("API_URL", fake.url)
    monkeypatch.setenv("API_SERVICE_TOKEN", fake.token)
    yield fake
    fake.stop()


def booked(api, cid="conv-1", mode="in_person", slot=SLOTS[0]):
    """An appointment the API holds for the conversation (made in an earlier visit)."""
    booking = {
        "id": 11, "start": slot["start"], "end": slot["end"], "mode": mode, "status": "active",
        "adviser": {"id": slot["adviser_id"], "name": slot["adviser_name"]},
        "location": slot["location"] if mode == "in_person" else None,
    }  # fmt: skip
    api.state["bookings"][cid] = booking
    api.state["taken"].add(slot["start"])
    return booking


def calls(api, method, prefix):
    return [(path, body) for m, path, body in api.calls if m == method and path.startswith(prefix)]


def in_form(text, intent="inform", entities=None, **slots):
    return make_tracker(text, intent, slots={**BOOKED, **slots}, active_loop="appointment_form", entities=entities)


# ---- the words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("ik wil mijn afspraak verzetten", "move"),
        ("kan het op een andere dag?", "move"),
        ("I need to reschedule", "move"),
        ("verzeten", "move"),
        ("ik wil afzeggen", "cancel"),
        ("zeg mijn afspraak maar af", "cancel"),
        ("please cancel my appointment", "cancel"),
        ("ik kan toch niet komen", "cancel"),
        ("laat maar staan", "keep"),
        ("keep it", "keep"),
        ("wanneer is mijn afspraak?", "view"),
        ("my appointment", "view"),
        ("ik wil toch een afspraak maken", "book"),
        ("book an appointment", "book"),
        ("ik ben 45 en woon in Delft", None),
        ("/greet", None),
    ],
)
def test_what_a_resident_says_about_the_appointment(text, wish):
    assert appointment_wish(text) == wish


def test_a_move_in_a_long_sentence_about_something_else_is_no_question_about_the_appointment():
    assert not asks_about_appointment("I want to move into IT because my work is too heavy")
    assert asks_about_appointment("verzetten")
    assert not asks_about_appointment("laat maar staan")


# ---- coming back ---------------------------------------------------------------------------


def observe(text, intent="inform", slots=None, **kw):
    tracker = make_tracker(text, intent, slots={**BOOKED, **(slots or {})}, before=STARTED, **kw)
    return run(ActionObserveMessage(), tracker)


def test_greeting_again_after_a_booking_looks_the_appointment_up(api):
    events, _ = observe("hoi", "greet")
    assert slots_of(events)["appointment_asked"] is True
    events, _ = observe("/greet", "greet", channel="socketio")  # the widget's greeting
    assert slots_of(events)["appointment_asked"] is True


@pytest.mark.parametrize(("text", "intent"), [("ik wil mijn afspraak verzetten", "other_times"),
                                              ("afzeggen", "delete_data"), ("my appointment", "inform")])  # fmt: skip
def test_asking_about_the_appointment_looks_it_up_whatever_the_classifier_said(api, text, intent):
    events, _ = observe(text, intent)
    assert slots_of(events)["appointment_asked"] is True


def test_nothing_is_looked_up_for_an_anonymous_resident_inside_a_form_or_after_are_you_sure(api):
    anonymous = {k: None for k in ("consent", "consent_at", "booking")}
    assert "appointment_asked" not in slots_of(observe("hoi", "greet", anonymous)[0])
    inside = observe("mijn afspraak", slots={"requested_slot": "mode"}, active_loop="booking_form")[0]
    assert "appointment_asked" not in slots_of(inside)
    after_confirm = [*STARTED, {"event": "action", "name": "utter_confirm_delete"}]
    tracker = make_tracker("afzeggen", "affirm", slots=BOOKED, before=after_confirm)
    assert "appointment_asked" not in slots_of(run(ActionObserveMessage(), tracker)[0])
    # the next message resets the flag
    assert slots_of(observe("dank je", "thanks", {"appointment_asked": True})[0])["appointment_asked"] is False
    assert api.calls == []  # the reading itself asks the API nothing


def test_the_appointment_is_shown_with_when_how_who_and_where(api):
    booked(api)
    events, messages = run(ActionShowAppointment(), make_tracker("hoi", "greet", slots=BOOKED))
    assert messages[0]["text"] == (
        "Welkom terug! Je hebt een afspraak: dinsdag 24 november om 10:00, "
        + texts.label("mode", "in_person", "nl").lower()
        + ", met Anna de Vries. Adres: Leerwerkloket, Spui 70, Den Haag."
    )
    s = slots_of(events)
    assert s["next_step"] == "manage" and s["booking"]["id"] == 11 and s["mode"] == "in_person"
    # an earlier round's answers are gone: the form asks afresh
    assert s["slot_choice"] is None and s["appointment_action"] is None and s["offered_slots"] is None
    ((path, _),) = calls(api, "GET", "/api/bookings/by-conversation/")
    assert path == "/api/bookings/by-conversation/conv-1"


def test_an_appointment_by_phone_names_no_place_and_english_mirrors(api):
    booked(api, WA, mode="phone")
    tracker = make_tracker("hello", "greet", slots={**BOOKED, "language": "en"}, sender_id=WA, channel="twilio")
    _, messages = run(ActionShowAppointment(), tracker)
    text = messages[0]["text"]
    assert text.startswith("Welcome back! You have an appointment: Tuesday 24 November at 10:00")
    assert "Anna de Vries" in text and "Address" not in text
    assert calls(api, "GET", "/api/bookings/by-conversation/")[0][0].endswith(WA)


def test_saying_move_or_cancel_goes_straight_to_it(api):
    booked(api)
    events, _ = run(ActionShowAppointment(), make_tracker("ik wil mijn afspraak verzetten", slots=BOOKED))
    assert slots_of(events)["appointment_action"] == "move"
    events, _ = run(ActionShowAppointment(), make_tracker("kan ik afzeggen?", slots=BOOKED))
    assert slots_of(events)["appointment_action"] == "cancel"


def test_no_appointment_a_greeting_is_welcomed_back(api):
    events, messages = run(ActionShowAppointment(), make_tracker("hoi", "greet", slots=BOOKED))
    assert messages[0]["text"] == "Welkom terug! Waarmee kan ik je helpen?"
    assert slots_of(events)["next_step"] == "done"


def test_no_appointment_asked_for_it_offers_a_booking_after_a_positive_verdict(api):
    events, messages = run(ActionShowAppointment(), make_tracker("mijn afspraak", slots=BOOKED))
    assert messages[0]["text"] == "Ik zie in dit gesprek geen afspraak die nog moet komen."
    s = slots_of(events)
    assert s["next_step"] == "booking" and s["wants_booking"] is None and s["booking_confirmed"] is None
    # not eligible: said, and what else there is
    events, messages = run(
        ActionShowAppointment(), make_tracker("mijn afspraak", slots={**BOOKED, "verdict": "not_eligible"})
    )
    assert slots_of(events)["next_step"] == "done" and responses_of(messages)[1] == "utter_anything_else"


def test_afspraak_maken_without_one_goes_straight_to_the_booking(api):
    # the texts invite it: "Wil je later toch een gesprek? Typ dan 'afspraak maken'."
    events, messages = observe("afspraak maken")
    assert slots_of(events)["appointment_asked"] is True
    events, messages = run(ActionShowAppointment(), make_tracker("afspraak maken", slots=BOOKED))
    assert messages == [] and slots_of(events)["next_step"] == "booking"
    # with one to come, that one is shown first
    booked(api)
    events, messages = run(ActionShowAppointment(), make_tracker("afspraak maken", slots=BOOKED))
    assert (
        messages[0]["text"].startswith("Welkom terug! Je hebt een afspraak")
        and slots_of(events)["next_step"] == "manage"
    )


def test_a_cancelled_appointment_is_not_shown(api):
    booked(api)["status"] = "cancelled"
    events, messages = run(ActionShowAppointment(), make_tracker("hoi", "greet", slots=BOOKED))
    assert slots_of(events)["next_step"] == "done" and "Welkom terug" in messages[0]["text"]


def test_the_api_down_says_so_and_changes_nothing(api):
    api.state["down"] = True
    events, messages = run(ActionShowAppointment(), make_tracker("mijn afspraak", slots=BOOKED))
    assert "niet opzoeken" in messages[0]["text"] and slots_of(events) == {"next_step": "done"}


# ---- what to do with it --------------------------------------------------------------------


def test_the_question_offers_move_cancel_keep_and_a_person_after_a_failed_attempt():
    _, messages = run(ActionAskAppointmentAction(), make_tracker(slots=BOOKED))
    assert responses_of(messages) == ["utter_ask_appointment_action"]
    first = texts.response("utter_ask_appointment_action", "nl")["buttons"]
    assert [b["title"] for b in first] == ["Verzetten", "Afzeggen", "Laten staan"]
    assert [b["title"] for b in texts.response("utter_ask_appointment_action", "en")["buttons"]] == [
        "Reschedule", "Cancel", "Keep it",
    ]  # fmt: skip
    _, messages = run(ActionAskAppointmentAction(), make_tracker(slots={**BOOKED, "failures": 1}))
    assert responses_of(messages) == ["utter_retry_appointment_action"]
    retry = texts.response("utter_retry_appointment_action", "nl")["buttons"]
    assert retry[:3] == first and retry[-1]["payload"] == "/request_human"


@pytest.mark.parametrize(
    ("text", "intent", "action"),
    [
        ('/inform{"appointment_action": "move"}', "inform", "move"),
        ("2", "inform", "cancel"),
        ("3", "inform", "keep"),
        ("ik wil hem verzetten", "other_times", "move"),
        ("zeg maar af", "deny", "cancel"),
        ("laat maar staan", "inform", "keep"),
        ("nee hoor", "deny", "keep"),
    ],
)
def test_the_answer_is_read_from_buttons_numbers_and_words(api, text, intent, action):
    ents = [{"entity": "appointment_action", "value": action}] if text.startswith("/") else None
    t = in_form(text, intent, ents, requested_slot="appointment_action")
    s = slots_of(run(ValidateAppointmentForm(), t)[0])
    assert s["appointment_action"] == action


def test_no_answer_twice_leaves_the_appointment_as_it_is(api):
    booked(api)
    t = in_form("blauw", requested_slot="appointment_action")
    s = slots_of(run(ValidateAppointmentForm(), t)[0])
    assert s["failures"] == 1 and s["requested_slot"] == "appointment_action"
    t = in_form("groen", requested_slot="appointment_action", failures=1)
    events, messages = run(ValidateAppointmentForm(), t)
    s = slots_of(events)
    assert s["appointment_action"] == "keep" and s["requested_slot"] is None
    assert responses_of(messages) == ["utter_moved_on_appointment_action"]
    assert calls(api, "POST", "/api/bookings/") == []  # nothing changed


# ---- move ----------------------------------------------------------------------------------

MOVING = {"appointment_action": "move", "slot_choice": None, "offered_slots": None, "mode": "in_person"}


def test_moving_offers_free_times_in_the_same_mode_and_a_wish_is_followed(api):
    booking = booked(api)
    slots = {**BOOKED, **MOVING, "booking": booking, "requested_slot": "slot_choice"}
    events, messages = run(ActionAskSlotChoice(), make_tracker(slots=slots))
    offered = slots_of(events)["offered_slots"]
    assert SLOTS[0]["start"] not in [o["start"] for o in offered]  # the current time is not offered
    assert "Spui 70" in messages[0]["buttons"][0]["title"]
    assert calls(api, "GET", "/api/slots")[0][1]["mode"] == "in_person"
    t = in_form("liever op maandag", **{**slots, "offered_slots": offered})
    s = slots_of(run(ValidateAppointmentForm(), t)[0])
    assert s["time_wish"] == "liever op maandag" and "failures" not in s


def test_moving_chooses_a_time_confirms_and_moves_it(api):
    booking = booked(api)
    slots = {**BOOKED, **MOVING, "booking": booking, "offered_slots": SLOTS[1:5], "requested_slot": "slot_choice"}
    s = slots_of(run(ValidateAppointmentForm(), in_form("de tweede", **slots))[0])
    assert s["slot_choice"] == f"adv-1|{SLOTS[2]['start']}" and s["requested_slot"] == "move_confirmed"
    slots.update(s)
    _, messages = run(ActionAskMoveConfirmed(), make_tracker(slots=slots))
    assert (
        "Ik verzet je afspraak naar" in messages[0]["text"] and "woensdag 25 november om 09:00" in messages[0]["text"]
    )
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    events, _ = run(ValidateAppointmentForm(), in_form("ja", "affirm", **slots))
    s = slots_of(events)
    assert s["move_confirmed"] is True and s["appointment_result"] == "moved" and s["requested_slot"] is None
    ((path, body),) = calls(api, "POST", "/api/bookings/by-conversation/")
    assert path.endswith("/conv-1/reschedule") and body == {"start": SLOTS[2]["start"], "adviser_id": "adv-1"}
    assert s["booking"]["start"] == SLOTS[2]["start"]
    events, messages = run(ActionAppointmentDone(), make_tracker(slots={**slots, **s}))
    assert messages[0]["text"].startswith("Je afspraak is verzet. De nieuwe tijd is woensdag 25 november om 09:00")
    assert slots_of(events)["next_step"] == "done"


def test_no_to_the_new_time_offers_times_again_without_a_failed_attempt(api):
    booking = booked(api)
    slots = {**BOOKED, **MOVING, "booking": booking, "offered_slots": SLOTS[1:5],
             "slot_choice": f"adv-1|{SLOTS[2]['start']}", "requested_slot": "move_confirmed"}  # fmt: skip
    events, messages = run(ValidateAppointmentForm(), in_form("nee", "deny", **slots))
    s = slots_of(events)
    assert s["slot_choice"] is None and s["requested_slot"] == "slot_choice" and "failures" not in s
    assert messages[0]["text"] == "Goed, kies dan een andere tijd."
    assert calls(api, "POST", "/api/bookings/") == []


def test_a_time_taken_meanwhile_offers_new_times(api):
    booking = booked(api)
    api.state["taken"].add(SLOTS[2]["start"])
    slots = {**BOOKED, **MOVING, "booking": booking, "offered_slots": SLOTS[1:5],
             "slot_choice": f"adv-1|{SLOTS[2]['start']}", "requested_slot": "move_confirmed"}  # fmt: skip
    events, messages = run(ValidateAppointmentForm(), in_form("ja", "affirm", **slots))
    s = slots_of(events)
    assert responses_of(messages) == ["utter_slot_taken"] and s["requested_slot"] == "slot_choice"
    assert api.state["bookings"]["conv-1"]["start"] == SLOTS[0]["start"]


def test_no_time_chosen_twice_an_adviser_calls_and_the_appointment_stays(api):
    booking = booked(api)
    slots = {**BOOKED, **MOVING, "booking": booking, "offered_slots": SLOTS[1:5], "requested_slot": "slot_choice"}
    events, messages = run(ValidateAppointmentForm(), in_form("paars", **slots, failures=1))
    s = slots_of(events)
    assert s["slot_choice"] == "none" and s["requested_slot"] is None
    assert responses_of(messages) == ["utter_moved_on_slot_choice"]
    _, messages = run(ActionAppointmentDone(), make_tracker(slots={**slots, **s}))
    assert "Tot de adviseur je belt, blijft je afspraak staan: dinsdag 24 november om 10:00" in messages[0]["text"]
    assert [lead.get("callback_requested") for _, lead in calls(api, "PUT", "/api/leads/")][-1] is True


# ---- cancel --------------------------------------------------------------------------------


def test_cancelling_asks_first_then_cancels_and_a_new_booking_may_follow(api):
    booking = booked(api)
    slots = {**BOOKED, "booking": booking, "requested_slot": "appointment_action"}
    s = slots_of(run(ValidateAppointmentForm(), in_form("afzeggen", "delete_data", **slots))[0])
    assert s["appointment_action"] == "cancel" and s["requested_slot"] == "cancel_confirmed"
    assert calls(api, "POST", "/api/bookings/") == []  # not before the yes
    slots.update(s)
    _, messages = run(ActionAskCancelConfirmed(), make_tracker(slots=slots))
    assert messages[0]["text"] == "Weet je zeker dat je je afspraak van dinsdag 24 november om 10:00 wilt afzeggen?"
    events, _ = run(ValidateAppointmentForm(), in_form("1", **slots))
    s = slots_of(events)
    assert s["cancel_confirmed"] is True and s["appointment_result"] == "cancelled" and s["requested_slot"] is None
    assert api.state["bookings"]["conv-1"]["status"] == "cancelled"
    events, messages = run(ActionAppointmentDone(), make_tracker(slots={**slots, **s}))
    assert messages[0]["text"].startswith("Je afspraak van dinsdag 24 november om 10:00 is afgezegd.")
    done = slots_of(events)
    assert done["booking"] is None and done["wants_booking"] is None and done["next_step"] == "done"


def test_no_to_cancelling_keeps_it(api):
    booking = booked(api)
    slots = {**BOOKED, "booking": booking, "appointment_action": "cancel", "requested_slot": "cancel_confirmed"}
    events, _ = run(ValidateAppointmentForm(), in_form("nee", "deny", **slots))
    s = slots_of(events)
    assert s["cancel_confirmed"] is False and s["appointment_action"] == "keep" and s["requested_slot"] is None
    _, messages = run(ActionAppointmentDone(), make_tracker(slots={**slots, **s}))
    assert messages[0]["text"].startswith("Je afspraak blijft staan: dinsdag 24 november om 10:00")
    assert api.state["bookings"]["conv-1"]["status"] == "active"


def test_an_appointment_that_began_or_was_cancelled_meanwhile_cannot_be_changed(api):
    booking = booked(api)
    api.state["started"] = {"conv-1"}
    slots = {**BOOKED, "booking": booking, "appointment_action": "cancel", "requested_slot": "cancel_confirmed"}
    events, _ = run(ValidateAppointmentForm(), in_form("ja", "affirm", **slots))
    s = slots_of(events)
    assert s["appointment_result"] == "gone" and s["requested_slot"] is None
    _, messages = run(ActionAppointmentDone(), make_tracker(slots={**slots, **s}))
    assert messages[0]["text"].startswith("Deze afspraak kan ik niet meer veranderen")


def test_the_api_down_at_the_yes_asks_again_without_a_failed_attempt(api):
    booking = booked(api)
    api.state["down"] = True
    slots = {**BOOKED, "booking": booking, "appointment_action": "cancel", "requested_slot": "cancel_confirmed"}
    events, messages = run(ValidateAppointmentForm(), in_form("ja", "affirm", **slots))
    s = slots_of(events)
    assert responses_of(messages) == ["utter_api_down"] and s["requested_slot"] == "cancel_confirmed"
    assert "failures" not in s
