from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.eligibility.rules import RulesError, load_rules

RULES = Path(__file__).resolve().parents[2] / "api" / "eligibility" / "rules.yml"


def check(client: TestClient, **overrides: object) -> dict:
    body = {"age": 45, "municipality": "Delft", "work_situation": "employed", "pains": ["physical_strain"]}
    body.update(overrides)
    response = client.post("/api/eligibility", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def outcome(result: dict, rule: str) -> str:
    return next(r["outcome"] for r in result["reasons"] if r["rule"] == rule)


def test_eligible_resident_gets_every_rule_explained_and_the_advice_step(client: TestClient) -> None:
    result = check(client)
    assert result["verdict"] == "eligible"
    assert [r["rule"] for r in result["reasons"]] == ["age", "municipality", "work_situation", "pains"]
    assert all(r["passed"] for r in result["reasons"])
    assert "45" in result["reasons"][0]["explanation"]
    assert result["reasons"][1]["explanations"]["en"] == "You live in Delft. That municipality takes part."
    assert [s["kind"] for s in result["next_steps"]] == ["book_advice"]


@pytest.mark.parametrize(
    ("age", "verdict"), [(17, "not_eligible"), (18, "eligible"), (67, "eligible"), (68, "not_eligible")]
)
def test_age_limits_are_inclusive(client: TestClient, age: int, verdict: str) -> None:
    assert check(client, age=age)["verdict"] == verdict


@pytest.mark.parametrize(
    "place",
    [
        "Den Haag",
        "den haag",
        "The Hague",
        "Scheveningen",
        "Rijswijk",
        "Westland",
        "Naaldwijk",
        "Midden-Delfland",
    ],
)
def test_region_municipalities_and_their_other_names_pass(client: TestClient, place: str) -> None:
    assert outcome(check(client, municipality=place), "municipality") == "pass"


def test_outside_the_region_is_not_eligible_and_says_where_to_go(client: TestClient) -> None:
    result = check(client, municipality="Rotterdam", language="en")
    assert result["verdict"] == "not_eligible"
    reason = next(r for r in result["reasons"] if r["rule"] == "municipality")
    assert reason["passed"] is False and "Rotterdam" in reason["explanation"]
    kinds = [s["kind"] for s in result["next_steps"]]
    assert "leerwerkloket" in kinds and "own_region" in kinds
    assert all(s["url"] for s in result["next_steps"])
    own = next(s for s in result["next_steps"] if s["kind"] == "own_region")
    # where to go with a phone number and a link, not only a name, in both languages
    expected = "Then the municipality of Rotterdam can help you: call 14 010 or visit www.rotterdam.nl."
    assert own["text"] == f"Do you live in Rotterdam? {expected}"
    assert "bel 14 010" in own["texts"]["nl"] and own["url"] == "https://www.rotterdam.nl"


@pytest.mark.parametrize(
    ("place", "municipality", "explanation"),
    [
        ("Naaldwijk", "Westland", "Naaldwijk hoort bij de gemeente Westland. Die gemeente doet mee."),
        ("ypenburg", "Den Haag", "Ypenburg hoort bij de gemeente Den Haag. Die gemeente doet mee."),
        ("Den Hoorn", "Midden-Delfland", "Den Hoorn hoort bij de gemeente Midden-Delfland. Die gemeente doet mee."),
        ("gemeente Rijswijk", "Rijswijk", "Je woont in Rijswijk. Die gemeente doet mee."),
    ],
)
def test_villages_and_districts_count_as_their_municipality(
    client: TestClient, place: str, municipality: str, explanation: str
) -> None:
    result = check(client, municipality=place)
    assert result["verdict"] == "eligible"
    assert next(r for r in result["reasons"] if r["rule"] == "municipality")["explanation"] == explanation


def test_a_village_outside_the_region_is_not_eligible_with_its_own_municipality_to_go_to(client: TestClient) -> None:
    result = check(client, municipality="Nootdorp")
    assert result["verdict"] == "not_eligible"
    reason = next(r for r in result["reasons"] if r["rule"] == "municipality")
    assert reason["explanation"].startswith("Je woont in Pijnacker-Nootdorp.")
    own = next(s for s in result["next_steps"] if s["kind"] == "own_region")
    assert "www.pijnacker-nootdorp.nl" in own["text"]


@pytest.mark.parametrize(
    "place", [None, "weet ik niet", "", "other", "unknown", "Andere gemeente", "another municipality"]
)
def test_unknown_municipality_needs_review_not_rejection(client: TestClient, place: str | None) -> None:
    result = check(client, municipality=place)
    assert result["verdict"] == "needs_review"
    assert outcome(result, "municipality") == "needs_review"
    assert result["next_steps"][0]["kind"] == "review_with_adviser"
    reason = next(r for r in result["reasons"] if r["rule"] == "municipality")
    assert "other" not in reason["explanation"] and "unknown" not in reason["explanation"]


def test_a_place_nobody_knows_needs_review_and_is_named_as_typed(client: TestClient) -> None:
    result = check(client, municipality="Oud-Beijerland-West")
    assert result["verdict"] == "needs_review"
    reason = next(r for r in result["reasons"] if r["rule"] == "municipality")
    assert reason["outcome"] == "needs_review"
    assert reason["explanations"]["nl"].startswith("Je woont in Oud-Beijerland-West. Die plaats kennen we niet.")
    assert reason["explanations"]["en"].startswith("You live in Oud-Beijerland-West. We don't know that place.")


@pytest.mark.parametrize(
    ("situation", "verdict"),
    [
        ("employed", "eligible"),
        ("self_employed", "eligible"),
        ("job_seeker", "eligible"),
        ("returner", "eligible"),
        ("on_benefits", "needs_review"),
        ("other", "needs_review"),
        ("student", "not_eligible"),
    ],
)
def test_work_situations(client: TestClient, situation: str, verdict: str) -> None:
    assert check(client, work_situation=situation)["verdict"] == verdict


def test_student_is_sent_to_school_advice_and_the_leerwerkloket(client: TestClient) -> None:
    kinds = [s["kind"] for s in check(client, work_situation="student")["next_steps"]]
    assert kinds == ["school_advice", "leerwerkloket"]


def test_no_pain_needs_review(client: TestClient) -> None:
    result = check(client, pains=[])
    assert result["verdict"] == "needs_review"
    assert outcome(result, "pains") == "needs_review"


def test_dutch_is_the_default_and_english_on_request(client: TestClient) -> None:
    assert check(client)["reasons"][0]["explanation"].startswith("Je bent 45 jaar")
    assert check(client, language="en")["reasons"][0]["explanation"].startswith("You are 45")


@pytest.mark.parametrize(
    ("answers", "persona"),
    [
        (
            {"age": 45, "work_situation": "employed", "pains": ["physical_strain"], "sector": "construction"},
            "physical_work",
        ),
        (
            {
                "age": 32,
                "work_situation": "employed",
                "pains": ["irregular_hours", "no_diploma"],
                "sector": "retail",
            },
            "retail_to_childcare",
        ),
        (
            {
                "age": 23,
                "work_situation": "employed",
                "pains": ["no_diploma", "no_prospects"],
                "sector": "hospitality",
            },
            "young_restart",
        ),
        (
            {"age": 29, "work_situation": "employed", "pains": ["no_prospects"], "sector": "administration"},
            "ict_switcher",
        ),
        (
            {
                "age": 35,
                "work_situation": "employed",
                "pains": ["low_income", "no_prospects"],
                "sector": "security",
            },
            "security_growth",
        ),
        (
            {
                "age": 41,
                "work_situation": "employed",
                "pains": ["no_diploma", "low_income"],
                "sector": "cleaning",
            },
            "education_switcher",
        ),
        ({"age": 38, "work_situation": "self_employed", "pains": ["low_income"]}, "underpaid_freelancer"),
        ({"age": 50, "work_situation": "returner", "pains": ["no_prospects"]}, None),
    ],
)
def test_the_seven_personas(client: TestClient, answers: dict, persona: str | None) -> None:
    assert check(client, **answers)["persona"] == persona


def test_the_rules_file_is_data_and_a_mistake_names_line_and_problem(tmp_path: Path) -> None:
    broken = RULES.read_text().replace("  max: 67", "  max: sixty")
    path = tmp_path / "rules.yml"
    path.write_text(broken)
    with pytest.raises(RulesError) as err:
        load_rules(path)
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "max: sixty" in text)
    assert f"line {line}: age.max" in str(err.value)
    assert "valid integer" in str(err.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("fail: [student]", "fail: [student, pupil]"), "unknown work situations ['pupil']"),
        (("  min: 18", "  min: 70"), "min (70) is larger than max (67)"),
        (("    ict_switcher:", "    ict_wizard:"), "unknown persona ids ['ict_wizard']"),
        (("version: 1", "version: 1\n  oops: ["), "not valid YAML"),
        (("      pains: [physical_strain]", "      pains: [bad_knees]"), "unknown pains ['bad_knees']"),
        (("      sectors: [security]", "      sectors: [space_travel]"), "unknown sectors ['space_travel']"),
        (("Die plaats kennen we niet.", "Die plaats {plaats} kennen we niet."), "uses ['plaats']"),
    ],
)
def test_rules_validation_messages(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(RULES.read_text().replace(*change))
    with pytest.raises(RulesError, match=r"line [0-9]+") as err:
        load_rules(path)
    assert message in str(err.value)


def test_api_refuses_to_start_with_a_broken_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(RULES.read_text().replace("  max: 67", "  max: -5"))
    code = "from fastapi.testclient import TestClient\nfrom api.main import app\nTestClient(app).__enter__()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "ELIGIBILITY_RULES_PATH": str(path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "line" in result.stderr and "age.max" in result.stderr
