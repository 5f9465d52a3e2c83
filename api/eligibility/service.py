"""Applies the rules file to a resident's answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from api.core.config import get_settings
from api.core.schemas import Language, Mode, Pain, Sector, WorkSituation
from api.eligibility.rules import PassFail, PassFailReview, PassReview, Rules, Text, load_rules
from api.eligibility.schemas import EligibilityResult, NextStepOut, Reason
from api.eligibility.vocabulary import Label, Vocabulary, VocabularyError, WhereToGo, load_vocabulary

Outcome = Literal["pass", "fail", "needs_review"]

# The API's typed enumerations mirror the vocabulary; a difference stops the API at start.
_API_ENUMS = {
    "work_situation": WorkSituation,
    "pain": Pain,
    "sector": Sector,
    "mode": Mode,
    "language": Language,
}


@lru_cache
def get_vocabulary() -> Vocabulary:
    path = get_settings().vocabulary_path
    vocab = load_vocabulary(path)
    for kind, enum in _API_ENUMS.items():
        api_values, file_values = set(get_args(enum)), set(vocab.values(kind))
        if api_values != file_values:
            raise VocabularyError(
                f"{path}: the {kind} values differ from the API's: only in the file "
                f"{sorted(file_values - api_values)}, only in the API {sorted(api_values - file_values)}"
            )
    return vocab


@lru_cache
def get_rules() -> Rules:
    return load_rules(get_settings().eligibility_rules_path, get_vocabulary())


@dataclass(frozen=True)
class PlaceVerdict:
    """Where a resident lives, as the rules see it."""

    outcome: Outcome
    text: Literal["pass", "pass_place", "fail", "needs_review", "unknown_place"]
    municipality: str | None  # the municipality, or the name as typed when unknown
    place: str | None  # the district or village named, if any
    where_to_go: WhereToGo | None


def judge_place(vocab: Vocabulary, name: str | None) -> PlaceVerdict:
    """A region municipality (or its alias, district, village) passes; a known place outside the
    region fails with where to go; "other", "don't know" or nothing needs review; any other name
    needs review as typed."""
    typed = (name or "").strip()
    if vocab.is_unknown_answer(typed) or vocab.is_other_answer(typed) or not typed:
        return PlaceVerdict("needs_review", "needs_review", None, None, None)
    place = vocab.place(typed)
    if place is None:
        return PlaceVerdict("needs_review", "unknown_place", typed, None, None)
    if not place.in_region:
        return PlaceVerdict("fail", "fail", place.municipality, None, place.where_to_go)
    if place.kind in ("district", "village"):
        return PlaceVerdict("pass", "pass_place", place.municipality, place.name, None)
    return PlaceVerdict("pass", "pass", place.municipality, None, None)


def canonical_municipality(name: str | None, vocab: Vocabulary | None = None) -> str | None:
    """What a lead keeps: the municipality of a known place, None when the resident does not know
    (or chose "another municipality"), the name as typed otherwise."""
    return judge_place(vocab or get_vocabulary(), name).municipality


def _reason(
    rule: Literal["age", "municipality", "work_situation", "pains"],
    outcome: Outcome,
    text: Text,
    language: str,
    **values: object,
) -> Reason:
    explanations = {
        lang: getattr(text, lang).format(**{k: v.get(lang) if isinstance(v, Label) else v for k, v in values.items()})
        for lang in ("nl", "en")
    }
    return Reason(
        rule=rule,
        passed=outcome == "pass",
        outcome=outcome,
        explanation=explanations[language],
        explanations=explanations,
    )


def _contact(rules: Rules, where: WhereToGo, language: str) -> str:
    """ "bel 14 079 of kijk op www.zoetermeer.nl", from the rules' texts and the vocabulary's details."""
    words = rules.where_to_go_contact
    parts = []
    if where.phone:
        parts.append(getattr(words.phone, language).format(phone=where.phone))
    if where.address:
        parts.append(getattr(words.address, language).format(address=where.address))
    if where.url:
        shown = where.url.removeprefix("https://").removeprefix("http://").rstrip("/")
        parts.append(getattr(words.url, language).format(url=shown))
    return str(getattr(words.join, language)).join(parts)


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
    vocab: Vocabulary | None = None,
) -> EligibilityResult:
    rules = rules or get_rules()
    vocab = vocab or get_vocabulary()
    place = judge_place(vocab, municipality)
    region = Label(", ".join(vocab.region_labels("nl")), ", ".join(vocab.region_labels("en")))

    age_outcome: Outcome = "pass" if rules.age.min <= age <= rules.age.max else "fail"
    ws = rules.work_situation
    ws_outcome: Outcome = (
        "pass" if work_situation in ws.passed else "fail" if work_situation in ws.fail else "needs_review"
    )
    pains_outcome: Outcome = "pass" if len(set(pains)) >= rules.pains.min else "needs_review"

    def texts(outcome: Outcome, explain: PassFail | PassFailReview | PassReview) -> Text:
        chosen: Text = explain.passed if outcome == "pass" else getattr(explain, outcome)
        return chosen

    reasons = [
        _reason(
            "age",
            age_outcome,
            texts(age_outcome, rules.age.explain),
            language,
            age=age,
            min_age=rules.age.min,
            max_age=rules.age.max,
        ),
        _reason(
            "municipality",
            place.outcome,
            getattr(rules.municipality.explain, "passed" if place.text == "pass" else place.text),
            language,
            municipality=place.municipality or "",
            place=place.place or "",
            region=region,
        ),
        _reason("work_situation", ws_outcome, texts(ws_outcome, ws.explain), language),
        _reason("pains", pains_outcome, texts(pains_outcome, rules.pains.explain), language),
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

    steps: list[NextStepOut] = []
    for step_id in dict.fromkeys(step_ids):
        step = rules.next_steps[step_id]
        url = step.url
        if step_id == "own_region":
            if place.where_to_go is None:
                continue  # only a known place outside the region has somewhere of its own to go
            where = place.where_to_go
            url = where.url or url
            step_texts = {
                lang: getattr(step, lang).format(
                    municipality=place.municipality, where=where.name.get(lang), contact=_contact(rules, where, lang)
                )
                for lang in ("nl", "en")
            }
        else:
            step_texts = {"nl": step.nl, "en": step.en}
        if url and any(s.url == url for s in steps):
            continue  # the place's own step already points there (e.g. its Leerwerkloket)
        steps.append(NextStepOut(kind=step_id, text=step_texts[language], texts=step_texts, url=url))
    return EligibilityResult(
        verdict=verdict,
        reasons=reasons,
        persona=match_persona(rules, age, work_situation, pains, sector),
        next_steps=steps,
        language=language,
    )
