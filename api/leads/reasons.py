"""The verdict's reasons as an adviser reads them: short facts about the resident ("45 jaar",
"Woont in Delft (regio)"), not the sentences the bot said to the resident ("Je bent 45 jaar...").
The outcome per rule comes from the stored verdict; the facts from the stored answers; the words
from the portal's texts (`reason.<rule>.<outcome>`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.eligibility.service import get_rules
from api.leads.schemas import LeadOut
from api.portal.i18n import Translator


@dataclass(frozen=True)
class AdviserReason:
    rule: str
    outcome: str  # pass | fail | needs_review
    text: str  # in the adviser's voice
    resident_text: str  # what the resident was told, for reference


def _facts(lead: LeadOut, t: Translator) -> dict[str, Any]:
    rules = get_rules()
    return {
        "age": lead.age if lead.age is not None else "?",
        "min_age": rules.age.min,
        "max_age": rules.age.max,
        "municipality": lead.municipality or "?",
        "work": t(f"work.{lead.work_situation}") if lead.work_situation else "?",
        "pains": ", ".join(t(f"pain.{p}").lower() for p in lead.pains),
    }


def for_adviser(lead: LeadOut, t: Translator) -> list[AdviserReason]:
    if lead.eligibility is None:
        return []
    facts = _facts(lead, t)
    return [
        AdviserReason(
            rule=r.rule,
            outcome=r.outcome,
            text=t(f"reason.{r.rule}.{r.outcome}", **facts),
            resident_text=r.explanations.get(t.lang) or r.explanation,
        )
        for r in lead.eligibility.reasons
    ]


def summary(lead: LeadOut, t: Translator) -> list[str]:
    """The answers in a few words, for the top of the transcript: "45 jaar", "Delft", ..."""
    parts = []
    if lead.age is not None:
        parts.append(t("summary.age", age=lead.age))
    if lead.municipality:
        parts.append(lead.municipality)
    if lead.work_situation:
        parts.append(t(f"work.{lead.work_situation}"))
    if lead.sector:
        parts.append(t(f"sector.{lead.sector}"))
    parts.extend(t(f"pain.{p}") for p in lead.pains)
    if lead.booking:
        parts.append(t("summary.booked", mode=t(f"mode.{lead.booking.mode}").lower()))
    elif lead.callback_requested:
        parts.append(t("summary.callback"))
    return parts
