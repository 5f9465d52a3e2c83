"""The actions against a fake API: trackers in, events and messages asserted (financial-demo
style). One group per kind of failure of issue 11 and per resident-facing rule of issues 9/10."""

from datetime import date

import pytest

from actions import reading
from actions.asking import ActionAskAge, ActionAskConsent, ActionAskMunicipality, ActionAskPains
from actions.booking import ActionAskBookingConfirmed, ActionAskSlotChoice, ActionBookingDone, ActionConsentDone
from actions.common import format_when, local_time
from actions.conversation import (
    ActionDeleteData,
    ActionRequestHuman,
    ActionRestartConversation,
    ActionResume,
)
from actions.observe import ActionObserveMessage
from actions.validation.booking import ValidateBookingForm
from actions.validation.consent import ValidateConsentForm
from actions.validation.intake import ValidateIntakeForm
from actions.verdict import ActionCheckEligibility, ActionRecheck, ActionRetry
from tests.bot.fake_api import SLOTS, FakeApi
from tests.bot.helpers import earlier_message, entity, make_tracker, responses_of, run, slots_of

INTAKE = {"age": 45, "municipality": "Delft", "work_situation": "employed"}
STARTED = [{"event": "action", "name": "utter_welcome"}]


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


def observe(text, intent="inform", *, ents=(), slots=None, active_loop=None, confidence=0.99, **kw):
    """The reading of one message (action_validate_slot_mappings), as Rasa runs it on every message."""
    tracker = make_tracker(
        text,
        intent,
        confidence=confidence,
        entities=[entity(text, *e) for e in ents],
        slots={"conversation_registered": True, **(slots or {})},
        active_loop=active_loop,
        before=STARTED,
        **kw,
    )
    return run(ActionObserveMessage(), tracker)


def in_intake(asked, **slots):
    return {"requested_slot": asked, **slots}


# ---- several answers at once, and what must not fill a slot ---------------------------------


def test_several_answers_about_oneself_fill_several_slots(api):
    text = "ik ben 45, woon in Delft en werk in de bouw. kan ik die voucher krijgen?"
    events, messages = observe(
        text,
        ents=[("age", 45, "45"), ("municipality", "Delft", "Delft"), ("sector", "construction", "bouw")],
    )
    s = slots_of(events)
    assert s["age"] == 45 and s["municipality"] == "Delft" and s["sector"] == "construction"
    assert messages == []


def test_a_question_about_the_scheme_sets_no_answer(api):
    text = "geldt dit ook voor een cursus?"
    events, _ = observe(text, "ask_courses", ents=[("pain", "no_prospects", "cursus")])
    assert "pains" not in slots_of(events)


def test_an_age_inside_a_question_is_not_taken(api):
    text = "hoi ik ben 19 mag ik al meedoen?"
    events, _ = observe(text, "ask_who_can_apply", ents=[("age", 19, "19")])
    assert "age" not in slots_of(events)


def test_a_wish_does_not_undo_a_fact(api):
    """On benefits and later "I want to work again": still on benefits (the stronger fact)."""
    text = "ik wil echt weer aan het werk"
    events, _ = observe(
        text,
        ents=[("work_situation", "returner", "weer aan het werk")],
        slots=in_intake("pains", age=44, municipality="Den Haag", work_situation="on_benefits"),
        active_loop="intake_form",
    )
    assert "work_situation" not in slots_of(events)


def test_a_wish_in_the_opening_is_not_a_work_situation(api):
    text = "ik zit thuis en wil weer werken"
    events, _ = observe(text, ents=[("work_situation", "returner", "wil weer werken")])
    assert "work_situation" not in slots_of(events)


def test_near_a_place_is_not_living_there(api):
    events, _ = observe("hoi, ik woon vlak bij Den Haag.", ents=[("municipality", "Den Haag", "Den Haag")])
    assert "municipality" not in slots_of(events)


def test_a_value_for_the_question_asked_wins_over_an_faq_intent(api):
    """Typing a button's words ("I have no diploma") is an answer, whatever the classifier says."""
    text = "I have no diploma"
    tracker = make_tracker(
        text,
        "ask_courses",
        confidence=0.9,
        entities=[entity(text, "pain", "no_diploma", "no diploma")],
        slots={**INTAKE, "requested_slot": "pains", "conversation_registered": True, "language": "en"},
        active_loop="intake_form",
    )
    events, _ = run(ActionObserveMessage(), tracker)
    assert slots_of(events)["pains"] == ["no_diploma"]
    tracker = make_tracker(
        text,
        "ask_courses",
        confidence=0.9,
        slots={**INTAKE, "requested_slot": "pains"},
        set_this_turn={"pains": ["no_diploma"]},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), tracker)
    assert slots_of(events)["pains"] == ["no_diploma"] and messages == []


def test_a_question_read_as_a_no_is_no_answer_that_nothing_bothers_one(api):
    tracker = make_tracker(
        "Gaat dit niet van mijn WW af als ik een opleiding ga doen?",
        "deny",
        slots={**INTAKE, "requested_slot": "pains"},
        active_loop="intake_form",
        before=[ASKED_PAINS],
    )
    events, _ = run(ValidateIntakeForm(), tracker)
    assert "pains" not in slots_of(events)


def test_a_question_about_costs_at_what_to_change_names_no_pain(api):
    """ "kost het mij zelf nog geld of wordt alles betaald", asked without a question mark while
    "what would you like to change?" is open: money asked about is no low income."""
    text = "kost het mij zelf nog geld of wordt alles betaald"
    events, _ = observe(text, "ask_costs", slots=in_intake("pains", **INTAKE), active_loop="intake_form")
    assert "pains" not in slots_of(events)


def test_a_remark_after_a_question_about_the_scheme_is_no_answer_to_what_to_change(api):
    """ "how long would a course take? i don't want to be studying for years": the question is
    answered and "what would you like to change?" follows again; the remark is about the course."""
    text = "how long would a course take? i don't want to be studying for years"
    slots = in_intake("pains", **INTAKE, language="en")
    events, _ = observe(text, "ask_duration", slots=slots, active_loop="intake_form", confidence=0.95)
    assert "pains" not in slots_of(events)
    # told first, the same words are an answer; after the question, what the rules read is one too
    events, _ = observe("i want to grow. how long would a course take?", "ask_duration", slots=slots,
                        active_loop="intake_form", confidence=0.95)  # fmt: skip
    assert slots_of(events)["pains"] == ["no_prospects"]
    events, _ = observe("how long would a course take? my back hurts from lifting all day", "ask_duration",
                        slots=slots, active_loop="intake_form", confidence=0.95)  # fmt: skip
    assert slots_of(events)["pains"] == ["physical_strain"]


def test_a_move_told_with_what_to_change_puts_the_municipality_right(api):
    """The old place negated at the end of a long answer ("..., niet meer den haag") is a
    correction: the new place replaces the one given before, and the pains are read too."""
    text = (
        "vroege diensten en late diensten door elkaar. ik wil naar iets op kantoor. "
        "o en ik woon sinds vorige maand in rijswijk, niet meer den haag"
    )
    slots = in_intake("pains", **{**INTAKE, "municipality": "Den Haag"})
    events, _ = observe(text, slots=slots, active_loop="intake_form")
    s = slots_of(events)
    assert s["municipality"] == "Rijswijk" and "irregular_hours" in s["pains"]


def test_a_move_told_with_ones_work_puts_the_municipality_right(api):
    """ "niet meer in Den Haag": the old place after "niet meer in" is the old value too."""
    text = "ww sinds augustus. oh en sorry, ik woon sinds mei in Delft, niet meer in Den Haag. oude gewoonte"
    slots = in_intake("work_situation", age=54, municipality="Den Haag")
    s = slots_of(observe(text, slots=slots, active_loop="intake_form")[0])
    assert s["municipality"] == "Delft" and s["work_situation"] == "on_benefits"


def test_own_words_about_work_are_kept_even_when_they_map_to_nothing(api):
    text = "na een dienst kan ik bijna niet meer staan"
    events, _ = observe(text, "out_of_scope", slots=in_intake("pains", **INTAKE), active_loop="intake_form")
    assert slots_of(events)["work_text"] == text


def test_pains_heard_in_passing_do_not_skip_the_question_what_to_change(api):
    """A flex contract named with one's work is a fact about the job: "what would you like to
    change?" is still asked, and what is heard stays when that answer maps to nothing."""
    t = make_tracker(
        "magazijnmedewerker via een uitzendbureau",
        slots={"age": 30, "municipality": "Delft", "requested_slot": "work_situation"},
        set_this_turn={"work_situation": "employed", "pains": ["insecure_work"]},
        active_loop="intake_form",
    )
    events, _ = run(ValidateIntakeForm(), t)
    assert slots_of(events)["requested_slot"] == "pains"
    # asked once: an answer the bot cannot read keeps what was heard, and the form goes on
    t = make_tracker(
        "tja, lastig te zeggen",
        "out_of_scope",
        slots={**INTAKE, "pains": ["insecure_work"], "requested_slot": "pains"},
        active_loop="intake_form",
        before=[ASKED_PAINS],
    )
    events, _ = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    # what was heard is kept, and set again: an answer, so Rasa does not reject the form and
    # let the rules say "anything else?" before the verdict
    assert s["requested_slot"] is None and s["pains"] == ["insecure_work"] and "failures" not in s


ASKED_PAINS = {"event": "slot", "name": "requested_slot", "value": "pains"}


def test_an_age_said_as_a_decade_is_asked_once_more_as_a_number(api):
    """ "ergens in de 40": asked again for the number (the adviser needs it); a decade again is
    kept as the guess, and the check goes on."""
    asked_age = {"event": "slot", "name": "requested_slot", "value": "age"}
    t = make_tracker(
        "ergens in de 40",
        slots={"requested_slot": "age"},
        set_this_turn={"age": 45},
        active_loop="intake_form",
        before=[asked_age],
    )
    events, _ = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["age"] is None and s["requested_slot"] == "age" and s["failures"] == 1
    t = make_tracker(
        "geen idee precies, in de 40",
        slots={"requested_slot": "age", "failures": 1},
        set_this_turn={"age": 45},
        active_loop="intake_form",
        before=[asked_age, {"event": "user", "text": "ergens in de 40"}],
    )
    s = slots_of(run(ValidateIntakeForm(), t)[0])
    assert s["age"] == 45 and s["requested_slot"] == "municipality"


def test_a_corrected_age_with_ones_work_is_no_whole_story(api):
    """ "ik werk in de kassen via een uitzendbureau. o wacht, ik ben 34, niet 43": the age was
    given before, so this turn tells only the work; what to change is asked in full."""
    t = make_tracker(
        "ik werk in de kassen via een uitzendbureau. o wacht ik ben 34 niet 43",
        slots={"municipality": "Westland", "requested_slot": "work_situation"},
        before=[{"event": "user", "text": "43"}, {"event": "slot", "name": "age", "value": 43}],
        set_this_turn={"age": 34, "work_situation": "employed", "pains": ["insecure_work"]},
        active_loop="intake_form",
    )
    events, _ = run(ValidateIntakeForm(), t)
    assert slots_of(events)["requested_slot"] == "pains" and not reading.pains_told_in_whole_story(t)
    # told at once with an age not given before, it is the whole story: only "anything else?"
    t = make_tracker(
        "ik ben 34 en werk in de kassen via een uitzendbureau",
        slots={"municipality": "Westland", "requested_slot": "age"},
        set_this_turn={"age": 34, "work_situation": "employed", "pains": ["insecure_work"]},
        active_loop="intake_form",
    )
    events, _ = run(ValidateIntakeForm(), t)
    assert slots_of(events)["requested_slot"] == "pains" and reading.pains_told_in_whole_story(t)


def test_a_question_back_while_what_to_change_is_open_is_no_answer_to_it(api):
    """Insecure work heard in the opening, then "can I do it part time?" at the question what to
    change: no verdict yet, the question stays open."""
    t = make_tracker(
        "can I do the training part time next to my work?",
        "out_of_scope",
        slots={**INTAKE, "pains": ["insecure_work"], "requested_slot": "pains", "language": "en"},
        active_loop="intake_form",
        before=[ASKED_PAINS],
    )
    s = slots_of(run(ValidateIntakeForm(), t)[0])
    assert s["requested_slot"] == "pains" and s.get("pains", ["insecure_work"]) == ["insecure_work"]


def test_a_correction_while_what_to_change_is_open_is_no_answer_to_it(api):
    """Night shifts heard in the opening, "what would you like to change?" asked, then "oh wait, I
    am 52, not 53": the age changes and the question is put again (the verdict waited for it)."""
    t = make_tracker(
        "oh wacht ik heb me vergist, ik ben 52, niet 53",
        slots={**INTAKE, "age": 53, "pains": ["irregular_hours"], "requested_slot": "pains"},
        set_this_turn={"age": 52},
        active_loop="intake_form",
        before=[ASKED_PAINS],
    )
    events, _ = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["age"] == 52 and s["requested_slot"] == "pains"


WHOLE_STORY = "ik ben 38, woon in Rijswijk, ben kok en die avonddiensten slopen me"
TOLD = {"age": 38, "municipality": "Rijswijk", "work_situation": "employed", "pains": ["irregular_hours"]}


def whole_story_told() -> list[dict]:
    """The events of an opening that told the whole story, and the question whether there is more."""
    return [
        {"event": "user", "text": WHOLE_STORY},
        *({"event": "slot", "name": k, "value": v} for k, v in TOLD.items()),
        ASKED_PAINS,
    ]


def test_pains_told_with_the_whole_story_at_once_are_asked_only_whether_there_is_more(api):
    """After the whole story at once, "what would you like to change?" would ask again what was
    just told: the bot asks whether there is anything else, with a button to say no."""
    t = make_tracker(WHOLE_STORY, slots={"requested_slot": "age"}, set_this_turn=TOLD, active_loop="intake_form")
    assert slots_of(run(ValidateIntakeForm(), t)[0])["requested_slot"] == "pains"
    before = [
        {"event": "user", "text": WHOLE_STORY},
        *({"event": "slot", "name": k, "value": v} for k, v in TOLD.items()),
    ]
    t = make_tracker("", slots={**TOLD, "requested_slot": "pains"}, before=before, active_loop="intake_form")
    _, messages = run(ActionAskPains(), t)
    assert responses_of(messages) == ["utter_ask_pains_more"]
    # a pain heard in passing with one's work is asked about in full
    t = make_tracker(
        "",
        slots={**INTAKE, "pains": ["insecure_work"], "requested_slot": "pains"},
        before=[
            {"event": "user", "text": "via een uitzendbureau"},
            {"event": "slot", "name": "pains", "value": ["insecure_work"]},
        ],
        active_loop="intake_form",
    )
    assert responses_of(run(ActionAskPains(), t)[1]) == ["utter_ask_pains"]


def test_giving_up_on_what_to_change_keeps_what_was_told_before(api):
    """Questions instead of an answer at "anything else?": after the second failed attempt the
    check goes on with what the whole story told, not with nothing (that would be needs_review)."""
    asked = {
        "event": "user",
        "text": "wat kost het?",
        "parse_data": {"intent": {"name": "ask_costs", "confidence": 0.99}},
    }
    t = make_tracker(
        "en mag ik dat ook naast mijn werk doen?",
        "out_of_scope",
        slots={**TOLD, "requested_slot": "pains", "failures": 1},
        before=[*whole_story_told(), {"event": "action", "name": "action_listen"}, asked],
        active_loop="intake_form",
    )
    s = slots_of(run(ValidateIntakeForm(), t)[0])
    assert s["requested_slot"] is None and s["pains"] == TOLD["pains"]


@pytest.mark.parametrize(
    ("text", "intent", "pains"),
    [
        ("nee, dat was het", "deny", ["irregular_hours"]),
        ("/deny", "deny", ["irregular_hours"]),
        ("nee verder niks", "deny", ["irregular_hours"]),
        ("ja, ik verdien ook te weinig", "inform", ["irregular_hours", "low_income"]),
        ("eigenlijk ook het loon, dat is te laag", "inform", ["irregular_hours", "low_income"]),
    ],
)
def test_the_answer_to_whether_there_is_more_keeps_what_the_whole_story_told(api, text, intent, pains):
    t = make_tracker(
        text,
        intent,
        slots={"conversation_registered": True, **TOLD, "requested_slot": "pains"},
        before=[*STARTED, *whole_story_told()],
        active_loop="intake_form",
    )
    events, _ = run(ActionObserveMessage(), t)
    assert sorted(slots_of(events).get("pains", TOLD["pains"])) == pains
    t = make_tracker(
        text,
        intent,
        slots={**TOLD, "requested_slot": "pains"},
        set_this_turn={"pains": pains},
        before=whole_story_told(),
        active_loop="intake_form",
    )
    s = slots_of(run(ValidateIntakeForm(), t)[0])
    assert s["requested_slot"] is None and sorted(s["pains"]) == pains


def test_the_answer_to_what_to_change_is_added_to_what_was_heard_in_passing(api):
    """ "Via een uitzendbureau" said with the work is insecure work, a pain of the scheme; the answer
    to "what would you like to change?" adds to it (residents and advisers expect both)."""
    text = "ik wil meer verdienen en verder groeien"
    events, _ = observe(text, slots=in_intake("pains", **INTAKE, pains=["insecure_work"]), active_loop="intake_form")
    assert sorted(slots_of(events)["pains"]) == ["insecure_work", "low_income", "no_prospects"]


# ---- corrections anywhere --------------------------------------------------------------------


def test_a_correction_in_passing_is_applied_and_acknowledged(api):
    text = "ik zit trouwens in Westland, niet in Delft"
    events, messages = observe(
        text,
        ents=[("municipality", "Westland", "Westland"), ("municipality", "Delft", "Delft")],
        slots=in_intake("work_situation", age=45, municipality="Delft"),
        active_loop="intake_form",
    )
    assert slots_of(events)["municipality"] == "Westland"
    assert responses_of(messages) == ["Ik heb je woonplaats aangepast: Westland."]


def test_an_answer_that_also_names_another_sector_with_a_word_of_correcting_is_read(api):
    # "eigenlijk" with a wished sector once crashed the reading, and the answer was lost
    text = "Mijn rooster is elke week anders. En ik heb geen diploma. Eigenlijk zou ik in de kinderopvang willen."
    events, messages = observe(
        text,
        slots=in_intake("pains", age=32, municipality="Den Haag", work_situation="employed", sector="retail"),
        active_loop="intake_form",
    )
    assert {"irregular_hours", "no_diploma"} <= set(slots_of(events)["pains"])
    assert slots_of(events)["sector"] == "childcare"
    assert responses_of(messages) == []  # a sector is a detail: no "I have changed ..." for it


@pytest.mark.parametrize(
    ("text", "language", "said"),
    [
        ("ik ben eigenlijk 51, niet 50", "nl", "Ik heb je leeftijd aangepast: 51."),
        ("sorry, typo earlier, I'm 35 not 33", "en", "I have changed your age: 35."),
    ],
)
def test_an_age_correction_in_both_languages(api, text, language, said):
    age = int(said.rstrip(".").rsplit(" ", 1)[1])
    events, messages = observe(
        text,
        ents=[("age", age, str(age))],
        slots=in_intake("municipality", age=age - 1 if age == 51 else 33, language=language),
        active_loop="intake_form",
    )
    assert slots_of(events)["age"] == age
    assert responses_of(messages) == [said]


def test_a_correction_that_names_the_old_age_needs_no_i_am(api):
    """ "oops I meant 29, not 92" while the place is asked: 92 was the age, so 29 is the new one;
    a number that names no earlier age stays out of it."""
    events, messages = observe(
        "oops I meant 29, not 92", slots=in_intake("municipality", age=92, language="en"), active_loop="intake_form"
    )
    assert slots_of(events)["age"] == 29
    assert responses_of(messages) == ["I have changed your age: 29."]
    events, _ = observe(
        "I live at number 92, not 29", slots=in_intake("municipality", age=92, language="en"), active_loop="intake_form"
    )
    assert "age" not in slots_of(events)


def test_a_birthday_in_passing_puts_the_age_right(api):
    """ "oja ik ben vorige week 35 geworden dus geen 34" while the place is asked: "geen 34" names the
    old age."""
    events, messages = observe(
        "laakkwartier. oja ik ben vorige week 35 geworden dus geen 34 haha",
        slots=in_intake("municipality", age=34),
        active_loop="intake_form",
    )
    assert slots_of(events)["age"] == 35
    assert "Ik heb je leeftijd aangepast: 35." in responses_of(messages)


def test_a_slip_admitted_with_the_new_age_is_a_correction(api):
    events, messages = observe(
        "oeps, vergissing: ik ben 58",
        ents=[("age", 58, "58")],
        slots=in_intake("work_situation", age=57, municipality="Delft"),
        active_loop="intake_form",
    )
    assert slots_of(events)["age"] == 58
    assert responses_of(messages) == ["Ik heb je leeftijd aangepast: 58."]


def test_a_negation_in_an_answer_is_part_of_the_answer_not_an_old_value():
    """Only a number or a place after "niet" is the old value of a correction: "dat diploma heb
    ik niet voor de zorg" says what is missing."""
    from actions import reading

    tracker = make_tracker(
        "dat diploma heb ik niet voor de zorg", slots=in_intake("pains", **INTAKE), active_loop="intake_form"
    )
    assert reading.read(tracker, "pains").answers == {"pains": ["no_diploma"]}
    assert reading.old_value_spans("ik woon in Rijswijk, niet in Delft") != []
    assert reading.old_value_spans("ik heb het niet voor het zeggen") == []


@pytest.mark.parametrize(
    ("text", "language", "slot", "switched"),
    [
        ("can we do this in english? my dutch is bad", "nl", "municipality", "en"),
        ("kan het ook in het Nederlands", "en", "work_situation", "nl"),
    ],
)
def test_a_request_for_another_language_answers_nothing_and_the_question_follows_in_it(
    api, text, language, slot, switched
):
    slots = {"age": 30, "municipality": "Delft"} if slot == "work_situation" else {"age": 30}
    events, _ = observe(text, "out_of_scope", slots={**in_intake(slot, **slots), "language": language},
                        active_loop="intake_form")  # fmt: skip
    found = slots_of(events)
    assert found.get("language") == switched
    assert slot not in found and not {"work_situation", "pains"} & set(found)
    t = make_tracker(
        text,
        "out_of_scope",
        slots={**in_intake(slot, **slots), "language": switched},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), t)
    assert slots_of(events)["requested_slot"] == slot
    assert responses_of(messages) == ["utter_language_switched"]
    assert slots_of(events).get("failures", 0) == 0


@pytest.mark.parametrize(
    ("text", "age"),
    [("41, nee 42 sorry", 42), ("45. Oh wait, I had my birthday last week, so 46.", 46),
     ("ik ben 52, eigenlijk 53", 53), ("46, wait, is that a problem?", 46),
     ("Geboren in 1968. Nee wacht, 1967, ik haal het altijd door elkaar met mijn broer", date.today().year - 1967)],
)  # fmt: skip
def test_a_correction_within_the_answer_itself(text, age):
    from actions import reading

    tracker = make_tracker(text, slots={"requested_slot": "age"}, active_loop="intake_form")
    assert reading.read(tracker, "age").answers == {"age": age}


def test_after_the_verdict_a_correction_outside_the_forms_triggers_a_recheck(api):
    text = "ik ben eigenlijk 51, niet 50"
    events, messages = observe(
        text, ents=[("age", 51, "51")], slots={**INTAKE, "age": 50, "pains": ["low_income"], "verdict": "eligible"}
    )
    s = slots_of(events)
    assert s["age"] == 51 and s["answered"] is True
    t = make_tracker(text, slots={**INTAKE, "age": 51, "pains": ["low_income"], "verdict": "eligible", "consent": True})
    events, messages = run(ActionRecheck(), t)
    assert responses_of(messages)[0] == "Ik heb opnieuw gekeken met je nieuwe antwoord."
    assert slots_of(events)["verdict"] == "eligible"
    (lead,) = calls(api, "PUT", "/api/leads")
    assert lead["age"] == 51


def test_a_button_payload_goes_through_the_same_checks(api):
    """/inform{"email": ..., "age": 7} typed by hand: an implausible age is not kept, and an e-mail
    outside its question sets nothing."""
    text = '/inform{"email": "x@example.org", "age": 7}'
    events, _ = observe(text, ents=[("email", "x@example.org", "x@example.org"), ("age", 7, "7")], slots=INTAKE)
    s = slots_of(events)
    assert "age" not in s and "contact_email" not in s
    text = '/inform{"age": 70}'
    events, _ = observe(text, ents=[("age", 70, "70")], slots=INTAKE)
    assert slots_of(events)["age"] == 70


# ---- no dead ends ------------------------------------------------------------------------------


def test_first_failed_attempt_asks_again_with_what_is_needed(api):
    t = make_tracker("blabla", "nlu_fallback", slots={"requested_slot": "age"}, active_loop="intake_form")
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["failures"] == 1 and s["requested_slot"] == "age"
    assert messages == []
    _, messages = run(ActionAskAge(), make_tracker(slots={"failures": 1}))
    assert responses_of(messages) == ["utter_retry_age"]
    _, messages = run(ActionAskAge(), make_tracker(slots={"failures": 0}))
    assert responses_of(messages) == ["utter_ask_age"]


def test_second_failed_attempt_keeps_the_answer_as_typed_and_moves_on(api):
    t = make_tracker(
        "nou ja gewoon van alles",
        "out_of_scope",
        slots={**INTAKE, "requested_slot": "pains", "failures": 1},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["pains"] == [] and s["failures"] == 0 and s["requested_slot"] is None
    assert responses_of(messages) == ["utter_moved_on_pains"]


def test_a_detail_heard_in_passing_is_no_answer_so_the_question_is_not_asked_a_third_time(api):
    """A sector named in a message that answers nothing asked: a failed attempt, so the second
    such message moves on instead of the pains question coming a third time."""
    text = "in de haven vragen ze altijd naar iets dat ik niet heb"
    t = make_tracker(
        text,
        "inform",
        slots={**INTAKE, "requested_slot": "pains"},
        set_this_turn={"sector": "logistics"},
        active_loop="intake_form",
    )
    s = slots_of(run(ValidateIntakeForm(), t)[0])
    assert s["failures"] == 1 and s["requested_slot"] == "pains"
    t = make_tracker(
        text,
        "inform",
        slots={**INTAKE, "requested_slot": "pains", "failures": 1},
        set_this_turn={"sector": "logistics"},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), t)
    assert slots_of(events)["requested_slot"] is None
    assert responses_of(messages) == ["utter_moved_on_pains"]


def test_an_answer_to_another_question_asks_the_open_one_again_without_a_failure(api):
    t = make_tracker(
        "ik woon trouwens in Delft",
        slots={**INTAKE, "requested_slot": "pains"},
        set_this_turn={"municipality": "Delft"},
        active_loop="intake_form",
    )
    assert "failures" not in slots_of(run(ValidateIntakeForm(), t)[0])


def test_an_unknown_place_is_kept_as_typed_after_two_attempts(api):
    t = make_tracker(
        "Zwartewaal", slots={"age": 40, "requested_slot": "municipality", "failures": 1}, active_loop="intake_form"
    )
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["municipality"] == "Zwartewaal" and s["requested_slot"] == "work_situation"
    assert responses_of(messages) == ["utter_moved_on_municipality"]


def test_skip_the_age_question(api):
    t = make_tracker("/dont_know", "dont_know", slots={"requested_slot": "age"}, active_loop="intake_form")
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["skipped"] == ["age"] and s["requested_slot"] == "municipality"
    assert "failures" not in s or s["failures"] == 0
    assert responses_of(messages) == ["utter_moved_on_age"]


def test_another_municipality_asks_which_place(api):
    text = '/inform{"municipality": "other"}'
    t = make_tracker(
        text,
        entities=[{"entity": "municipality", "value": "other"}],
        slots={"age": 40, "requested_slot": "municipality"},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["place_asked"] is True and s["municipality"] is None and "failures" not in s
    _, messages = run(ActionAskMunicipality(), make_tracker(slots={"place_asked": True}))
    assert responses_of(messages) == ["utter_ask_place"]


def test_a_confident_question_is_a_digression_once(api):
    """Answered by the rules (no events: the form rejects the message); asked again at the same
    question it counts as a failed attempt, so the same answer is not sent over and over."""
    t = make_tracker("wat kost het?", "ask_costs", slots={"requested_slot": "age"}, active_loop="intake_form")
    events, messages = run(ValidateIntakeForm(), t)
    assert [e for e in events if e["name"] != "requested_slot"] == [] and messages == []
    t = make_tracker(
        "wat kost het?",
        "ask_costs",
        slots={"requested_slot": "age"},
        active_loop="intake_form",
        before=earlier_message("wat kost het nou?", "ask_costs", "age"),
    )
    events, _ = run(ValidateIntakeForm(), t)
    assert slots_of(events)["failures"] == 1


def test_an_unsure_faq_guess_on_a_statement_is_a_failed_attempt(api):
    t = make_tracker(
        "na een dienst kan ik bijna niet meer staan",
        "ask_courses",
        confidence=0.6,
        slots={**INTAKE, "requested_slot": "pains"},
        active_loop="intake_form",
    )
    events, _ = run(ValidateIntakeForm(), t)
    assert slots_of(events)["failures"] == 1


def test_asking_for_a_person_is_always_obeyed(api):
    t = make_tracker(
        "ik wil een mens spreken",
        "request_human",
        slots={"requested_slot": "age", "failures": 1},
        active_loop="intake_form",
        before=earlier_message("mens", "request_human", "age"),
    )
    events, _ = run(ValidateIntakeForm(), t)
    assert "failures" not in slots_of(events)


def test_whatsapp_numbered_option(api):
    t = make_tracker("2", slots={"requested_slot": "work_situation"}, channel="twilio", active_loop="intake_form")
    assert slots_of(run(ValidateIntakeForm(), t)[0])["work_situation"] == "self_employed"


# ---- consent at the moment of storing ----------------------------------------------------------


def test_the_intake_stores_nothing(api):
    t = make_tracker("45", slots={"requested_slot": "age"}, set_this_turn={"age": 45}, active_loop="intake_form")
    run(ValidateIntakeForm(), t)
    assert calls(api, "PUT", "/api/leads") == []


def test_consent_is_asked_in_the_booking_and_yes_stores_the_lead(api):
    t = make_tracker(
        "ja hoor",
        "affirm",
        slots={**INTAKE, "pains": ["low_income"], "wants_booking": True, "requested_slot": "consent"},
        active_loop="booking_form",
    )
    events, _ = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["consent"] is True and s["consent_at"] and s["requested_slot"] == "mode"
    (lead,) = calls(api, "PUT", "/api/leads")
    assert lead["consent_at"] == s["consent_at"] and lead["age"] == 45
    _, messages = run(ActionAskConsent(), make_tracker(active_loop="booking_form"))
    assert responses_of(messages) == ["utter_ask_consent_booking"]


def test_declining_consent_ends_the_booking_not_the_check(api):
    slots = {**INTAKE, "pains": ["low_income"], "wants_booking": True, "requested_slot": "consent"}
    t = make_tracker("nee liever niet", "deny", slots=slots, active_loop="booking_form")
    events, _ = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["consent"] is False and s["requested_slot"] is None
    events, messages = run(
        ActionBookingDone(), make_tracker("nee liever niet", "deny", slots={**slots, "consent": False})
    )
    assert responses_of(messages) == ["utter_no_consent_booking"]
    assert slots_of(events)["next_step"] == "done"
    assert calls(api, "PUT", "/api/leads") == []


def test_declining_the_booking_offers_to_save_the_answers(api):
    events, messages = run(ActionBookingDone(), make_tracker(slots={**INTAKE, "wants_booking": False}))
    assert responses_of(messages) == ["utter_booking_declined"] and slots_of(events)["next_step"] == "save"
    t = make_tracker(
        "ja dat mag",
        "affirm",
        slots={**INTAKE, "pains": ["low_income"], "requested_slot": "consent"},
        active_loop="consent_form",
    )
    events, _ = run(ValidateConsentForm(), t)
    assert slots_of(events)["consent"] is True
    (lead,) = calls(api, "PUT", "/api/leads")
    assert lead["consent_at"]
    _, messages = run(ActionAskConsent(), make_tracker(active_loop="consent_form"))
    assert responses_of(messages) == ["utter_ask_consent_save"]


def test_a_correction_at_the_save_offer_is_checked_again_and_a_booking_offered(api):
    """Not eligible at 70, then "sorry, ik ben 45, niet 70" where the bot asks to store the
    answers: the verdict again, and the booking is offered instead of the same question."""
    slots = {**INTAKE, "age": 70, "pains": ["low_income"], "verdict": "not_eligible", "requested_slot": "consent"}
    t = make_tracker("sorry, ik ben 45, niet 70", slots=slots, set_this_turn={"age": 45}, active_loop="consent_form")
    events, messages = run(ValidateConsentForm(), t)
    s = slots_of(events)
    assert s["verdict"] == "eligible" and s["next_step"] == "booking" and s["requested_slot"] is None
    assert "Ik heb opnieuw gekeken met je nieuwe antwoord." in responses_of(messages)
    t = make_tracker(slots={**slots, "age": 45, **s})
    events, messages = run(ActionConsentDone(), t)
    assert events == [{"event": "followup", "name": "booking_form", "timestamp": None}] and messages == []


def test_a_correction_after_yes_to_a_conversation_goes_on_with_the_booking(api):
    """ "wacht, ik ben 39 niet 38" where the booking asks to store the answers: the verdict again,
    and the booking goes on; the resident is not asked again whether they want a conversation."""
    slots = {**INTAKE, "age": 38, "pains": ["physical_strain"], "verdict": "eligible", "wants_booking": True,
             "requested_slot": "consent"}  # fmt: skip
    t = make_tracker("wacht, ik ben 39 niet 38", slots=slots, set_this_turn={"age": 39}, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert "Ik heb opnieuw gekeken met je nieuwe antwoord." in responses_of(messages)
    assert s["verdict"] == "eligible" and "wants_booking" not in s and s["requested_slot"] == "consent"


def test_a_question_asked_beside_a_yes_is_answered_too(api):
    """ "Oké prima, maar wat doen jullie met mijn gegevens?" where the booking asks to store the
    answers: the yes is taken, and the question is answered before the next one, not ignored."""
    slots = {**INTAKE, "pains": ["physical_strain"], "verdict": "eligible", "wants_booking": True,
             "requested_slot": "consent"}  # fmt: skip
    text = "Oké prima, maar wat doen jullie met mijn gegevens?"
    ranking = [("affirm", 0.78), ("ask_privacy", 0.22)]
    t = make_tracker(text, "affirm", confidence=0.78, ranking=ranking, slots=slots, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["consent"] is True and "utter_privacy" in responses_of(messages)
    plain = make_tracker("ja prima", "affirm", ranking=ranking, slots=slots, active_loop="booking_form")
    assert "utter_privacy" not in responses_of(run(ValidateBookingForm(), plain)[1])


@pytest.mark.parametrize(
    ("intent", "ranking"),
    [("ask_privacy", [("ask_privacy", 0.9)]), ("other_times", [("other_times", 0.73), ("ask_privacy", 0.18)])],
)
def test_a_second_question_at_the_consent_is_answered_and_the_consent_not_asked_a_third_time(api, intent, ranking):
    """ "Wat doen jullie met mijn gegevens?", then "En wie kan ze zien?" where the booking asks to
    store the answers: the second question is answered (also when the classifier ranks it second),
    and without a yes nothing is stored (the question is not put a third time)."""
    slots = {**INTAKE, "pains": ["physical_strain"], "verdict": "eligible", "wants_booking": True,
             "requested_slot": "consent"}  # fmt: skip
    first = earlier_message("Wat doen jullie met mijn gegevens?", "ask_privacy", "consent")
    t = make_tracker(
        "En wie kan ze zien?", intent, confidence=ranking[0][1], ranking=ranking, slots=slots,
        active_loop="booking_form", before=first,
    )  # fmt: skip
    events, messages = run(ValidateBookingForm(), t)
    assert "utter_privacy" in responses_of(messages)
    assert slots_of(events)["consent"] is False and slots_of(events)["requested_slot"] != "consent"


def test_a_second_language_request_at_the_consent_ends_it_without_a_third_ask(api):
    """ "In English please?" twice where the booking asks to store the answers: the language was
    switched the first time, and the question is not put a third time."""
    slots = {**INTAKE, "pains": ["physical_strain"], "verdict": "eligible", "wants_booking": True,
             "requested_slot": "consent", "language": "en"}  # fmt: skip
    first = earlier_message("Sorry, in English please?", "switch_language", "consent")
    t = make_tracker("English please, I don't understand", "switch_language", confidence=0.95, slots=slots,
                     active_loop="booking_form", before=first)  # fmt: skip
    events, _ = run(ValidateBookingForm(), t)
    assert slots_of(events)["consent"] is False and slots_of(events)["requested_slot"] != "consent"


def test_a_question_taken_for_other_times_outside_the_times_is_not_passed_over(api):
    """ "en als ik later wil dat alles weer weg is, kan dat dan?" where the booking asks how to reach
    the resident, classified as "other times": not passed over in silence (the same question twice
    in a row), but said honestly, and the question follows."""
    slots = {**INTAKE, "pains": ["low_income"], "wants_booking": True, "consent": True, "mode": "phone",
             "slot_choice": f"adv-1|{SLOTS[0]['start']}", "contact_name": "Ricardo",
             "requested_slot": "contact"}  # fmt: skip
    text = "en als ik later wil dat alles weer weg is, kan dat dan?"
    t = make_tracker(text, "other_times", confidence=0.6, slots=slots, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    assert responses_of(messages) == ["utter_question_for_adviser"] and slots_of(events)["requested_slot"] == "contact"


def test_a_correction_at_the_save_offer_while_the_api_is_down_waits_for_try_again(api):
    """The check after the correction cannot reach the API: the resident is told and asked to try
    again, so a "ja" now answers that, not "shall I save your answers?" (nothing is stored
    without a verdict), and "try again" gives the verdict."""
    api.state["down"] = True
    slots = {**INTAKE, "age": 70, "pains": ["low_income"], "verdict": "not_eligible", "requested_slot": "consent"}
    t = make_tracker("sorry, ik ben 45, niet 70", slots=slots, set_this_turn={"age": 45}, active_loop="consent_form")
    events, messages = run(ValidateConsentForm(), t)
    s = slots_of(events)
    assert s["next_step"] == "retry" and s["requested_slot"] is None and "consent" not in s
    t = make_tracker(slots={**slots, "age": 45, **s})
    events, messages = run(ActionConsentDone(), t)
    assert events == [] and messages == []
    assert "conv-1" not in api.state["leads"]
    api.state["down"] = False
    events, _ = run(ActionRetry(), make_tracker("ja", "affirm", slots={**slots, "age": 45, **s}))
    assert slots_of(events)["verdict"] == "eligible" and slots_of(events)["next_step"] == "booking"


def test_every_upsert_after_consent_carries_it(api):
    """The API was down when consent was given: the next upsert still creates a consented lead
    (the fake API refuses to create a lead without consent_at)."""
    api.state["down"] = True
    slots = {**INTAKE, "pains": ["low_income"], "wants_booking": True, "requested_slot": "consent"}
    events, _ = run(ValidateBookingForm(), make_tracker("ja", "affirm", slots=slots, active_loop="booking_form"))
    consent_at = slots_of(events)["consent_at"]
    api.state["down"] = False
    t = make_tracker(
        "bellen",
        entities=[entity("bellen", "mode", "phone", "bellen")],
        slots={**slots, "consent": True, "consent_at": consent_at, "requested_slot": "mode"},
        active_loop="booking_form",
    )
    run(ValidateBookingForm(), t)
    assert api.state["leads"]["conv-1"]["consent_at"] == consent_at


# ---- the verdict -------------------------------------------------------------------------------


def test_without_consent_the_check_is_anonymous_and_one_message(api):
    t = make_tracker(slots={**INTAKE, "pains": ["physical_strain"], "sector": "construction"})
    events, messages = run(ActionCheckEligibility(), t)
    s = slots_of(events)
    assert s["verdict"] == "eligible" and s["persona"] == "physical_work" and s["next_step"] == "booking"
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("Goed nieuws") and "✓ Je woont in Delft." in text
    (body,) = calls(api, "POST", "/api/eligibility")
    assert body["sector"] == "construction" and body["language"] == "nl"
    assert calls(api, "PUT", "/api/leads") == []


def test_after_consent_the_verdict_comes_with_the_lead_upsert(api):
    api.state["leads"]["conv-1"] = {"conversation_id": "conv-1", "consent_at": "2026-11-20T10:00:00+00:00"}
    t = make_tracker(
        slots={**INTAKE, "pains": ["low_income"], "consent": True, "consent_at": "2026-11-20T10:00:00+00:00"}
    )
    events, _ = run(ActionCheckEligibility(), t)
    assert slots_of(events)["verdict"] == "eligible"
    assert calls(api, "POST", "/api/eligibility") == []


def test_the_website_gets_the_verdict_as_a_card(api):
    t = make_tracker(slots={**INTAKE, "pains": ["physical_strain"]}, channel="socketio")
    _, messages = run(ActionCheckEligibility(), t)
    (message,) = messages
    card = message["custom"]["data"]
    assert card["type"] == "result_card" and card["verdict"] == "eligible"
    assert card["title"].startswith("Goed nieuws")
    assert {r["outcome"] for r in card["reasons"]} == {"pass"} and card["reasons"][0]["label"] == "Klopt"
    assert card["text"].startswith("Goed nieuws")  # for the widget's live region


def test_not_eligible_says_where_to_go_and_offers_to_save(api):
    t = make_tracker(slots={**INTAKE, "age": 70, "pains": ["low_income"], "language": "en"})
    events, messages = run(ActionCheckEligibility(), t)
    s = slots_of(events)
    assert s["verdict"] == "not_eligible" and s["next_step"] == "save"
    text = messages[0]["text"]
    assert "You are 70" in text and "https://" in text


def test_a_skipped_age_gives_needs_review_and_still_a_booking(api):
    t = make_tracker(slots={**INTAKE, "age": None, "skipped": ["age"], "pains": ["low_income"]})
    events, messages = run(ActionCheckEligibility(), t)
    assert slots_of(events)["verdict"] == "needs_review" and slots_of(events)["next_step"] == "booking"
    assert "Een adviseur" in messages[0]["text"]
    assert calls(api, "POST", "/api/eligibility") == []


def test_api_down_apologises_and_the_retry_continues(api):
    api.state["down"] = True
    t = make_tracker(slots={**INTAKE, "pains": ["low_income"]})
    events, messages = run(ActionCheckEligibility(), t)
    assert slots_of(events)["api_error"] is True and responses_of(messages) == ["utter_api_down"]
    api.state["down"] = False
    events, _ = run(
        ActionRetry(), make_tracker("ja", "affirm", slots={**INTAKE, "pains": ["low_income"], "api_error": True})
    )
    assert slots_of(events)["verdict"] == "eligible" and slots_of(events)["next_step"] == "booking"


# ---- booking: times, wishes, the confirmation --------------------------------------------------


def test_times_are_asked_in_the_residents_language(api):
    t = make_tracker(slots={"mode": "phone", "requested_slot": "slot_choice", "language": "en"})
    events, messages = run(ActionAskSlotChoice(), t)
    assert len(slots_of(events)["offered_slots"]) == 4
    assert messages[0]["buttons"][0]["title"].startswith("Tuesday 24 November at 10:00")
    assert messages[0]["buttons"][-1]["payload"] == "/other_times"
    (query,) = calls(api, "GET", "/api/slots")
    assert query["language"] == "en" and query["mode"] == "phone"


def test_in_person_times_name_the_place(api):
    _, messages = run(ActionAskSlotChoice(), make_tracker(slots={"mode": "in_person"}))
    assert "Spui 70" in messages[0]["buttons"][0]["title"]


@pytest.mark.parametrize(
    ("text", "language", "chosen"),
    [
        ("doe maar de eerste", "nl", 1),
        ("the first one", "en", 1),
        ("de tweede", "nl", 2),
        ("whatever is soonest", "en", 1),
        ("maakt niet uit", "nl", 1),
        ("2", "nl", 2),
        ("om 14:00", "nl", 2),
        ("ok die", "nl", 1),
        ("maakt nie uit", "nl", 1),
        ("doe maar wat vrij is", "nl", 1),
    ],
)
def test_a_time_chosen_in_words(api, text, language, chosen):
    t = make_tracker(
        text,
        slots={
            "requested_slot": "slot_choice",
            "offered_slots": SLOTS[:4],
            "wants_booking": True,
            "language": language,
        },
        active_loop="booking_form",
    )
    s = slots_of(run(ValidateBookingForm(), t)[0])
    item = SLOTS[chosen - 1]
    assert s["slot_choice"] == f"{item['adviser_id']}|{item['start']}"


def test_a_time_wish_is_followed_and_repeating_it_chooses(api):
    text = "liever donderdag na 14 uur"
    base = {"requested_slot": "slot_choice", "wants_booking": True, "mode": "phone", "consent": True}
    t = make_tracker(text, slots={**base, "offered_slots": SLOTS[:4]}, active_loop="booking_form")
    events, _ = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["time_wish"] == text and s["offered_slots"] is None and "failures" not in s
    events, messages = run(ActionAskSlotChoice(), make_tracker(slots={**base, "time_wish": text}))
    offered = slots_of(events)["offered_slots"]
    assert [o["start"] for o in offered] == ["2026-11-26T15:00:00+01:00"]
    assert messages[0]["text"] == "Deze tijden passen bij wat je vroeg. Welke wil je?"
    t = make_tracker(text, slots={**base, "offered_slots": offered, "time_wish": text}, active_loop="booking_form")
    assert slots_of(run(ValidateBookingForm(), t)[0])["slot_choice"].endswith("2026-11-26T15:00:00+01:00")


def test_the_earliest_one_is_a_pick_even_when_the_classifier_says_other_times(api):
    slots = {"requested_slot": "slot_choice", "wants_booking": True, "mode": "phone", "offered_slots": SLOTS[:4]}
    t = make_tracker("the earliest one", "other_times", slots=slots, active_loop="booking_form")
    assert slots_of(run(ValidateBookingForm(), t)[0])["slot_choice"] == f"adv-1|{SLOTS[0]['start']}"


@pytest.mark.parametrize("text", ["die is goed", "de vroegste maar"])
def test_that_one_is_fine_or_the_earliest_picks_the_time_on_top(api, text):
    slots = {"requested_slot": "slot_choice", "wants_booking": True, "mode": "phone", "offered_slots": SLOTS[:4]}
    t = make_tracker(text, "affirm", slots=slots, active_loop="booking_form")
    assert slots_of(run(ValidateBookingForm(), t)[0])["slot_choice"] == f"adv-1|{SLOTS[0]['start']}"


def test_after_a_time_wish_one_reply_that_chooses_nothing_ends_with_a_call_to_choose_a_time(api):
    """ "zo laat mogelijk op de dag" showed other times; a reply that chooses none of them is not
    followed by the same question a third time: an adviser calls to choose a time."""
    slots = {"requested_slot": "slot_choice", "wants_booking": True, "mode": "phone", "offered_slots": SLOTS[:4]}
    earlier = earlier_message("zo laat mogelijk op de dag", "inform", "slot_choice")
    t = make_tracker("hmm weet niet", "nlu_fallback", confidence=0.3, slots=slots, active_loop="booking_form",
                     before=earlier)  # fmt: skip
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["slot_choice"] == "none"
    assert responses_of(messages) == ["utter_moved_on_slot_choice"]


def test_other_times_move_to_a_later_day(api):
    t = make_tracker(
        "andere tijden",
        "other_times",
        slots={"requested_slot": "slot_choice", "offered_slots": SLOTS[:4], "wants_booking": True, "mode": "phone"},
        active_loop="booking_form",
    )
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["slots_from"] == "2026-11-27T00:00:00+01:00"
    assert messages == [] and "failures" not in slots_of(events)


CONSENT_AT = "2026-11-20T10:00:00+00:00"
BOOKING = {
    **INTAKE, "pains": ["low_income"], "wants_booking": True, "consent": True, "consent_at": CONSENT_AT,
    "mode": "in_person", "contact_name": "Sanne", "contact": "0612345678", "contact_phone": "0612345678",
    "offered_slots": SLOTS[:4], "slot_choice": f"adv-1|{SLOTS[0]['start']}", "requested_slot": "booking_confirmed",
}  # fmt: skip


def test_the_confirmation_names_the_place_of_a_visit(api):
    _, messages = run(ActionAskBookingConfirmed(), make_tracker(slots=BOOKING))
    assert "Adres: Leerwerkloket, Spui 70, Den Haag." in messages[0]["text"]


def test_confirmed_booking_is_made_after_the_lead(api):
    t = make_tracker("ja", "affirm", slots=BOOKING, active_loop="booking_form")
    events, _ = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["booking_confirmed"] is True and s["booking"]["id"] == "bk-1"
    methods = [(m, p.split("/")[2]) for m, p, _ in api.calls]
    assert methods.index(("PUT", "leads")) < methods.index(("POST", "bookings"))
    events, messages = run(ActionBookingDone(), make_tracker(slots={**BOOKING, "booking": s["booking"]}))
    assert "http://localhost:8000/booking/tok" in messages[0]["text"]


def test_booking_confirmation_after_an_api_error_and_a_retry_shows_local_time(api):
    """Issue 9: after an API failure and "try again", the confirmation read 08:30 for the slot
    offered as 09:30 (a UTC time shown as local)."""
    api.state["down"] = True
    t = make_tracker("ja", "affirm", slots=BOOKING, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["booking_confirmed"] is None and responses_of(messages) == ["utter_api_down"]
    api.state["down"] = False
    api.state["bookings"]["conv-1"] = {
        "id": 7, "start": "2026-12-08T08:30:00Z", "mode": "in_person", "adviser": "Anna de Vries",
    }  # fmt: skip
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["booking_confirmed"] is True
    assert "dinsdag 8 december om 09:30" in messages[0]["text"]
    assert format_when("2026-12-08T08:30:00+00:00", "nl") == "dinsdag 8 december om 09:30"
    assert format_when("2026-07-08T08:30:00Z", "en") == "Wednesday 8 July at 10:30"


def test_slot_taken_meanwhile_proposes_the_next_free_time(api):
    api.state["taken"].add(SLOTS[0]["start"])
    t = make_tracker("ja", "affirm", slots=BOOKING, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["slot_choice"] == f"adv-1|{SLOTS[1]['start']}" and s["booking_confirmed"] is None
    assert s["requested_slot"] == "booking_confirmed" and "failures" not in s
    assert responses_of(messages) == ["utter_slot_taken_next"]
    _, messages = run(ActionAskBookingConfirmed(), make_tracker(slots={**BOOKING, **s}))
    assert "dinsdag 24 november om 14:00" in messages[0]["text"]
    api.state["taken"].update(item["start"] for item in SLOTS)
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["slot_choice"] is None and responses_of(messages) == ["utter_slot_taken"]


def test_a_wish_met_by_a_time_on_offer_still_holds_when_that_time_is_taken_meanwhile(api):
    """ "in de ochtend" picks the first morning time on offer; if someone else books it first,
    the next free time proposed is a morning too, not simply the next one."""
    base = {"requested_slot": "slot_choice", "wants_booking": True, "mode": "phone", "offered_slots": SLOTS[:4]}
    t = make_tracker("in de ochtend graag", slots=base, active_loop="booking_form")
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["slot_choice"] == f"adv-1|{SLOTS[0]['start']}" and s["time_wish"] == "in de ochtend graag"
    api.state["taken"].add(SLOTS[0]["start"])
    t = make_tracker("ja", "affirm", slots={**BOOKING, "time_wish": s["time_wish"]}, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["slot_choice"] == f"adv-1|{SLOTS[2]['start']}"  # Wednesday 09:00, not Tuesday 14:00
    assert responses_of(messages) == ["utter_slot_taken_next"]


def test_the_next_free_time_taken_too_is_booked_at_the_next_without_asking_a_third_time(api):
    """Others book at the same moment: after "yes" to a first choice and "yes" to the next free
    time, both taken meanwhile, the bot books the next free time itself and says so, instead of
    asking the same question a third time."""
    api.state["taken"].update({SLOTS[0]["start"], SLOTS[1]["start"]})
    proposed = {**BOOKING, "slot_choice": f"adv-1|{SLOTS[1]['start']}", "offered_slots": [SLOTS[1]]}
    said_taken = [
        {"event": "user", "text": "ja"},
        {"event": "bot", "text": "Die tijd is net bezet.", "metadata": {"utter_action": "utter_slot_taken_next"}},
    ]  # fmt: skip
    t = make_tracker("ja", "affirm", slots=proposed, active_loop="booking_form", before=said_taken)
    events, messages = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["booking_confirmed"] is True and s["slot_choice"] == f"adv-1|{SLOTS[2]['start']}"
    assert s["booking"]["start"] == SLOTS[2]["start"] and s["requested_slot"] is None
    assert messages[0]["text"].startswith("Die tijd was ook net bezet.")
    # the first time a choice is taken, the next free time is still proposed, not booked
    api.state["taken"].add(SLOTS[2]["start"])
    t = make_tracker("ja", "affirm", slots=proposed, active_loop="booking_form", sender_id="conv-2")
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["booking_confirmed"] is None and responses_of(messages) == ["utter_slot_taken_next"]


def test_two_unreadable_contacts_end_without_a_booking(api):
    slots = {**BOOKING, "contact": None, "contact_phone": None, "requested_slot": "contact", "failures": 1}
    t = make_tracker("weet ik veel", slots=slots, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["requested_slot"] is None and responses_of(messages) == ["utter_moved_on_contact"]


def test_whatsapp_number_is_known_already(api):
    t = make_tracker(
        "Sanne",
        slots={"requested_slot": "contact_name", "wants_booking": True, "consent": True},
        sender_id="whatsapp:+31612345678",
        active_loop="booking_form",
    )
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["contact_name"] == "Sanne" and s["contact"] == "0612345678" and s["contact_phone"] == "0612345678"


# ---- language, channel, UTM ----------------------------------------------------------------------


def test_short_english_messages_switch_to_english(api):
    slots = {"language": "nl", "language_evidence": None, "language_source": None, "conversation_registered": True}
    for text in ("hi", "my home is in Delft", "I'm a cook"):
        t = make_tracker(text, slots=slots, metadata={"language": "nl"})
        slots.update(slots_of(run(ActionObserveMessage(), t)[0]))
    assert slots["language"] == "en"


def test_the_language_switches_back_on_request(api):
    t = make_tracker(
        "kunnen we ook in het Nederlands praten?",
        "switch_language",
        slots={"language": "en", "language_source": "detected", "conversation_registered": True},
    )
    s = slots_of(run(ActionObserveMessage(), t)[0])
    assert s["language"] == "nl" and s["language_source"] == "explicit"


def test_observe_counts_the_conversation_with_its_utm(api):
    utm = {"source": "facebook", "medium": "cpc", "campaign": "ld", "content": "bouw"}
    t = make_tracker("hoi", "greet", metadata={"utm": utm, "language": "nl"})
    s = slots_of(run(ActionObserveMessage(), t)[0])
    assert s["utm"]["content"] == "bouw" and s["utm"]["term"] is None and s["conversation_registered"] is True
    (body,) = calls(api, "POST", "/api/conversations")
    assert body["utm"]["source"] == "facebook"


# ---- a person, start over, erasure ---------------------------------------------------------------


def test_a_call_back_without_consent_says_what_is_stored_and_the_number_is_the_consent(api):
    t = make_tracker("mens graag", "request_human", slots=INTAKE)
    events, messages = run(ActionRequestHuman(), t)
    assert slots_of(events) == {"callback_pending": True}
    assert responses_of(messages) == ["utter_human_ask_contact"] and api.calls == []
    events, messages = observe(
        "0612345678", ents=[("phone", "0612345678", "0612345678")], slots={**INTAKE, "callback_pending": True}
    )
    s = slots_of(events)
    assert s["consent"] is True and s["consent_at"] and s["callback_pending"] is False
    assert responses_of(messages) == ["utter_human_requested"]
    (lead,) = calls(api, "PUT", "/api/leads")
    assert lead["callback_requested"] is True and lead["contact"]["phone"] == "0612345678" and lead["consent_at"]


def test_a_person_asked_for_at_the_contact_question_does_not_ask_for_the_contact_twice(api):
    slots = {**INTAKE, "consent": True, "requested_slot": "contact", "contact_name": "Piet Jansen"}
    t = make_tracker("ik wil liever met een mens praten", "request_human", slots=slots, active_loop="booking_form")
    events, messages = run(ActionRequestHuman(), t)
    assert slots_of(events) == {"callback_pending": True}
    assert responses_of(messages) == ["utter_human_glad_to"]  # the booking's contact question follows


def test_no_to_a_call_back_stores_nothing(api):
    events, messages = observe("nee toch niet", "deny", slots={**INTAKE, "callback_pending": True})
    assert slots_of(events)["callback_pending"] is False
    assert responses_of(messages) == ["utter_human_no_consent"]
    assert calls(api, "PUT", "/api/leads") == []


def test_restart_keeps_language_and_asks_the_first_question():
    t = make_tracker("opnieuw", "restart", slots={**INTAKE, "language": "en"})
    events, messages = run(ActionRestartConversation(), t)
    assert events[0]["event"] == "restart" and ("followup", "intake_form") in kinds(events)
    assert slots_of(events)["language"] == "en" and "age" not in slots_of(events)
    assert responses_of(messages) == ["utter_restarting", "utter_welcome"]


def test_starting_over_in_a_story_is_read_by_the_open_question_not_obeyed():
    """Rasa's own rule runs action_restart for the intent anywhere: "so I'd basically have to start
    over" told at "what would you like to change?" goes back to the form, and nothing is forgotten."""
    text = "My old diploma doesn't count here, so I'd basically have to start all over again"
    t = make_tracker(text, "restart", slots={**INTAKE, "requested_slot": "pains"}, active_loop="intake_form")
    events, messages = run(ActionRestartConversation(), t)
    assert events == [{"event": "followup", "name": "intake_form", "timestamp": None}] and messages == []
    events, messages = run(ActionRestartConversation(), make_tracker(text, "restart", slots=INTAKE))
    assert events == [] and responses_of(messages) == ["utter_anything_else"]


def test_erasure_clears_the_screen_and_says_the_appointment_is_cancelled(api):
    api.state["leads"]["conv-1"] = {"conversation_id": "conv-1"}
    t = make_tracker("ja", "affirm", slots={**BOOKING, "booking": {"start": SLOTS[0]["start"]}})
    events, messages = run(ActionDeleteData(), t)
    assert events[0]["event"] == "restart" and slots_of(events)["erased"] is True
    assert ("DELETE", "/api/privacy/conversations/conv-1", {}) in api.calls
    assert responses_of(messages) == ["utter_data_deleted_booking"]  # REST: no widget payload
    api.state["leads"]["conv-1"] = {"conversation_id": "conv-1"}
    _, messages = run(ActionDeleteData(), make_tracker("ja", "affirm", channel="socketio"))
    assert messages[0]["custom"] == {"data": {"type": "erased"}}
    assert responses_of(messages)[1] == "utter_data_deleted"


def test_erasure_when_the_api_is_down(api):
    api.state["down"] = True
    events, messages = run(ActionDeleteData(), make_tracker("ja", "affirm"))
    assert events == [] and responses_of(messages) == ["utter_delete_failed"]


def test_not_erasing_goes_back_to_the_open_question():
    history = [
        {"event": "active_loop", "name": "intake_form"},
        {"event": "action", "name": "action_deactivate_loop"},
        {"event": "active_loop", "name": None},
    ]
    events, _ = run(ActionResume(), make_tracker("nee", "deny", before=history))
    assert ("followup", "intake_form") in kinds(events)
    done = [{"event": "active_loop", "name": "intake_form"}, {"event": "active_loop", "name": None}]
    events, _ = run(ActionResume(), make_tracker("nee", "deny", before=done, slots={"verdict": "eligible"}))
    assert events == []


def test_an_answer_given_while_the_action_server_was_down_is_read_later(api):
    missed = "ik woon in Delft"
    history = [
        {"event": "user", "text": missed, "timestamp": 2.0, "parse_data": {
            "intent": {"name": "inform", "confidence": 0.99},
            "entities": [entity(missed, "municipality", "Delft", "Delft")],
        }},
    ]  # fmt: skip
    t = make_tracker(
        "hallo?",
        "greet",
        slots={"age": 40, "requested_slot": "municipality", "read_until": 1.0, "conversation_registered": True},
        active_loop="intake_form",
        before=[*STARTED, *history],
    )
    events, _ = run(ActionObserveMessage(), t)
    assert slots_of(events)["municipality"] == "Delft"


# ---- what the classifier guesses does not displace an answer -----------------------------------


def test_a_name_the_classifier_calls_a_greeting_is_a_name(api):
    slots = {"requested_slot": "contact_name", "wants_booking": True, "consent": True}
    t = make_tracker("Priya Ramdin", "greet", confidence=0.95, slots=slots, active_loop="booking_form")
    assert slots_of(run(ValidateBookingForm(), t)[0])["contact_name"] == "Priya Ramdin"


def test_a_long_answer_the_classifier_calls_goodbye_is_no_goodbye(api):
    from actions import reading

    t = make_tracker("would be nice to earn a bit more", "goodbye", confidence=0.7, slots={"requested_slot": "pains"})
    assert reading.side_intent(t) is None
    assert reading.side_intent(make_tracker("oke doei!", "goodbye", confidence=0.95)) == "goodbye"


def test_a_word_for_a_language_is_no_request_to_switch(api):
    text = "I have no Dutch diploma"
    events, _ = observe(text, "switch_language", slots={"language": "en", "requested_slot": "pains"})
    assert "language" not in slots_of(events)
    events, _ = observe("kunnen we ook in het Nederlands praten?", "switch_language", slots={"language": "en"})
    assert slots_of(events)["language"] == "nl"


def test_a_day_is_a_wish_even_when_the_classifier_says_other_times(api):
    slots = {"requested_slot": "slot_choice", "wants_booking": True, "mode": "video", "offered_slots": SLOTS[:2]}
    t = make_tracker("friday morning please", "other_times", slots=slots, active_loop="booking_form")
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["time_wish"] == "friday morning please" and s.get("slots_from") is None


@pytest.mark.parametrize(
    ("text", "answer"),
    [("ya sure", True), ("Daar heb ik geen bezwaar tegen.", True),
     ("Dank u, maar ik wil er eerst zelf rustig over nadenken voordat ik een afspraak maak.", False),
     ("thank you, yes", True), ("evet, klopt", True), ("dat klopt niet", False),
     # a wish said politely, and "is correct" without its subject
     ("Please, I'd really appreciate some advice", True), ("Please!", True), ("I would like that", True),
     ("is correct, thanks a lot", True), ("please, I would rather not", False),
     # consent in one's own way: fine for oneself, a permission, a condition
     ("Dat is prima voor mij", True), ("I'm okay with that", True), ("ik vind dat prima", True),
     ("I give my consent", True), ("Ik geef jullie toestemming", True), ("Tamam", True),
     ("ok, as long as it stays with the advisers", True), ("um yes", True),
     # a condition, then the yes; a mind changed after "weet je wat"
     ("alleen als mijn baas het niet te horen krijgt, dan is het prima", True), ("mwah, ok", True),
     ("Everything there checks out", True), ("nee, wacht, toch wel", True),
     ("Ik twijfel nog, moet er over nadenken... ach weet je wat, boek het toch maar", True),
     # a word that leads up to the answer
     ("Then no, thanks", False), ("dan ja", True)],
)  # fmt: skip
def test_yes_and_not_yet_said_in_a_whole_sentence(text, answer):
    from actions import reading

    assert reading.yes_no(make_tracker(text, "inform")) is answer


@pytest.mark.parametrize(
    ("text", "answer"),
    [("dan mag het", True), ("nou vooruit, het mag", True), ("sla maar op", True), ("als het echt nodig is", True),
     ("if I must", True), ("Daarmee stem ik in, dank u.", True), ("mag je bewaren hoor, geen probleem", True),
     ("Jazeker, een gesprek stel ik zeer op prijs.", True), ("That's all correct, thank you", True),
     ("Maybe, yes. Why not.", True), ("misschien, ja", True), ("maybe", None), ("maybe later", False),
     ("mag je het bewaren?", None), ("dan liever niet", False), ("dat hoeft niet, ik kom er zelf wel uit", False),
     ("het mag niet", False), ("no thanks", False), ("mag het ook later?", None),
     ("mijn baas mag het niet weten", None), ("hoeft niet per se vandaag", None)],
)  # fmt: skip
def test_permission_and_refusal_said_without_a_yes_or_no_word(text, answer):
    """To "may I store your answers?": a yes on a condition or a permission is a yes, a "no need"
    after other words a no; a question or a condition about someone else is neither."""
    from actions import reading

    assert reading.yes_no(make_tracker(text, "inform", confidence=0.5)) is answer


def test_a_reply_said_again_that_it_cannot_read_is_not_asked_for_a_third_time(api):
    """The same words twice to "may I store your answers?", taken for thanks the first time: the
    second time nothing is stored instead of a third question, and the booking says once why it
    stops (not also "Dan bewaar ik niets."). A question of the resident's is a reply too: after it,
    one reply the bot cannot read ends the question as well (no clear yes, nothing stored)."""
    slots = {**INTAKE, "pains": ["low_income"], "wants_booking": True, "requested_slot": "consent"}
    said = "hartelijk dank voor de uitleg"
    t = make_tracker(said, "thank", confidence=0.9, slots=slots, active_loop="booking_form",
                     before=earlier_message(said, "thank", "consent"))  # fmt: skip
    events, messages = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["consent"] is False and s["requested_slot"] is None and messages == []
    earlier = earlier_message("hoe lang bewaren jullie het?", "ask_privacy", "consent")
    t = make_tracker("tja", "nlu_fallback", confidence=0.4, slots=slots, active_loop="booking_form", before=earlier)
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["consent"] is False and s["requested_slot"] is None


@pytest.mark.parametrize(("text", "age"), [("44, nee wacht, 45 sinds maart", 45), ("47? ja 47", 47)])
def test_an_age_put_right_in_the_answer_or_said_twice(text, age):
    from actions import reading

    assert reading.read(make_tracker(text, slots={"requested_slot": "age"}), "age").answers["age"] == age


def test_a_not_in_passing_is_no_correction_but_a_no_up_front_is(api):
    """ "Ik werk veel, maar de rekening klopt niet" put right nothing (it made a freelancer employed);
    "Nee, ik woon in Rijswijk" does."""
    from actions import reading

    known = {"age": 38, "municipality": "Delft", "work_situation": "self_employed", "requested_slot": "pains"}
    text = "Er blijft te weinig over. Ik werk veel, maar de rekening klopt eenvoudigweg niet."
    assert "work_situation" not in reading.read(make_tracker(text, slots=known), "pains").answers
    t = make_tracker("Nee, ik woon in Rijswijk", slots=known)
    assert reading.read(t, "pains").answers.get("municipality") == "Rijswijk"


def test_a_question_while_the_work_is_asked_tells_no_work(api):
    """ "als ik halverwege de opleiding stop, moet ik dan terugbetalen?" names no study of one's own."""
    from actions import reading

    text = "Even tussendoor: als ik halverwege de opleiding stop, moet ik dan alles terugbetalen?"
    t = make_tracker(text, slots=in_intake("work_situation", **{**INTAKE, "work_situation": None}))
    assert "work_situation" not in reading.read(t, "work_situation").answers


def test_a_time_wish_said_with_the_mode_is_followed_by_the_first_offer(api):
    slots = {**BOOKING, "mode": None, "requested_slot": "mode", "offered_slots": None, "slot_choice": None}
    t = make_tracker("Bellen graag, maar dan op dinsdagavond na het eten", slots=slots, active_loop="booking_form")
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["mode"] == "phone" and s["time_wish"] == "Bellen graag, maar dan op dinsdagavond na het eten"


def test_a_day_that_would_be_top_is_a_wish_and_top_alone_the_first(api):
    """Dutch "top" is "great": "dinsdagochtend zou top zijn" asks for Tuesday, not the time on top."""
    from actions.slot_choice import pick

    assert pick("dinsdagochtend vroeg zou top zijn", SLOTS[:2], "nl") is None
    assert pick("top", SLOTS[:2], "nl") == 1
    assert pick("the top one please", SLOTS[:2], "en") == 1


@pytest.mark.parametrize(
    "text",
    ["Looks good.", "sounds fine to me", "all right", "Ziet er goed uit", "klinkt prima", "Lovely, cheers", "spot on",
     "super, dank je", "mooi zo", "dank je wel", "thanks!", "go on then",
     "Zo staat het goed genoteerd, hartelijk dank."],
)  # fmt: skip
def test_approval_in_words_confirms_the_booking(api, text):
    t = make_tracker(text, "inform", slots=BOOKING, active_loop="booking_form")
    assert slots_of(run(ValidateBookingForm(), t)[0])["booking_confirmed"] is True


@pytest.mark.parametrize(
    ("text", "cleared"),
    [
        ("my email is wrong", {"contact", "contact_phone", "contact_email"}),
        ("ja maar de naam is verkeerd gespeld", {"contact_name"}),
        ("Yes, but the phone number is not right", {"contact", "contact_phone", "contact_email"}),
    ],
)
def test_a_detail_said_to_be_wrong_at_the_summary_is_asked_again_not_booked(api, text, cleared):
    events, _ = run(ValidateBookingForm(), make_tracker(text, slots=BOOKING, active_loop="booking_form"))
    s = slots_of(events)
    assert {k for k, v in s.items() if v is None} >= cleared
    assert s.get("booking_confirmed") is None and s["requested_slot"] in cleared
    assert "failures" not in s or not s["failures"]  # asked plainly, not as "that is no phone number"


def test_a_new_address_at_the_summary_replaces_the_old_one_and_the_summary_follows(api):
    t = make_tracker("please use anna@example.com instead", slots=BOOKING, active_loop="booking_form")
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["contact"] == s["contact_email"] == "anna@example.com" and s["contact_phone"] is None
    assert s.get("booking_confirmed") is None and s["requested_slot"] == "booking_confirmed"


def test_the_confirmation_asked_again_is_short_and_says_what_is_needed(api):
    _, first = run(ActionAskBookingConfirmed(), make_tracker(slots=BOOKING))
    _, again = run(ActionAskBookingConfirmed(), make_tracker(slots={**BOOKING, "failures": 1}))
    assert again[0]["text"] != first[0]["text"]
    assert again[0]["text"].startswith("Ik begreep je antwoord niet.") and "Kies ja of nee." in again[0]["text"]
    assert [b["payload"] for b in again[0]["buttons"]] == ["/affirm", "/deny", "/request_human"]


def test_confirmed_in_words(api):
    t = make_tracker("Confirmed, thanks", "thanks", slots=BOOKING, active_loop="booking_form")
    assert slots_of(run(ValidateBookingForm(), t)[0])["booking_confirmed"] is True


def test_years_of_work_are_no_age_correction(api):
    text = "I work in construction, 20 years now"
    events, _ = observe(
        text,
        ents=[("age", 20, "20")],
        slots=in_intake("work_situation", age=45, municipality="Den Haag", language="en"),
        active_loop="intake_form",
    )
    assert "age" not in slots_of(events)


def test_a_second_wish_no_free_time_meets_ends_in_a_call_back_not_the_same_answer(api):
    """ "Sunday afternoon" after "I can't find a free time then": an adviser agrees a time. The
    same intro twice in a row is never sent: new times after new words get other words."""
    from actions.common import t as text_of

    first = {"event": "bot", "text": text_of("pick_time", "en")}
    no_wish = {"event": "bot", "text": text_of("pick_time_no_wish", "en")}
    slots = {**BOOKING, "language": "en", "slot_choice": None, "requested_slot": "slot_choice"}
    t = make_tracker("sunday afternoon?", slots=slots, before=[first, no_wish], active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["slot_choice"] == "none" and slots_of(events)["requested_slot"] != "slot_choice"
    assert responses_of(messages) == [text_of("wish_not_met_again", "en")]
    free = {"event": "bot", "text": text_of("pick_time", "en")}
    _, messages = run(ActionAskSlotChoice(), make_tracker("other times", slots=slots, before=[free]))
    assert responses_of(messages) == [text_of("pick_time_again", "en")]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("bel me op nul zes, 29 48 17 36", "0629481736"),
        ("anna.een@example.com", "anna.een@example.com"),
        ("+31 (0)6 5521 7788", "0655217788"),
        ("dmitri dot volkov at gmail dot com", "dmitri.volkov@gmail.com"),
        ("semdegraaf97 apenstaartje gmail punt com", "semdegraaf97@gmail.com"),
        ("ali.noori(at)outlook.com", "ali.noori@outlook.com"),
        ("anna [at] example [dot] nl", "anna@example.nl"),
    ],
)
def test_a_number_said_in_words_is_a_number_and_an_address_stays_as_typed(text, contact):
    assert ValidateBookingForm().validate_contact(text, None, None, None)["contact"] == contact


def test_picks_by_adviser_or_hour_and_rejections_of_the_list(api):
    from actions import slot_choice

    offered = [
        {"start": "2026-12-08T09:00:00+01:00", "adviser_name": "Fatima El Amrani"},
        {"start": "2026-12-08T10:00:00+01:00", "adviser_name": "Fatima El Amrani"},
        {"start": "2026-12-08T13:00:00+01:00", "adviser_name": "Sanne Bakker"},
    ]
    assert slot_choice.pick("the one with Sanne", offered, "en") == 3
    assert slot_choice.pick("first tuesday afternoon", offered, "en") == 3
    for text in ("ok", "yes that works", "up to you", "whenever"):
        assert slot_choice.pick(text, offered, "en") == 1, text
    wish = slot_choice.wish_of("Can I come on Tuesday at 10?", "en")
    assert wish is not None and slot_choice.matching(offered, wish) == 2
    wish = slot_choice.wish_of("10 o'clock works", "en")
    assert wish is not None and slot_choice.matching(offered, wish) == 2  # nearest, not the first that fits
    for text in ("none of these work for me", "Neither, do you have something next week?", "geen van deze"):
        t = make_tracker(text, slots={**BOOKING, "requested_slot": "slot_choice", "slot_choice": None},
                         active_loop="booking_form")  # fmt: skip
        s = slots_of(run(ValidateBookingForm(), t)[0])
        assert s.get("slot_choice") is None and s["offered_slots"] is None and s["slots_from"], text


def test_after_two_lists_a_wish_that_can_be_met_goes_straight_to_the_summary(api):
    from actions.common import t as text_of

    lists = [{"event": "bot", "text": text_of(key, "en")} for key in ("pick_time", "pick_time_wish")]
    slots = {**BOOKING, "language": "en", "slot_choice": None, "requested_slot": "slot_choice", "contact_name": None}
    t = make_tracker("anything on Friday afternoon?", slots=slots, before=lists, active_loop="booking_form")
    s = slots_of(run(ValidateBookingForm(), t)[0])
    assert s["requested_slot"] == "contact_name" and len(s["offered_slots"]) == 1
    start = s["offered_slots"][0]["start"]
    assert s["slot_choice"].endswith(start) and local_time(start).weekday() == 4


def test_any_chance_of_a_monday_is_a_wish_not_the_first_time(api):
    from actions import slot_choice

    assert slot_choice.pick("Any chance of a Monday?", SLOTS[:4], "en") is None
    assert slot_choice.pick("any time is fine", SLOTS[:4], "en") == 1


@pytest.mark.parametrize(
    ("text", "extracted", "kept"),
    [
        ("ik zit in de bijstand maar ik wil echt weer aan het werk", "returner", "on_benefits"),
        ("I'm on unemployment benefit (WW) but I really want to work again", "returner", "on_benefits"),
        ("ik zoek werk, heb geen uitkering", "job_seeker", "job_seeker"),
    ],
)
def test_benefits_and_a_wish_to_work_keep_the_stronger_fact(api, text, extracted, kept):
    events, _ = observe(
        text,
        ents=[("work_situation", extracted, text.split()[-1])],
        slots=in_intake("work_situation", age=40, municipality="Delft"),
        active_loop="intake_form",
    )
    assert slots_of(events)["work_situation"] == kept


def test_not_speaking_a_language_is_no_request_for_it():
    from actions import nlu

    assert nlu.explicit_language("Hi, sorry, I don't speak Dutch well. Is this the retraining voucher?") is None
    assert nlu.explicit_language("sorry, can we continue in English? my Dutch is not so good") == "en"
    assert nlu.explicit_language("Nederlands graag") == "nl"


def test_outside_the_forms_a_message_that_is_no_side_request_continues_the_check(api):
    """ "I'd like to check if I can get the voucher" after a pause: back to the check."""
    events, _ = observe("I'd like to check if I can get the voucher", "inform", slots={"language": "en", "age": 44})
    assert slots_of(events)["answered"] is True
    events, _ = run(ActionRecheck(), make_tracker("...", slots={"age": 44}))
    assert ("followup", "intake_form") in kinds(events)
    # "yes" after an API failure is "try again", not a new start
    events, _ = observe("ja", "affirm", slots={**INTAKE, "pains": [], "next_step": "retry"})
    assert "answered" not in slots_of(events)


def test_not_erasing_resumes_the_check_when_it_was_not_done():
    events, _ = run(ActionResume(), make_tracker("nee", "deny", slots={"age": 44}))
    assert ("followup", "intake_form") in kinds(events)


@pytest.mark.parametrize("text", ["Not right now, I'd like to think it over", "nog niet, ik denk er even over na"])
def test_not_yet_is_no_to_a_booking(api, text):
    from actions import reading

    t = make_tracker(text, "out_of_scope", slots={"requested_slot": "wants_booking"}, active_loop="booking_form")
    assert reading.yes_no(t) is False


def test_a_message_already_read_is_not_read_again_when_a_form_starts_in_the_same_turn(api):
    """Rasa extracts slots again when the booking form starts right after the verdict: the answer
    to "what would you like to change?" ("I want to actually grow") must not be read a second
    time as a side remark that drops the wish to grow."""
    text = "mostly nights, and I've been stuck for years, I want to actually grow"
    slots = {**INTAKE, "pains": ["irregular_hours", "no_prospects"], "read_until": 1796221748.5}
    t = make_tracker(text, slots=slots)
    next(e for e in t.events if e["event"] == "user")["timestamp"] = 1796221748.5
    events, messages = run(ActionObserveMessage(), t)
    assert events == [] and messages == []


def test_a_further_fact_about_the_work_adds_a_pain_without_calling_it_a_correction(api):
    events, messages = observe(
        "I work through an agency, at the flower auction",
        slots=in_intake("work_situation", age=28, municipality="Westland", pains=["irregular_hours"]),
        active_loop="intake_form",
    )
    assert sorted(slots_of(events)["pains"]) == ["insecure_work", "irregular_hours"]
    assert messages == []


def test_after_the_check_a_side_remark_about_shifts_adds_no_pain(api):
    slots = {**INTAKE, "pains": ["low_income"], "verdict": "eligible", "requested_slot": "slot_choice"}
    events, _ = observe("friday morning before my shift", slots=slots, active_loop="booking_form")
    assert "pains" not in slots_of(events)


@pytest.mark.parametrize("text", ["is de opleiding in het Engels?", "are the courses in English?"])
def test_a_question_about_the_language_of_a_course_is_no_request_to_switch(api, text):
    from actions import reading

    t = make_tracker(text, "switch_language", slots={"requested_slot": "pains"}, active_loop="intake_form")
    assert reading.language_request(t) is None


def test_a_question_about_the_advisers_language_is_answered_and_the_question_follows(api):
    t = make_tracker(
        "Will the adviser speak English with me?",
        "out_of_scope",
        slots={"requested_slot": "mode", "wants_booking": True, "consent": True, "language": "en"},
        active_loop="booking_form",
    )
    events, messages = run(ValidateBookingForm(), t)
    assert slots_of(events)["requested_slot"] == "mode" and slots_of(events).get("failures", 0) == 0
    assert messages[0]["text"].startswith("The advice conversation can be in Dutch or in English.")


def test_a_correction_changes_what_its_own_sentence_says_not_the_rest_of_the_message(api):
    text = "Ik studeer wat Engels via een app. O ja, foutje: ik ben 52, niet 51."
    slots = in_intake("pains", age=51, municipality="Delft", work_situation="returner")
    events, messages = observe(text, slots=slots, active_loop="intake_form")
    found = slots_of(events)
    assert found["age"] == 52 and "work_situation" not in found
    assert responses_of(messages) == ["Ik heb je leeftijd aangepast: 52."]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("uhm ja, ik denk het wel? als het moet", True),  # hesitation before the answer
        ("nee... hmm wacht, eigenlijk wel ja, zet maar in", True),  # a mind changed within the answer
        ("yes, wait, no, not now", False),
        ("no wait, yes", True),
        ("Mag bewaard worden, geen punt", True),
        ("Zo staat het juist genoteerd, hartelijk dank.", True),
        ("well, no", False),
        ("Daar ga ik mee akkoord.", True),
        ("Daar ga ik niet mee akkoord.", False),
    ],
)
def test_hesitation_and_a_changed_mind_within_a_yes_or_no(text, answer):
    from actions import reading

    assert reading.yes_no(make_tracker(text, "nlu_fallback", confidence=0.3)) is answer


def test_a_question_is_not_asked_a_third_time_after_two_replies_that_gave_no_answer(api):
    # the first reply put something else right (no failed attempt then); the second gives no age either
    earlier = earlier_message("ik woon trouwens in Delft, niet in Rijswijk", "inform", "age")
    t = make_tracker(
        "dat weet ik echt niet meer", "inform", confidence=0.6, slots=in_intake("age", municipality="Delft"),
        active_loop="intake_form", before=earlier,
    )  # fmt: skip
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert "age" in (s.get("skipped") or []) and s["requested_slot"] != "age"
    assert responses_of(messages) == ["utter_moved_on_age"]


@pytest.mark.parametrize(
    "text", ["Honestly nothing, I like driving and the money is fine", "no, nothing bothers me", "ik ben best tevreden"]
)
def test_nothing_to_change_said_in_words_is_an_answer_of_none(text):
    from actions import reading

    tracker = make_tracker(text, slots={"requested_slot": "pains"}, active_loop="intake_form")
    assert reading.read(tracker, "pains").answers == {"pains": []}


def test_a_remark_after_the_verdict_adds_no_complaint():
    from actions import reading

    slots = {**INTAKE, "pains": [], "verdict": "needs_review", "requested_slot": "wants_booking"}
    tracker = make_tracker("Sure, one talk can't hurt, my back is fine", slots=slots, active_loop="booking_form")
    assert "pains" not in reading.read(tracker, None).answers


def test_benefits_one_does_not_get_make_no_one_on_benefits():
    from actions import reading

    text = "werkloos sinds de zomer, en een uitkering krijg ik niet omdat mijn man werkt"
    tracker = make_tracker(text, slots={"requested_slot": "work_situation"}, active_loop="intake_form")
    assert reading.read(tracker, "work_situation").answers == {"work_situation": "job_seeker"}


def test_an_answer_beside_a_request_for_another_language_is_kept():
    from actions import reading

    for text, age in (("45, maar kan het in het Nederlands?", 45), ("I'm 38. Can we do this in Dutch please?", 38)):
        tracker = make_tracker(text, slots={"requested_slot": "age"}, active_loop="intake_form")
        assert reading.read(tracker, "age").answers == {"age": age}


def test_a_question_with_no_answer_is_said_honestly_once_and_is_no_failed_attempt(api):
    text = "Maakt het uit dat ik net iets te veel verdien voor toeslagen?"
    t = make_tracker(text, "inform", confidence=0.77, slots=in_intake("pains", **INTAKE), active_loop="intake_form")
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert responses_of(messages) == ["utter_question_for_adviser"]
    assert "pains" not in s and s["requested_slot"] == "pains" and s.get("failures", 0) == 0
    # a second question at the same question is a failed attempt: no endless round of questions
    again = make_tracker(
        "en moet ik het terugbetalen als ik later werk vind?", "out_of_scope", confidence=0.4,
        slots=in_intake("pains", **INTAKE), active_loop="intake_form",
        before=earlier_message(text, "inform", "pains"),
    )  # fmt: skip
    s = slots_of(run(ValidateIntakeForm(), again)[0])
    assert s.get("failures") == 1


def test_asked_back_and_still_asking_is_no_answer_yet(api):
    """ "what do you mean by work situation? i get benefits but i also work a little, which one
    counts?" while "what would you like to change?" is open: no pains read from it."""
    text = "what do you mean by work situation? i get benefits but i also work a little, which one counts?"
    slots = in_intake("pains", age=35, municipality="Den Haag", work_situation="on_benefits")
    events, _ = observe(text, slots=slots, active_loop="intake_form")
    assert "pains" not in slots_of(events)


def test_a_question_beside_a_remark_is_answered_not_counted_as_a_failed_attempt(api):
    """ "moet die cursus in het nederlands zijn? mijn nederlands is nog niet zo goed" at the
    question what to change: the language question is answered and the question follows again."""
    text = "moet die cursus in het nederlands zijn? mijn nederlands is nog niet zo goed"
    t = make_tracker(
        text, "out_of_scope", confidence=0.4, slots=in_intake("pains", **INTAKE), active_loop="intake_form"
    )
    events, messages = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert s["requested_slot"] == "pains" and not s.get("failures")
    assert any("Engels" in (m.get("text") or "") for m in messages)
    # also while what was heard with the work waits for the answer: no answer that repeats it
    t = make_tracker(
        text,
        "out_of_scope",
        confidence=0.4,
        slots={**in_intake("pains", **INTAKE), "pains": ["insecure_work"]},
        active_loop="intake_form",
        before=[ASKED_PAINS],
    )
    events, messages = run(ValidateIntakeForm(), t)
    assert slots_of(events)["requested_slot"] == "pains"


def test_another_answer_is_said_to_be_noted_before_the_question_follows_again(api):
    """ "In de thuiszorg en in het weekend bij de bakker" to "In welke gemeente woon je?": the work
    is kept, said to be noted, and the question follows again (not the same turn twice)."""
    t = make_tracker(
        "In de thuiszorg en in het weekend bij de bakker",
        slots={"age": 50, "requested_slot": "municipality"},
        set_this_turn={"work_situation": "employed"},
        active_loop="intake_form",
    )
    events, messages = run(ValidateIntakeForm(), t)
    assert slots_of(events)["requested_slot"] == "municipality"
    assert [m.get("response") for m in messages] == ["utter_noted"]


def test_storing_denied_in_a_sentence_is_no_consent(api):
    from actions import reading

    t = make_tracker("I'd rather you didn't keep it", "inform", slots={"requested_slot": "consent"})
    assert reading.yes_no(t) is False


def test_a_place_before_a_corrected_age_stays_the_answer(api):
    """ "Maasland. Oh and I typed 28 but I actually turned 29": the age is put right and the place
    answers the question (only the old number is the old value)."""
    text = "Maasland. Oh and I typed 28 but I actually turned 29 last week, sorry!"
    events, _ = observe(text, slots=in_intake("municipality", age=28), active_loop="intake_form")
    s = slots_of(events)
    assert s["age"] == 29 and s["municipality"] == "Midden-Delfland"


@pytest.mark.parametrize(
    "text",
    ["oh ik typte net 34 maar ik ben 43, cijfers verwisseld. verder: mijn knieen doen pijn van het tegelen",
     "btw I wrote 34 earlier, it should be 43, mixed up the digits. My knees hurt from laying tiles"],
)  # fmt: skip
def test_an_age_typed_the_wrong_way_round_is_put_right_in_another_answer(api, text):
    """ "ik typte net 34 maar ik ben 43": the typed number is the old value, the other the age,
    and the rest of the message still answers the question asked."""
    events, _ = observe(text, slots=in_intake("pains", **{**INTAKE, "age": 34}), active_loop="intake_form")
    s = slots_of(events)
    assert s["age"] == 43 and "physical_strain" in s["pains"]


@pytest.mark.parametrize(
    ("text", "asks"),
    [("My old diploma doesn't count here, so I'd basically have to start all over", False),
     ("Ik moest in Nederland helemaal opnieuw beginnen", False),
     ("kunnen we opnieuw beginnen?", True), ("start over", True)],
)  # fmt: skip
def test_starting_over_told_in_a_story_is_no_command(text, asks):
    """ "I'd have to start over" in an answer is part of the story; only a short message or a
    request ("kunnen we opnieuw beginnen?") starts the conversation again."""
    t = make_tracker(text, "restart", confidence=0.9, slots={"requested_slot": "pains"}, active_loop="intake_form")
    assert (reading.side_intent(t) == "restart") is asks


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [("Ik werk nu niet. Sorry, ik zei Wateringen maar we wonen sinds kort in Schipluiden", {"municipality": "Westland"},
      {"municipality": "Midden-Delfland"}),
     ("delft. o ja, bij leeftijd heb ik 17 ingevuld, moet 71 zijn", {"age": 17}, {"age": 71})],
)  # fmt: skip
def test_a_place_or_number_said_before_is_the_old_value(api, text, slots, expected):
    """ "ik zei Wateringen maar we wonen in Schipluiden", "heb ik 17 ingevuld, moet 71 zijn": what
    was said or typed before is the old value, the other one is put right."""
    requested = "work_situation" if text.startswith("Ik werk") else "municipality"
    read = reading.read(make_tracker(text, slots={**slots, "requested_slot": requested}), requested)
    assert {k: read.answers.get(k) for k in expected} == expected


def test_not_working_now_after_saying_one_wants_to_return_is_returning():
    """The opening said "thuis voor de kinderen, nu wil ik weer werken" (a wish: it set nothing);
    at "what fits you best?" "op dit moment werk ik niet, ik was kapster" is a return to work."""
    opening = "Ik ben jaren thuis geweest voor de kinderen en wil nu weer gaan werken."
    text = "Op dit moment werk ik niet. Ik was kapster in een salon"
    slots = {"requested_slot": "work_situation"}
    t = make_tracker(text, slots=slots, before=earlier_message(opening, "inform", "age"))
    assert reading.read(t, "work_situation").answers.get("work_situation") == "returner"
    assert reading.read(make_tracker(text, slots=slots), "work_situation").answers.get("work_situation") is None


def test_moving_away_from_a_place_names_no_home():
    text = "Hello, does this still count if I just moved away from Delft?"
    assert "municipality" not in reading.read(make_tracker(text, slots={"requested_slot": None}), None).answers


@pytest.mark.parametrize(("text", "intent"), [("wat bedoel je precies", "dont_know"), ("maakt dat uit?", "deny")])
def test_a_question_back_is_no_answer_of_none(api, text, intent):
    """ "wat bedoel je precies" to "what would you like to change?" asks for an explanation: it is
    no "nothing" (needs_review), whatever the classifier made of it."""
    t = make_tracker(text, intent, slots=in_intake("pains", **INTAKE), active_loop="intake_form")
    events, _ = run(ValidateIntakeForm(), t)
    s = slots_of(events)
    assert "pains" not in s and s["requested_slot"] == "pains" and s.get("failures") == 1


@pytest.mark.parametrize(
    "text",
    [
        "I hereby consent to my answers being stored.",
        "geen probleem hoor",
        "no problem",
        "Dat is correct, dank u",
        "By all means, keep it.",
        "prima, sla het maar op",
    ],
)
def test_consent_in_other_words_is_yes(api, text):
    from actions import reading

    t = make_tracker(text, "out_of_scope", slots={"requested_slot": "consent"}, active_loop="booking_form")
    assert reading.yes_no(t) is True


def test_a_sentence_of_its_own_in_a_long_opening_asks_for_the_language(api):
    from actions import reading

    text = (
        "Hello, I think I opened the English page by mistake. Laat maar, ik doe het gewoon in het Nederlands. "
        "Ik werk in de keuken van een verpleeghuis en wil weten of ik de voucher kan krijgen."
    )
    assert reading.language_request(make_tracker(text, "inform")) == "nl"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hi, I can't read Dutch well. Could you explain the voucher to me in English?", "en"),
        ("Is it a problem that my Dutch is only A2?", None),
        ("Hi. Can people who are not Dutch apply as well?", None),
    ],
)
def test_the_language_asked_for_not_the_one_described(api, text, language):
    from actions import reading

    assert reading.language_request(make_tracker(text, "switch_language")) == language


def test_unsure_where_one_lives_is_kept_as_unknown_not_as_a_place_the_extractor_saw(api):
    text = "vlak bij de Vliet, ik weet echt niet of dat nog Den Haag is of al Leidschendam"
    ents = [entity(text, "municipality", "Westland", "de Vliet")]
    slots = {"requested_slot": "municipality", "age": 63}
    # as Rasa runs it: the reading of the message (observe.py), then the form's validation
    read, _ = observe(text, ents=[("municipality", "Westland", "de Vliet")], slots=slots, active_loop="intake_form")
    t = make_tracker(text, entities=ents, slots=slots, set_this_turn=slots_of(read), active_loop="intake_form")
    events, _ = run(ValidateIntakeForm(), t)
    assert slots_of(events)["municipality"] == "unknown"


def test_a_language_named_in_passing_after_the_check_gets_an_answer_not_silence(api):
    """ "Is it open to people who aren't Dutch?" read as switch_language: no switch to announce, and
    after the check (no form) the bot still answers; inside a form the question follows."""
    from actions.conversation import ActionSwitchLanguage

    text = "is this open to people who aren't Dutch?"
    said = {"event": "bot", "text": "Would you like to book a free advice conversation?"}
    _, messages = run(
        ActionSwitchLanguage(), make_tracker(text, "switch_language", slots={"language": "en"}, before=[said])
    )
    assert responses_of(messages) == ["utter_anything_else"]
    t = make_tracker(
        text, "switch_language", slots={"language": "en", "requested_slot": "pains"}, active_loop="intake_form"
    )
    assert run(ActionSwitchLanguage(), t)[1] == []
    t = make_tracker("can we continue in English?", "switch_language", slots={"language": "en"}, before=[said])
    assert responses_of(run(ActionSwitchLanguage(), t)[1]) == ["utter_language_switched"]


@pytest.mark.parametrize(
    ("text", "place"),
    [("O sorry, Ypenburg bedoel ik, dat hoort bij Den Haag", "Den Haag"),
     ("Den Hoorn, dat valt onder Midden-Delfland", "Midden-Delfland"), ("ik woon vlak bij Den Haag", None)],
)  # fmt: skip
def test_the_municipality_a_place_belongs_to_is_where_one_lives_not_a_place_nearby(text, place):
    from actions import reading

    tracker = make_tracker(text, slots={"requested_slot": "municipality"}, active_loop="intake_form")
    assert reading.read(tracker, "municipality").answers.get("municipality") == place


def test_a_question_first_and_a_remark_fill_no_pains_and_the_question_is_said_honestly(api):
    """ "mag dat als je een uitkering hebt van het uwv? wil niet dat ik gekort word" at the question
    what to change: no wish read from the remark; the question is answered honestly, no failed attempt."""
    text = "mag dat eigenlijk wel als je een uitkering hebt van het uwv? wil niet dat ik gekort word"
    t = make_tracker(
        text, "out_of_scope", confidence=1.0, slots=in_intake("pains", **INTAKE), active_loop="intake_form"
    )
    assert "pains" not in reading.read(t, "pains").answers
    events, messages = run(ValidateIntakeForm(), t)
    assert responses_of(messages) == ["utter_question_for_adviser"]
    assert slots_of(events)["requested_slot"] == "pains" and not slots_of(events).get("failures")


def test_not_twenty_anymore_is_no_correction():
    text = "Mag ik eerst vragen hoe lang zo'n opleiding ongeveer duurt? Ik ben geen 20 meer he"
    t = make_tracker(text, "ask_duration", slots=in_intake("pains", **{**INTAKE, "age": 58}))
    assert not reading.old_value_spans(text) and reading.read(t, "pains").answers == {}


def test_an_age_put_right_in_passing_without_the_old_number(api):
    """ "Oeps ik zit er een jaar naast, ben 37" with what to change: the age is corrected too."""
    text = "Oeps ik zit er een jaar naast, ben 37. Na stoelhuur en producten blijft er weinig over."
    t = make_tracker(text, slots=in_intake("pains", **{**INTAKE, "age": 36}))
    answers = reading.read(t, "pains").answers
    assert answers["age"] == 37 and answers["pains"] == ["low_income"]


def test_a_yes_beside_a_language_request_at_the_consent_is_the_answer(api):
    """ "can we continue in english? ... and yes you can save my info": consent given, not lost."""
    slots = {**INTAKE, "pains": ["physical_strain"], "verdict": "eligible", "wants_booking": True,
             "requested_slot": "consent", "language": "en"}  # fmt: skip
    text = (
        "sorry, can we continue in english? my dutch is ok for work but not for forms like this. "
        "and yes you can save my info"
    )
    t = make_tracker(text, "switch_language", confidence=0.99, slots=slots, active_loop="booking_form")
    events, _ = run(ValidateBookingForm(), t)
    assert slots_of(events)["consent"] is True


def test_a_question_about_the_course_language_beside_ones_command_of_dutch_switches_nothing(api):
    text = "will the course be in Dutch or English? I can follow Dutch but writing is hard"
    t = make_tracker(text, "switch_language", confidence=1.0, slots={"language": "en"})
    assert reading.language_request(t) is None


@pytest.mark.parametrize(
    ("text", "requested", "age"),
    [("delft tanthof. en ik moet me verbeteren, ik ben 58, was vorige week jarig", "municipality", 58),
     ("elke week afwachten of ze me nog nodig hebben. btw ben 28 alweer haha vergat dat", "pains", 28)],
)  # fmt: skip
def test_an_age_put_right_by_correcting_oneself_or_by_the_way(api, text, requested, age):
    slots = in_intake(requested, **{**INTAKE, "age": age - 1})
    if requested == "municipality":
        slots.pop("municipality")
    assert reading.read(make_tracker(text, slots=slots), requested).answers["age"] == age


def test_the_tax_is_no_by_the_way():
    assert not reading.corrects("ik moet btw afdragen en verdien weinig")


def test_another_way_of_talking_asked_for_where_times_are_offered(api):
    """ "wacht, toch liever naar jullie toe komen in plaats van video. donderdagochtend vroeg": the
    mode is changed and said so, and new times follow with the wish; a plain pick changes nothing."""
    text = "wacht, toch liever naar jullie toe komen in plaats van video. donderdagochtend vroeg"
    base = {"requested_slot": "slot_choice", "wants_booking": True, "mode": "video", "consent": True}
    t = make_tracker(text, slots={**base, "offered_slots": SLOTS[:4]}, active_loop="booking_form")
    events, messages = run(ValidateBookingForm(), t)
    s = slots_of(events)
    assert s["mode"] == "in_person" and s["offered_slots"] is None and s["time_wish"] == text
    assert responses_of(messages) == ["Ik heb aangepast hoe je het gesprek wilt voeren: op locatie."]
    t = make_tracker("de eerste graag", slots={**base, "offered_slots": SLOTS[:4]}, active_loop="booking_form")
    assert "mode" not in slots_of(run(ValidateBookingForm(), t)[0])


def test_an_age_put_right_beside_a_long_answer_with_other_numbers(api):
    text = (
        "oh and sorry I typed 27 but I'm actually 28 since last month lol. the contract gets extended every "
        "3 months so I never know if I still have a job"
    )
    t = make_tracker(text, slots=in_intake("pains", **{**INTAKE, "age": 27}))
    assert reading.read(t, "pains").answers["age"] == 28


@pytest.mark.parametrize(("text", "intent"), [("hoe lang bewaren jullie dat dan?", "ask_privacy"), ("hmm", "inform")])
def test_storing_given_up_without_a_no_says_so_without_prima(api, text, intent):
    """Two replies without a clear yes or no: nothing is stored, and the bot does not pretend the
    resident refused ("Prima, dan bewaar ik niets")."""
    slots = {**INTAKE, "pains": ["low_income"], "wants_booking": True, "consent": False}
    _, messages = run(ActionBookingDone(), make_tracker(text, intent, slots=slots))
    (said,) = responses_of(messages)
    assert said.startswith("Ik weet niet zeker of je ja zegt.") and "Leerwerkloket" in said
    _, messages = run(ActionConsentDone(), make_tracker(text, intent, slots={**slots, "wants_booking": None}))
    assert responses_of(messages) == ["Ik weet niet zeker of je ja zegt. Daarom bewaar ik niets."]
    _, messages = run(ActionConsentDone(), make_tracker("2", slots={**slots, "wants_booking": None}))
    assert responses_of(messages) == ["utter_nothing_stored"]


def test_a_yes_after_asking_for_dutch_at_the_consent_is_the_answer(api):
    slots = {**INTAKE, "pains": ["low_income"], "verdict": "eligible", "wants_booking": True,
             "requested_slot": "consent", "language": "nl"}  # fmt: skip
    t = make_tracker("sorry, ik praat liever gewoon nederlands. ja dat is goed", "switch_language", slots=slots,
                     active_loop="booking_form")  # fmt: skip
    assert slots_of(run(ValidateBookingForm(), t)[0])["consent"] is True


@pytest.mark.parametrize(
    "text",
    ["np", "Mag", "en ja, opslaan is goed", "Name and number are correct, thank you ma",
     "Dat staat zo correct genoteerd. Ik dank u vriendelijk voor de moeite."],
)  # fmt: skip
def test_yes_in_shorthand_permission_alone_and_details_said_to_be_correct(text):
    assert reading._yes_no_words(text) is True


@pytest.mark.parametrize("text", ["mag ik iets vragen?", "is that correct?", "the name is not correct"])
def test_a_question_or_a_denial_is_no_such_yes(text):
    assert reading._yes_no_words(text) is not True


@pytest.mark.parametrize(
    ("text", "requested", "slot", "value"),
    [("De Lier. Actually I turned 65 last month, forgot for a second", "municipality", "age", 65),
     ("delft. o wacht ben net 24 geworden", "municipality", "age", 24),
     ("greenhouse, peppers, seasonal contract. ah sorry, de lier is where is my work. i live in rijswijk",
      "work_situation", "municipality", "Rijswijk"),
     ("I have no Dutch diploma. Oh and one thing, my contract actually ended last week, so right now I'm looking "
      "for work", "pains", "work_situation", "job_seeker")],
)  # fmt: skip
def test_corrections_said_as_a_birthday_in_the_next_sentence_or_a_job_ended(api, text, requested, slot, value):
    known = {"age": value - 1} if slot == "age" else {"municipality": "Westland"}
    slots = in_intake(requested, **{**INTAKE, **known})
    if requested == "municipality":
        slots.pop("municipality")
    assert reading.read(make_tracker(text, slots=slots), requested).answers[slot] == value


def test_as_early_as_it_can_be_picks_the_first_time():
    from actions.slot_choice import pick

    assert pick("zo vroeg als het kan, mij maakt het weinig uit", SLOTS[:4], "nl") == 1


@pytest.mark.parametrize(
    ("text", "requested"),
    [("Nee, dank je. Volgend jaar ga ik met pensioen.", "wants_booking"),
     ("Hello. Sorry, ik typ gewoon in het nederlands. Ben bijna met pensioen maar wil nog wat leren", "age")],
)  # fmt: skip
def test_a_no_or_an_apology_for_the_language_puts_no_work_right(text, requested):
    t = make_tracker(text, slots=in_intake(requested, **{**INTAKE, "age": 66}))
    assert "work_situation" not in reading.read(t, requested).answers


@pytest.mark.parametrize(
    ("text", "intent"),
    [("o nee wacht, ik vulde de vragen voor mijn man in. kan ik helemaal opnieuw beginnen? nu voor mezelf", "restart"),
     ("wacht nee, ik bedenk me. kun je alles wat ik heb ingevuld weghalen?", "delete_data")],
)  # fmt: skip
def test_a_long_message_that_asks_to_start_over_or_erase_in_its_own_sentence_is_a_command(text, intent):
    t = make_tracker(text, intent, confidence=0.9, slots={"requested_slot": "pains"})
    assert reading.side_intent(t) == intent


def test_a_wish_said_with_actually_does_not_undo_benefits(api):
    text = "I want to find work that actually has a future, call centres are all moving abroad"
    t = make_tracker(text, slots=in_intake("pains", **{**INTAKE, "work_situation": "on_benefits"}))
    assert "work_situation" not in reading.read(t, "pains").answers


def test_set_it_down_is_a_yes():
    assert reading._yes_no_words("donderdag tussen de middag, mooi, zet maar vast") is True


def test_a_question_about_the_course_at_the_mode_sets_no_time_wish(api):
    """ "kan zo'n cursus ook in de avond, naast mijn werk?" where the bot asks how to talk: about the
    course, not when to talk (it had set a wish and the same question came twice in a row)."""
    slots = {**BOOKING, "mode": None, "requested_slot": "mode", "offered_slots": None, "slot_choice": None}
    t = make_tracker("kan zo'n cursus ook in de avond, naast mijn werk?", "ask_duration", confidence=0.55,
                     slots=slots, active_loop="booking_form")  # fmt: skip
    assert "time_wish" not in slots_of(run(ValidateBookingForm(), t)[0])


def test_a_place_put_right_to_the_same_municipality_answers_something(api):
    """ "o nee foutje, ik woon nu in 's-Gravenzande, niet in Naaldwijk" at the work question: both are
    Westland, so nothing changes, but the message is still an answer (noted), not a failed attempt."""
    events, _ = observe(
        "o nee foutje, ik woon nu in 's-Gravenzande, niet meer in Naaldwijk",
        slots=in_intake("work_situation", age=46, municipality="Westland"),
        active_loop="intake_form",
    )
    assert slots_of(events).get("municipality") == "Westland"
