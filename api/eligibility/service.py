"""Applies the rules file to a resident's answers."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from api.core.config import get_settings
from api.eligibility.rules import PassFail, PassFailReview, PassReview, Rules, load_rules
from api.eligibility.schemas import EligibilityResult, NextStepOut, Reason

Outcome = Literal["pass", "fail", "needs_review"]


@lru_cache
def get_rules() -> Rules:
    return load_rules(get_settings().eligibility_rules_path)


def canonical_municipality(rules: Rules, name: str | None) -> str | None:
    """The region's spelling of a municipality, the input as given otherwise, None if unknown."""
    if name is None:
        return None
    key = name.strip().casefold()
    if key in {u.casefold() for u in rules.municipality.unknown}:
        return None
    for municipality in rules.municipality.region:
        aliases = rules.municipality.aliases.get(municipality, [])
        if key in {a.casefold() for a in (municipality, *aliases)}:
            return municipality
    return name.strip()


def _reason(
    rule: Literal["age", "municipality", "work_situation", "pains"],
    outcome: Outcome,
    texts: PassFail | PassFailReview | PassReview,
    language: str,
    **values: object,
) -> Reason:
    text = texts.passed if outcome == "pass" else getattr(texts, outcome)
    explanations = {"nl": text.nl.format(**values), "en": text.en.format(**values)}
    return Reason(
        rule=rule,
        passed=outcome == "pass",
        outcome=outcome,
        explanation=explanations[language],
        explanations=explanations,
    )


def match_persona(
    rules: Rules, age: int | None, work_situation: str | None, pains: Sequence[str], sector: str | None
) -> str | None:
    best, best_score = None, 0
    for persona_id, p in rules.personas.list.items():
        score = 3 * (sector in p.sectors) + 2 * (work_situation in p.work_situations)
        score += sum(1 for pain in set(pains) if pain in p.pains)
        score += 1 if age is not None and p.age[0] <= age <= p.age[1] else 0
        if score > best_score:
            best, best_score = persona_id, score
    return best if best_score >= rules.personas.min_score else None


def evaluate(
    age: int,
    municipality: str | None,
    work_situation: str,
    pains: Sequence[str],
    sector: str | None = None,
    language: str = "nl",
    rules: Rules | None = None,
) -> EligibilityResult:
    rules = rules or get_rules()
    place = canonical_municipality(rules, municipality)
    region = ", ".join(rules.municipality.region)

    age_ok = rules.age.min <= age <= rules.age.max
    if place is None:
        place_outcome: Outcome = "needs_review"
    else:
        place_outcome = "pass" if place in rules.municipality.region else "fail"
    ws = rules.work_situation
    ws_outcome: Outcome = (
        "pass" if work_situation in ws.passed else "fail" if work_situation in ws.fail else "needs_review"
    )
    pains_outcome: Outcome = "pass" if len(set(pains)) >= rules.pains.min else "needs_review"

    reasons = [
        _reason(
            "age",
            "pass" if age_ok else "fail",
            rules.age.explain,
            language,
            age=age,
            min_age=rules.age.min,
            max_age=rules.age.max,
        ),
        _reason(
            "municipality",
            place_outcome,
            rules.municipality.explain,
            language,
            municipality=place or "",
            region=region,
        ),
        _reason("work_situation", ws_outcome, ws.explain, language),
        _reason("pains", pains_outcome, rules.pains.explain, language),
    ]
    outcomes = {r.outcome for r in reasons}
    if "fail" in outcomes:
        verdict: Literal["eligible", "not_eligible", "needs_review"] = "not_eligible"
        step_ids: list[str] = []
        for r in reasons:
            if r.outcome == "fail":
                step_ids += rules.not_eligible_steps.get(r.rule, ["leerwerkloket"])
        if "leerwerkloket" not in step_ids:
            step_ids.append("leerwerkloket")  # never a dead end
    elif "needs_review" in outcomes:
        verdict, step_ids = "needs_review", ["review_with_adviser"]
    else:
        verdict, step_ids = "eligible", ["book_advice"]

    steps = []
    for step_id in dict.fromkeys(step_ids):
        step = rules.next_steps[step_id]
        texts = {"nl": step.nl, "en": step.en}
        steps.append(NextStepOut(kind=step_id, text=texts[language], texts=texts, url=step.url))
    return EligibilityResult(
        verdict=verdict,
        reasons=reasons,
        persona=match_persona(rules, age, work_situation, pains, sector),
        next_steps=steps,
        language=language,
    )
