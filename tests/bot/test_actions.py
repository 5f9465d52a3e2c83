"""The actions against a fake API: trackers in, events and messages asserted."""

import pytest

from actions.booking import ActionAskSlotChoice
from actions.conversation import ActionDeleteData, ActionRequestHuman, ActionRestartConversation
from actions.observe import ActionObserveMessage, detect_language
from actions.validation.booking import ValidateBookingForm
from actions.validation.consent import ValidateConsentForm
from actions.validation.intake import ValidateIntakeForm
from actions.verdict import ActionCheckEligibility, ActionRetry
from tests.bot.fake_api import SLOTS, FakeApi
from tests.bot.helpers import make_tracker, responses_of, run, slots_of

INTAKE = {"age": 45, "municipality": "Delft", "work_situation": "employed"}


@pytest.fixture()
def api(monkeypatch):
    fake = FakeApi().start()
    monkeypatch.setenv("API_URL", fake.url)
    monkeypatch.setenv("API_SERVICE_TOKEN", fake.token)
    yield fake
    fake.stop()


def kinds(events):
    return [(e["event"], e.get("name")) for e in events]


def calls(api, method, prefix):
    return [body for m, path, body in api.calls if m == method and path.startswith(prefix)]


# ---- intake form -----------------------------------------------------------------------


def test_several_answers_fill_several_slots(api):
    tracker = make_tracker(
        "ik ben 45, woon in Delft en mn rug speelt op",
        slots={"consent": True, "requested_slot": "age"},
        set_this_turn={"age": 45, "municipality": "Delft", "pains": ["physical_strain"]},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), tracker)
    s = slots_of(events)
    assert s["age"] == 45 and s["municipality"] == "Delft"
    assert s["pains"] == ["physical_strain"]
    assert messages == []
    (lead,) = calls(api, "PUT", "/api/leads/by-conversation/conv-1")
    assert lead["age"] == 45 and lead["municipality"] == "Delft"
    assert lead["pains"] == ["physical_strain"] and lead["channel"] == "rest"


def test_bare_number_answers_the_age_question(api):
    tracker = make_tracker("45", slots={"requested_slot": "age"}, active_loop="intake_form")
    events, _ = run(ValidateIntakeForm(), tracker)
    assert slots_of(events)["age"] == 45


def test_no_lead_upsert_without_consent(api):
    tracker = make_tracker("45", slots={"requested_slot": "age", "consent": None}, active_loop="intake_form")
    run(ValidateIntakeForm(), tracker)
    assert calls(api, "PUT", "/api/leads") == []


def test_correction_overwrites_and_is_not_a_failure(api):
    tracker = make_tracker(
        "nee, ik ben 46",
        slots={**INTAKE, "requested_slot": "pains", "consent": True},
        set_this_turn={"age": 46},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), tracker)
    assert slots_of(events)["age"] == 46
    assert "failures" not in slots_of(events) or slots_of(events)["failures"] == 0
    assert messages == []


def test_repeated_failures_explain_then_offer_a_person(api):
    tracker = make_tracker(
        "blabla", intent="nlu_fallback", slots={"requested_slot": "municipality"},
        active_loop="intake_form",
    )  # fmt: skip
    events, messages = run(ValidateIntakeForm(), tracker)
    assert slots_of(events)["failures"] == 1
    assert responses_of(messages) == ["utter_invalid_municipality"]
    tracker = make_tracker(
        "nog steeds blabla", intent="nlu_fallback",
        slots={"requested_slot": "municipality", "failures": 1}, active_loop="intake_form",
    )  # fmt: skip
    events, messages = run(ValidateIntakeForm(), tracker)
    assert slots_of(events)["failures"] == 2
    assert responses_of(messages) == ["utter_invalid_municipality", "utter_offer_human"]


def test_no_failure_counted_when_resuming_after_a_digression(api):
    tracker = make_tracker(
        "wat kost het?", intent="ask_costs", slots={"requested_slot": "age"},
        after_user=[{"event": "action", "name": "utter_costs"}], active_loop="intake_form",
    )  # fmt: skip
    events, messages = run(ValidateIntakeForm(), tracker)
    assert "failures" not in slots_of(events)
    assert messages == []


@pytest.mark.parametrize("intent", ["ask_costs", "delete_data", "request_human", "out_of_scope"])
def test_a_digression_is_left_to_the_rules(api, intent):
    """No events: the form rejects the message and the digression rule answers it."""
    tracker = make_tracker(
        "verwijder mijn gegevens", intent=intent, slots={"requested_slot": "work_situation"},
        active_loop="intake_form",
    )  # fmt: skip
    events, messages = run(ValidateIntakeForm(), tracker)
    assert events == [] and messages == []


def test_dont_know_and_none_answers(api):
    t = make_tracker("weet ik niet", intent="dont_know", slots={"requested_slot": "municipality"})
    assert slots_of(run(ValidateIntakeForm(), t)[0])["municipality"] == "unknown"
    t = make_tracker("nee niks", intent="deny", slots={"requested_slot": "pains"})
    assert slots_of(run(ValidateIntakeForm(), t)[0])["pains"] == []


def test_whatsapp_numbered_option(api):
    t = make_tracker("2", slots={"requested_slot": "work_situation"}, channel="twilio")
    assert slots_of(run(ValidateIntakeForm(), t)[0])["work_situation"] == "self_employed"


def test_whatsapp_numbered_yes_no(api):
    t = make_tracker("1", slots={"requested_slot": "consent"}, channel="twilio")
    assert slots_of(run(ValidateConsentForm(), t)[0])["consent"] is True
    t = make_tracker("2", slots={"requested_slot": "wants_booking"}, channel="twilio")
    assert slots_of(run(ValidateBookingForm(), t)[0])["wants_booking"] is False


def test_implausible_age_is_rejected_with_an_explanation(api):
    t = make_tracker("ik ben 7", slots={"requested_slot": "age"}, set_this_turn={"age": 7})
    events, messages = run(ValidateIntakeForm(), t)
    assert slots_of(events)["age"] is None
    assert responses_of(messages)[0] == "utter_invalid_age"


# ---- verdict -----------------------------------------------------------------------------


def test_eligible_verdict_with_reasons_and_persona(api):
    t = make_tracker(slots={**INTAKE, "pains": ["physical_strain"], "consent": True, "sector": "construction"})
    events, messages = run(ActionCheckEligibility(), t)
    s = slots_of(events)
    assert s["verdict"] == "eligible" and s["persona"] == "physical_work"
    out = responses_of(messages)
    assert out[0] == "utter_verdict_eligible"
    assert "Je woont in Delft." in out[1]
    assert "utter_persona_physical_work" in out
    (body,) = calls(api, "POST", "/api/eligibility")
    assert body["sector"] == "construction" and body["language"] == "nl"
    (lead,) = calls(api, "PUT", "/api/leads")
    assert lead["eligibility"]["verdict"] == "eligible" and lead["persona"] == "physical_work"


def test_not_eligible_says_where_to_go_in_english(api):
    t = make_tracker(slots={**INTAKE, "age": 70, "pains": ["low_income"], "language": "en"})
    events, messages = run(ActionCheckEligibility(), t)
    assert slots_of(events)["verdict"] == "not_eligible"
    out = responses_of(messages)
    assert "You are 70" in out[1]
    assert "utter_not_eligible_where_to_go" in out
    assert any("Leerwerkloket" in m for m in out if m)


def test_api_down_apologises_and_keeps_the_answers(api):
    api.state["down"] = True
    t = make_tracker(slots={**INTAKE, "pains": ["low_income"]})
    events, messages = run(ActionCheckEligibility(), t)
    assert slots_of(events) == {"api_error": True, "verdict": None}
    assert responses_of(messages) == ["utter_api_down"]
    api.state["down"] = False
    t = make_tracker("ja", intent="affirm", slots={**INTAKE, "pains": ["low_income"],
                                                   "api_error": True})  # fmt: skip
    events, _ = run(ActionRetry(), t)
    assert slots_of(events)["verdict"] == "eligible"
    assert ("followup", "booking_form") in kinds(events)


# ---- booking -----------------------------------------------------------------------------


def test_slot_choice_offers_next_free_times_and_other_times(api):
    t = make_tracker(slots={"mode": "phone", "requested_slot": "slot_choice"})
    events, messages = run(ActionAskSlotChoice(), t)
    assert len(slots_of(events)["offered_slots"]) == 4
    buttons = messages[0]["buttons"]
    assert buttons[0]["title"].startswith("dinsdag 24 november om 10:00")
    assert buttons[-1]["payload"] == "/other_times"


def test_whatsapp_gets_numbered_options(api):
    t = make_tracker(slots={"mode": "phone", "language": "en"}, channel="twilio")
    _, messages = run(ActionAskSlotChoice(), t)
    assert messages[0]["buttons"][0]["title"].startswith("Tuesday 24 November at 10:00")


def test_other_times_moves_the_window(api):
    t = make_tracker(
        "andere tijden", intent="other_times",
        slots={"requested_slot": "slot_choice", "offered_slots": SLOTS[:4], "wants_booking": True,
               "mode": "phone"},
        active_loop="booking_form",
    )  # fmt: skip
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["slots_from"] == SLOTS[3]["start"]
    assert messages == []


BOOKING = {
    "wants_booking": True, "mode": "phone", "contact_name": "Sanne", "contact": "0612345678",
    "contact_phone": "0612345678", "offered_slots": SLOTS[:4], "consent": True,
    "slot_choice": f"adv-1|{SLOTS[0]['start']}", "requested_slot": "booking_confirmed",
}  # fmt: skip


def test_confirmed_booking_is_made(api):
    t = make_tracker(
        "ja",
        intent="affirm",
        slots=BOOKING,
        set_this_turn={"booking_confirmed": True},
        active_loop="booking_form",
    )
    events, _ = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["booking_confirmed"] is True and s["booking"]["id"] == "bk-1"
    (body,) = calls(api, "POST", "/api/bookings")
    assert body["adviser_id"] == "adv-1" and body["contact"]["phone"] == "0612345678"


def test_slot_taken_meanwhile_offers_new_times(api):
    api.state["taken"].add(SLOTS[0]["start"])
    t = make_tracker(
        "ja",
        intent="affirm",
        slots=BOOKING,
        set_this_turn={"booking_confirmed": True},
        active_loop="booking_form",
    )
    events, messages = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["slot_choice"] is None and s["booking_confirmed"] is None
    assert responses_of(messages) == ["utter_slot_taken"]
    _, messages = run(ActionAskSlotChoice(), make_tracker(slots={"mode": "phone"}))
    assert SLOTS[0]["start"] not in str(messages)


def test_slot_choice_by_number_and_contact_by_text(api):
    t = make_tracker(
        "2", slots={"requested_slot": "slot_choice", "offered_slots": SLOTS[:4],
                    "wants_booking": True, "mode": "video"},
    )  # fmt: skip
    assert slots_of(run(ValidateBookingForm(), t)[0])["slot_choice"] == f"adv-1|{SLOTS[1]['start']}"
    t = make_tracker("sanne@example.nl", slots={"requested_slot": "contact"})
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["contact_email"] == "sanne@example.nl"


def test_whatsapp_number_is_known_already(api):
    t = make_tracker(
        "Sanne",
        slots={"requested_slot": "contact_name"},
        sender_id="whatsapp:+31612345678",
        set_this_turn={"contact_name": "Sanne"},
    )
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["contact"] == "0612345678" and s["contact_phone"] == "0612345678"


def test_declined_booking_ends_the_form(api):
    t = make_tracker("nee", intent="deny", slots={"requested_slot": "wants_booking"},
                     set_this_turn={"wants_booking": False})  # fmt: skip
    events, _ = run(ValidateBookingForm(), t)
    assert {"event": "slot", "name": "requested_slot", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


# ---- language, channel, UTM ------------------------------------------------------------


def test_language_detection_needs_a_longer_confident_message():
    assert detect_language("Hello, I would like to know more about the voucher please") == "en"
    assert detect_language("Hallo, ik wil graag meer weten over de voucher") == "nl"
    assert detect_language("ok thanks") is None


def test_observe_sets_language_utm_and_counts_the_conversation(api):
    utm = {"source": "facebook", "medium": "cpc", "campaign": "ld", "content": "bouw"}
    t = make_tracker("Hi, I am 45 and I would like to know if I can get the voucher", intent="greet",
                     metadata={"utm": utm})  # fmt: skip
    events, _ = run(ActionObserveMessage(), t)
    s = slots_of(events)
    assert s["language"] == "en" and s["language_source"] == "detected"
    assert s["utm"]["content"] == "bouw" and s["utm"]["term"] is None
    assert s["conversation_registered"] is True
    (body,) = calls(api, "POST", "/api/conversations")
    assert body["utm"]["source"] == "facebook" and body["language"] == "en"


def test_language_is_sticky_and_switchable(api):
    t = make_tracker(
        "Ik wil graag weten wat het kost", intent="ask_costs",
        slots={"language": "en", "language_source": "detected", "conversation_registered": True},
    )  # fmt: skip
    assert "language" not in slots_of(run(ActionObserveMessage(), t)[0])
    t = make_tracker(
        "Nederlands graag", intent="switch_language",
        entities=[{"entity": "language", "value": "nl"}],
        slots={"language": "en", "language_source": "detected", "conversation_registered": True},
    )  # fmt: skip
    s = slots_of(run(ActionObserveMessage(), t)[0])
    assert s["language"] == "nl" and s["language_source"] == "explicit"


def test_metadata_language_is_the_starting_point(api):
    t = make_tracker("hoi", intent="greet", metadata={"language": "en"})
    assert slots_of(run(ActionObserveMessage(), t)[0])["language"] == "en"


# ---- handoff, start over, erasure ----------------------------------------------------------


def test_request_human_flags_the_lead(api):
    t = make_tracker(
        "bel mij", intent="request_human", slots={**INTAKE, "consent": True, "contact_phone": "0612345678"}
    )
    _, messages = run(ActionRequestHuman(), t)
    assert responses_of(messages) == ["utter_human_requested"]
    (lead,) = calls(api, "PUT", "/api/leads")
    assert lead["callback_requested"] is True and lead["contact"]["phone"] == "0612345678"


def test_request_human_asks_for_contact_then_completes(api):
    t = make_tracker("mens graag", intent="request_human", slots={"consent": True})
    events, messages = run(ActionRequestHuman(), t)
    assert slots_of(events) == {"callback_pending": True}
    assert responses_of(messages) == ["utter_human_need_contact"]
    t = make_tracker(
        "0612345678", slots={"consent": True, "callback_pending": True,
                             "conversation_registered": True},
        entities=[{"entity": "phone", "value": "0612345678"}],
    )  # fmt: skip
    events, messages = run(ActionObserveMessage(), t)
    assert slots_of(events)["callback_pending"] is False
    assert responses_of(messages) == ["utter_human_requested"]


def test_request_human_without_consent_stores_nothing(api):
    _, messages = run(ActionRequestHuman(), make_tracker("mens", intent="request_human"))
    assert responses_of(messages) == ["utter_human_no_consent"]
    assert api.calls == []


def test_restart_keeps_language_and_asks_consent_again():
    t = make_tracker("opnieuw", intent="restart", slots={**INTAKE, "language": "en"})
    events, messages = run(ActionRestartConversation(), t)
    assert events[0]["event"] == "restart"
    assert ("followup", "consent_form") in kinds(events)
    assert slots_of(events)["language"] == "en"
    assert "age" not in slots_of(events)
    assert responses_of(messages) == ["utter_restarting", "utter_welcome"]


def test_delete_data_erases_lead_and_conversation(api):
    t = make_tracker("wis mijn gegevens", intent="delete_data", slots={**INTAKE, "consent": True})
    events, messages = run(ActionDeleteData(), t)
    assert events[0]["event"] == "restart"
    assert slots_of(events)["erased"] is True
    assert ("DELETE", "/api/privacy/conversations/conv-1", None) in api.calls
    assert responses_of(messages) == ["utter_data_deleted"]


def test_delete_data_when_api_is_down(api):
    api.state["down"] = True
    events, messages = run(ActionDeleteData(), make_tracker("wis", intent="delete_data"))
    assert events == [] and responses_of(messages) == ["utter_delete_failed"]
