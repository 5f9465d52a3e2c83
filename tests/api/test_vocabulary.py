"""The vocabulary file: validated at start (line and problem named), read by the rules, the leads and
the API's validation. The bot side is checked against it in tests/bot/test_vocabulary_use.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.eligibility.rules import RulesError, load_rules
from api.eligibility.vocabulary import VOCABULARY_PATH, VocabularyError, load_vocabulary, parse_vocabulary
from tests.api.conftest import SERVICE

TEXT = VOCABULARY_PATH.read_text(encoding="utf-8")
RULES = VOCABULARY_PATH.with_name("rules.yml")


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("change", "marker", "message"),
    [
        (("plausible: {min: 14, max: 100}", "plausible: {min: 14, max: old}"), "plausible:", "expected a whole number"),
        (
            ("    label: {nl: Op locatie, en: In person}", "    label: {nl: Op locatie}"),
            "nl: Op locatie",
            "'en' is missing",
        ),
        (
            ("      villages: [Maasland,", "      villages: [Naaldwijk, Maasland,"),
            "        - Naaldwijk",
            "'Naaldwijk' is also given for Midden-Delfland",
        ),
        (
            ("    Zoetermeer: {go_to: zoetermeer,", "    Zoetermeer: {go_to: zoetermer,"),
            "go_to: zoetermer,",
            "not in outside.where_to_go",
        ),
        (('      phone: "14 079"', '      phone: "call us"'), "call us", "is not a phone number"),
        (
            ("  unknown_answers: [unknown,", "  unknown_answers: [Delft, unknown,"),
            "unknown_answers: [Delft",
            "also a place name",
        ),
        (("  employed:\n    label:", "  employed:\n    lable:"), "lable:", "unknown key"),
        (('      postcodes: ["2280-2289"]', '      postcodes: ["2280-2500"]'), '"2280-2500"', "overlaps another"),
        (('      postcodes: ["2611-2629"]', '      postcodes: ["26xx"]'), '"26xx"', "is not four digits"),
    ],
)
def test_a_mistake_names_the_line_and_the_problem(change: tuple[str, str], marker: str, message: str) -> None:
    assert change[0] in TEXT
    broken = TEXT.replace(*change, 1)
    with pytest.raises(VocabularyError) as err:
        parse_vocabulary(broken, Path("vocabulary.yml"))
    assert f"vocabulary.yml line {line_of(broken, marker)}:" in str(err.value)
    assert message in str(err.value)


def test_not_yaml_is_named_with_its_line() -> None:
    with pytest.raises(VocabularyError, match=r"line [0-9]+: not valid YAML"):
        parse_vocabulary(TEXT.replace("version: 1", "version: 1\n  oops: ["), Path("v.yml"))


def test_places_resolve_to_their_municipality_whatever_the_spelling() -> None:
    vocab = load_vocabulary()
    assert vocab.region == ("Den Haag", "Delft", "Midden-Delfland", "Rijswijk", "Westland")
    for typed, municipality, kind in [
        ("Naaldwijk", "Westland", "village"),
        ("naaldwyk", "Westland", "village"),
        ("'S-GRAVENHAGE", "Den Haag", "alias"),
        ("s gravenhage", "Den Haag", "alias"),
        ("Scheveningen", "Den Haag", "district"),
        ("gemeente Midden Delfland", "Midden-Delfland", "municipality"),
        ("Honselersdijk", "Westland", "village"),
    ]:
        place = vocab.place(typed)
        assert place is not None and (place.municipality, place.kind, place.in_region) == (municipality, kind, True)
    outside = vocab.place("Voorburg")
    assert outside is not None and outside.municipality == "Leidschendam-Voorburg" and outside.in_region is False
    assert outside.where_to_go is not None and outside.where_to_go.url
    assert vocab.place("Atlantis") is None
    assert vocab.is_other_answer("Andere gemeente") and vocab.is_other_answer("other")
    assert vocab.is_unknown_answer("Weet ik niet") and vocab.is_unknown_answer(None)


def test_every_outside_place_says_where_to_go() -> None:
    vocab = load_vocabulary()
    outside = [p for _, p in vocab.places() if not p.in_region]
    assert len(outside) > 40
    for place in outside:
        assert place.where_to_go is not None, place
        assert place.where_to_go.name.nl and place.where_to_go.name.en
        assert place.where_to_go.url or place.where_to_go.address


def test_one_word_for_each_mode_in_both_languages() -> None:
    vocab = load_vocabulary()
    assert [vocab.label("mode", m, "nl") for m in vocab.values("mode")] == ["Telefonisch", "Videobellen", "Op locatie"]
    assert vocab.label("mode", "in_person", "en") == "In person"


def test_rules_naming_a_value_the_vocabulary_does_not_know_are_refused(tmp_path: Path) -> None:
    vocab_path = tmp_path / "vocabulary.yml"
    # the vocabulary drops "other" work situations: the rules still give it an outcome
    vocab_path.write_text(
        TEXT.replace(
            "  other:\n    label: {nl: Anders, en: Other}\n    answer: {nl: Iets anders, en: Something else}\n", ""
        )
    )
    with pytest.raises(RulesError, match=r"line [0-9]+: work_situation: .*unknown work situations \['other'\]"):
        load_rules(RULES, load_vocabulary(vocab_path))


def _start_api(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "from fastapi.testclient import TestClient\nfrom api.main import app\nTestClient(app).__enter__()"
    return subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )


def test_api_refuses_to_start_with_a_broken_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yml"
    path.write_text(TEXT.replace('      phone: "14 010"', '      phone: "ring ring"'))
    result = _start_api({"VOCABULARY_PATH": str(path)})
    assert result.returncode != 0
    assert f"line {line_of(path.read_text(), 'ring ring')}" in result.stderr and "not a phone number" in result.stderr


def test_api_refuses_to_start_when_the_vocabulary_and_the_api_differ(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yml"
    path.write_text(TEXT.replace("  logistics: {label: {nl: Logistiek, en: Logistics}}\n", ""))
    result = _start_api({"VOCABULARY_PATH": str(path)})
    assert result.returncode != 0
    assert "sector values differ" in result.stderr and "logistics" in result.stderr


@pytest.mark.parametrize("age", [5, 13, 101, 200])
def test_an_age_outside_the_plausible_bounds_is_refused_with_a_reason(client: TestClient, age: int) -> None:
    response = client.post(
        "/api/eligibility", json={"age": age, "municipality": "Delft", "work_situation": "employed", "pains": []}
    )
    assert response.status_code == 422
    assert "an age is between 14 and 100" in response.text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Naaldwijk", "Westland"),
        ("Andere gemeente", None),
        ("other", None),
        ("Oud-Beijerland-West", "Oud-Beijerland-West"),
    ],
)
def test_a_lead_keeps_the_municipality_of_a_known_place_and_an_unknown_one_as_typed(
    client: TestClient, typed: str, kept: str | None
) -> None:
    response = client.put(
        "/api/leads/by-conversation/vocab-1",
        json={
            "consent_at": "2026-11-21T10:00:00+01:00",
            "age": 40,
            "municipality": typed,
            "work_situation": "employed",
            "pains": ["low_income"],
        },
        headers=SERVICE,
    )
    assert response.status_code in (200, 201), response.text
    lead = response.json()
    assert lead["municipality"] == kept
    assert lead["eligibility"]["verdict"] == ("eligible" if kept == "Westland" else "needs_review")


def test_four_digits_of_a_postcode_name_the_municipality() -> None:
    vocab = parse_vocabulary(TEXT, Path("vocabulary.yml"))
    assert [vocab.postcode_place(code).name for code in (2525, 2287, 2623, 3155, 2691)] == [  # type: ignore[union-attr]
        "Den Haag", "Rijswijk", "Delft", "Midden-Delfland", "Westland",
    ]  # fmt: skip
    assert vocab.postcode_place(2712) is None  # Zoetermeer: not the region's
