"""The understanding interface the actions call: places, time wishes, language, answers per slot,
questions (bot/nlu/places.py, time_wish.py, language.py, answers.py, questions.py)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.nlu.answers import all_values, values_for_slot
from bot.nlu.language import LanguageEvidence, explicit_language, message_language
from bot.nlu.places import home_place, resolve_place
from bot.nlu.questions import is_question
from bot.nlu.time_wish import parse_time_wish

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=AMS)  # a Wednesday
TODAY = NOW.date()


# --- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical", "municipality", "in_region"),
    [
        ("Naaldwijk", "Naaldwijk", "Westland", True),
        ("ik woon in naaldwyk", "Naaldwijk", "Westland", True),
        ("Schevenigen", "Scheveningen", "Den Haag", True),
        ("I live in The Hague", "The Hague", "Den Haag", True),
        ("s gravenzande", "'s-Gravenzande", "Westland", True),
        ("gemeente Rijswijk", "Rijswijk", "Rijswijk", True),
        ("rijkswijk", "Rijswijk", "Rijswijk", True),
        ("ik werk in Delft maar woon in Zoetermeer", "Zoetermeer", None, False),
    ],
)
def test_known_places_resolve_whatever_the_spelling(text, canonical, municipality, in_region):
    match = resolve_place(text)
    assert match is not None
    assert (match.canonical, match.municipality, match.in_region) == (canonical, municipality, in_region)


def test_a_place_outside_the_region_says_where_to_go():
    match = resolve_place("Nootdorp")
    assert match.in_region is False and match.municipality is None
    assert match.outside_municipality == "Pijnacker-Nootdorp" and match.slot_value == "Pijnacker-Nootdorp"
    assert match.where_to_go["url"] == "https://www.pijnacker-nootdorp.nl"
    assert resolve_place("Zoetermeer").where_to_go["phone"] == "14 079"


def test_an_unknown_place_is_kept_as_typed():
    match = resolve_place("ik woon in Oud-Beijerland")
    assert (match.name_as_typed, match.canonical, match.in_region, match.slot_value) == (
        "Oud-Beijerland",
        None,
        None,
        "Oud-Beijerland",
    )
    assert json.loads(json.dumps(match.as_dict()))["name_as_typed"] == "Oud-Beijerland"


@pytest.mark.parametrize("text", ["Andere gemeente", "weet ik niet", "ik ben 45", "wat bedoel je?", "laat maar", ""])
def test_no_place_is_made_up(text):
    assert resolve_place(text) is None


# --- time wishes -------------------------------------------------------------------------------


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=AMS)


def test_thursday_after_two():
    wish = parse_time_wish("liever donderdag na 14 uur", "nl", NOW)
    assert wish.weekdays == {3} and wish.after == time(14)
    assert wish.matches(at(3, 14, 30)) and not wish.matches(at(3, 11)) and not wish.matches(at(4, 15))
    query = wish.as_query()
    assert query["weekdays"] == [3] and query["after"] == "14:00"


@pytest.mark.parametrize(
    ("text", "language", "fits", "does_not_fit"),
    [
        ("thursday", "en", at(3, 9), at(2, 15)),
        ("morgen", "nl", at(3, 9), at(4, 9)),
        ("tomorrow afternoon", "en", at(3, 14), at(3, 10)),
        ("next week tuesday", "en", at(8, 10), at(1, 10)),
        ("volgende week dinsdag", "nl", at(8, 10), at(15, 10)),
        ("12 december", "nl", at(12, 10), at(11, 10)),
        ("'s ochtends", "nl", at(7, 9), at(7, 13)),
        ("in the evening", "en", at(7, 18), at(7, 10)),
        ("after 2 pm", "en", at(7, 14), at(7, 13, 45)),
        ("na tweeën", "nl", at(7, 14), at(7, 12)),
        ("voor 10:00", "nl", at(7, 9, 15), at(7, 10)),
        ("before noon", "en", at(7, 11), at(7, 12)),
        ("niet op maandag", "nl", at(8, 10), at(7, 10)),
        ("woensdag of vrijdag", "nl", at(4, 10), at(3, 10)),
        ("graag vóór de middag", "nl", at(7, 10), at(7, 14)),
        ("ergens na het middaguur", "nl", at(7, 13), at(7, 11)),
        ("tussen 10 en 12", "nl", at(7, 11), at(7, 13)),
        ("between 3 and 5", "en", at(7, 16), at(7, 11)),
        ("dinsdagavond na het eten", "nl", at(8, 19), at(8, 17)),
        ("Monday morning, when I come home from my night shift", "en", at(7, 9), at(7, 19)),
        ("maandag na de middag, 's ochtends moet ik naar de fysio", "nl", at(7, 14), at(7, 9)),
        ("Wednesday afternoon, so around three?", "en", at(9, 15), at(9, 12)),
        ("Do you have anything on a Wednesday morning?", "en", at(9, 10), at(10, 10)),
        ("Monday afternoon, that's my day off this week", "en", at(7, 14), at(7, 10)),
        ("do you have something tuesday after 5 pm? i finish at 4", "en", at(8, 18), at(8, 15)),
        ("dinsdag tegen de avond, ergens tussen zes en acht", "nl", at(8, 19), at(8, 7)),
        ("Tuesday evening, after half six when I'm home", "en", at(8, 19), at(8, 18)),
        ("na half zes", "nl", at(8, 17, 30), at(8, 17)),
        ("Tuesday afternoon would suit. Hmm, scratch that, Thursday after 4", "en", at(10, 16), at(8, 14)),
        ("donderdag avond na werk, zeven uur kan?", "nl", at(10, 19), at(10, 17)),  # the clock beats "na werk"
        ("na het eten om acht uur", "nl", at(7, 20), at(7, 8)),
        ("ik werk tot vijf uur, daarna kan het", "nl", at(7, 17, 30), at(7, 15)),  # the end of work
        ("Any morning, in the afternoon I have Dutch lessons", "en", at(7, 10), at(7, 14)),  # busy then
        ("'s middags kan ik niet, 's ochtends wel", "nl", at(7, 10), at(7, 14)),  # a part ruled out after it
        ("maandag kan ik niet maar dinsdag wel", "nl", at(8, 10), at(7, 10)),  # a day ruled out after it
        ("monday I can't, tuesday works", "en", at(8, 10), at(7, 10)),
        ("'s ochtends voor 10 graag", "nl", at(7, 9), at(7, 10, 30)),  # a bare hour with a part of the day
        ("wednesday around lunchtime", "en", at(9, 12), at(9, 9)),
        ("dinsdag tussen de middag", "nl", at(8, 12, 30), at(8, 15)),
        ("zo vroeg mogelijk in de ochtend, liefst voor elven", "nl", at(7, 9), at(7, 11, 30)),  # "zo": so
        ("Donderdag aan het einde van de middag", "nl", at(10, 16), at(10, 12)),
        ("early afternoon", "en", at(7, 13), at(7, 15)),
        ("Wednesday afternoon if possible, my mornings are for clients", "en", at(9, 14), at(9, 9)),  # taken
        ("mijn ochtenden zijn voor de kinderen, dus woensdag in de middag", "nl", at(9, 14), at(9, 10)),
        ("A Tuesday morning, after the school run, so from half past nine", "en", at(8, 9, 30), at(8, 9)),
        ("quarter to ten on friday", "en", at(4, 9, 45), at(4, 14)),
        ("Thursday evening once the kids are asleep, like 7-ish?", "en", at(10, 19), at(10, 17)),
    ],
)
def test_day_and_time_wishes(text, language, fits, does_not_fit):
    wish = parse_time_wish(text, language, NOW)
    assert wish is not None, text
    assert wish.matches(fits), (text, wish)
    assert not wish.matches(does_not_fit), (text, wish)


@pytest.mark.parametrize(
    "text", ["ik ben 45", "ik heb 2 kinderen", "ik werk voor 2 bedrijven", "prima", "video", "ik zorg voor 2 kinderen"]
)
def test_no_wish_in_other_messages(text):
    assert parse_time_wish(text, "nl", NOW) is None


def test_a_date_gives_the_slots_api_a_from_and_to():
    query = parse_time_wish("morgen na 14 uur", "nl", NOW).as_query()
    assert query["from"] == "2026-12-03T14:00:00+01:00"
    assert query["to"] == "2026-12-04T00:00:00+01:00"
    assert parse_time_wish("donderdag", "nl", NOW).describe("nl") == "donderdag"


# --- language ----------------------------------------------------------------------------------


def test_an_english_resident_is_answered_in_english_after_short_messages():
    evidence = LanguageEvidence()
    assert evidence.observe("Hello").language == "nl"  # one greeting is not enough
    decision = evidence.observe("my home is in Delft")  # Delft is a place, not Dutch
    assert decision.language == "en" and decision.switched
    for text in ("45", "ja", "Delft"):  # short or Dutch-looking answers don't flip it back
        assert evidence.observe(text).language == "en"


def test_evidence_survives_a_slot_round_trip():
    evidence = LanguageEvidence()
    evidence.observe("I'm a cook")
    stored = json.loads(json.dumps(evidence.to_json()))
    again = LanguageEvidence.from_json(stored)
    assert again.observe("the pay is bad").language == "en"
    assert LanguageEvidence.from_json(None).language == "nl"
    assert LanguageEvidence.from_json({"language": "xx", "score": "bad"}).language == "nl"


def test_dutch_stays_dutch():
    evidence = LanguageEvidence.from_history(["hoi", "ik ben 45", "ik woon in Delft", "ik werk in de bouw"])
    assert evidence.language == "nl"
    assert message_language("ik woon in Den Haag")[0] == "nl"


def test_an_explicit_choice_holds_until_the_resident_chooses_again():
    assert explicit_language("in English please") == "en"
    assert explicit_language("Nederlands graag") == "nl"
    assert explicit_language("can I do a Dutch language course with it?") is None
    evidence = LanguageEvidence.from_history(["in English please", "ik woon in Delft en werk in de bouw"])
    assert evidence.language == "en"


# --- answers and questions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("age", "geboren in 1982", {"age": 44}),
        ("age", "1982", {"age": 44}),
        ("age", "bijna 50", {"age": 49}),
        ("age", "45?", {"age": 45}),
        ("age", "ik verdien 14 euro per uur", {}),
        ("municipality", "Andere gemeente", {"municipality": "other"}),
        ("municipality", "weet ik niet", {"municipality": "unknown"}),
        ("pains", "mijn knieën en het sjouwen", {"pains": ["physical_strain"]}),
        ("pains", "mijn kennis is verouderd", {"pains": ["no_prospects"]}),
        ("pains", "ik wil graag weer meedoen", {"pains": ["no_prospects"]}),
        ("work_situation", "ik wil graag weer meedoen", {"work_situation": "returner"}),
        ("pains", "geldt dit ook voor een cursus?", {}),
        ("work_situation", "kan ik meedoen als ik een uitkering heb?", {}),
        ("sector", "iets heel anders", {}),
        ("work_situation", "nurse in a hospital", {"work_situation": "employed"}),
        ("mode", "bel me maar", {"mode": "phone"}),
        ("language", "in English please", {"language": "en"}),
    ],
)
def test_values_for_the_slot_asked(slot, text, expected):
    assert values_for_slot(slot, text, "nl", TODAY) == expected


def test_a_place_answer_carries_the_place():
    values = values_for_slot("municipality", "naaldwyk", "nl", TODAY)
    assert values["municipality"] == "Westland"
    assert values["place"]["canonical"] == "Naaldwijk" and values["place"]["in_region"] is True


def test_what_one_is_not_is_no_work_situation():
    text = "I volunteer full-time at the animal shelter and I'm not registered anywhere as a job seeker."
    assert all_values(text, "en", TODAY).get("work_situation") == "other"


@pytest.mark.parametrize(
    ("text", "language", "mode"),
    [("geen video, gewoon bellen", "nl", "phone"), ("liever echt zitten, niet telefoon", "nl", "in_person"),
     ("niet via video", "nl", None), ("no video please, phone is fine", "en", "phone"),
     ("Do I need to prepare anything before the call?", "en", None), ("the call can be by video", "en", "video"),
     ("a call is fine", "en", "phone")],
)  # fmt: skip
def test_a_way_of_talking_ruled_out_is_no_wish(text, language, mode):
    """Nor is "the call" that names the conversation itself, however it is held."""
    assert values_for_slot("mode", text, language, TODAY).get("mode") == mode


@pytest.mark.parametrize(
    ("text", "mode"), [("kan het ook via teams?", "video"), ("can I come to your office?", "in_person")]
)
def test_a_question_that_names_a_way_of_talking_asks_for_it(text, mode):
    assert values_for_slot("mode", text, "en" if text.startswith("can") else "nl", TODAY).get("mode") == mode


@pytest.mark.parametrize(
    "text",
    [
        "I'm a tiler, been doing it 15 years, my knees are done",
        "When I'm done I've worked 15 years",
        "i am from poland, work as painter 12 years here in holland",
    ],
)
def test_how_long_one_has_done_the_work_is_no_age(text):
    assert "age" not in all_values(text, "en", TODAY)


def test_how_long_one_has_lived_somewhere_said_roughly_is_no_age():
    text = "I'm British, have lived in the Netherlands for almost thirty years and worked as an office manager"
    assert "age" not in all_values(text, "en", TODAY)
    assert "age" not in all_values("al bijna 30 jaar in de bouw", "nl", TODAY)
    assert all_values("ik ben bijna 50 jaar", "nl", TODAY).get("age") == 49


def test_a_birth_month_and_year_give_the_age():
    assert values_for_slot("age", "Ik ben van april 1968", "nl", TODAY) == {"age": TODAY.year - 1968}


def test_the_polite_form_of_call_me_is_the_phone():
    assert values_for_slot("mode", "Belt u mij maar op", "nl", TODAY) == {"mode": "phone"}


@pytest.mark.parametrize(
    ("text", "pains"),
    [("honestly nothing, I like my job, decent pay and normal office hours. I'm not planning to switch", None),
     ("niks eigenlijk, maar het loon is laag", ["low_income"]),
     ("nee niet echt, het werk is te zwaar", ["physical_strain"])],
)  # fmt: skip
def test_nothing_said_first_names_no_pain_unless_a_but_follows(text, pains):
    language = "en" if text.startswith("honestly") else "nl"
    assert values_for_slot("pains", text, language, TODAY).get("pains") == pains


def test_an_age_beside_work_words_stays_an_age():
    assert all_values("I work, 45 years old", "en", TODAY).get("age") == 45
    assert all_values("ik ben 45 jaar hier in Delft", "nl", TODAY).get("age") == 45


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("een beetje van alles, geen uitkering en ook niet echt op zoek", "other"),
        ("no benefits, and I'm not really looking for a job", "other"),
        ("geen uitkering, ik zoek werk", "job_seeker"),
        ("op dit moment niks, ik ben thuismoeder geweest. daarvoor stond ik in een bakkerij", "returner"),
        ("geen betaald werk en ook geen uitkering. ik doe vrijwilligerswerk en ik zoek ook geen baan hoor", "other"),
        ("Ik heb geen baan meer, zoek ook niet echt een baan, en een uitkering krijg ik niet.", "other"),
        ("ik rij nog drie dagen in de week taxi voor een baas, verder ben ik met pensioen", "employed"),
    ],
)
def test_not_looking_is_no_job_seeker_and_a_stay_at_home_parent_returns(text, situation):
    assert values_for_slot("work_situation", text, "nl", TODAY).get("work_situation") == situation


def test_the_office_one_works_at_is_no_wish_to_meet_there():
    said = "telefonisch, liefst donderdagavond want overdag zit ik op kantoor"
    assert values_for_slot("mode", said, "nl", TODAY).get("mode") == "phone"
    assert values_for_slot("mode", "op kantoor graag", "nl", TODAY).get("mode") == "in_person"


def test_a_place_guessed_from_a_typo_beside_not_knowing_is_unknown():
    said = "ik woon op een woonboot aan de Vliet, geen idee onder welke gemeente dat valt"
    assert values_for_slot("municipality", said, "nl", TODAY).get("municipality") == "unknown"
    assert values_for_slot("municipality", "weet niet precies, ergens in Ypenburg", "nl", TODAY)["municipality"] == (
        "Den Haag"
    )


def test_comparing_ones_languages_asks_for_none_of_them():
    assert explicit_language("my english better than dutch. can i get this money?") is None


def test_coming_oneself_is_in_person_beside_a_phone_ruled_out():
    said = "ik kom liever zelf, telefoon is lastig want mijn nederlands is niet zo goed"
    assert values_for_slot("mode", said, "nl", TODAY).get("mode") == "in_person"


def test_someone_elses_job_is_no_job_of_ones_own():
    text = "we moved to the Netherlands recently for my husband's job. I was a school teacher in India."
    assert "work_situation" not in all_values(text, "en", TODAY)


def test_a_place_named_in_a_question_about_who_may_is_no_answer():
    assert "municipality" not in all_values("hi can anyone get this voucher or only den haag people", "en", TODAY)


def test_several_answers_at_once():
    assert all_values("ik ben 45, woon in Ypenburg en werk in de bouw", "nl", TODAY) == {
        "age": 45,
        "municipality": "Den Haag",
        "place": "Ypenburg",
        "work_situation": "employed",
        "sector": "construction",
    }


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("geldt dit ook voor een cursus?", True),
        ("kan ik meedoen als ik een uitkering heb?", True),
        ("is it for students too?", True),
        ("hoi! geldt dit ook voor mij?", True),
        ("ik ben 45, kan dat?", False),
        ("Delft?", False),
        ("in de bouw?", False),
        ("mijn rug doet pijn", False),
        ("When I'm not on the forklift I'm lifting crates all day", False),
        ("which courses count? like does a barista course count or is it only school stuff", True),
        ("ben de hele dag aan het sjouwen", False),
        # asked without a question mark: a verb first, then who it is about
        ("kost het mij zelf nog geld of wordt alles betaald", True),
        ("gaat dit van mijn uitkering af", True),
        ("kost me bakken met geld elke maand", False),
        ("Honestly, will the adviser not laugh at a 66 year old wanting to study?", True),
        ("wait do i have to pay it back if i quit halfway", True),
    ],
)
def test_questions_are_not_answers(text, question):
    assert is_question(text) is question


def test_today_is_passed_in_not_assumed():
    assert values_for_slot("age", "1982", "nl", date(2030, 1, 1)) == {"age": 48}


@pytest.mark.parametrize(
    ("text", "intent", "entities", "inform"),
    [
        ("the wages are way too low", "bot_challenge", [{"entity": "pain"}], True),
        ("i live in almere", "ask_who_can_apply", [{"entity": "municipality"}], True),
        ("kan ik meedoen als ik een uitkering heb?", "ask_who_can_apply", [{"entity": "work_situation"}], False),
        ("wat kost een cursus", "ask_costs", [], False),
        ("hallo", "greet", [{"entity": "age"}], False),
        ("bel me maar", "request_human", [{"entity": "mode"}], False),
    ],
)
def test_a_statement_with_intake_answers_is_inform(text, intent, entities, inform):
    from bot.nlu.intent_arbiter import should_be_inform

    assert should_be_inform(text, intent, entities) is inform


# --- word order and competing places (issue 11: understanding that generalises) -----------------


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("ik ben van '81", 45),  # a birth year after "van"
        ("van 1975", 51),
        ("born in 90", 36),
        ("ongeveer 44", 44),  # a rough age is that age
        ("about 44", 44),
        ("net 61", 61),
        ("ruim 40", 41),  # "a bit over": one more
        ("zestig plus", 60),
    ],
)
def test_ages_said_roughly_or_as_a_short_birth_year(text, age):
    assert values_for_slot("age", text, "nl", TODAY) == {"age": age}


def test_a_rough_number_of_hours_or_years_is_no_age():
    assert "age" not in all_values("ik werk al ongeveer 30 jaar in de bouw", "nl", TODAY)
    assert "age" not in all_values("ik heb rond de 40 uur per week", "nl", TODAY)


@pytest.mark.parametrize(("text", "age"), [("ik ben in 1981 geboren", 45), ("in '92 geboren", 34)])
def test_a_birth_year_before_the_word_born(text, age):
    assert values_for_slot("age", text, "nl", TODAY) == {"age": age}


@pytest.mark.parametrize(
    ("text", "municipality"),
    [
        ("originally from Rotterdam, but I live in Delft these days", "Delft"),
        ("ik kom uit Zoetermeer maar woon nu in Naaldwijk", "Westland"),
        ("ik kom uit Rijswijk", "Rijswijk"),
    ],
)
def test_where_one_lives_beats_where_one_comes_from(text, municipality):
    assert values_for_slot("municipality", text, "nl", TODAY)["municipality"] == municipality


@pytest.mark.parametrize(
    ("text", "municipality"),
    [
        ("Madestein", "Den Haag"),
        ("wij wonen in De Bras", "Den Haag"),
        ("Poptahof", "Delft"),
        ("Leeuwendaal", "Rijswijk"),
        ("sgravenzande", "Westland"),  # a name of several words written as one
        ("wateringseveld", "Den Haag"),
    ],
)
def test_more_districts_and_names_written_as_one_word(text, municipality):
    assert values_for_slot("municipality", text, "nl", TODAY)["municipality"] == municipality


@pytest.mark.parametrize(
    ("text", "municipality"),
    [("Naaldwijk, dat valt onder Westland toch?", "Westland"), ("Scheveningen, that's The Hague right?", "Den Haag")],
)
def test_an_answer_that_asks_for_confirmation_is_an_answer(text, municipality):
    assert values_for_slot("municipality", text, "nl", TODAY)["municipality"] == municipality


def test_a_real_question_is_still_no_answer():
    assert values_for_slot("municipality", "kan ik ook meedoen als ik in Zoetermeer woon?", "nl", TODAY) == {}


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("geboren op 7 januari 1984", 42),
        ("born 30-12-1990", 35),
        ("01/06/1975", 51),
        ("mijn geboortedatum is 14/02/1990", 36),
    ],
)
def test_a_date_of_birth_gives_the_age_on_the_day(text, age):
    assert values_for_slot("age", text, "nl", TODAY) == {"age": age}


def test_a_date_that_is_no_birth_date_is_no_age():
    assert values_for_slot("age", "ik heb op 12-12-2026 een afspraak", "nl", TODAY) == {}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("mijn broer in Rijswijk zei dat ik moest kijken", None),  # where someone else lives
        ("my mum lives in Westland but I live in Delft", "Delft"),
        ("ik woon met mijn vader in Monster", "Westland"),  # living with someone is living there
    ],
)
def test_a_place_named_with_someone_else_is_not_where_the_resident_lives(text, place):
    found = home_place(text)
    assert (found.slot_value if found else None) == place


@pytest.mark.parametrize(
    ("text", "situation"),
    [
        ("ik werk via een contract bij een groot installatiebedrijf", "employed"),  # an employer, not their own
        ("I stayed home for years and now that the children are in school I want a job", "returner"),
        ("my contract ended last month, now I'm looking", "job_seeker"),
        ("I can't find work at my level here", "job_seeker"),
    ],
)
def test_work_situations_said_around_the_words_that_mislead(text, situation):
    assert values_for_slot("work_situation", text, "en", TODAY) == {"work_situation": situation}


def test_the_half_of_the_day_after_an_hour_belongs_to_the_hour_not_to_the_wish():
    from datetime import datetime, time

    from actions.nlu import parse_time_wish as parse

    wish = parse("liefst voor drie uur 's middags", "nl", datetime(2026, 12, 2, 9, 0))
    assert wish is not None and wish.before == time(15, 0) and wish.part_of_day is None


@pytest.mark.parametrize(
    ("text", "weekday", "part"),
    [
        ("mandagochtend kan ik", 0, "morning"),
        ("vrydag", 4, None),
        ("thursady evening", 3, "evening"),
        ("dndrdg mdg", 3, "afternoon"),  # written without vowels
    ],
)
def test_a_day_with_a_typo_is_still_that_day(text, weekday, part):
    from datetime import datetime

    from actions.nlu import parse_time_wish as parse

    wish = parse(text, "nl", datetime(2026, 12, 2, 9, 0))
    assert wish is not None and wish.weekdays == {weekday} and wish.part_of_day == part


def test_common_words_near_a_day_name_are_no_day():
    from datetime import datetime

    from actions.nlu import parse_time_wish as parse

    assert parse("zonder afspraak", "nl", datetime(2026, 12, 2, 9, 0)) is None


@pytest.mark.parametrize(
    "text", ["geen vast adres nu, weet nog niet waar ik kom te wonen", "no fixed address at the moment"]
)
def test_no_home_yet_is_an_unknown_municipality_not_a_place_or_a_pain(text):
    assert values_for_slot("municipality", text, "nl", TODAY) == {"municipality": "unknown"}
    assert values_for_slot("pains", text, "nl", TODAY) == {}


def test_benefits_denied_are_no_benefits():
    text = "looking for work, I don't get WW because I didn't work long enough"
    assert values_for_slot("work_situation", text, "en", TODAY) == {"work_situation": "job_seeker"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("ik werk al jaren in een magazijn in de Plaspoelpolder", None),  # where they work
        ("ik doe de mbo opleiding zorg in Delft", None),  # where they study
        ("kapper", None),  # the answer to another question, not a place
        ("kas", None),
        ("Zevenhuizen", "Zevenhuizen"),  # a place the vocabulary does not know, as typed
    ],
)
def test_a_work_or_school_place_or_a_job_is_not_where_one_lives(text, place):
    found = values_for_slot("municipality", text, "nl", TODAY).get("municipality") if len(text.split()) == 1 else None
    if len(text.split()) > 1:
        found = home_place(text)
        found = found.slot_value if found else None
    assert found == place


def test_a_two_digit_year_after_van_is_a_birth_year():
    assert values_for_slot("age", "ben van 79", "nl", TODAY) == {"age": 47}


@pytest.mark.parametrize(
    ("slot", "text", "value"),
    [
        ("work_situation", "I was home for years with my children and want to begin again", "returner"),
        ("work_situation", "ik heb vorige maand ontslag genomen en zoek iets nieuws", "job_seeker"),
        ("work_situation", "stukadoor, voor mezelf", "self_employed"),
        ("work_situation", "studie", "student"),
        ("mode", "gewoon aan tafel met iemand praten", "in_person"),
        # a form of komen with "langs" later in its clause is a visit
        ("mode", "ik kom het liefst even langs", "in_person"),
        ("mode", "beeldbellen via mn telefoon lukt wel", "video"),
        ("mode", "phone please, my english is not so good for video", "phone"),
        ("mode", "ik kom liever zelf langs, telefoon is moeilijk voor mij", "in_person"),
        ("work_situation", "We moved here for my husband's job and I stayed home with our two kids", "returner"),
        ("work_situation", "I haven't had a job for nine years because of looking after him", "returner"),
        ("pains", "aan het eind van de maand is het geld toch op", ["low_income"]),
        # years of caring and no job now: returning
        ("work_situation", "ik werk nu niet, ik was mantelzorger. Ik wil weer beginnen", "returner"),
        ("work_situation", "Ik heb jaren voor mijn vader gezorgd en wil nu weer gaan werken, in de zorg", "returner"),
        ("work_situation", "ik werk 20 uur in de thuiszorg en ben mantelzorger voor mijn vader", "employed"),
        (
            "work_situation",
            "ik ben mantelzorger voor mijn moeder en werk daarnaast 10 uur bij de thuiszorg",
            "employed",
        ),
        ("work_situation", "I help in my brother's shop, unpaid, just to keep busy", "other"),
        ("work_situation", "ik heb een eigen kapsalonnetje aan huis", "self_employed"),
        ("work_situation", "ik zit fulltime op het mbo, 3e jaar verzorging", "student"),
        # a study left behind is no study: the job is what one does now
        ("work_situation", "werk in een lunchroom, oproepbasis. gestopt met mbo horeca in het 2e jaar", "employed"),
        ("work_situation", "I dropped out of college and work in a shop now", "employed"),
        ("work_situation", "ik ben bijna klaar met mijn opleiding op het mbo", "student"),
        ("work_situation", "part-time job next to my studies", "student"),
        ("work_situation", "I don't work yet, I get leefgeld from gemeente and I go to language course", "on_benefits"),
        ("work_situation", "ik ben gestopt met werken om voor mijn moeder te zorgen", "returner"),
        ("work_situation", "werkloos sinds de zomer, een uitkering krijg ik niet omdat mijn man werkt", "job_seeker"),
        ("pains", "Making beds all day has taken its toll", ["physical_strain"]),
        ("pains", "the takings have gone down every year", ["low_income"]),
        ("pains", "mijn omzet gaat elk jaar omlaag", ["low_income"]),
        # a body part and what it feels: strain told by its consequence
        ("pains", "aan het eind van de dienst voel ik elke wervel", ["physical_strain"]),
        ("pains", "my fingers are stiff every morning, I can't close my hand", ["physical_strain"]),
        ("pains", "the heat and burns all over my forearms", ["physical_strain"]),
        # one shift as a measure of the work is no irregular hours; a shoulder "not happy" is the body
        ("pains", "16 rooms a shift, my wrists are finished by friday", ["physical_strain"]),
        ("pains", "the boxes are heavy. my shoulder is not happy", ["physical_strain"]),
        ("pains", "after tax and insurance there's barely enough left for rent", ["low_income"]),
        # a statement that starts with a question word is no question
        ("pains", "What I did before is totally outdated, I want to learn something with a future", ["no_prospects"]),
        ("pains", "every couple of months a new contract and I never know if they keep me on", ["insecure_work"]),
    ],
)
def test_answers_in_few_or_other_words(slot, text, value):
    assert values_for_slot(slot, text, "nl", TODAY) == {slot: value}


def test_years_spent_somewhere_said_at_the_end_of_the_clause_are_no_age():
    text = "ik ben ontslagen bij de kwekerij waar ik 31 jaar heb gewerkt. Ik word volgend jaar 60."
    assert all_values(text, "nl", TODAY)["age"] == 59


def test_a_job_aimed_at_is_no_job_held():
    text = "Hello. I am living in Netherlands 5 years. I want to study for a job. Is possible?"
    assert "work_situation" not in values_for_slot("work_situation", text, "en", TODAY)
    assert values_for_slot("work_situation", "I have a job in a warehouse", "en", TODAY) == {
        "work_situation": "employed"
    }


def test_a_village_named_first_beats_the_towns_it_lies_between():
    place = resolve_place("Schipluiden, tussen Delft en Maassluis")
    assert place is not None and place.slot_value == "Midden-Delfland"


def test_a_request_in_the_last_sentence_of_a_long_message_names_the_language_asked_for():
    text = "Hallo, ik heb een vraag over de regeling. Sorry, my Dutch is weak, could we continue in English?"
    assert explicit_language(text) == "en"


def test_a_month_abbreviated_is_no_monday():
    from datetime import datetime

    from actions.nlu import parse_time_wish as parse

    wish = parse("over 1 mnd", "nl", datetime(2026, 12, 2, 9, 0))
    assert wish is None or not wish.weekdays


def test_unsure_between_two_places_is_an_unknown_municipality():
    text = "ik weet echt niet of dat nog Rijswijk is of al Den Haag"
    assert values_for_slot("municipality", text, "nl", TODAY) == {"municipality": "unknown"}


def test_where_one_moved_to_is_where_one_lives():
    place = home_place("sorry, I said Delft before but I moved to Rijswijk last month")
    assert place is not None and place.slot_value == "Rijswijk"


@pytest.mark.parametrize(
    "text",
    [
        "Is it a problem that my Dutch is only A2?",
        "mijn Engels is maar matig",
        "can the course be in English or Polish? Dutch I speak only little",
    ],
)
def test_ones_own_command_of_a_language_asks_for_no_language(text):
    assert explicit_language(text) is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ja, bewaart u mijn antwoorden maar, dan hoef ik het niet opnieuw te vertellen", False),
        ("yes please, I don't want to type it all again", False),
        ("helemaal opnieuw graag", True),
        ("start from scratch", True),
        ("Gert van Leeuwen", False),  # a name at the name question, whatever the classifier made of it
    ],
)
def test_starting_over_is_not_read_into_a_yes_or_into_not_again(text, kept):
    from bot.nlu.intent_arbiter import keeps_restart

    assert keeps_restart(text) is kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("wis mijn gegevens", True),
        ("bewaar mijn gegevens niet", True),
        ("haal al mijn gegevens uit jullie systeem", True),
        ("i want to be forgotten", True),
        ("Mag bewaard worden, geen punt", False),
        ("Voordat ik ja zeg: wie kan mijn gegevens straks inzien?", False),
        ("keep my data please", False),
    ],
)
def test_erasing_stands_only_for_words_of_erasing_or_of_not_storing(text, kept):
    from bot.nlu.intent_arbiter import keeps_delete

    assert keeps_delete(text) is kept


@pytest.mark.parametrize(
    ("text", "municipality", "canonical"),
    [("Scheveningen-dorp, al mijn hele leven", "Den Haag", "Scheveningen"),
     ("Naaldwijk-noord", "Westland", "Naaldwijk"), ("Delft-Zuid", "Delft", "Delft-Zuid")],
)  # fmt: skip
def test_a_part_of_a_known_place_joined_with_a_hyphen_is_that_place(text, municipality, canonical):
    place = home_place(text)
    assert place is not None and (place.slot_value, place.canonical) == (municipality, canonical)


def test_nationality_is_no_request_for_a_language():
    assert explicit_language("is this retraining money thing open to people who aren't Dutch?") is None
    assert explicit_language("Do I need Dutch nationality for this? I'm Spanish.") is None
    assert explicit_language("I am not Dutch, can we speak English?") == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Do I need to speak Dutch for the training?",
        "I'd like to get qualified to teach in Dutch high schools. Could the voucher help?",
        "moet ik Engels kunnen voor die cursussen?",
    ],
)
def test_a_question_about_the_language_of_work_or_courses_asks_for_no_language(text):
    assert explicit_language(text) is None


@pytest.mark.parametrize(
    "text", ["ik werk in een Nederlands bedrijf", "I work for a Dutch company", "+48 512 884 903 or dutch 0614902257"]
)
def test_a_kind_of_company_is_no_request_for_a_language(text):
    assert explicit_language(text) is None


def test_lets_go_on_in_a_language_is_a_request_also_in_a_long_sentence():
    from actions.reading import language_request
    from tests.bot.helpers import make_tracker

    text = "ach weet je wat, laten we gewoon in het Nederlands verder gaan, dat praat makkelijker"
    assert language_request(make_tracker(text, "bot_challenge", slots={"language": "en"})) == "nl"


def test_a_choice_read_wrongly_gives_way_to_two_messages_clearly_in_the_other_language():
    evidence = LanguageEvidence(language="en", start="en")
    evidence.choose("nl")
    assert not evidence.observe("Scheveningen, by the pier").switched
    assert evidence.observe("Delft").language == "nl"  # no evidence either way: still counting
    decision = evidence.observe("I work at a beach bar on the boulevard, on a zero-hours contract")
    assert decision.switched and decision.language == "en"
    # a message in the chosen language in between starts the count again
    evidence = LanguageEvidence(language="nl", start="nl")
    evidence.choose("en")
    for text in ("ik werk in de bouw", "my back hurts all the time now", "I am 45"):
        decision = evidence.observe(text)
    assert decision.language == "en"
    assert LanguageEvidence.from_json(evidence.to_json()).to_json() == evidence.to_json()


@pytest.mark.parametrize(("text", "municipality"), [("2521 AB", "Den Haag"), ("mijn postcode is 2287 XK", "Rijswijk")])
def test_a_postcode_names_the_municipality(text, municipality):
    assert values_for_slot("municipality", text, "nl", TODAY)["municipality"] == municipality
    assert "municipality" not in values_for_slot("municipality", "ik woon hier al 2525 dagen lol", "nl", TODAY)


@pytest.mark.parametrize(
    "text",
    ["Hello! I work in a care home in The Hague but I live elsewhere.", "hey, I clean labs at the TU in Delft"],
)
def test_where_one_works_is_not_where_one_lives(text):
    assert home_place(text) is None


def test_a_tag_question_after_a_statement_leaves_the_statement_an_answer():
    text = "I live in Rotterdam but I work in Delft every day, doesn't that count?"
    assert not is_question(text)
    assert values_for_slot("municipality", text, "en", TODAY)["municipality"] == "Rotterdam"


@pytest.mark.parametrize(
    ("text", "language", "work"),
    [("Goedendag, ik heb tot vorig jaar als zelfstandig ontwerper gewerkt. Inmiddels heb ik mijn onderneming "
      "beëindigd en zoek ik een nieuwe richting.", "nl", None),
     ("ik had een eigen zaak maar die is failliet, nu zoek ik werk", "nl", "job_seeker"),
     ("I used to be self-employed but I closed my business last year", "en", None),
     ("I'm a freelancer and I was doing well until covid", "en", "self_employed"),
     ("ik heb een eigen bedrijfje in de schoonmaak", "nl", "self_employed"),
     ("geen betaald werk en geen uitkering; als voormalig ondernemer had ik geen recht op WW. Ik solliciteer actief.",
      "nl", "job_seeker")],
)  # fmt: skip
def test_a_business_left_behind_is_no_self_employment(text, language, work):
    assert all_values(text, language, TODAY).get("work_situation") == work


@pytest.mark.parametrize(
    ("text", "work"),
    [("For two years I've been at home with my son while my husband works in Delft. Now the boy goes to daycare "
      "and I want to get back to work", "returner"),
     ("Not working at the moment, I stopped to raise the kids and now I want to return", "returner"),
     ("I work in a daycare with kids", "employed")],
)  # fmt: skip
def test_time_at_home_with_the_children_is_returning_and_a_partners_job_is_not_ones_own(text, work):
    assert values_for_slot("work_situation", text, "en", TODAY).get("work_situation") == work


@pytest.mark.parametrize(
    ("text", "work"),
    [("Ik ben 8 jaar geleden gestopt toen de tweede kwam. Daarvoor werkte ik als doktersassistente bij een "
      "huisartsenpraktijk.", "returner"),
     ("Daarvoor werkte ik in een winkel, nu werk ik bij de Jumbo", "employed"),
     ("ik werk als doktersassistente bij een huisartsenpraktijk", "employed")],
)  # fmt: skip
def test_a_job_given_up_and_described_in_the_past_is_returning_to_work(text, work):
    """Said in one's own words at "what fits you best?": a job held before is no job now."""
    from actions.reading import described_work

    assert described_work(text) == work


def test_helping_in_the_family_stall_without_pay_is_other():
    text = "ik help in de kraam van mijn vader, niet echt een baan, geen loon, gewoon wat geld soms"
    assert values_for_slot("work_situation", text, "nl", TODAY) == {"work_situation": "other"}


@pytest.mark.parametrize(
    ("text", "language"),
    [("yo, saw the ad about training for security guys. I speak dutch a bit but english is easier for me", "en"),
     ("Nederlands is makkelijker voor mij", "nl"), ("I speak dutch a bit", None)],
)  # fmt: skip
def test_the_language_that_is_easier_is_asked_for_and_the_one_spoken_a_bit_is_not(text, language):
    assert explicit_language(text) == language


def test_a_whole_shift_of_lifting_is_heavy_work_not_irregular_hours():
    text = "Lifting the residents and turning them in bed the whole shift, most of them are heavy"
    assert values_for_slot("pains", text, "en", TODAY) == {"pains": ["physical_strain"]}


@pytest.mark.parametrize(
    ("text", "question"),
    [("kost zo'n gesprek mij eigenlijk iets of is dat ook gratis", True), ("wordt de cursus vergoed", True),
     ("ben een alleenstaande moeder", False), ("heb een vraag", False)],
)  # fmt: skip
def test_a_dutch_question_about_a_thing_needs_no_question_mark(text, question):
    assert is_question(text) is question


@pytest.mark.parametrize(
    ("text", "language", "pains"),
    [("all day bending and picking, I am very tired at night. and the agency can stop me any week", "en",
      ["physical_strain", "insecure_work"]),
     ("'s avonds ben ik kapot van het tillen", "nl", ["physical_strain"]),
     ("ik werk 's nachts", "nl", ["irregular_hours"]),
     ("there's nowhere to go from here, reception is as far as it goes without further training", "en",
      ["no_prospects"]),
     ("zonder opleiding kom ik nergens", "nl", ["no_diploma"])],
)  # fmt: skip
def test_tired_at_night_is_no_night_work_and_further_training_is_no_missing_diploma(text, language, pains):
    assert sorted(values_for_slot("pains", text, language, TODAY)["pains"]) == sorted(pains)


def test_a_job_looked_for_is_no_insecure_contract():
    text = "I'm on a dependent visa and I've been looking for a job for over a year"
    assert "pains" not in all_values(text, "en", TODAY)
    assert all_values("ik werk op een tijdelijk contract", "nl", TODAY)["pains"] == ["insecure_work"]


@pytest.mark.parametrize(
    ("text", "municipality"),
    [("hey ik ben kapster in den haag, kan ik die 3500 euro krijgen", None), ("I'm a nurse in Delft", None),
     ("ik ben kapster en woon in den haag", "Den Haag"), ("kapster uit den haag", "Den Haag")],
)  # fmt: skip
def test_a_place_right_after_ones_job_is_where_one_works(text, municipality):
    """ "kapster in den haag" says where the salon is; where one lives is still to be asked."""
    assert all_values(text, "nl", TODAY).get("municipality") == municipality


@pytest.mark.parametrize(
    ("text", "language"),
    [("sorry ik klikte per ongeluk op engels, mag ik gewoon in het nederlands typen?", "nl"),
     ("I opened the Dutch page by mistake, English please", "en")],
)  # fmt: skip
def test_the_language_clicked_by_mistake_is_not_the_one_asked_for(text, language):
    assert explicit_language(text) == language


def test_coming_for_a_conversation_is_in_person():
    text = "Ik kom liever op gesprek, ik zit niet graag achter een scherm"
    assert values_for_slot("mode", text, "nl", TODAY).get("mode") == "in_person"


@pytest.mark.parametrize(
    ("text", "municipality"),
    [("Near Hollands Spoor, so The Hague", "Den Haag"), ("vlakbij Delft, in Pijnacker", "Pijnacker-Nootdorp"),
     ("vlak bij Den Haag", None), ("near Delft", None), ("not sure, near Rijswijk station", None)],
)  # fmt: skip
def test_a_place_named_as_near_then_where_that_is(text, municipality):
    """ "near X" alone says where one does not live; what follows it may say where one does."""
    from actions.reading import _answer

    assert _answer("municipality", text, "en", TODAY) == municipality


def test_the_language_of_the_courses_asked_about_is_no_request_for_the_chat():
    assert explicit_language("Which courses can I actually use it for? Only Dutch ones?") is None
    assert explicit_language("zijn er ook Engelse cursussen?") is None


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [("pay is bad, never know my hours, they can drop me any week", "en", "irregular_hours"),
     ("op het dak van een kas klimmen met 63 is niks meer", "nl", "physical_strain"),
     ("lifting crates all day is too much for me now", "en", "physical_strain"),
     ("salaris is laag. ik wil iets doen met kinderen, klassenassistent of zo", "nl", "no_prospects")],
)  # fmt: skip
def test_pains_said_as_the_work_no_longer_doable_or_the_hours_not_known(text, language, pain):
    assert pain in values_for_slot("pains", text, language, TODAY).get("pains", [])


@pytest.mark.parametrize(
    ("text", "work"),
    [("Administratief medewerker bij een zorgverzekeraar, mbo 4.", "employed"),
     ("schoonmaak, via schoonmaakbedrijf, 3 scholen elke dag na school", "employed"),
     ("Ik doe een opleiding tot kok", "student"), ("mbo zorg, 2e jaar", "student"),
     ("ik zit op het mbo, verpleegkunde", "student")],
)  # fmt: skip
def test_a_trade_with_a_school_named_is_a_job_unless_one_studies_there(text, work):
    """At "what fits you best?": a level ("mbo 4") or a workplace ("3 scholen") beside one's trade
    is no study; "2e jaar", "ik zit op het mbo" are."""
    assert values_for_slot("work_situation", text, "nl", TODAY).get("work_situation") == work


@pytest.mark.parametrize(
    ("text", "work"),
    [("Ik werk niet, ik zorg voor mijn vader", "returner"),
     ("ik zorg al 6 jaar voor mijn moeder met dementie, daardoor kon ik niet werken", "returner"),
     ("sinds de kinderen er zijn ben ik thuis", "returner"),
     ("ik werk in de zorg en zorg voor mijn kinderen", "employed"),
     ("ik ben schoonmaker, ik zorg voor de kantoren", "employed")],
)  # fmt: skip
def test_caring_for_ones_family_now_without_a_job_is_returning(text, work):
    """Mantelzorg said in the present ("ik zorg voor mijn vader") or home since the children came:
    no job now, so a return to work; beside a job it stays the job."""
    assert values_for_slot("work_situation", text, "nl", TODAY).get("work_situation") == work


@pytest.mark.parametrize(
    ("text", "language"),
    [("I come from Syria and I'm still learning Dutch, is English ok?", "en"),
     ("de site staat in het Engels, kan ik ook gewoon Nederlands schrijven?", "nl"),
     ("Is Dutch ok too? My English is not good", "nl"),
     ("mag ik in het Engels antwoorden", "en"),
     # the wish in one sentence, a mention in the next
     ("kan het ook in het Nederlands? ik dacht dat Engels verplicht was, de site is Engels", "nl"),
     ("could you write in English? I don't understand all the Dutch words", "en")],
)  # fmt: skip
def test_the_language_wished_for_beats_a_language_only_mentioned(text, language):
    """A wish ("is English ok?", "kan ik Nederlands schrijven?") wins over a language named as what
    one is learning or what the page is in."""
    assert explicit_language(text) == language


@pytest.mark.parametrize(
    ("text", "work"),
    [("nu even niks, ik wil weer aan de slag. vroeger zat ik in de thuiszorg", "returner"),
     ("At the moment nothing, I'd like to start again. I used to work in a hotel", "returner"),
     ("ik werk in een hotel, vroeger in de bouw", "employed")],
)  # fmt: skip
def test_a_trade_held_before_is_no_job_now(text, work):
    """At "what fits you best?": a trade said with "vroeger", "used to" or "nu niks" was held
    before; wanting to work again makes it a return to work."""
    language = "en" if text.startswith("At") else "nl"
    assert values_for_slot("work_situation", text, language, TODAY).get("work_situation") == work


def test_ones_old_job_at_an_office_is_no_job_now():
    text = "Ik wil weer gaan werken, maar mijn vorige werk bij een bank bestaat niet meer."
    assert all_values(text, "nl", TODAY).get("work_situation") == "returner"


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [("ik krijg 14 euro netto, met drie kinderen red je dat niet", "nl", "low_income"),
     ("they only let us know on thursday whether there are shifts next week", "en", "insecure_work"),
     ("ik hoor pas zondag of er maandag werk is", "nl", "insecure_work")],
)  # fmt: skip
def test_a_small_gross_or_net_pay_and_not_knowing_whether_there_is_work(text, language, pain):
    assert pain in values_for_slot("pains", text, language, TODAY).get("pains", [])


def test_a_team_leader_is_no_video_call():
    assert "mode" not in all_values("I'd like to become team leader", "en", TODAY)
    assert all_values("via Teams graag", "nl", TODAY).get("mode") == "video"


@pytest.mark.parametrize(
    "text",
    ["en als ik volgend jaar met pensioen ga, moet ik het dan terugbetalen?",
     "and if I get a new job next month, do I lose the voucher?"],
)  # fmt: skip
def test_a_condition_after_and_belongs_to_the_question(text):
    """ "en als ..., moet ...?": the condition is part of the question, so nothing in it is read
    as an answer about what bothers the resident."""
    assert is_question(text)
    assert values_for_slot("pains", text, "nl" if text.startswith("en ") else "en", TODAY) == {}


@pytest.mark.parametrize(
    ("text", "part", "after", "before", "weekdays", "not_weekdays"),
    [("liever in de ochtend, vanaf 2 uur sta ik in de winkel", "morning", None, time(14), set(), set()),
     ("evenings are best, afternoons I am driving the bus", "evening", None, None, set(), set()),
     ("'s ochtends als het kan, 's middags breng ik mijn moeder naar de dagopvang", "morning", None, None,
      set(), set()),
     ("any weekday but not Tuesday, I sleep on Tuesdays after nights", None, None, None, set(), {1}),
     ("woensdag middag werk ik niet", "afternoon", None, None, {2}, set()),
     # free from then, and a reason of its own: the hour stays the wish
     ("na 15 uur ben ik pas wakker", None, time(15), None, set(), set()),
     ("after 7 would be ideal because I have meetings all day", None, time(19), None, set(), set()),
     ("ergens rond het middaguur", None, time(11, 30), time(14), set(), set()),
     # the shift's hour is the bound, not a wish for that hour
     ("mornings are fine, before my shift at 2", "morning", None, time(14), set(), set()),
     ("na mijn dienst om 5 uur", None, time(17), None, set(), set())],
)  # fmt: skip
def test_what_one_does_at_a_time_is_when_one_is_busy(text, part, after, before, weekdays, not_weekdays):
    """A time wish with a reason: the part of the day, the hour or the day they name as busy
    ("from 2 I am at the shop", "I sleep on Tuesdays") is not the wish; "werk ik niet" is free."""
    wish = parse_time_wish(text, "nl", NOW)
    assert wish is not None and wish.part_of_day == part and wish.after == after and wish.before == before
    assert set(wish.weekdays) == weekdays and set(wish.not_weekdays) == not_weekdays


@pytest.mark.parametrize(
    ("text", "language", "work"),
    [("kassamedewerker bij de Jumbo. heb de havo gedaan en ben gestopt in 4 havo", "nl", "employed"),
     ("I quit my second year at college, now I stack shelves at Lidl", "en", "employed"),
     ("ik zit in het 2e jaar mbo zorg", "nl", "student")],
)  # fmt: skip
def test_a_study_left_beside_a_trade_is_the_job(text, language, work):
    assert values_for_slot("work_situation", text, language, TODAY).get("work_situation") == work


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [("bukken onder aanrechten en in kruipruimtes, dat wordt steeds moeilijker", "nl", "physical_strain"),
     ("iedere week andere werktijden", "nl", "irregular_hours"),
     ("each week a different schedule, never the same", "en", "irregular_hours"),
     ("Mostly the pay. I'd also like to move into teaching", "en", "no_prospects")],
)  # fmt: skip
def test_acts_said_too_hard_a_changing_schedule_and_a_wish_after_also(text, language, pain):
    assert pain in values_for_slot("pains", text, language, TODAY).get("pains", [])


@pytest.mark.parametrize(
    ("text", "municipality"),
    [("I saw your poster at Delft station, is this for me?", None),
     ("de flyer lag bij de huisarts in Naaldwijk, ik woon zelf in Rijswijk", "Rijswijk")],
)  # fmt: skip
def test_where_the_campaign_was_seen_is_not_where_one_lives(text, municipality):
    place = home_place(text)
    assert (place.municipality if place else None) == municipality


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [("mijn omzet is gehalveerd dit jaar", "nl", "low_income"),
     ("some months I can barely make rent", "en", "low_income"),
     ("het rooster gooien ze steeds om", "nl", "irregular_hours"),
     ("they keep changing the hours on us", "en", "irregular_hours"),
     ("in dit bedrijf kan ik nergens heen", "nl", "no_prospects")],
)  # fmt: skip
def test_income_halved_rent_not_made_hours_thrown_around_and_nowhere_to_go(text, language, pain):
    assert pain in values_for_slot("pains", text, language, TODAY).get("pains", [])


@pytest.mark.parametrize(
    "text",
    ["Out of interest, what happens with my answers if I stop halfway?", "Puur uit nieuwsgierigheid: wat kost het?"],
)
def test_a_question_led_in_by_curiosity_is_only_a_question(text):
    assert is_question(text)


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [("de hele dag trillingen in dat ding", "nl", "physical_strain"),
     ("I keep getting passed over for the second line team", "en", "no_prospects"),
     ("early mornings 5 to 9 and evenings again", "en", "irregular_hours"),
     ("ik werk 's ochtends vroeg en 's avonds weer", "nl", "irregular_hours"),
     ("the uren are different every week so the money is never the same", "en", "insecure_work")],
)  # fmt: skip
def test_vibrations_passed_over_split_shifts_and_money_never_the_same(text, language, pain):
    assert pain in values_for_slot("pains", text, language, TODAY).get("pains", [])


def test_mornings_or_evenings_is_a_choice_not_a_split_shift():
    from bot.nlu.pain_patterns import _split_shift

    assert _split_shift(["mornings", "or", "evenings", ",", "both", "fine"]) is None
    assert _split_shift(["early", "mornings", "5", "to", "9", "and", "evenings", "again"]) is not None


def test_a_word_of_the_language_is_no_typo_of_a_place():
    """ "trillingen" (vibrations) is one letter from Teylingen: a word, not a place."""
    assert "municipality" not in all_values("de hele dag trillingen in dat ding", "nl", TODAY)
    assert resolve_place("naaldwyk").municipality == "Westland"


@pytest.mark.parametrize(
    ("text", "mode"),
    [("bel mij maar op, met beeld hoeft voor mij niet", "phone"),
     ("video is niet nodig, bel me maar", "phone"),
     ("phone please, video doesn't work on my laptop", "phone")],
)  # fmt: skip
def test_a_way_of_talking_ruled_out_after_it_is_named(text, mode):
    assert values_for_slot("mode", text, "nl", TODAY) == {"mode": mode}


def test_a_platform_driver_is_self_employed():
    assert values_for_slot("work_situation", "I drive Uber full time in Den Haag", "en", TODAY) == {
        "work_situation": "self_employed"
    }


def test_a_remark_beside_a_question_is_no_topic_answer():
    """ "hoe lang duurt zo'n opleiding? ik ben geen 20 meer": no wish to grow read from "meer"."""
    text = "Mag ik eerst vragen hoe lang zo'n opleiding ongeveer duurt? Ik ben geen 20 meer he"
    assert values_for_slot("pains", text, "nl", TODAY, guess=False) == {}


def test_ones_command_of_a_language_is_no_request_for_it():
    assert explicit_language("I can follow Dutch but writing is hard") is None


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [("Honestly I'm scared my role will be gone within two years", "en", "insecure_work"),
     ("ik ben bang dat mijn functie over een paar jaar gewoon verdwijnt", "nl", "insecure_work"),
     ("Dat mijn werk door de computer wordt overgenomen.", "nl", "insecure_work"),
     ("De omzet zakt elk jaar verder", "nl", "low_income"),
     ("ik sta 6 dagen in de week van 10 tot 8 in de zaak", "nl", "irregular_hours"),
     ("in summer I work seven days a week, all hours", "en", "irregular_hours"),
     ("From October to March there's hardly any income", "en", "low_income")],
)  # fmt: skip
def test_a_job_taken_over_turnover_sinking_and_the_whole_week_by_the_rules(text, language, pain):
    assert pain in values_for_slot("pains", text, language, TODAY, guess=False).get("pains", [])


@pytest.mark.parametrize(
    ("text", "work"),
    [("bijbaantje bij de ah, 12 uur in de week, ben van school af", "employed"),
     ("ik zit op school en heb een bijbaantje", "student"),
     ("goedemiddag, mijn baan op de administratie is wegbezuinigd", "job_seeker"),
     ("I stopped working in 2021 to care for my mother. Before that I worked in an industrial laundry", "returner"),
     ("I stopped working for 4 years to look after my mum and now I'm back doing flex shifts", "returner"),
     ("ik zorg voor mijn moeder en werk 20 uur in de winkel", "employed")],
)  # fmt: skip
def test_school_behind_one_a_job_cut_and_work_stopped_to_care(text, work):
    assert values_for_slot("work_situation", text, "en", TODAY) == {"work_situation": work}


@pytest.mark.parametrize(
    ("text", "mode"),
    [("in person... actually no, make it phone, the bus from here is a hassle", "phone"),
     ("video... nee toch maar bellen, mn camera doet het niet", "phone"),
     ("phone, or rather video", "video")],
)  # fmt: skip
def test_the_way_named_after_changing_ones_mind(text, mode):
    assert values_for_slot("mode", text, "en", TODAY) == {"mode": mode}


@pytest.mark.parametrize(
    ("text", "language"),
    [("hi, is this only in dutch? i work event security", "en"), ("is dit alleen in het Engels?", "nl"),
     ("wait is this only for dutch people? i have a turkish passport", None)],
)  # fmt: skip
def test_only_in_one_language_asks_for_the_other_and_people_are_no_language(text, language):
    assert explicit_language(text) == language


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [("Sorry, I should say I don't work for a boss, the shop is mine", "work_situation", "self_employed"),
     ("I used to work as kitchen help in a hotel but they let me go in september", "work_situation", "job_seeker"),
     ("ik doe mbo toerisme en werk in een hotel in het weekend", "work_situation", "student"),
     ("ik zoek een opleiding want mijn werk is gestopt", "work_situation", "job_seeker"),
     ("Not working at the moment, I stopped when my son was born", "work_situation", "returner"),
     ("idk tbh, just moved", "municipality", "unknown"),
     ("meeting in person, i am not great with video calls", "mode", "in_person")],
)  # fmt: skip
def test_own_shop_let_go_doing_mbo_work_stopped_a_birth_and_chat_shorthand(text, slot, value):
    assert values_for_slot(slot, text, "en", TODAY)[slot] == value


@pytest.mark.parametrize(
    ("text", "pain"),
    [("salary is small and i send money to my family", "low_income"),
     ("mijn pensioen is mager, dus ik wil wat bijverdienen", "low_income"),
     ("i get hours only when they call me", "insecure_work"),
     ("Nothing is wrong as such, I'd simply like to keep growing", "no_prospects")],
)  # fmt: skip
def test_a_small_salary_a_thin_pension_called_in_and_a_wish_after_nothing(text, pain):
    assert pain in values_for_slot("pains", text, "en", TODAY).get("pains", [])


def test_a_time_one_is_busy_at_is_a_bound_not_a_wish():
    wish = parse_time_wish("het liefst in de ochtend, om half 3 moet ik mijn dochter van school halen", "nl", NOW)
    assert wish is not None and wish.part_of_day == "morning" and wish.before == time(14, 30) and wish.after is None


@pytest.mark.parametrize(("text", "age"), [("geb 2007", 19), ("bouwjaar 1991 haha", 35), ("born 2003", 23)])
def test_a_birth_year_in_shorthand_is_an_age(text, age):
    """(a set of words for a child's birth once took the name of the birth-year words and hid them)"""
    assert values_for_slot("age", text, "nl", TODAY)["age"] == age


def test_what_the_page_is_written_in_is_no_request():
    assert explicit_language("hallo, me neef stuurde deze link, staat allemaal in ut engels. ik ben vuilnisman") is None
    assert explicit_language("het is in het engels, kan het in het nederlands?") == "nl"
