"""Kinds of misreading found by the residents of fresh17 and fresh18 (written by people who saw
neither the bot's vocabulary nor the other sets), each held here in other words than theirs, in
both languages where the kind allows: asking for a person, asking back, a yes in an idiom, the
language one types more easily, ways of talking, time wishes with the days of work, ages with a
remark, what bothers one said as a judgement, work beside volunteering, and a name said before a
correction."""

from __future__ import annotations

from datetime import date, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest

from actions import nlu, reading
from actions.validation.booking import ValidateBookingForm
from bot.nlu.answers import values_for_slot
from bot.nlu.commands import asks_human
from bot.nlu.extract import approximate_age
from bot.nlu.language import explicit_language
from tests.bot.fake_api import FakeApi
from tests.bot.helpers import earlier_message, make_tracker, run, slots_of

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Wednesday


def value(slot: str, text: str, language: str = "en") -> object:
    return values_for_slot(slot, text, language, TODAY).get(slot)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("could I maybe speak with a real person?", True),
        ("can i talk to somebody real please", True),
        ("kan ik met iemand praten?", True),
        ("ik wil graag praten met een echte medewerker", True),
        ("are you a real person?", False),  # asks who the bot is
        ("ben je een echt mens?", False),
        ("no need to speak to a person, thanks", False),
        ("I talked to someone at the UWV last week", False),
    ],
)
def test_asking_for_a_person_in_words_the_classifier_doubts(text, asks):
    assert asks_human(text) is asks


@pytest.mark.parametrize(
    "text",
    ["hmm what do you mean", "uhm, how do u mean?", "wacht, bedoel je waar ik woon?", "eh moet ik dat zeggen?",
     "sorry, what u mean"],
)  # fmt: skip
def test_asking_back_after_a_hesitation_is_no_answer_and_no_dont_know(text):
    assert reading.ASKS_BACK.search(text)


@pytest.mark.parametrize("text", ["yes, why not", "waarom ook niet", "mag je bewaren hoor", "geen punt, doe maar"])
def test_a_yes_said_as_an_idiom(text):
    assert reading.yes_no(make_tracker(text, "nlu_fallback", confidence=0.3)) is True


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("engels lees ik wel, maar nederlands schrijft makkelijker", "nl"),
        ("I read Dutch a bit but English types faster for me", "en"),
        ("hello, sorry I not speak dutch good", None),  # describes, asks nothing: the evidence decides
        ("i no speak dutch", None),
    ],
)
def test_the_language_one_types_more_easily_is_asked_for(text, language):
    assert explicit_language(text) == language


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("I can come over there, that is easier", "in_person"),
        ("phone. hmm no, video. no wait, phone after all", "phone"),
        ("op kantoor. of nee, bellen. nee wacht, toch op kantoor", "in_person"),
    ],
)
def test_the_way_of_talking_named_after_the_last_change_of_mind(text, mode):
    assert value("mode", text) == mode


def test_days_of_work_named_as_a_range_are_ruled_out_and_do_is_a_verb_in_english():
    wish = nlu.parse_time_wish("Friday morning please, my shifts are Monday to Thursday", "en", NOW)
    assert wish is not None and wish.weekdays == {4} and wish.not_weekdays == {0, 1, 2, 3}
    wish = nlu.parse_time_wish("ik werk dinsdag t/m vrijdag, maandag kan ik", "nl", NOW)
    assert wish is not None and wish.weekdays == {0} and wish.not_weekdays == {1, 2, 3, 4}
    wish = nlu.parse_time_wish("tuesday after 2 works. could we do it by video instead?", "en", NOW)
    assert wish is not None and wish.weekdays == {1}


def test_early_in_the_morning_is_before_ten():
    for text, language in (("donderdagochtend vroeg", "nl"), ("early on a monday morning", "en")):
        wish = nlu.parse_time_wish(text, language, NOW)
        assert wish is not None and wish.part_of_day == "morning" and wish.before == clock(10)


@pytest.mark.parametrize(("text", "age"), [("31 (32 in june)", 31), ("57 (bijna 58)", 57)])
def test_an_age_with_a_remark_in_brackets(text, age):
    assert value("age", text) == age


@pytest.mark.parametrize("text", ["ergens in de dertig", "in de vijftig", "in my forties"])
def test_a_decade_in_words_is_asked_again_as_a_number(text):
    assert approximate_age(text)


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [
        ("het werk is erg lichamelijk", "nl", "physical_strain"),
        ("the job is really physical", "en", "physical_strain"),
        ("het loon is te laag voor een gezin", "nl", "low_income"),
        ("the pay is small", "en", "low_income"),
        ("my income is unstable", "en", "insecure_work"),
        ("de roosters zijn echt niet normaal", "nl", "irregular_hours"),
        ("the schedules are crazy", "en", "irregular_hours"),
        ("het geld vooral", "nl", "low_income"),
        ("no income since the summer", "en", "low_income"),
        ("for that job I need a Dutch diploma", "en", "no_diploma"),
    ],
)
def test_what_bothers_one_said_as_a_judgement(text, language, pain):
    assert pain in (value("pains", text, language) or [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("het werk is niet lichamelijk", "nl"),
        ("honestly nothing bothers me. good pay, normal hours. just curious", "en"),
        ("eigenlijk niks. mijn zus vindt dat ik moet switchen maar zelf ben ik tevreden", "nl"),
    ],
)
def test_what_is_fine_is_no_complaint(text, language):
    assert not value("pains", text, language)


@pytest.mark.parametrize(
    ("text", "language", "pains"),
    [
        ("het loon is prima, maar het werk is lichamelijk", "nl", ["physical_strain"]),
        ("the pay is decent but the job is really physical", "en", ["physical_strain"]),
    ],
)
def test_a_topic_said_to_be_fine_is_no_complaint_beside_one(text, language, pains):
    assert value("pains", text, language) == pains


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("ik werk als planner, vast contract. daarnaast train ik een jeugdteam, vrijwilligerswerk", "employed"),
        ("ik werk als vrijwilliger in het buurthuis", "other"),
        ("ik ben thuis sinds 4 jaar voor mijn zoontje. ik heb geen uitkering", "returner"),
        ("I'm asking for myself, is a bootcamp ok?", None),
    ],
)
def test_work_beside_volunteering_and_no_benefits_beside_caring(text, situation):
    assert value("work_situation", text, "nl") == situation


def test_a_name_said_before_a_correction_is_kept():
    api = FakeApi().start()
    try:
        slots = {"age": 30, "municipality": "Den Haag", "work_situation": "employed", "pains": ["low_income"],
                 "wants_booking": True, "consent": True, "mode": "phone", "requested_slot": "contact_name"}  # fmt: skip
        t = make_tracker("Sara Haddou. o trouwens, ik zei Den Haag maar ik woon in Delft", slots=slots,
                         active_loop="booking_form")  # fmt: skip
        events, _ = run(ValidateBookingForm(), t)
        assert slots_of(events)["contact_name"] == "Sara Haddou"
    finally:
        api.stop()


@pytest.mark.parametrize("text", ["paul krugerlaan", "we wonen aan de Herenstraat", "I live on Vaillantlaan"])
def test_a_street_alone_is_no_place_yet(text):
    assert value("municipality", text, "nl") is None


def test_a_street_beside_its_place_gives_the_place():
    assert value("municipality", "Den Haag, Paul Krugerlaan", "nl") == "Den Haag"


def test_the_hours_of_a_job_described_are_no_complaint_once_the_answer_leaves_them_out():
    told = [*earlier_message("beveiliger in loondienst, nachtdiensten vooral", "inform", "work_situation"),
            {"event": "slot", "name": "pains", "value": ["irregular_hours"]}]  # fmt: skip
    slots = {"age": 35, "municipality": "Den Haag", "work_situation": "employed", "pains": ["irregular_hours"],
             "requested_slot": "pains"}  # fmt: skip
    t = make_tracker("verdien maar 14 euro per uur en er zit geen groei in", slots=slots, before=told,
                     active_loop="intake_form")  # fmt: skip
    assert sorted(reading.read(t, "pains", TODAY).answers["pains"]) == ["low_income", "no_prospects"]
    # named again in the answer, or named as a complaint in the opening: kept
    t = make_tracker("het loon, en die nachtdiensten zijn zwaar", slots=slots, before=told, active_loop="intake_form")
    assert "irregular_hours" in reading.read(t, "pains", TODAY).answers["pains"]
    opening = [{"event": "user", "text": "die nachtdiensten slopen me"},
               {"event": "slot", "name": "pains", "value": ["irregular_hours"]}, *told]  # fmt: skip
    t = make_tracker("verdien maar 14 euro per uur", slots=slots, before=opening, active_loop="intake_form")
    assert "irregular_hours" in reading.read(t, "pains", TODAY).answers["pains"]
