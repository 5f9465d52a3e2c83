# ruff: noqa: RUF005  (story steps read best as list concatenation)
"""Writes tests/stories/test_conversations.yml: Rasa test stories for both languages, each
persona, multi-answer messages, corrections, digressions inside the forms, not eligible, needs
review, slot taken, handoff, start over and erasure. Run `python tests/stories/build_test_stories.py`
after editing; tests/bot/test_domain.py checks the file is up to date."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "test_conversations.yml"


class Quoted(str):
    """User texts are always quoted: Rasa reads YAML 1.2, where 0612345678 is a number."""


yaml.SafeDumper.add_representer(
    Quoted, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
)


def user(text: str, intent: str) -> list:
    return [{"user": Quoted(text), "intent": intent}]


def slots(**kw) -> list:
    return [{"slot_was_set": [{k: v} for k, v in kw.items()]}]


def ask(form: str, slot: str | None) -> list:
    steps: list = [{"action": form}]
    if slot is None:
        steps += slots(requested_slot=None) + [{"active_loop": None}]
    else:
        steps += slots(requested_slot=slot)
    return steps


def opening(text: str = "hoi", intent: str = "greet", first: str = "age") -> list:
    return user(text, intent) + [
        {"action": "utter_welcome"},
        {"action": "intake_form"},
        {"active_loop": "intake_form"},
        *slots(requested_slot=first),
    ]


def verdict(value: str, step: str | None = None) -> list:
    step = step or ("save" if value == "not_eligible" else "booking")
    steps = [{"action": "action_check_eligibility"}, *slots(verdict=value, api_error=False, next_step=step)]
    return steps + after_verdict(step)


def after_verdict(step: str) -> list:
    if step == "save":
        return [{"action": "consent_form"}, {"active_loop": "consent_form"}, *slots(requested_slot="consent")]
    if step == "booking":
        return [{"action": "booking_form"}, {"active_loop": "booking_form"}, *slots(requested_slot="wants_booking")]
    return []


def booking(mode_text: str, name: str, contact: str, yes: str = "ja", pick: str = "1") -> list:
    """Yes to a conversation, yes to storing (asked now, the moment of storing), then booked."""
    return (
        user(yes, "affirm")
        + slots(wants_booking=True)
        + ask("booking_form", "consent")
        + user(yes, "affirm")
        + slots(consent=True)
        + ask("booking_form", "mode")
        + user(mode_text, "inform")
        + ask("booking_form", "slot_choice")
        + user(pick, "inform")
        + ask("booking_form", "contact_name")
        + user(name, "inform")
        + ask("booking_form", "contact")
        + user(contact, "inform")
        + ask("booking_form", "booking_confirmed")
        + user(yes, "affirm")
        + slots(booking_confirmed=True)
        + ask("booking_form", None)
        + [{"action": "action_booking_done"}, *slots(next_step="done")]
    )


def intake_in_one(text: str, no: str = "nee") -> list:
    """The whole intake in one message: only "is there anything else to change?" follows."""
    return user(text, "inform") + ask("intake_form", "pains") + user(no, "deny") + ask("intake_form", None)


STORIES: dict[str, list] = {}

STORIES["nl happy path: answers one by one, nothing stored until the booking, booked by phone"] = (
    opening()
    + user("45", "inform")
    + ask("intake_form", "municipality")
    + user("ik woon in Delft", "inform")
    + ask("intake_form", "work_situation")
    + user("in loondienst", "inform")
    + ask("intake_form", "pains")
    + user("mijn werk is lichamelijk zwaar", "inform")
    + ask("intake_form", None)
    + verdict("eligible")
    + booking("bellen graag", "Jan", "0612345678")
    + user("dank je wel!", "thanks")
    + [{"action": "utter_thanks"}]
    + user("doei", "goodbye")
    + [{"action": "utter_goodbye"}]
)

STORIES["en happy path: several answers in one message, booked by video"] = (
    opening("Hello, I would like to know more about this voucher", "greet")
    + user("I'm 29, I live in Rijswijk and I do admin work as an employee", "inform")
    + ask("intake_form", "pains")
    + user("I want to switch to IT but I think it's too hard", "inform")
    + ask("intake_form", None)
    + verdict("eligible")
    + booking("video call please", "Mark", "mark@example.com", yes="yes")
)

PERSONAS = {
    "physical_work": "ik ben 45, woon in Delft, werk al 20 jaar in de bouw en mn rug speelt op",
    "retail_to_childcare": (
        "ik ben 32, woon in Den Haag, werk in een winkel met wisselende diensten, geen diploma "
        "en ik verdien net te veel voor toeslagen"
    ),
    "young_restart": ("23, woon in westland, flexcontract in de horeca voor het minimumloon, geen diploma"),
    "ict_switcher": ("I'm 29, living in Rijswijk, employed in admin at mbo 4 level, want to move into ICT"),
    "security_growth": ("ben 35, beveiliger in loondienst, woon in den haag, laag uurloon, wil doorgroeien"),
    "education_switcher": (
        "I'm 41, I live in Delft, I clean schools, no diploma, minimum wage, I want meaningful work"
    ),
    "underpaid_freelancer": ("38 jaar, zzp'er uit Rijswijk, 35 euro per uur maar ik kom amper rond"),
}
for persona, text in PERSONAS.items():
    STORIES[f"persona {persona}: one message answers the whole intake"] = (
        opening() + intake_in_one(text, "no" if text.startswith("I") else "nee") + verdict("eligible")
    )

STORIES["first message already answers: the welcome, then only the missing questions"] = (
    opening("ik ben 45 en woon in Delft", "inform", first="work_situation")
    + user("zzp", "inform")
    + ask("intake_form", "pains")
    + user("kom amper rond", "inform")
    + ask("intake_form", None)
    + verdict("eligible")
)

STORIES["a question first: answered, then the welcome and the first question"] = (
    user("kan ik echt geld krijgen voor een opleiding?", "ask_what_is_voucher")
    + [{"action": "utter_what_is_voucher"}, {"action": "utter_welcome"}]
    + [{"action": "intake_form"}, {"active_loop": "intake_form"}, *slots(requested_slot="age")]
    + user("45", "inform")
    + ask("intake_form", "municipality")
)

STORIES["an opening the classifier cannot place still starts the check"] = (
    opening("hey is this for real? free training?", "out_of_scope")
    + user("23", "inform")
    + ask("intake_form", "municipality")
)

STORIES["corrections inside the form, and after the verdict whatever the intent"] = (
    opening()
    + user("ik ben 45", "inform")
    + ask("intake_form", "municipality")
    + user("nee, ik ben 46", "inform")
    + ask("intake_form", "municipality")
    + user("Delft", "inform")
    + ask("intake_form", "work_situation")
    + user("in loondienst", "inform")
    + ask("intake_form", "pains")
    + user("onregelmatige diensten", "inform")
    + ask("intake_form", None)
    + verdict("not_eligible")
    + user("nee", "deny")
    + slots(consent=False)
    + ask("consent_form", None)
    + [{"action": "action_consent_done"}, *slots(next_step="done")]
    + user("sorry, ik woon in Rijswijk", "out_of_scope")
    + slots(answered=True)
    + [{"action": "action_recheck"}, *slots(verdict="eligible", api_error=False, next_step="booking")]
    + after_verdict("booking")
)

STORIES["failed attempts: the form asks on, never a dead end"] = (
    opening()
    + user("blabla", "nlu_fallback")
    + ask("intake_form", "age")
    + user("weet ik niet", "dont_know")
    + ask("intake_form", "municipality")
    + user("na een dienst kan ik bijna niet meer staan", "out_of_scope")
    + ask("intake_form", "municipality")
)

STORIES["digressions inside the intake and booking forms"] = (
    opening()
    + user("wat kost het?", "ask_costs")
    + [{"action": "utter_costs"}, {"action": "intake_form"}, {"active_loop": "intake_form"}]
    + user("hoe lang duurt een opleiding?", "ask_duration")
    + [{"action": "utter_duration"}, {"action": "intake_form"}, {"active_loop": "intake_form"}]
    + user("ben jij een robot?", "bot_challenge")
    + [{"action": "utter_bot_challenge"}, {"action": "intake_form"}]
    + [{"active_loop": "intake_form"}]
    + intake_in_one("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op")
    + verdict("eligible")
    + user("moet ik belasting betalen over de voucher?", "ask_taxes")
    + [{"action": "utter_taxes"}, {"action": "booking_form"}, {"active_loop": "booking_form"}]
    + user("ja", "affirm")
    + slots(wants_booking=True)
    + ask("booking_form", "consent")
    + user("welke opleidingen zijn er?", "ask_courses")
    + [{"action": "utter_courses"}, {"action": "booking_form"}, {"active_loop": "booking_form"}]
)

STORIES["needs review (on benefits) still books a conversation"] = (
    opening()
    + intake_in_one("ik ben 50, woon in Westland, zit in de bijstand en heb geen diploma")
    + verdict("needs_review")
    + booking("op kantoor", "Fatima", "fatima@example.nl")
)

STORIES["not eligible: where to go, answers saved on request, then a question"] = (
    opening()
    + intake_in_one("ik ben 70, woon in Delft, ben zzp'er en wil iets nieuws leren")
    + verdict("not_eligible")
    + user("ja, bewaar maar", "affirm")
    + slots(consent=True)
    + ask("consent_form", None)
    + [{"action": "action_consent_done"}, *slots(next_step="done")]
    + user("wie kan de voucher aanvragen?", "ask_who_can_apply")
    + [{"action": "utter_who_can_apply"}]
)

STORIES["no booking now: the answers are not saved either"] = (
    opening()
    + intake_in_one("ik ben 33, woon in Westland, in loondienst, onregelmatige uren")
    + verdict("eligible")
    + user("nee nu niet", "deny")
    + slots(wants_booking=False)
    + ask("booking_form", None)
    + [{"action": "action_booking_done"}, *slots(next_step="save")]
    + after_verdict("save")
    + user("nee liever niet", "deny")
    + slots(consent=False)
    + ask("consent_form", None)
    + [{"action": "action_consent_done"}, *slots(next_step="done")]
)

STORIES["no consent at the booking: no booking, the check stands"] = (
    opening()
    + intake_in_one("ik ben 33, woon in Westland, in loondienst, onregelmatige uren")
    + verdict("eligible")
    + user("ja", "affirm")
    + slots(wants_booking=True)
    + ask("booking_form", "consent")
    + user("nee, liever niet", "deny")
    + slots(consent=False)
    + ask("booking_form", None)
    + [{"action": "action_booking_done"}, *slots(next_step="done")]
    + user("wat kost het?", "ask_costs")
    + [{"action": "utter_costs"}]
)

STORIES["slot taken meanwhile: new times, then booked"] = (
    opening()
    + intake_in_one("ik ben 35, woon in Den Haag, beveiliger, laag loon")
    + verdict("eligible")
    + user("ja", "affirm")
    + slots(wants_booking=True)
    + ask("booking_form", "consent")
    + user("ja", "affirm")
    + slots(consent=True)
    + ask("booking_form", "mode")
    + user("telefonisch", "inform")
    + ask("booking_form", "slot_choice")
    + user("andere tijden", "other_times")
    + ask("booking_form", "slot_choice")
    + user("liever donderdag na 14 uur", "inform")
    + ask("booking_form", "slot_choice")
    + user("2", "inform")
    + ask("booking_form", "contact_name")
    + user("Ahmed", "inform")
    + ask("booking_form", "contact")
    + user("06 12345678", "inform")
    + ask("booking_form", "booking_confirmed")
    + user("ja", "affirm")
    + slots(slot_choice=None, booking_confirmed=None)
    + ask("booking_form", "slot_choice")
    + user("1", "inform")
    + ask("booking_form", "booking_confirmed")
    + user("ja", "affirm")
    + slots(booking_confirmed=True)
    + ask("booking_form", None)
    + [{"action": "action_booking_done"}, *slots(next_step="done")]
)

STORIES["handoff: talk to a person inside the intake"] = (
    opening()
    + user("ik wil liever met een mens praten", "request_human")
    + [{"action": "action_request_human"}, {"action": "intake_form"}]
    + [{"active_loop": "intake_form"}]
)

STORIES["start over in the middle of the intake"] = (
    opening()
    + user("45", "inform")
    + ask("intake_form", "municipality")
    + user("opnieuw beginnen", "restart")
    + [{"action": "action_restart"}, {"active_loop": None}]  # what Restarted does at run time
    + [{"action": "intake_form"}, {"active_loop": "intake_form"}]
    + slots(requested_slot="age")
)

STORIES["erasure inside the intake: asked first, then erased"] = (
    opening()
    + user("45", "inform")
    + ask("intake_form", "municipality")
    + user("verwijder mijn gegevens", "delete_data")
    + [{"action": "action_deactivate_loop"}, {"active_loop": None}, {"action": "utter_confirm_delete"}]
    + user("ja", "affirm")
    + [{"action": "action_delete_data"}]
)

STORIES["erasure not after all: back to the question"] = (
    opening()
    + user("45", "inform")
    + ask("intake_form", "municipality")
    + user("wis mijn gegevens", "delete_data")
    + [{"action": "action_deactivate_loop"}, {"active_loop": None}, {"action": "utter_confirm_delete"}]
    + user("nee", "deny")
    + [{"action": "utter_delete_cancelled"}, {"action": "action_resume"}]
)

STORIES["delete my data as the first message: nothing is stored, the check starts"] = (
    opening("Just checking if I qualify, I don't want to leave my details", "delete_data")
    + user("44", "inform")
    + ask("intake_form", "municipality")
)

STORIES["anything but yes to 'are you sure?' erases nothing, the check goes on"] = (
    opening()
    + user("45", "inform")
    + ask("intake_form", "municipality")
    + user("wis mijn gegevens", "delete_data")
    + [{"action": "action_deactivate_loop"}, {"active_loop": None}, {"action": "utter_confirm_delete"}]
    + user("wat kost het eigenlijk?", "ask_costs")
    + [{"action": "utter_delete_cancelled"}, {"action": "action_resume"}]
)

STORIES["switch language inside the intake"] = (
    opening()
    + user("can we speak English please", "switch_language")
    + [{"action": "action_switch_language"}, {"action": "intake_form"}]
    + [{"active_loop": "intake_form"}]
    + user("I'm 38", "inform")
    + ask("intake_form", "municipality")
)

STORIES["API down during the verdict: apology, then try again"] = (
    opening()
    + intake_in_one("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op")
    + [{"action": "action_check_eligibility"}, *slots(api_error=True, verdict=None, next_step="retry")]
    + user("ja", "affirm")
    + [{"action": "action_retry"}, *slots(verdict="eligible", api_error=False, next_step="booking")]
    + after_verdict("booking")
)


# ---- a returning resident (the same conversation: the same browser's session or WhatsApp number)


def booked_earlier(language: str = "nl") -> list:
    if language == "en":
        return (
            opening("Hello", "greet")
            + intake_in_one("I'm 29, I live in Rijswijk, I'm employed and my work is physically hard", "no")
            + verdict("eligible")
            + booking("by phone", "Mark", "mark@example.com", yes="yes")
        )
    return (
        opening()
        + intake_in_one("ik ben 45, woon in Delft, werk in loondienst en mijn werk is lichamelijk zwaar")
        + verdict("eligible")
        + booking("bellen graag", "Jan", "0612345678")
    )


def comes_back(text: str, intent: str, action: str | None = None) -> list:
    """The resident comes back: the appointment is looked up and shown; the form asks what to do
    (or, when the message already said it, what that needs)."""
    preset = {"appointment_action": action} if action else {}
    first = {None: "appointment_action", "move": "slot_choice", "cancel": "cancel_confirmed"}[action]
    return (
        user(text, intent)
        + slots(appointment_asked=True)
        + [{"action": "action_show_appointment"}, *slots(**preset, next_step="manage")]
        + [{"action": "appointment_form"}, {"active_loop": "appointment_form"}, *slots(requested_slot=first)]
    )


def appointment_done() -> list:
    return ask("appointment_form", None) + [{"action": "action_appointment_done"}, *slots(next_step="done")]


STORIES["returning (nl): greets again, sees the appointment, moves it, later cancels it"] = (
    booked_earlier()
    + comes_back("hoi", "greet")
    + user("verzetten", "inform")
    + slots(appointment_asked=False, appointment_action="move")
    + ask("appointment_form", "slot_choice")
    + user("liever donderdag", "inform")
    + slots(time_wish="liever donderdag")
    + ask("appointment_form", "slot_choice")
    + user("de eerste", "inform")
    + ask("appointment_form", "move_confirmed")
    + user("ja", "affirm")
    + slots(move_confirmed=True, appointment_result="moved")
    + appointment_done()
    + comes_back("ik wil mijn afspraak afzeggen", "delete_data", "cancel")
    + user("ja", "affirm")
    + slots(appointment_asked=False, cancel_confirmed=True, appointment_result="cancelled")
    + appointment_done()
    + user("dank je wel", "thanks")
    + [{"action": "utter_thanks"}]
)

STORIES["returning (en): 'my appointment', a question in between, cancel not after all, keeps it"] = (
    booked_earlier("en")
    + comes_back("my appointment", "inform")
    + user("how much does the course cost?", "ask_costs")
    + slots(appointment_asked=False)
    + [{"action": "utter_costs"}, {"action": "appointment_form"}, {"active_loop": "appointment_form"}]
    + user("cancel", "inform")
    + slots(appointment_action="cancel")
    + ask("appointment_form", "cancel_confirmed")
    + user("no", "deny")
    + slots(cancel_confirmed=False, appointment_action="keep")
    + appointment_done()
)

STORIES["returning (nl): 'verzetten' goes straight to new times; no answer twice keeps it"] = (
    booked_earlier()
    + comes_back("kan ik mijn afspraak verzetten?", "other_times", "move")
    + user("blauw", "inform")
    + slots(appointment_asked=False, failures=1)
    + ask("appointment_form", "slot_choice")
    + user("paars", "inform")
    + slots(slot_choice="none", failures=0)
    + appointment_done()
)

STORIES["returning without an appointment to come: asked for it, a booking is offered"] = (
    booked_earlier()
    + user("ik wil mijn afspraak zien", "inform")
    + slots(appointment_asked=True)
    + [{"action": "action_show_appointment"}, *slots(wants_booking=None, booking=None, next_step="booking")]
    + after_verdict("booking")
)

STORIES["returning without an appointment to come: a greeting is welcomed back"] = (
    booked_earlier()
    + user("hallo", "greet")
    + slots(appointment_asked=True)
    + [{"action": "action_show_appointment"}, *slots(next_step="done")]
    + user("doei", "goodbye")
    + slots(appointment_asked=False)
    + [{"action": "utter_goodbye"}]
)


def render() -> str:
    stories = [{"story": name, "steps": steps} for name, steps in STORIES.items()]
    head = "# Generated by tests/stories/build_test_stories.py: edit that file.\n"
    return head + yaml.safe_dump({"version": "3.1", "stories": stories}, allow_unicode=True, sort_keys=False, width=100)


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == render() else 1)
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
