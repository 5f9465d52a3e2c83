"""Every part uses only values the vocabulary (api/eligibility/vocabulary.yml) knows: the domain's
buttons and slots, the training data and stories, the lexicon, the rules and the held-out sets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.validate_data import unknown_values
from tests.heldout import check_overlap

ROOT = Path(__file__).resolve().parents[2]


def test_the_repository_uses_no_value_the_vocabulary_does_not_know() -> None:
    assert unknown_values() == []


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for part in ("domain.yml", "data", "tests/stories", "bot/nlu/lexicon.yml", "api/eligibility/rules.yml"):
        source, target = ROOT / part, tmp_path / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    return tmp_path


@pytest.mark.parametrize(
    ("part", "change", "reported"),
    [
        (
            "domain.yml",
            ('\'/inform{"mode": "in_person"}\'', '\'/inform{"mode": "op_kantoor"}\''),
            "domain.yml: mode 'op_kantoor' is not in the vocabulary",
        ),
        (
            "domain.yml",
            ('\'/inform{"municipality": "Delft"}\'', '\'/inform{"municipality": "Atlantis"}\''),
            "domain.yml: municipality 'Atlantis' is not in the vocabulary",
        ),
        (
            "bot/nlu/lexicon.yml",
            ("  no_diploma:\n", "  no_certificate:\n"),
            "bot/nlu/lexicon.yml: pain 'no_certificate' is not in the vocabulary",
        ),
        (
            "api/eligibility/rules.yml",
            ("fail: [student]", "fail: [pupil]"),
            "api/eligibility/rules.yml: work_situation.fail 'pupil' is not in the vocabulary",
        ),
    ],
)
def test_a_value_the_vocabulary_does_not_know_is_reported(
    copy: Path, part: str, change: tuple[str, str], reported: str
) -> None:
    path = copy / part
    text = path.read_text(encoding="utf-8")
    assert change[0] in text, f"the fixture no longer finds {change[0]!r} in {part}"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    assert reported in unknown_values(copy)


def test_held_out_values_are_checked_against_the_vocabulary(tmp_path: Path) -> None:
    heldout = tmp_path / "set.yml"
    heldout.write_text(
        "messages:\n"
        "  - {text: 'ik woon in Naaldwijk', language: nl, intent: inform, expected: {municipality: Westland}}\n"
        "  - {text: 'knees hurt', language: en, intent: inform, expected: {pains: [bad_knees]}}\n"
        "  - {text: 'ik woon op de maan', language: nl, intent: inform, expected: {municipality: De Maan}}\n",
        encoding="utf-8",
    )
    errors, _ = check_overlap.check_heldout({}, heldout, no_overlap=False)
    assert len(errors) == 2
    assert "pains value 'bad_knees' is not in the vocabulary" in errors[0]
    assert "municipality value 'De Maan' is not in the vocabulary" in errors[1]
