"""bot/speedups.py changes how fast Rasa validates action responses, not what it accepts: every
response is judged as Rasa 3.6's own `_validate_action_result` judges it, with the same error."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 45}], "responses": [{"text": "Hoi"}]},
    {"events": [{"event": "followup", "name": "intake_form"}, {"event": "restart"}]},
    {"responses": [{"response": "utter_welcome", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]},
    {},
]
BAD = [
    {"events": "not a list"},
    {"events": [{"name": "age", "value": 45}]},  # no event type
    {"events": [{"event": "slot", "name": 3, "value": 1}]},
    {"responses": ["a bare string"]},
    {"events": [{"event": "no_such_event"}]},
    [],
]


@pytest.fixture(scope="module")
def action() -> RemoteAction:
    speedups.apply()
    return RemoteAction("action_check_eligibility", EndpointConfig("http://localhost:1/webhook"))


def test_the_server_uses_the_patched_validation() -> None:
    speedups.apply()
    speedups.apply()  # idempotent: the original is kept once
    assert RemoteAction._validate_action_result is speedups.validate_action_result
    assert speedups.ORIGINALS["validate_action_result"] is not speedups.validate_action_result


@pytest.mark.parametrize("response", GOOD)
def test_valid_responses_are_accepted_as_before(action: RemoteAction, response: dict) -> None:
    assert speedups.ORIGINALS["validate_action_result"](action, response) is True
    assert action._validate_action_result(response) is True


@pytest.mark.parametrize("response", BAD)
def test_bad_responses_are_still_rejected_with_rasas_error(action: RemoteAction, response: dict) -> None:
    with pytest.raises(ValidationError) as original:
        speedups.ORIGINALS["validate_action_result"](action, response)
    with pytest.raises(ValidationError) as patched:
        action._validate_action_result(response)
    assert patched.value.message == original.value.message
    assert "Failed to validate Action server response" in patched.value.message
    assert list(patched.value.path) == list(original.value.path)
