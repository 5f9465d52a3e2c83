"""What bothers a resident, said in a sentence of their own rather than in a listed phrase
(bot/nlu/pain_patterns.py), and short topic answers to "what would you like to change?"
(bot/nlu/answers.py). Each kind with several word forms and both languages; and what must not
be read as a complaint."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.answers import values_for_slot
from bot.nlu.places import home_place, resolve_place

TODAY = date(2026, 12, 2)


def pains(text: str, language: str = "nl") -> list[str]:
    return list(values_for_slot("pains", text, language, TODAY).get("pains") or [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ik verdien bijna niks met dit baantje", "nl"),
        ("dat werk verdiende altijd al belabberd", "nl"),
        ("je verdient er gewoon niet genoeg mee", "nl"),
        ("ik zou meer willen verdienen", "nl"),
        ("I earn very little at the moment", "en"),
        ("honestly you barely earn anything there", "en"),
    ],
)
def test_earning_judged_low_is_low_income(text, language):
    assert "low_income" in pains(text, language)


@pytest.mark.parametrize(
    "text", ["ik verdien niet slecht, maar het is zwaar werk", "I earn more than enough, the work is heavy"]
)
def test_earning_that_is_fine_is_no_low_income(text):
    assert "low_income" not in pains(text)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ik mis een startkwalificatie", "nl"),
        ("het juiste papiertje ontbreekt me", "nl"),
        ("volgend jaar wil ik mijn mbo diploma behalen", "nl"),
        ("mijn opleiding heb ik nooit afgerond", "nl"),
        ("I don't have the right nursing diploma", "en"),
        ("I would like to get a proper qualification", "en"),
        ("I never completed school", "en"),
        ("ik ben vorig jaar gestopt met de kappersopleiding", "nl"),
        ("ik ben halverwege afgehaakt op het mbo", "nl"),
        ("I dropped out of my carpentry training", "en"),
    ],
)
def test_lacking_or_wanting_a_diploma_is_no_diploma(text, language):
    assert "no_diploma" in pains(text, language)


@pytest.mark.parametrize(
    "text", ["ik heb een diploma in de zorg", "no I have a diploma", "ik ben gestopt met werken in een school"]
)
def test_having_a_diploma_is_no_complaint(text):
    assert "no_diploma" not in pains(text)


def test_wanting_to_learn_a_trade_with_no_diploma_keeps_that_lack():
    # beside the lack, the wish to learn may count as a wish to grow (tests/conversations/README.md)
    assert "no_diploma" in pains("geen papiertje, en ik zou graag een vak leren")
    assert pains("ik wil een nieuw vak leren") == ["no_prospects"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("mijn contract eindigt in juni", "nl"),
        ("het contract wordt waarschijnlijk niet verlengd", "nl"),
        ("ik weet nooit of er volgende week werk is", "nl"),
        ("mijn inkomen schommelt enorm", "nl"),
        ("de klussen lopen steeds verder terug", "nl"),
        ("my contract runs out in the summer and then it ends", "en"),
        ("there just isn't enough work for me", "en"),
        ("my earnings go up and down every month", "en"),
    ],
)
def test_work_that_may_stop_or_varies_is_insecure_work(text, language):
    assert "insecure_work" in pains(text, language)


@pytest.mark.parametrize(
    "text",
    ["I never know when I have to work", "ik weet niet wat voor werk ik wil", "I don't know what kind of work I want"],
)
def test_not_knowing_when_or_what_one_wants_is_no_insecure_work(text):
    assert "insecure_work" not in pains(text)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ik wist niet dat je daar geld voor kon krijgen.", "nl"),
        ("I didn't know that you could get money for a course", "en"),
        ("Ik solliciteer me suf. Mijn vak verdwijnt, alles wordt geautomatiseerd.", "nl"),
        ("I think the sort of job I did is disappearing", "en"),
    ],
)
def test_news_learnt_or_a_trade_or_former_job_disappearing_is_no_insecure_work(text, language):
    """Insecure work is about the job one has now: a fact learnt ("I didn't know that"), a trade
    dying out or the kind of job one did before are not it (the last two are about prospects)."""
    assert "insecure_work" not in pains(text, language)


def test_nothing_left_is_low_income_but_nothing_said_about_something_is_not():
    assert "low_income" in pains("eind vd maand heb ik niks over")
    assert "low_income" in pains("na de huur blijft er bijna niks over")
    assert pains("Mijn klantmanager zei niks over deze voucher maar mijn buurvrouw wel.") == []


def test_the_years_until_ones_pension_are_no_physical_strain_unless_one_cannot_last():
    assert "physical_strain" not in pains("ik zou de jaren tot mijn pensioen graag zinvol invullen")
    assert "physical_strain" in pains("dit hou ik echt niet vol tot mijn pensioen")
    assert "physical_strain" in pains("tot mijn pensioen hou ik dit werk niet vol")


def test_nothing_more_is_a_whole_answer_not_the_start_of_one():
    """ "nee, dat was het" names nothing more; "dat is het probleem: ..." goes on to name it."""
    assert pains("nee, dat was het hoor") == []
    assert pains("Dat is het probleem: mijn rug doet pijn van het tillen") == ["physical_strain"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("mijn polsen doen zeer van het snijden", "nl"),
        ("ik heb veel last van mijn heup", "nl"),
        ("elke avond ben ik gesloopt", "nl"),
        ("my wrists are sore from the scanning", "en"),
        ("after a shift I'm completely drained", "en"),
    ],
)
def test_a_body_part_that_hurts_or_being_worn_out_is_physical_strain(text, language):
    assert "physical_strain" in pains(text, language)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("je weet nooit wanneer je rooster komt", "nl", "irregular_hours"),
        ("I never know when my shift starts", "en", "irregular_hours"),
        ("steeds afwachten of ze me bellen voor een dienst", "nl", "insecure_work"),
        ("I don't get enough hours", "en", "insecure_work"),
        ("de huur betalen lukt amper", "nl", "low_income"),
        ("my salary isn't enough for a family", "en", "low_income"),
        ("ik heb alleen de mavo", "nl", "no_diploma"),
        ("I only went to secondary school", "en", "no_diploma"),
    ],
)
def test_schedules_hours_money_and_schooling_said_otherwise(text, language, expected):
    assert expected in pains(text, language)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a wish for the opposite names what is missing
        ("ik zou graag gewone werktijden willen", "nl", "irregular_hours"),
        ("a predictable schedule", "en", "irregular_hours"),
        ("gegarandeerde vaste uren", "nl", "insecure_work"),
        ("een fatsoenlijk salaris", "nl", "low_income"),
        ("higher wages", "en", "low_income"),
        ("a better-paid job", "en", "low_income"),
        # and said in other words
        ("ik werk al tien jaar zonder contract", "nl", "insecure_work"),
        ("er zijn te weinig vaste opdrachtgevers", "nl", "insecure_work"),
        ("I have hardly any regular clients", "en", "insecure_work"),
        ("mijn uurtarief ligt eigenlijk veel te laag", "nl", "low_income"),
        ("ik kan niks opzij zetten, elke maand sta ik rood", "nl", "low_income"),
        ("I'm lifting crates the whole day", "en", "physical_strain"),
        ("de schoonmaak betaalt belabberd", "nl", "low_income"),
        ("it pays really badly", "en", "low_income"),
        ("dit hou ik echt niet vol tot mijn pensioen", "nl", "physical_strain"),
        ("no way I can keep going till I'm 67", "en", "physical_strain"),
        # said through a consequence or a fear
        ("de huur gaat omhoog maar mijn loon niet", "nl", "low_income"),
        ("ik sta elke maand rood", "nl", "low_income"),
        ("het is elke maand spannend of ik de huur kan betalen", "nl", "low_income"),
        ("I'm scared AI will take my job", "en", "insecure_work"),
        ("ik ben bang dat mijn functie verdwijnt", "nl", "insecure_work"),
        ("my hours keep getting cut", "en", "insecure_work"),
        ("I've hit the ceiling where I am", "en", "no_prospects"),
        ("ik ben uitgekeken op de schoonmaak", "nl", "no_prospects"),
        ("I'd like a job where I can sit down", "en", "physical_strain"),
        ("ze bellen me om 6 uur 's ochtends of ik kan komen", "nl", "irregular_hours"),
        ("Fewer commissions every month because of AI", "en", "insecure_work"),
        ("that degree counts for nothing here", "en", "no_diploma"),
        ("Ik sta al acht jaar bij dezelfde slagboom", "nl", "no_prospects"),
        ("met dit uurloon red ik het gewoon niet", "nl", "low_income"),
        ("we komen elke maand net niet rond", "nl", "low_income"),
        ("I take home almost nothing", "en", "low_income"),
        ("in het seizoen begin je om zes uur en werk je zaterdag ook gewoon door", "nl", "irregular_hours"),
        ("ik wil iets waar over tien jaar ook nog vraag naar is", "nl", "no_prospects"),
        ("the pay is a joke", "en", "low_income"),
        ("they only call me when they need me", "en", "insecure_work"),
        ("de rek is eruit", "nl", "physical_strain"),
        ("ik wil eindelijk een vast contract", "nl", "insecure_work"),
        ("ik verdien net genoeg om rond te komen", "nl", "low_income"),
        ("ze kunnen me zo op straat zetten", "nl", "insecure_work"),
        ("mijn werkgever gaat failliet", "nl", "insecure_work"),
        ("I'm fed up with it", "en", "no_prospects"),
        ("My income has become insufficient", "en", "low_income"),
        ("agency contract, every week they can say no more work", "en", "insecure_work"),
        ("en dit werk gaat nergens heen", "nl", "no_prospects"),
        ("Sinds die apps er zijn verdien ik de helft van vroeger", "nl", "low_income"),
        ("toch is het niet genoeg voor de huur", "nl", "low_income"),
        ("ik wil op termijn iets lichters", "nl", "physical_strain"),
    ],
)
def test_wishes_for_the_opposite_and_other_words_for_the_same_pain(text, language, expected):
    assert expected in pains(text, language)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("loon", ["low_income"]),
        ("Meer centen!", ["low_income"]),
        ("the salary", ["low_income"]),
        ("mijn rooster", ["irregular_hours"]),
        ("diploma", ["no_diploma"]),
        ("zekerheid", ["insecure_work"]),
        ("toekomst", ["no_prospects"]),
    ],
)
def test_a_topic_word_as_the_whole_answer_names_what_bothers(text, expected):
    assert pains(text) == expected


def test_a_topic_word_inside_a_longer_message_is_not_a_topic_answer():
    assert "low_income" not in pains("geld voor een opleiding zou mooi zijn")


@pytest.mark.parametrize("text", ["ik werk in de kassen in Westland", "I work at a warehouse in Delft, can I apply?"])
def test_a_place_named_only_as_the_workplace_is_not_the_home(text):
    assert resolve_place(text) is not None
    assert home_place(text) is None


def test_where_one_lives_beats_where_one_works():
    place = home_place("ik werk in Delft maar woon in Naaldwijk")
    assert place is not None and place.municipality == "Westland"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the lack said in the next clause, pointing back
        ("ze vragen een vakdiploma maar dat heb ik niet", "nl", "no_diploma"),
        ("they ask for a certificate and I don't have one", "en", "no_diploma"),
        # schooling not finished, the verb at the end
        ("mijn havo heb ik niet afgemaakt", "nl", "no_diploma"),
        # a temporary contract, before or after the word
        ("ik zit op een tijdelijk contract", "nl", "insecure_work"),
        ("my contract is only temporary", "en", "insecure_work"),
        # a wish to move on, and being stuck
        ("ik wil graag iets heel anders gaan doen", "nl", "no_prospects"),
        ("I'd love to become a teacher one day", "en", "no_prospects"),
        ("in dit bedrijf kom ik niet verder", "nl", "no_prospects"),
        # a low hourly wage with cents, without the currency
        ("ik verdien 11,75 per uur", "nl", "low_income"),
        # worn out, health, raises, papers, schooling, contracts again and again
        ("na zo'n dienst ben ik echt helemaal gebroken", "nl", "physical_strain"),
        ("my health is getting worse from this job", "en", "physical_strain"),
        ("al vijf jaar geen opslag gehad", "nl", "low_income"),
        ("I haven't had a pay raise since 2019", "en", "low_income"),
        ("I don't have the papers for it", "en", "no_diploma"),
        ("my diploma isn't valid in the Netherlands", "en", "no_diploma"),
        ("ik heb nooit gestudeerd", "nl", "no_diploma"),
        ("zonder opleiding word je nergens aangenomen", "nl", "no_diploma"),
        ("steeds weer een nieuw contractje voor een half jaar", "nl", "insecure_work"),
        # a diploma not accepted, said in the next clause; hard on the body
        ("mijn diploma komt uit Syrië en hier erkennen ze het niet", "nl", "no_diploma"),
        ("the work is really hard on my body", "en", "physical_strain"),
        # handling loads, pay that stands still
        ("dragging sacks of soil and bending over beds all day", "en", "physical_strain"),
        ("kratten tillen in de koeling", "nl", "physical_strain"),
        ("my pay has been frozen for years", "en", "low_income"),
        ("mijn uurloon is al jaren hetzelfde", "nl", "low_income"),
    ],
)
def test_pains_in_sentences_of_their_own(text, language, expected):
    assert expected in pains(text, language)


def test_a_word_one_typo_from_a_village_is_no_place_in_passing():
    """ "I deliver" is one letter from De Lier: only where someone says they live may a typo count."""
    assert home_place("I deliver parcels for a living") is None
    assert home_place("ik woon in Naaldwyk") is not None


@pytest.mark.parametrize(
    "text", ["ik heb mijn diploma gehaald in 2010", "I got my degree last year", "mijn gezondheid is prima"]
)
def test_a_diploma_one_has_or_good_health_is_no_complaint(text):
    assert pains(text) == []


@pytest.mark.parametrize("text", ["ik draag verantwoordelijkheid voor het team", "I want to turn my life around"])
def test_a_verb_of_handling_on_its_own_is_no_physical_strain(text):
    assert "physical_strain" not in pains(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik wil minder uren werken",
        "ik ben blij met mijn werk",
        "I don't want to earn less",
        "ik zit thuis sinds de reorganisatie",
        "ik zat 5 jaar thuis",
        "ik heb een vast contract",
        "ik heb een vaste baan",
        "I am perfectly happy with my job. I simply enjoy learning new things.",
    ],
)
def test_no_complaint_in_a_wish_for_less_or_a_happy_word(text):
    assert pains(text, "nl") == []


def test_a_dead_end_is_no_contract_that_ends():
    assert pains("my current job is a dead end", "en") == ["no_prospects"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("shifts till 1am, weekends always, and the pay is meh for how hard we work", "en", "low_income"),
        ("het loon is niet om over naar huis te schrijven", "nl", "low_income"),
        ("we redden het net, elke maand", "nl", "low_income"),
        ("never knowing how much I'll earn, and it's not much to begin with", "en", "low_income"),
        ("is very heavy work, and agency can stop me every week", "en", "insecure_work"),
        ("ze kunnen me zo ontslaan", "nl", "insecure_work"),
        ("and contract is not sure, maybe next month no job", "en", "insecure_work"),
        ("elke keer maar afwachten of ze me nog willen", "nl", "insecure_work"),
        ("mijn werkgever gaat misschien failliet", "nl", "insecure_work"),
    ],
)
def test_pay_judged_low_and_work_that_may_stop_said_otherwise(text, language, expected):
    assert expected in pains(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "I moved here for my husband's job a few years ago",  # long ago, no short contract
        "WW. bedrijf failliet",  # the job that was lost, not work that may stop
        "ik ben zzp'er, ik vraag 35 euro per uur maar ik kom amper rond",  # too little money, not too little work
    ],
)
def test_what_is_past_or_about_money_is_no_insecure_work(text):
    assert "insecure_work" not in pains(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik ben zelfstandig schilder en de laatste maanden is er gewoon te weinig werk",
        "I'm a freelance translator and work has dried up a lot",
    ],
)
def test_for_the_self_employed_too_little_work_is_also_too_little_income(text):
    assert {"insecure_work", "low_income"} <= set(pains(text, "en" if text.startswith("I") else "nl"))


def test_turning_what_one_does_into_a_profession_is_a_wish_to_grow():
    assert pains("I'd love to turn my volunteering into a real profession, maybe as a vet assistant", "en") == [
        "no_prospects"
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [("there is no opportunity to progress where I am", "en"), ("er zijn geen kansen om door te groeien", "nl")],
)
def test_no_room_to_progress_is_a_wish_to_grow(text, language):
    assert pains(text, language) == ["no_prospects"]


@pytest.mark.parametrize(
    "text",
    [
        "ik vraag het even want ik zit nu thuis sinds het bedrijf failliet is gegaan",  # "want" is "because"
        "ik heb geen kans gehad om te studeren",  # a chance missed once
    ],
)
def test_being_at_home_or_a_missed_chance_is_no_complaint_about_the_work(text):
    assert pains(text) == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("contract is week to week basically", "en", "insecure_work"),
        ("you're on your feet 10 hours", "en", "physical_strain"),
        ("je loopt 20 km per dag achter die pallets aan", "nl", "physical_strain"),
        ("in de horeca weet je nooit of je volgend jaar nog een baan hebt", "nl", "insecure_work"),
        ("ik wil iets vasters", "nl", "insecure_work"),
        ("in oktober sta je op straat", "nl", "insecure_work"),
        ("13,80 per uur bruto voor nachten", "nl", "low_income"),
        ("loon is echt om te huilen", "nl", "low_income"),
        ("die tijden, morgen vroeg avond laat", "nl", "irregular_hours"),
        ("I'd like to do something new, maybe HR or coaching", "en", "no_prospects"),
    ],
)
def test_more_ways_of_saying_what_bothers_one(text, language, expected):
    assert expected in pains(text, language)


@pytest.mark.parametrize(
    ("text", "language", "not_expected"),
    [
        ("Sure, one talk can't hurt", "en", "physical_strain"),
        ("het is niet zwaar", "nl", "physical_strain"),
        ("ik wil een nieuw contract", "nl", "no_prospects"),
    ],
)
def test_what_is_denied_or_is_something_else_is_not_read(text, language, not_expected):
    assert not_expected not in pains(text, language)


def test_strain_that_can_no_longer_be_borne_stays_strain():
    assert pains("ik kan niet meer tillen") == ["physical_strain"]


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [
        ("elk jaar hetzelfde liedje: in oktober op straat, in maart hopen op een telefoontje", "nl", "no_prospects"),
        ("after nights my body doesn't know what day it is", "en", "physical_strain"),
    ],
)
def test_a_figure_of_speech_is_no_complaint_about_that(text, language, pain):
    assert pain not in pains(text, language)
