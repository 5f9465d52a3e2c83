"""The vocabulary's limits (`limits:` in api/eligibility/vocabulary.yml): one owner for the
limits that the API cuts to and the widget and the actions read."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.eligibility.vocabulary import VOCABULARY_PATH, Limits, VocabularyError, parse_vocabulary, vocabulary
from api.leads.models import limits_beyond_columns

TEXT = VOCABULARY_PATH.read_text(encoding="utf-8")


def test_the_shipped_limits_fit_the_database() -> None:
    limits = vocabulary().limits
    assert limits.utm_value == 100
    assert limits_beyond_columns(limits) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("  utm_value: 100", "  utm_value: lots"), "limits.utm_value: expected a whole number"),
        (("  utm_value: 100", "  utm_value: 0"), "limits.utm_value: a limit is at least 1"),
        (("  place_name: 80       # where the resident lives, as typed\n", ""), "'place_name' is missing"),
        (("  utm_value: 100", "  utm_value: 100\n  name_length: 50"), "limits.name_length: unknown key"),
    ],
)
def test_a_wrong_limit_is_named_with_its_line(change: tuple[str, str], problem: str) -> None:
    assert change[0] in TEXT
    with pytest.raises(VocabularyError, match=problem) as err:
        parse_vocabulary(TEXT.replace(*change, 1), Path("vocabulary.yml"))
    assert "vocabulary.yml line " in str(err.value)


def test_a_limit_longer_than_its_column_is_found() -> None:
    problems = limits_beyond_columns(Limits(utm_value=150, place_name=80, callback_note=500, work_text=500))
    assert len(problems) == 10  # five UTM columns on leads and five on conversation starts
    assert all(p.startswith("utm_value: 150 is longer than") for p in problems)
    words = limits_beyond_columns(Limits(utm_value=100, place_name=80, callback_note=500, work_text=600))
    assert len(words) == 1 and words[0].startswith("work_text: 600 is longer than")


def test_the_landing_page_gives_the_widget_the_utm_limit(client: TestClient) -> None:
    for path in ("/", "/en"):
        assert f'data-utm-max-length="{vocabulary().limits.utm_value}"' in client.get(path).text
