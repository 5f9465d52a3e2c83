"""The learned pains reader (bot/nlu/pain_reader.py) beside the rules: it reads ways of saying a
pain that no rule lists, adds nothing where the resident says nothing bothers them, and learns
only from residents who are read and tuned on, never from the unseen set or a blind set."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from bot.nlu.answers import values_for_slot
from bot.nlu.extract import extract_text
from bot.nlu.pain_reader import EXAMPLES
from tests.conversations import pain_examples
from tests.conversations.driver import UNSEEN, load_residents

TODAY = date(2026, 12, 3)


def pains(text: str, language: str = "nl") -> list[str]:
    return list(values_for_slot("pains", text, language, TODAY).get("pains") or [])


def rule_pains(text: str) -> set[str]:
    return {e["value"] for e in extract_text(text, today=TODAY) if e["entity"] == "pain"}


@pytest.mark.parametrize(
    ("text", "language", "pain"),
    [
        ("ze verlengen me steeds maar een paar maanden", "nl", "insecure_work"),
        ("ik wil graag iets met mensen gaan doen in de zorg", "nl", "no_prospects"),
        ("I'd love to do something with my hands, like a real trade", "en", "no_prospects"),
    ],
)
def test_a_way_of_saying_it_no_rule_lists_is_read(text, language, pain):
    assert pain not in rule_pains(text)  # the rules alone miss it: this is the reader's part
    assert pain in pains(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("nee hoor, het salaris is prima", "nl"),
        ("honestly nothing, the pay is fine and I like my colleagues", "en"),
        ("niks eigenlijk, ik verdien prima en het is gezellig", "nl"),
    ],
)
def test_nothing_to_change_names_no_pain_even_with_a_topic_in_it(text, language):
    assert pains(text, language) == []


def test_a_question_about_the_scheme_names_no_pain():
    assert pains("is dit ook voor mensen met een laag loon?") == []


def test_the_rules_findings_stay():
    assert {"physical_strain", "low_income"} <= set(pains("mijn knieën zijn kapot en ik verdien te weinig"))


def test_examples_come_only_from_sets_that_are_tuned_on():
    unseen = set()
    for set_name in UNSEEN:
        for resident in load_residents(set_name):
            answer = resident["answers"].get("pains")
            unseen.update(str(a).strip().lower() for a in (answer if isinstance(answer, list) else [answer]))
    blind = set()
    for name in ("blind_2026_12.yml", "blind_2026_12_03.yml"):
        doc = yaml.safe_load((pain_examples.ROOT / "tests" / "heldout" / name).read_text(encoding="utf-8"))
        blind.update(m["text"].strip().lower() for m in doc["messages"])
    doc = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    texts = {e["text"].strip().lower() for e in (*doc["written"], *doc["residents"])}
    assert not texts & unseen
    # a short answer ("i don't have any diploma") may be anyone's words
    assert not {t for t in texts & blind if len(t.split()) > 5}


def test_examples_are_what_the_tuning_sets_say_now():
    doc = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    assert doc["residents"] == pain_examples.examples(), "run python3 tests/conversations/pain_examples.py"
