"""The spaCy pipeline (number words, lexicon with typo tolerance) and the entity rules."""

import pytest

from bot.nlu.build_spacy import build
from bot.nlu.extract import extract
from bot.nlu.numbers import parse_numbers, word_value
from bot.nlu.spacy_components import osa_distance_le1
from tests.bot.conftest import ROOT


@pytest.fixture(scope="module")
def nlp():
    return build(ROOT / "bot/nlu/lexicon.example.yml")


def ents(nlp, text):
    found = {}
    for e in extract(nlp(text)):
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
    "a,b,ok",
    [
        ("rijswijk", "rijswjik", True),
        ("rijswijk", "rijswik", True),
        ("rijswijk", "rijswijkk", True),
        ("bouwvakker", "bouwvaker", True),
        ("rijswijk", "rjswjik", False),
        ("delft", "delft", True),
    ],
)
def test_edit_distance(a, b, ok):
    assert osa_distance_le1(a, b) is ok


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
    (ent,) = [e for e in extract(nlp(text)) if e["entity"] == "municipality"]
    assert text[ent["start"] : ent["end"]] == "Den Haag"


def test_saved_pipeline_roundtrip(nlp, tmp_path):
    import spacy

    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.pipe_names == ["leertdoor_numbers", "leertdoor_lexicon"]
    assert ents(loaded, "ik woon in delft")["municipality"] == "Delft"
