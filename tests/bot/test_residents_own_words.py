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
    ("text", "language"),
    [
        ("liever niet in het Engels hoor", "nl"),
        ("ik chat liever niet in het nederlands", "en"),
        ("I'd rather not type in Dutch if that's ok", "en"),
        ("not in English please", "nl"),
        ("geen engels alsjeblieft", "nl"),
        ("ik ben niet Nederlands, kan ik toch meedoen?", None),  # who one is, asks nothing
        ("my diplomas are not in English", None),
        ("ik heb geen Nederlands diploma", None),
    ],
)
def test_a_language_turned_down_asks_for_the_other(text, language):
    assert nlu.explicit_language(text) == language


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


# -- fresh19 and fresh20


def test_a_department_moved_elsewhere_is_not_where_one_lives():
    from bot.nlu.places import home_place

    assert home_place("Our whole team is being moved to Rotterdam next year") is None
    moved = home_place("we moved to Delft in the summer")
    assert moved is not None and moved.slot_value == "Delft"
    moved = home_place("ho wacht, we zijn in de zomer verhuisd naar Tanthof")
    assert moved is not None and moved.slot_value == "Delft"


def test_a_landmark_across_the_border_is_not_where_one_lives():
    from bot.nlu.places import home_place

    place = home_place("my house is officially in Voorburg, right across the border from Bezuidenhout")
    assert place is not None and place.slot_value == "Leidschendam-Voorburg"


def test_near_a_district_is_in_its_town_but_near_a_town_is_no_answer():
    t = make_tracker("in the centre, near Hollands Spoor", slots={"requested_slot": "municipality"})
    assert reading.read(t, "municipality", TODAY).answers.get("municipality") == "Den Haag"
    t = make_tracker("vlak bij Delft", slots={"requested_slot": "municipality"})
    assert "municipality" not in reading.read(t, "municipality", TODAY).answers


@pytest.mark.parametrize(
    "text", ["Frankly, is there an age limit for this?", "Eerst een vraag. Moet de cursus in het Nederlands?"]
)
def test_what_is_left_beside_a_question_is_no_place(text):
    assert value("municipality", text, "en") is None


def test_a_place_corrected_in_a_statement_with_a_tag_question():
    t = make_tracker(
        "ik werk in een winkel. o ik woon trouwens in Schipluiden, niet in Delft zelf, maakt dat uit?",
        slots={"municipality": "Delft", "requested_slot": "work_situation"},
    )
    r = reading.read(t, "work_situation", TODAY)
    assert r.answers.get("municipality") == "Midden-Delfland" and "municipality" in r.corrected


def test_saying_where_one_lives_now_puts_the_place_right():
    t = make_tracker(
        "ik zoek werk. delft is waar mijn oude school was, ik woon gewoon in ypenburg",
        slots={"municipality": "Delft", "requested_slot": "work_situation"},
    )
    assert reading.read(t, "work_situation", TODAY).answers.get("municipality") == "Den Haag"


def test_a_place_of_work_in_passing_is_not_a_move():
    t = make_tracker(
        "wacht even, die dag zit ik op een klus in Zoetermeer",
        slots={"municipality": "Den Haag", "requested_slot": "contact_name"},
    )
    assert "municipality" not in reading.read(t, "contact_name", TODAY).answers


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Before I agree: who can see this? How long do you keep it?", None),
        ("I'll pass on the appointment, thanks", False),
        ("U heeft mijn toestemming", True),
        ("ja, maar wie ziet het?", True),
    ],
)
def test_agreeing_still_to_come_passing_and_permission_given(text, answer):
    assert reading.yes_no(make_tracker(text, "inform", confidence=0.5)) is answer


def test_the_language_one_would_rather_write():
    text = "Ik zag de advertentie in het Engels, maar ik stel mijn vraag liever in het Nederlands."
    assert explicit_language(text) == "nl"


@pytest.mark.parametrize(
    ("text", "after", "before"),
    [("Thursday, at 11 or later if you can", clock(11), None), ("om 15 uur of eerder", None, clock(15, 1))],
)
def test_a_time_or_later_or_earlier(text, after, before):
    wish = nlu.parse_time_wish(text, "en", NOW)
    assert wish is not None and wish.after == after and wish.before == before


def test_a_clock_time_in_a_clause_about_work_is_no_wish():
    wish = nlu.parse_time_wish(
        "woensdagochtend want dan ben ik vrij, de rest van de week sta ik om zes uur in de kas", "nl", NOW
    )
    assert wish is not None and wish.weekdays == {2} and wish.part_of_day == "morning"


def test_a_way_of_talking_named_after_instead_of_is_left():
    assert value("mode", "could we do video instead of phone?") == "video"
    assert value("mode", "liever beeldbellen in plaats van bellen", "nl") == "video"


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("2nd year at the hogeschool, full time", "student"),
        ("ik werk op dit moment niet en studeer ook niet", None),
        ("I help out in my sister's shop, but there's no salary", "other"),
        ("I'm on the payroll of a cleaning company", "employed"),
    ],
)
def test_studying_working_not_and_helping_unpaid(text, situation):
    assert value("work_situation", text) == situation


def test_a_word_said_to_be_wrong_is_the_old_answer():
    t = make_tracker(
        "o wacht, freelance klopt niet, ik werk via een uitzendbureau",
        slots={"work_situation": "self_employed", "requested_slot": "pains"},
    )
    assert reading.read(t, "pains", TODAY).answers.get("work_situation") == "employed"


def test_an_age_said_before_its_negated_old_value():
    t = make_tracker(
        "2nd year at uni. oh and I'm 24 actually, not 23", slots={"age": 23, "requested_slot": "work_situation"}
    )
    assert reading.read(t, "work_situation", TODAY).answers.get("age") == 24


def test_missing_ones_family_is_irregular_hours():
    assert "irregular_hours" in (value("pains", "I hardly see my kids, they are asleep when I get home") or [])
    assert "irregular_hours" in (value("pains", "ik zie mijn zoontje bijna nooit wakker", "nl") or [])


def test_a_study_given_up_beside_a_job_is_the_job():
    assert value("work_situation", "waiter in a hotel bar, no fixed hours. not studying anymore") == "employed"
    assert value("work_situation", "ik werk in een café en studeer niet meer", "nl") == "employed"


def test_at_your_office_is_in_person():
    assert value("mode", "het liefst op uw kantoor, als dat kan", "nl") == "in_person"


# -- fresh21 to fresh24


@pytest.mark.parametrize(
    "text",
    [
        "ik ben kapster bij een salon in Delft, kan ik meedoen?",
        "I drive a taxi in The Hague, mostly airport runs",
        "my colleague at the packing hall in Naaldwijk sent me this",
        "ik ben bartender in het centrum van Den Haag",
    ],
)
def test_a_place_named_with_ones_job_is_where_one_works(text):
    from bot.nlu.places import home_place

    assert home_place(text) is None


@pytest.mark.parametrize(
    ("text", "municipality"),
    [
        ("we zijn vorige maand verhuisd van Leiden naar Delft", "Delft"),
        ("verhuisd van Zoetermeer naar Wateringen, net de dozen uitgepakt", "Westland"),
        ("I moved from Rotterdam to Rijswijk in the summer", "Rijswijk"),
    ],
)
def test_a_move_from_one_place_to_another_is_where_one_lives_now(text, municipality):
    assert value("municipality", text) == municipality


def test_a_department_or_job_moved_is_still_no_move():
    from bot.nlu.places import home_place

    place = home_place("mijn werk is verhuisd naar Delft, ik woon in Rijswijk")
    assert place is not None and place.slot_value == "Rijswijk"


def test_near_a_station_or_the_centre_of_a_town_is_in_that_town():
    from actions.reading import _answer

    assert _answer("municipality", "a few minutes from Delft station", "en", TODAY) == "Delft"
    assert _answer("municipality", "vlakbij het centrum van Rijswijk", "nl", TODAY) == "Rijswijk"
    assert _answer("municipality", "close to Delft", "en", TODAY) is None  # a town's edge may be across its border


@pytest.mark.parametrize(
    ("text", "language", "after", "before"),
    [
        ("na 7 uur 's avonds graag, want ik sta tot half 7 in de winkel", "nl", clock(19), None),
        ("om 5 uur ben ik thuis, daarna kan het", "nl", clock(17), None),
        ("at 4 I'm done at work, so after that", "en", clock(16), None),
    ],
)
def test_the_end_of_a_working_day_and_being_home_are_bounds_of_the_wish(text, language, after, before):
    wish = nlu.parse_time_wish(text, language, NOW)
    assert wish is not None and (wish.after, wish.before) == (after, before)


def test_an_article_is_no_clock_time():
    wish = nlu.parse_time_wish("na een avonddienst slaap ik uit, dus vrijdag graag", "nl", NOW)
    assert wish is not None and wish.after is None and wish.weekdays == {4}


def test_a_day_said_to_be_out_is_ruled_out():
    wish = nlu.parse_time_wish("Thursday is out now, could we do Friday morning?", "en", NOW)
    assert wish is not None and wish.weekdays == {4} and 3 in wish.not_weekdays


@pytest.mark.parametrize("text", ["doe maar die vroege", "de allereerste graag", "the early one"])
def test_the_early_one_is_the_first_time_offered(text):
    from actions.slot_choice import pick

    offered = [{"start": "2026-12-08T09:00:00+01:00"}, {"start": "2026-12-08T14:00:00+01:00"}]
    assert pick(text, offered, "nl") == 1


def test_the_earliest_of_a_day_named_is_the_first_of_that_day():
    from actions.slot_choice import pick

    offered = [{"start": "2026-12-08T09:00:00+01:00"}, {"start": "2026-12-11T10:00:00+01:00"}]
    assert pick("earliest friday is good", offered, "en") == 2


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [
        ("ik wil dit echt niet tot mijn pensioen blijven doen", "nl", "no_prospects"),
        ("don't want to be stacking shelves forever", "en", "no_prospects"),
        ("ik krijg nog jeugdloon, dat is bijna niks", "nl", "low_income"),
        ("elke keer weer tijdelijk, nooit iets vast", "nl", "insecure_work"),
        ("my margins are thin since the prices went up", "en", "low_income"),
        ("nothing bad really, I just want to learn something new", "en", "no_prospects"),
        ("I need a new direction, the trade is dying", "en", "no_prospects"),
    ],
)
def test_what_bothers_one_said_in_other_words(text, language, pain):
    assert pain in (value("pains", text, language) or [])


def test_weekends_one_volunteers_are_no_hours_complained_of():
    assert "irregular_hours" not in (value("pains", "in the weekends I volunteer at the food bank") or [])
    assert "irregular_hours" in (value("pains", "ik moet elk weekend werken", "nl") or [])


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("4 hours a week as a teaching assistant at a primary school", None),
        ("in vaste dienst bij de gemeente, 32 uur", "employed"),
        ("bijbaantje naast school", "student"),
    ],
)
def test_a_school_where_one_works_is_no_study(text, situation):
    assert (
        value("work_situation", text) != "student" if situation is None else value("work_situation", text) == situation
    )


@pytest.mark.parametrize(
    ("text", "age", "new"),
    [
        ("ik zie nu dat ik 38 typte, maar ik ben al 39", 38, 39),
        ("oh i write 44 but is 45 already", 44, 45),
    ],
)
def test_an_age_written_wrongly_is_put_right(text, age, new):
    t = make_tracker(text, slots={"age": age, "requested_slot": "wants_booking"})
    assert reading.read(t, "wants_booking", TODAY).answers.get("age") == new


def test_a_correction_after_a_question_back_is_a_correction():
    t = make_tracker(
        "wacht, je vroeg waar ik woon? dan is het Rijswijk. Delft is waar mijn werk is",
        slots={"municipality": "Delft", "requested_slot": "wants_booking"},
    )
    assert reading.read(t, "wants_booking", TODAY).answers.get("municipality") == "Rijswijk"


def test_a_correction_at_the_name_is_no_name():
    api = FakeApi().start()
    try:
        slots = {"age": 40, "municipality": "Delft", "work_situation": "employed", "pains": ["low_income"],
                 "wants_booking": True, "consent": True, "mode": "phone", "requested_slot": "contact_name"}  # fmt: skip
        t = make_tracker("oja ik ben trouwens al 41, was vorige week jarig", slots=slots, active_loop="booking_form",
                         after_user=[{"event": "slot", "name": "age", "value": 41}])  # fmt: skip
        events, _ = run(ValidateBookingForm(), t)
        assert "contact_name" not in slots_of(events) or slots_of(events)["contact_name"] is None
    finally:
        api.stop()


@pytest.mark.parametrize(
    ("text", "language", "mode"),
    [
        ("ik kom wel even langs... nee weet je wat, video is makkelijker", "nl", "video"),
        ("could we switch to a phone call instead? video makes me nervous", "en", "phone"),
        ("no need to come in for it, phone is fine", "en", "phone"),
        ("I'm terrible with the phone, a video call please", "en", "video"),
        ("in het kantoor graag, niet op maandag", "nl", "in_person"),
    ],
)
def test_the_way_of_talking_after_a_change_of_mind_or_a_dislike(text, language, mode):
    assert value("mode", text, language) == mode


def test_a_change_of_mind_to_yes_inside_one_reply():
    t = make_tracker("not now, too busy... actually you know what, let's just book one", "deny")
    assert reading.yes_no(t) is True


@pytest.mark.parametrize(
    "text", ["dat wil ik liever niet zeggen", "I'd rather not say where I live", "gaat je niks aan"]
)
def test_an_answer_withheld_is_said_plainly(text):
    assert reading.declines_to_say(text)


def test_a_birth_year_said_in_words_is_an_age():
    assert value("age", "my year of birth is 1985") == 41


def test_comparing_ones_languages_with_a_typo_asks_for_none():
    assert explicit_language("my english better then dutch") is None
    assert explicit_language("waarom is dit allemaal engels, ik wil weten of ik mee kan doen") is None


def test_a_condition_about_talking_to_someone_asks_for_no_person():
    assert not asks_human("if I have to talk to someone, make it a Friday please")
    assert asks_human("could I talk to someone about this?")


def test_only_the_place_one_moved_away_from_is_no_answer():
    assert value("municipality", "we zijn net verhuisd van Leiden, ik weet niet hoe het hier heet", "nl") == "unknown"
    assert value("municipality", "just moved from Zoetermeer") is None
    assert value("municipality", "verhuisd van Leiden naar Maasland", "nl") == "Midden-Delfland"


def test_a_place_across_the_border_from_a_landmark_is_where_one_lives():
    assert value("municipality", "Vlaardingen, just across the border from Maassluis") == "Vlaardingen"


def test_on_second_thought_picks_no_second_time():
    from actions.slot_choice import pick

    offered = [{"start": "2026-12-08T09:00:00+01:00"}, {"start": "2026-12-08T14:00:00+01:00"}]
    assert pick("on second thought, can we do it in person instead?", offered, "en") is None
    assert pick("the second one please", offered, "en") == 2


def test_a_day_followed_by_not_is_ruled_out():
    wish = nlu.parse_time_wish("mijn zoon heeft vrijdag geen school, dus vrijdag niet. maandag?", "nl", NOW)
    assert wish is not None and 4 in wish.not_weekdays and wish.weekdays == {0}


def test_back_to_work_in_dutch_words_is_a_return():
    assert value("work_situation", "geen baan nu, ik wil terug naar het werk", "nl") == "returner"


def test_children_at_school_make_no_student_of_the_parent():
    text = "I quit when my son was born, now he's at school all day and I want to return"
    assert value("work_situation", text) == "returner"


@pytest.mark.parametrize(
    ("text", "pain"),
    [
        ("nooit een weekend vrij in de zorg", "irregular_hours"),
        ("voor dat salaris blijf ik het niet doen", "low_income"),
        ("ik zoek werk dat ergens over gaat", "no_prospects"),
    ],
)
def test_more_of_what_bothers_one_in_dutch_words(text, pain):
    assert pain in (value("pains", text, "nl") or [])


def test_wholly_correct_is_a_yes():
    assert reading.yes_no(make_tracker("Helemaal correct, bedankt!", "nlu_fallback", confidence=0.3)) is True


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("until last spring I was on WW, now I work in a warehouse", "employed"),
        ("2 jaar in de bijstand gezeten, sinds maart werk ik weer in een winkel", "employed"),
        ("ik zit in de bijstand", "on_benefits"),
        ("Werkzoekend. Mijn contract bij de supermarkt is niet verlengd", "job_seeker"),
    ],
)
def test_benefits_or_a_contract_behind_one_are_not_the_situation_now(text, situation):
    assert value("work_situation", text) == situation


def test_the_language_the_campaign_is_written_in_asks_for_nothing():
    assert explicit_language("I saw the flyer in Dutch, is English ok too?") == "en"


def test_a_place_where_one_used_to_work_is_no_home():
    from bot.nlu.places import home_place

    assert home_place("de winkel in Naaldwijk waar ik 10 jaar werkte is dicht") is None


def test_one_oclock_between_two_hours_is_still_a_time():
    wish = nlu.parse_time_wish("donderdag tussen een en drie graag", "nl", NOW)
    assert wish is not None and (wish.after, wish.before) == (clock(13), clock(15))


def test_benefits_behind_one_do_not_outweigh_the_job_now():
    t = make_tracker(
        "tot de zomer in de bijstand, nu werk ik weer in een bakkerij", slots={"requested_slot": "work_situation"}
    )
    assert reading.read(t, "work_situation", TODAY).answers.get("work_situation") == "employed"


def test_a_time_wish_at_the_way_of_talking_is_noted_once_and_no_answer_when_said_again():
    """ "liever niet op woensdag" where the way of talking is asked: noted beside the question the
    first time; said again, it counts as a reply that was no answer: the question is not put a third
    time, the booking goes on (by phone, which the times and the summary show)."""
    api = FakeApi().start()
    try:
        text = "niet op woensdag, dan zijn de kinderen vrij"
        slots = {"age": 35, "municipality": "Den Haag", "work_situation": "returner", "pains": ["no_diploma"],
                 "wants_booking": True, "consent": True, "requested_slot": "mode"}  # fmt: skip
        first, said = run(ValidateBookingForm(), make_tracker(text, slots=slots, active_loop="booking_form"))
        assert "utter_noted" in [m.get("response") for m in said]
        assert not slots_of(first).get("failures")
        again = make_tracker(text, slots={**slots, "time_wish": text}, active_loop="booking_form",
                             before=earlier_message(text, "inform", "mode"))  # fmt: skip
        events, _ = run(ValidateBookingForm(), again)
        assert slots_of(events)["requested_slot"] != "mode"
    finally:
        api.stop()


def test_a_contract_that_ended_with_a_last_day_is_no_job_now():
    assert value("work_situation", "my contract wasn't renewed, last day was end of September") == "job_seeker"
    assert value("work_situation", "my contract ends in March, I work at a call centre") == "employed"


def test_a_zero_hours_contract_in_digits_is_insecure_work():
    assert "insecure_work" in (value("pains", "in a kitchen on a 0 hours contract") or [])


# --------------------------------------------------------------------------- fresh27 and fresh28
# Kinds of misreading found by the residents of fresh27 and fresh28, held here in other words.


@pytest.mark.parametrize(
    ("text", "age"),
    [("early forties, 43 to be exact", 43), ("eind dertig, precies 38", 38), ("in my sixties", 65)],
)
def test_the_precise_age_beside_a_decade_is_the_age(text, age):
    assert value("age", text) == age


def test_a_precise_age_is_not_asked_again_as_a_number():
    assert not approximate_age("late forties, 48 to be precise")
    assert approximate_age("late forties")


@pytest.mark.parametrize(
    ("text", "language"),
    [("could we do this in English? my Dutch is too weak for it", "en"),
     ("mag het in het Engels? mijn Nederlands is te weinig", "en"),
     ("my Dutch is too basic", None)],
)  # fmt: skip
def test_a_language_said_to_be_too_weak_is_not_the_one_asked_for(text, language):
    assert explicit_language(text) == language


def test_a_language_request_the_classifier_took_for_are_you_a_person_is_a_switch():
    t = make_tracker("ach, kan het toch gewoon in het Nederlands? dat schrijft makkelijker", "bot_challenge",
                     slots={"language": "en", "requested_slot": "age"}, active_loop="intake_form")  # fmt: skip
    assert reading.side_intent(t) is None
    assert reading.language_request(t) == "nl"


@pytest.mark.parametrize(
    ("text", "known", "situation"),
    [("even eerlijk zijn: ik krijg bijstand, dat had ik nog niet gezegd", "job_seeker", "on_benefits"),
     ("sorry, I need to change something. The agency let me go last month, now I get WW", "employed",
      "on_benefits")],
)  # fmt: skip
def test_benefits_told_later_put_the_work_situation_right(text, known, situation):
    t = make_tracker(text, slots={"requested_slot": "wants_booking", "work_situation": known, "pains": ["no_diploma"]})
    r = reading.read(t, "wants_booking", TODAY)
    assert r.answers.get("work_situation") == situation and "work_situation" in r.corrected


@pytest.mark.parametrize(
    ("text", "known", "slot", "put_right"),
    [("oh, ik vergat te zeggen: sinds kort sta ik niet meer op de loonlijst, ik ben nu zzp'er",
      {"work_situation": "employed"}, "work_situation", "self_employed"),
     ("o, ik zei Delft maar we wonen sinds mei in Rijswijk, even wennen nog", {"municipality": "Delft"},
      "municipality", "Rijswijk")],
)  # fmt: skip
def test_a_correction_at_what_to_change_leaves_that_question_open(text, known, slot, put_right):
    t = make_tracker(text, slots={"requested_slot": "pains", **known})
    r = reading.read(t, "pains", TODAY)
    assert r.answers.get(slot) == put_right and "pains" not in r.answers


def test_a_correction_beside_what_to_change_keeps_both():
    t = make_tracker(
        "I'm actually 44, not 43, and the work is far too heavy", slots={"requested_slot": "pains", "age": 43}
    )
    r = reading.read(t, "pains", TODAY)
    assert r.answers.get("age") == 44 and r.answers.get("pains") == ["physical_strain"]


@pytest.mark.parametrize(
    ("text", "requested"),
    [("kan mijn vrouw ook zo'n voucher krijgen? zij werkt in de schoonmaak en wil iets anders", "pains"),
     ("One question: my wife works at a bank in Delft, can she apply as well?", "work_situation")],
)  # fmt: skip
def test_what_one_tells_about_a_partner_answers_nothing_about_oneself(text, requested):
    t = make_tracker(text, slots={"requested_slot": requested})
    answers = reading.read(t, requested, TODAY).answers
    assert "pains" not in answers and "work_situation" not in answers and "municipality" not in answers


def test_places_driven_through_for_work_are_no_home():
    t = make_tracker(
        "als koerier rij ik de hele dag door Delft en Rijswijk, kan ik meedoen?", slots={"requested_slot": "age"}
    )
    assert "municipality" not in reading.read(t, "age", TODAY).answers


@pytest.mark.parametrize(
    ("text", "situation"),
    [("doing a full-time master in Leiden, and I tutor 6 hours a week", "student"),
     ("tien jaar voor mijn zoontje thuis gebleven, nu wil ik weer aan het werk in een winkel", "returner"),
     ("I'm a plasterer, independent, and I help out at a friend's shop on Saturdays", "self_employed")],
)  # fmt: skip
def test_the_stronger_fact_of_a_story_about_work(text, situation):
    assert value("work_situation", text) == situation


def test_a_job_in_the_simple_past_is_no_job_now():
    assert value("work_situation", "I worked as a teacher in Aleppo, and now I live in Delft") is None
    assert value("work_situation", "I have worked as a cook for 15 years") == "employed"


@pytest.mark.parametrize(
    ("text", "pain"),
    [("mijn uurtarief kan al jaren niet omhoog", "low_income"),
     ("I can't raise my fees, clients would leave", "low_income")],
)  # fmt: skip
def test_rates_that_cannot_go_up_are_low_income(text, pain):
    assert pain in (value("pains", text) or [])


def test_regular_hours_one_has_are_no_complaint():
    from bot.nlu.extract import extract_text

    def pains(text: str) -> set[str]:
        return {e["value"] for e in extract_text(text) if e["entity"] == "pain"}

    assert "irregular_hours" not in pains("ik rij op een bestelbus met een vast contract en vaste tijden")
    assert "irregular_hours" in pains("ik wil gewoon vaste tijden")


def test_keeping_up_with_the_rent_is_about_money_not_prospects():
    assert value("pains", "the wages are a joke, I can hardly keep up with my bills") == ["low_income"]


@pytest.mark.parametrize("text", ["Everything in there is accurate, see you Tuesday", "allez, dat is goed",
                                  "looking forward to it"])  # fmt: skip
def test_a_yes_said_as_accurate_or_looking_forward(text):
    assert reading._yes_no_words(text) is True


def test_an_age_put_right_with_remarks_between():
    t = make_tracker(
        "o ja, ik ben trouwens al 31, was gisteren jarig", slots={"requested_slot": "contact_name", "age": 30}
    )
    r = reading.read(t, "contact_name", TODAY)
    assert r.answers.get("age") == 31 and "age" in r.corrected


def test_a_contract_said_to_be_over_is_no_job_now():
    assert value("work_situation", "my contract is over since Monday, so now I search new work") == "job_seeker"


def test_standing_somewhere_for_hours_a_week_is_a_job_beside_caring():
    assert value("work_situation", "ik sta 12 uur per week achter de bar, verder zorg ik voor mijn vader", "nl") == (
        "employed"
    )


def test_a_correction_alone_in_its_sentence_puts_right_what_the_next_one_says_but_not_a_no_with_a_remark():
    t = make_tracker("Niks eigenlijk, het gaat goed en ik heb klanten genoeg", slots={"requested_slot": "pains",
                     "work_situation": "self_employed"})  # fmt: skip
    r = reading.read(t, "pains", TODAY)
    assert r.answers.get("pains") == [] and "work_situation" not in r.answers


def test_standing_at_a_market_is_no_job_said():
    t = make_tracker("Transvaal, en ik sta ook op de markt", slots={"requested_slot": "municipality"})
    assert "work_situation" not in reading.read(t, "municipality", TODAY).answers


# --------------------------------------------------------------------------- fresh29


@pytest.mark.parametrize(
    "text",
    ["It all checks out, thanks!", "klopt allemaal hoor", "keep it away, nothing to hide", "Everything matches"],
)
def test_a_yes_said_as_it_all_matches(text):
    assert reading._yes_no_words(text) is True


def test_unsure_whether_a_contract_is_renewed_is_no_not_yet():
    assert reading._yes_no_words("vergeten te zeggen: ik weet nog niet of mijn contract verlengd wordt") is None
    assert reading._yes_no_words("weet ik nog niet") is False


@pytest.mark.parametrize(
    "text",
    ["my husband got a job at a bank here, so we came over from Lisbon",
     "mijn vriendin kreeg een contract in Den Haag, daarom zijn we verhuisd",
     "mijn baan heb ik opgezegd om voor mijn vader te zorgen"],
)  # fmt: skip
def test_a_partners_job_or_a_job_given_up_is_no_job_now(text):
    assert value("work_situation", text) != "employed"


def test_a_student_room_is_where_one_lives():
    assert value("work_situation", "ik woon op een studentenkamer in Delft", "nl") is None
    assert value("work_situation", "I live in a student flat near the station") is None


def test_retired_and_not_working_is_retired():
    assert value("work_situation", "met pensioen, ik werk niet meer", "nl") == "other"


def test_the_office_that_moved_is_not_where_one_lives():
    t = make_tracker(
        "my employer moved its office to Utrecht and I stayed, now I'm on WW", slots={"requested_slot": "age"}
    )
    assert "municipality" not in reading.read(t, "age", TODAY).answers


def test_a_way_of_talking_one_is_not_good_at_is_ruled_out():
    assert value("mode", "ik kom liever langs, met de telefoon ben ik niet zo handig", "nl") == "in_person"


def test_a_run_on_answer_with_a_correction_keeps_what_to_change():
    """Dictated, with no punctuation to part the correction from the answer: what was read stays,
    so the question is not put again (the same answer repeated would loop)."""
    t = make_tracker("ik wil graag verder in de techniek want ik sta stil o en sorry ik zei zesendertig maar ik ben "
                     "zevenendertig", slots={"requested_slot": "pains", "age": 36})  # fmt: skip
    r = reading.read(t, "pains", TODAY)
    assert r.answers.get("age") == 37 and r.answers.get("pains")


def test_a_second_reply_to_what_to_change_with_a_correction_is_read_as_the_answer():
    text = "o, ik zei Delft maar we wonen sinds mei in Rijswijk, even wennen nog"
    t = make_tracker(text, slots={"requested_slot": "pains", "municipality": "Rijswijk"},
                     before=earlier_message(text, "inform", "pains"))  # fmt: skip
    assert reading.replied_before(t, "pains")
