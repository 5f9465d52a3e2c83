"""The extractor (numbers, lemmas, lexicon with typo tolerance, places, ages) and the saved spaCy
pipeline's lemmas."""

from datetime import date

import pytest

from bot.nlu.build_spacy import build
from bot.nlu.extract import extract_text
from bot.nlu.lemmas import lemma
from bot.nlu.lexicon import Lexicon, _content, load_lexicon, read_terms
from bot.nlu.numbers import parse_numbers, word_value
from bot.nlu.text import Doc

TODAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def nlp():
    return None  # the extractor needs no spaCy pipeline any more


def ents(nlp, text):
    found = {}
    for e in extract_text(text, today=TODAY):
        if e["entity"] == "pain":
            found.setdefault("pains", []).append(e["value"])
        else:
            found[e["entity"]] = e["value"]
    return found


@pytest.mark.parametrize(
    "word,value",
    [
        ("vijfenveertig", 45),
        ("zesenzestig", 66),
        ("drieëntwintig", 23),
        ("forty-five", 45),
        ("achttien", 18),
        ("45", 45),
        ("45-jarige", 45),
        ("een", None),
        ("bouw", None),
    ],
)
def test_word_value(word, value):
    assert word_value(word) == value


def test_spaced_english_tens():
    assert parse_numbers(["i", "am", "forty", "five"]) == [(2, 4, 45)]
    assert parse_numbers(["forty", "-", "five"]) == [(0, 3, 45)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ik woon in rijswjik", {"municipality": "Rijswijk"}),
        ("ik woon in rijswik", {"municipality": "Rijswijk"}),
        ("ik ben bouwvaker", {"sector": "construction"}),
        ("ik ben beveilger", {"sector": "security"}),
        ("ik heb geen diplomaas", {"pains": ["no_diploma"]}),
        ("ik wil willen", {}),  # a real word is no typo of "tillen"
        ("mijn kansen zijn klein", {}),  # nor "kansen" of "kassen"
    ],
)
def test_typos_are_tolerated_but_real_words_are_not_typos(nlp, text, expected):
    found = {k: v for k, v in ents(nlp, text).items() if k in ("municipality", "sector", "pains")}
    assert found == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("mijn knieën doen pijn", {"pains": ["physical_strain"]}),
        ("ik heb geen diploma's", {"pains": ["no_diploma"]}),
        ("ik draai nachtdiensten", {"pains": ["irregular_hours"]}),
        ("I have no diplomas", {"pains": ["no_diploma"]}),
        ("ik werkte als bouwvakker", {"sector": "construction"}),
    ],
)
def test_word_forms_match_through_their_lemmas(nlp, text, expected):
    found = ents(nlp, text)
    for key, value in expected.items():
        assert found.get(key) == value, (text, found)


def test_the_lexicon_lists_each_word_once_not_its_forms():
    for label, values in read_terms().items():
        for value, phrases in values.items():
            seen = {}
            for phrase in phrases:
                doc = Doc(phrase)
                key = tuple(lemma(doc[i].lower_) for i in _content(doc))
                assert key not in seen, f"{label}.{value}: {phrase!r} is a form of {seen[key]!r}"
                seen[key] = phrase


def test_a_small_lexicon_can_be_given():
    lexicon = Lexicon({"sector": {"construction": ["bouw"]}})
    assert [e["value"] for e in extract_text("ik werk in de bouw", lexicon=lexicon) if e["entity"] == "sector"] == [
        "construction"
    ]
    assert load_lexicon() is load_lexicon()


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ik ben vijfenveertig", {"age": 45}),
        ("45 jaar", {"age": 45}),
        ("I'm 45", {"age": 45}),
        ("forty-five", {"age": 45}),
        ("45", {"age": 45}),
        ("nee, ik ben 46", {"age": 46}),
        ("I'm a 29 year old admin worker", {"age": 29, "sector": "administration"}),
        ("ik werk al 20 jaar in de bouw", {"sector": "construction"}),
        ("20 jaar in de bouw", {"sector": "construction"}),
        ("zzp'er voor 35 euro per uur", {"work_situation": "self_employed"}),
        ("sorry, ik woon in Rijswijk", {"municipality": "Rijswijk"}),
        ("woon in Den Haag maar werk in Delft", {"municipality": "Den Haag"}),
        ("I live in the Hague", {"municipality": "Den Haag"}),
        ("ik woon in Rijswjik", {"municipality": "Rijswijk"}),
        ("geen diploma", {"pains": ["no_diploma"]}),
        ("bellen graag", {"mode": "phone"}),
        ("in English please", {"language": "en"}),
    ],
)
def test_single_answers(nlp, text, expected):
    found = ents(nlp, text)
    for key, value in expected.items():
        assert found.get(key) == value, (text, found)
    if "age" not in expected:
        assert "age" not in found, (text, found)


def test_several_answers_in_one_message(nlp):
    found = ents(nlp, "Ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op. Kom amper rond.")
    assert found["age"] == 45
    assert found["municipality"] == "Delft"
    assert found["sector"] == "construction"
    assert found["pains"] == ["physical_strain", "low_income"]


def test_age_and_duration_together(nlp):
    assert ents(nlp, "ik ben 45 jaar en werk 20 jaar in de bouw")["age"] == 45


def test_contact_details(nlp):
    found = ents(nlp, "mail: Jan.Jansen@example.nl of bel 06-12345678")
    assert found["email"] == "jan.jansen@example.nl"
    assert found["phone"] == "0612345678"
    assert "age" not in found
    assert ents(nlp, "+31 6 12345678")["phone"] == "0612345678"


def test_work_situation_prefers_specific(nlp):
    assert ents(nlp, "ik werk als zzp'er")["work_situation"] == "self_employed"
    assert ents(nlp, "ik zit in de bijstand")["work_situation"] == "on_benefits"


def test_offsets_point_into_text(nlp):
    text = "Ik woon in Den Haag"
    (ent,) = [e for e in extract_text(text) if e["entity"] == "municipality"]
    assert text[ent["start"] : ent["end"]] == "Den Haag"


@pytest.mark.parametrize(
    "text,age",
    [
        ("geboren in 1982", 44),
        ("1982", 44),
        ("bijna 50", 49),
        ("ik ben bijna 50 jaar", 49),
        ("ik word volgende maand 40", 39),
        ("I am turning 40 next month", 39),
        ("ik ben net 40 geworden", 40),
        ("ik ben eind 40", 48),
        ("begin 50", 51),
        ("late forties", 48),
        ("in my thirties", 35),
        ("almost 30", 29),
        ("ik ben eigenlijk 51, niet 50", 51),
        ("niet 50 maar 51", 51),
        ("ik werk al bijna 20 jaar in de bouw", None),
        ("I work in construction, 20 years now", None),
        ("ik ben 45 jaar nu", 45),
        ("ik verdien 14 euro per uur", None),
        ("ik werk 36 uur per week", None),
        ("sinds 2010 werk ik in de zorg", None),
        ("ik heb 2 kinderen van 15 en 17", None),
    ],
)
def test_ages_as_residents_write_them(text, age):
    assert ents(None, text).get("age") == age


@pytest.mark.parametrize(
    "text,municipality,place",
    [
        ("ik woon in Naaldwijk", "Westland", "Naaldwijk"),
        ("Scheveningen", "Den Haag", "Scheveningen"),
        ("ik woon in Delft", "Delft", None),
        ("ik kom uit Nootdorp", "Pijnacker-Nootdorp", "Nootdorp"),
        ("ik woon in Moordrecht", "Moordrecht", "Moordrecht"),
        ("ik zit trouwens in Westland, niet in Delft", "Westland", None),
        ("ik werk op een kantoor in Delft", None, None),
    ],
)
def test_places_villages_and_districts(text, municipality, place):
    found = ents(None, text)
    assert found.get("municipality") == municipality
    assert found.get("place") == place


@pytest.mark.parametrize(
    "text",
    ["geldt dit ook voor zzp'ers?", "kan ik meedoen als ik een uitkering heb?", "is it for students too?"],
)
def test_a_question_about_the_scheme_fills_nothing(text):
    assert ents(None, text) == {}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("het salaris is belabberd", {"pains": ["low_income"]}),
        ("the wages are lousy", {"pains": ["low_income"]}),
        ("het salaris is niet slecht", {}),
        ("ik wil graag de kinderopvang in", {"pains": ["no_prospects"], "sector": "childcare"}),
        ("ik werk op een kantoor", {"work_situation": "employed"}),
        ("ik wil werken in de zorg", {"pains": ["no_prospects"], "sector": "healthcare"}),
        ("ik heb een klein klusbedrijfje", {"work_situation": "self_employed"}),
        ("ik zit in de bijstand maar wil weer werken", {"work_situation": "on_benefits", "pains": ["no_prospects"]}),
        ("I have no Dutch diploma", {"pains": ["no_diploma"]}),
    ],
)
def test_concepts_beyond_single_words(text, expected):
    found = {k: v for k, v in ents(None, text).items() if k in ("pains", "work_situation", "sector")}
    assert found == expected


def test_a_statement_with_a_question_keeps_the_statement():
    found = ents(None, "ik ben 45 en zzp'er, kan dat?")
    assert found["age"] == 45 and found["work_situation"] == "self_employed"


def test_saved_pipeline_gives_lemmas_to_the_featurizers(tmp_path):
    import spacy

    build().to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.pipe_names == ["leertdoor_lemmas"]
    assert [t.lemma_ for t in loaded("mijn knieën en diploma's")] == ["mijn", "knie", "en", "diploma"]


@pytest.mark.parametrize(
    ("text", "start_over", "erase"),
    [("o nee wacht, ik vulde het voor mijn man in. kan ik helemaal opnieuw beginnen? nu voor mezelf", True, False),
     ("sorry can i start again from the beginning? i said student but that's wrong", True, False),
     ("ik wil opnieuw beginnen in de zorg", False, False),
     ("kun je alles wat ik heb ingevuld weghalen?", False, True),
     ("alles is goed, je hoeft niks te verwijderen", False, False)],
)  # fmt: skip
def test_asking_to_start_over_or_to_erase_in_words_the_classifier_missed(text, start_over, erase):
    from bot.nlu.intent_arbiter import asks_erasing, asks_start_over

    assert asks_start_over(text) is start_over and asks_erasing(text) is erase


def test_a_question_with_start_in_it_is_no_restart():
    from bot.nlu.intent_arbiter import keeps_restart

    assert not keeps_restart("Will I lose my WW if I start a course?")
    assert keeps_restart("kunnen we opnieuw beginnen?") and keeps_restart("begin maar opnieuw")
