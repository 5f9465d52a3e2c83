"""Domain and rules: generated files up to date, both languages everywhere, every response the
actions use exists."""

import re

import yaml

from bot import build_domain, build_rules
from tests.bot.conftest import ROOT
from tests.bot.helpers import DOMAIN


def test_generated_domain_is_up_to_date():
    assert (ROOT / "domain.yml").read_text(encoding="utf-8") == build_domain.render()


def test_generated_rules_are_up_to_date():
    for rel, make in build_rules.FILES.items():
        assert (ROOT / rel).read_text(encoding="utf-8") == build_rules.render(make()), rel


def test_every_response_has_both_languages_on_every_channel():
    for name, variants in DOMAIN["responses"].items():
        langs = {
            (v.get("channel"), c["value"]) for v in variants for c in v.get("condition", []) if c["name"] == "language"
        }
        assert {(None, "nl"), (None, "en")} <= langs, name
        for v in variants:
            if v.get("channel"):
                assert any(c["name"] == "language" for c in v.get("condition", [])), name
        # one set of buttons for every channel: WhatsApp numbers them itself
        assert not any(v.get("channel") == "twilio" for v in variants), name


PERSONAS = [
    "physical_work",
    "retail_to_childcare",
    "young_restart",
    "ict_switcher",
    "security_growth",
    "education_switcher",
    "underpaid_freelancer",
]


def test_every_response_used_by_actions_exists():
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").rglob("*.py"))
    used = set(re.findall(r'response="(utter_\w+)"', code))
    forms = DOMAIN["forms"]
    # what the forms' ask actions and their second-failure fallbacks say, per slot
    from actions.asking import AskAction

    used |= {f"utter_retry_{cls.slot}" for cls in AskAction.__subclasses__()}
    given_up = {s for form in ("intake_form", "booking_form") for s in forms[form]["required_slots"]} - {"consent"}
    used |= {f"utter_moved_on_{s}" for s in given_up}
    used |= {f"utter_persona_{p}" for p in PERSONAS}
    missing = used - set(DOMAIN["responses"])
    assert not missing


def test_every_form_slot_can_be_asked():
    asks = set(DOMAIN["responses"]) | set(DOMAIN["actions"])
    for form in DOMAIN["forms"].values():
        for slot in form["required_slots"]:
            assert f"utter_ask_{slot}" in asks or f"action_ask_{slot}" in asks, slot


def test_domain_intents_match_the_nlu_contract():
    contract = set(build_domain.INTENTS)
    assert len(contract) == 22
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            if "intent" in block:
                assert block["intent"] in contract, (path, block["intent"])


def test_generated_test_stories_are_up_to_date():
    import importlib.util

    path = ROOT / "tests" / "stories" / "build_test_stories.py"
    spec = importlib.util.spec_from_file_location("build_test_stories", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.read_text(encoding="utf-8") == module.render()
