"""The bot's texts (bot/texts/*.yml): English mirrors Dutch, and the rules' facts come from the
rules file, never typed into a text."""

import string

import pytest

from bot import build_domain, texts


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_english_mirrors_dutch_key_for_key():
    nl, en = texts.load("nl"), texts.load("en")
    assert list(nl["responses"]) == list(en["responses"])
    assert list(nl["texts"]) == list(en["texts"])


def test_both_languages_offer_the_same_buttons_and_placeholders():
    for key in texts.response_keys():
        nl, en = texts.response(key, "nl"), texts.response(key, "en")
        assert [b["payload"] for b in nl.get("buttons", [])] == [b["payload"] for b in en.get("buttons", [])], key
        raw_nl, raw_en = texts.load("nl")["responses"][key], texts.load("en")["responses"][key]
        assert placeholders(raw_nl["text"]) == placeholders(raw_en["text"]), key
    for key, value in texts.load("nl")["texts"].items():
        if isinstance(value, str):
            assert placeholders(value) == placeholders(texts.load("en")["texts"][key]), key


def test_responses_have_no_unfilled_placeholders():
    """Rasa would fill a {name} in a response from a slot of that name: none may be left."""
    for variants in build_domain.responses().values():
        for v in variants:
            assert "{" not in v["text"] and "}" not in v["text"], v["text"]


@pytest.fixture()
def other_rules(monkeypatch):
    monkeypatch.setattr(texts, "rules", lambda: {"age": {"min": 21, "max": 65}})
    monkeypatch.setattr(texts, "region", lambda: ["Delft", "Leiden"])


def test_the_rules_bounds_and_region_come_from_the_rules_and_the_vocabulary(other_rules):
    who = texts.response("utter_who_can_apply", "nl")["text"]
    assert "21 tot en met 65 jaar" in who and "Delft of Leiden" in who
    assert "18" not in who and "67" not in who and "Den Haag" not in who
    assert "aged 21 to 65" in texts.response("utter_who_can_apply", "en")["text"]


def test_answer_buttons_use_the_vocabularys_words():
    from api.eligibility.vocabulary import vocabulary

    vocab = vocabulary()
    buttons = texts.response("utter_ask_work_situation", "en")["buttons"]
    assert [b["title"] for b in buttons] == [
        vocab.answer("work_situation", v, "en") for v in vocab.values("work_situation")
    ]
    places = texts.response("utter_ask_municipality", "en")["buttons"]
    assert [b["title"] for b in places[: len(vocab.region)]] == vocab.region_labels("en")
    assert [b["payload"] for b in places[: len(vocab.region)]] == [
        f'/inform{{"municipality": "{m}"}}' for m in vocab.region
    ]


def test_no_text_types_the_age_bounds():
    low, high = texts.age_bounds()
    for language in texts.LANGUAGES:
        for key, entry in texts.load(language)["responses"].items():
            assert f"{low} tot" not in entry["text"] and f"{low} to {high}" not in entry["text"], key
